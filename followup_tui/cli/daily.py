"""The morning's commands: `today` lists what is due, `draft` prints one, and `done`,
`snooze` and `skip` settle it."""

from __future__ import annotations

import json
import re
import shutil
import sys
from typing import Any

import click
from pendulum import Date

from followup_tui.cli.recording import recorded
from followup_tui.cli.shared import Env, fail, pass_env
from followup_tui.dates import add_days, describe_day, next_business_day, parse_day
from followup_tui.models import Action, Draft, Status
from followup_tui.store import AlreadyDone, NotFound, Store
from followup_tui.text import clean, printable

#: What JSON leaves raw but a terminal may act on: DEL, C1 controls, bidirectional overrides.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _when(action: Action, today: Date) -> str:
    from followup_tui import playbook

    # Without colour, "!" marks what is late.
    overdue = action.status(today) is Status.OVERDUE
    return ("! " if overdue else "") + playbook.when(action, today)


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def draft_json(draft: Draft | None) -> dict[str, Any] | None:
    """A draft as JSON: subject, body, and what it still needs (empty when complete)."""
    if draft is None:
        return None
    return {
        "subject": draft.subject,
        "body": draft.body,
        "needs": [{"id": need.id, "label": need.label} for need in draft.needs],
    }


def _needs_text(draft: Draft | None) -> str:
    return "needs " + ", ".join(n.label for n in draft.needs) if draft and draft.needs else ""


def current_draft(store: Store, action: Action, today: Date) -> tuple[Draft | None, bool]:
    """The action's draft as it will be sent, and whether that is the user's edit: the
    edit kept from the dashboard (what it still needs read from its text), else the one
    made from its template."""
    from followup_tui import drafts

    rendered = drafts.render(action, store.settings(), today, store.templates())
    edit = store.draft_edit(action.key)
    if edit is None or rendered is None:
        return rendered, False
    return drafts.after_edit(rendered, edit.subject, edit.body), True


def action_json(action: Action, today: Date, draft: Draft | None) -> dict[str, Any]:
    return {
        "key": action.key,
        "strategy": action.strategy.value,
        "title": action.title,
        "why": action.why,
        "due": action.due.isoformat(),
        "deadline": action.deadline.isoformat(),
        "status": action.status(today).value,
        "held": action.held,
        "contact": action.contact_name,
        "contact_id": action.contact_id,
        "company": action.company,
        "application_id": action.application_id,
        "draft": draft_json(draft),
    }


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array (with drafts).")
@click.option(
    "--days",
    default=0,
    show_default=True,
    type=click.IntRange(0, 3650),
    help="Also list actions due within this many days.",
)
@pass_env
def today(env: Env, as_json: bool, days: int) -> None:
    """Due and overdue actions, most urgent first, each with its key."""
    from followup_tui import playbook

    store = env.store()
    week = max(days, 7)  # the header counts what is upcoming this week
    state = store.playbook_state(env.today, horizon_days=week)
    known = playbook.actions(state, env.today, horizon_days=week)
    last = add_days(env.today, days)
    found = [a for a in known if a.due <= last]
    from followup_tui import drafts

    templates = store.templates()
    edits = store.draft_edits()

    def drafted(action: Action) -> Draft | None:
        """The draft as it will be sent: as edited in the dashboard, if it was."""
        made = drafts.render(action, state.settings, env.today, templates)
        edit = edits.get(action.key)
        return drafts.after_edit(made, *edit) if edit is not None and made else made

    if as_json:
        rows = [action_json(a, env.today, drafted(a)) for a in playbook.knowing(state, found)]
        _echo_json(rows)
        return
    counts = playbook.counts(known, env.today)
    click.echo(
        f"{describe_day(env.today)} {env.today.year}: {counts.overdue} overdue, "
        f"{counts.due} due today, {counts.upcoming} upcoming this week"
        + (f", {counts.held} held" if counts.held else "")
    )
    if not found and days:
        click.echo(f"Nothing due in the next {'day' if days == 1 else f'{days} days'}.")
        return
    if not found:
        click.echo("Nothing to do. `followup today --days 7` shows what is coming.")
        return
    width = min(shutil.get_terminal_size((80, 24)).columns, 120)
    key_width = max(3, min(18, max(len(a.key) for a in found)))
    title_width = max(20, width - key_width - 11 - 11 - 3)
    click.echo(f"{'KEY':<{key_width}} {'DUE':<10} {'STRATEGY':<11}ACTION")
    color = sys.stdout.isatty()

    def missing(action: Action) -> str:
        if action.key in edits:
            made = drafted(playbook.knowing(state, [action])[0])
            lacking = made.needs if made else ()
        else:
            lacking = drafts.needs(action, state.settings, env.today, templates)
        return "needs " + ", ".join(n.label for n in lacking) if lacking else ""

    lines = []
    # With --days: what is due now, then a heading per later day, each in ranking order.
    sections: dict[Date | None, list[Action]] = {None: []} if days else {}
    for action in found:
        sections.setdefault(action.due if action.due > env.today else None, []).append(action)
    for day in sorted(sections, key=lambda d: (d is not None, d or env.today)):
        if day is None and days:
            lines += ["", "Due now"] + ([] if sections[None] else ["Nothing overdue or due today."])
        elif day is not None:
            lines += ["", describe_day(day)]
        lines += [
            _row(action, env.today, key_width, title_width, color, missing(action))
            for action in sections[day]
        ]
    # One write: thousands of echo calls cost more than the rules themselves.
    click.echo("\n".join(lines))


def _echo_json(value: Any) -> None:
    text = json.dumps(value, ensure_ascii=False, indent=2)
    # json.dumps puts these only inside strings, where an escape means the same character.
    click.echo(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", text))


def _row(
    action: Action, today: Date, key_width: int, title_width: int, color: bool, needs: str
) -> str:
    """One line of `followup today`: key, when, strategy, then the action (cut to fit)."""
    title = clean(action.title)
    if action.company and action.company not in action.title:
        title += f" · {clean(action.company)}"
    when = _when(action, today)
    if action.held:
        when = "held"
        title += f" ({clean(action.held.removeprefix('held: '))})"
    elif needs:
        title += f" [{needs}]"  # labels from the fixed vocabulary of drafts.NEEDS
    line = (
        f"{action.key:<{key_width}} {when:<10} "
        f"{action.strategy.value:<11}{_fit(title, title_width)}"
    )
    if color and action.held:
        line = click.style(line, dim=True)
    elif color and action.status(today) is Status.OVERDUE:
        line = click.style(line, fg="red")
    return line


# --- draft, done, snooze, skip ------------------------------------------------------------


def _action(env: Env, key: str) -> Action:
    from followup_tui import playbook

    store = env.store()
    found = playbook.find(store.playbook_state(env.today), env.today, key.strip())
    if found is None:
        done_at = store.done_at(key.strip())
        if done_at is not None:
            raise AlreadyDone(f"{clean(key.strip())} is already done ({done_at[:10]})")
        raise NotFound(
            f"no action with key {key!r} (done, skipped or mistyped); "
            "`followup today --days 30` lists the keys"
        )
    return found


@click.command()
@click.argument("key")
@click.option("--copy", is_flag=True, help="Also put it on the clipboard (a complete draft).")
@click.option("--force", is_flag=True, help="With --copy: copy even a draft that needs more.")
@click.option("--json", "as_json", is_flag=True, help="Print {subject, body, needs} as JSON.")
@pass_env
def draft(env: Env, key: str, copy: bool, force: bool, as_json: bool) -> None:
    """Print an action's draft message (as edited in the dashboard, if it was), and what it
    still needs."""
    action = _action(env, key)
    rendered, edited = current_draft(env.store(), action, env.today)
    if rendered is None:
        fail(f"{key} has no draft")
    if edited:
        click.echo("This is the draft as you edited it in the dashboard.", err=True)
    if as_json:
        _echo_json(draft_json(rendered))
    else:
        click.echo(printable(rendered.text))
        if rendered.needs:
            click.echo(f"This draft {_needs_text(rendered)}.", err=True)
    if copy:
        if rendered.needs and not force:
            fail(
                f"not copied: the draft {_needs_text(rendered)}; fill them in "
                "(or copy as it is with --force)"
            )
        _copy(rendered.text)


def _copy(text: str) -> None:
    from followup_tui import clipboard

    message, _good = clipboard.copy(text, clipboard.send_to_tty)
    click.echo(message, err=True)


@click.command()
@click.argument("key")
@click.option("--note", help="A note kept with the touch.")
@pass_env
@recorded
def done(env: Env, key: str, note: str | None) -> None:
    """Mark an action done: records the touch (the message sent: the draft, as edited in the
    dashboard if it was)."""
    action = _action(env, key)
    store = env.store()
    rendered, edited = current_draft(store, action, env.today)
    if edited:
        click.echo("Recorded the draft as you edited it in the dashboard.", err=True)
    store.record_done(
        action,
        subject=rendered.subject if rendered else None,
        body=rendered.body if rendered else None,
        note=note,
    )
    click.echo(f"Done: {clean(action.title)}")


@click.command()
@click.argument("key")
@click.option("--until", "until_text", metavar="DATE", help="Default: the next business day.")
@pass_env
@recorded
def snooze(env: Env, key: str, until_text: str | None) -> None:
    """Hide an action until a later day."""
    store = env.store()
    work = store.settings().work_weekdays
    until = (
        parse_day(until_text, env.today, work) if until_text else next_business_day(env.today, work)
    )
    if until <= env.today:
        fail(f"--until must be after today ({env.today}); try tomorrow or +2bd")
    action = _action(env, key)
    store.snooze(action.key, until)
    click.echo(f"Snoozed until {describe_day(until)}: {clean(action.title)}")


@click.command()
@click.argument("key")
@pass_env
@recorded
def skip(env: Env, key: str) -> None:
    """Drop an action for good (this occurrence)."""
    action = _action(env, key)
    env.store().skip(action.key)
    click.echo(f"Skipped: {clean(action.title)}")

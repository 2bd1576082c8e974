"""The `followup` command line: the one place that reads the clock and opens the database."""

from __future__ import annotations

import json
import re
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import click
import pendulum
from pendulum import Date, DateTime

from followup_tui.cli_history import recorded, recorded_when
from followup_tui.dates import (
    DateParseError,
    add_days,
    describe_day,
    fixed_now,
    next_business_day,
    parse_day,
    parse_moment,
    read_today,
)
from followup_tui.db import (
    MEMORY,
    DatabaseProblem,
    checked_integrity,
    damaged,
    open_db,
    user_message,
)
from followup_tui.models import (
    Action,
    ContactKind,
    LinkedInState,
    Settings,
    Stage,
    Status,
    Strategy,
)
from followup_tui.store import AlreadyDone, NotFound, Store
from followup_tui.text import printable

#: A row id: SQLite integers are 64-bit, so a larger number can't name anything.
ROW_ID = click.IntRange(1, 2**63 - 1)
#: Raised when a group is called without a command; its message is the group's help.
_NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())
#: What JSON leaves raw but a terminal may act on: DEL, C1 controls, bidirectional overrides.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass
class Env:
    """What every command shares: the database path and the day the world is seen from."""

    db_path: Path | str
    today: Date
    now: DateTime
    _store: Store | None = None
    #: Called with the store when it opens (a writing command starts its change there).
    on_open: Callable[[Store], object] | None = None
    #: The file `--db` named on the command line (not FOLLOWUP_DB's), if any.
    db_option: Path | None = None
    #: Set by the commands that add something (`add`, `import`): they may create the file.
    creates: bool = False

    def store(self, check: bool = True, create: bool = False) -> Store:
        """The store, opened once; `check` first runs `PRAGMA quick_check` on the file.
        Unless `create` (or `creates`), a file that does not exist is refused, not created:
        a mistyped --db must not start an empty database.

        Damage the day's queries don't reach would otherwise go unnoticed while backups
        rotate, and a write into a damaged file can spread the damage.
        """
        if self._store is None:
            if not (create or self.creates):
                refuse_missing(self.db_path)
            conn = open_db(self.db_path)
            problem = None
            if check and str(self.db_path) != MEMORY:
                from followup_tui.paths import state_dir

                stamps = state_dir() / "checked-databases"
                problem = checked_integrity(conn, Path(self.db_path).expanduser(), stamps)
            if problem is not None:
                conn.close()
                raise damaged(self.db_path, problem)
            self._store = Store(conn, now=fixed_now(self.today))
            if self.on_open is not None:
                self.on_open(self._store)
        return self._store


def _warn_about_settings(ctx: click.Context) -> None:
    """One line on stderr when a stored setting was out of range (and read as its default)."""
    env = ctx.find_object(Env)
    if env is None or env._store is None or ctx.invoked_subcommand is None:
        return
    from followup_tui.settings_table import warning_line

    try:
        line = warning_line(env._store.checked_settings()[1])
    except Exception:  # the command's own error, if any, is the one to report
        return
    if line is not None:
        click.echo(f"followup: {line}", err=True)


def refuse_missing(db_path: Path | str) -> None:
    """DatabaseProblem, naming --db and FOLLOWUP_DB, when there is no file at `db_path`."""
    if str(db_path) != MEMORY and not Path(db_path).expanduser().exists():
        raise DatabaseProblem(
            f"{Path(db_path).expanduser()} does not exist: check --db and FOLLOWUP_DB "
            "(`followup` or `followup add ...` creates a new database)"
        )


def _fail(message: str) -> NoReturn:
    raise click.ClickException(message)


class FollowupGroup(click.Group):
    """A group whose errors are always one line on stderr, with no traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as error:
            # Bad input or an unusable file: one line on stderr, never a traceback.
            env = ctx.find_object(Env)
            message = user_message(error, env.db_path if env else "the database")
            if message is None:
                raise
            raise click.ClickException(message) from None
        finally:
            _warn_about_settings(ctx)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        standalone = kwargs.pop("standalone_mode", True)
        try:
            return super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[call-overload]
        except click.ClickException as error:
            if not standalone:
                raise
            if isinstance(error, _NO_ARGS_IS_HELP):
                error.show()
                sys.exit(error.exit_code)
            # Messages echo paths and names from outside: never a control character.
            message = printable(error.format_message(), keep_newlines=False)
            hint = ""
            if isinstance(error, click.UsageError) and error.ctx is not None:
                hint = f" (see: {error.ctx.command_path} --help)"
            click.echo(f"followup: {message}{hint}", err=True)
            sys.exit(error.exit_code)
        except click.Abort:
            if not standalone:
                raise
            click.echo("followup: aborted", err=True)
            sys.exit(130)


def _today(text: str | None) -> Date:
    try:
        return read_today(text)
    except DateParseError as error:
        _fail(str(error))


@click.group(
    cls=FollowupGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--db",
    "db_path",
    envvar="FOLLOWUP_DB",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Database file (env FOLLOWUP_DB; default: followup.db in your user data folder).",
)
@click.option(
    "--today",
    "today_text",
    envvar="FOLLOWUP_TODAY",
    metavar="DATE",
    help="See the world as of this day (env FOLLOWUP_TODAY): YYYY-MM-DD, fri, +3d, ...",
)
@click.version_option(package_name="followup-tui", prog_name="followup")
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None, today_text: str | None) -> None:
    """Stay top-of-mind with the hiring managers you meet.

    With no command, opens the dashboard.
    """
    from followup_tui.paths import default_db_path

    today = _today(today_text)
    now = fixed_now(today) or pendulum.now()
    ctx.obj = Env(db_path=db_path or default_db_path(), today=today, now=now)
    if ctx.get_parameter_source("db_path") is click.core.ParameterSource.COMMANDLINE:
        ctx.obj.db_option = db_path
    if ctx.invoked_subcommand is None:
        from followup_tui.tui.launch import run_dashboard

        run_dashboard(ctx.obj)


pass_env = click.make_pass_decorator(Env)


# --- today ------------------------------------------------------------------------------


def _clean(text: str | None) -> str:
    return printable(text or "", keep_newlines=False)


def _when(action: Action, today: Date) -> str:
    from followup_tui import playbook

    # Without colour, "!" marks what is late.
    overdue = action.status(today) is Status.OVERDUE
    return ("! " if overdue else "") + playbook.when(action, today)


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def action_json(action: Action, today: Date, draft: Any) -> dict[str, Any]:
    return {
        "key": action.key,
        "strategy": action.strategy.value,
        "title": action.title,
        "why": action.why,
        "due": action.due.isoformat(),
        "deadline": action.deadline.isoformat(),
        "status": action.status(today).value,
        "held": action.held,
        "needs": action.needs,
        "contact": action.contact_name,
        "contact_id": action.contact_id,
        "company": action.company,
        "application_id": action.application_id,
        "draft": {"subject": draft.subject, "body": draft.body} if draft else None,
    }


@cli.command()
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
    if as_json:
        from followup_tui import drafts

        templates = store.templates()
        rows = [
            action_json(a, env.today, drafts.render(a, state.settings, env.today, templates))
            for a in found
        ]
        text = json.dumps(rows, ensure_ascii=False, indent=2)
        # json.dumps puts these only inside strings, where an escape means the same character.
        click.echo(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", text))
        return
    counts = playbook.counts(known, env.today)
    click.echo(
        f"{describe_day(env.today)} {env.today.year}: {counts[Status.OVERDUE]} overdue, "
        f"{counts[Status.DUE]} due today, {counts[Status.UPCOMING]} upcoming this week"
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
            _row(action, env.today, key_width, title_width, color) for action in sections[day]
        ]
    # One write: thousands of echo calls cost more than the rules themselves.
    click.echo("\n".join(lines))


def _row(action: Action, today: Date, key_width: int, title_width: int, color: bool) -> str:
    """One line of `followup today`: key, when, strategy, then the action (cut to fit)."""
    title = _clean(action.title)
    if action.company and action.company not in action.title:
        title += f" · {_clean(action.company)}"
    when = _when(action, today)
    if action.held:
        when = "held"
        title += f" ({_clean(action.held.removeprefix('held: '))})"
    elif action.needs:
        title += f" [{action.needs}]"
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
            raise AlreadyDone(f"{_clean(key.strip())} is already done ({done_at[:10]})")
        raise NotFound(
            f"no action with key {key!r} (done, skipped or mistyped); "
            "`followup today --days 30` lists the keys"
        )
    return found


@cli.command()
@click.argument("key")
@click.option("--copy", is_flag=True, help="Also put it on the clipboard.")
@pass_env
def draft(env: Env, key: str, copy: bool) -> None:
    """Print an action's draft message."""
    from followup_tui import drafts

    action = _action(env, key)
    store = env.store()
    rendered = drafts.render(action, store.settings(), env.today, store.templates())
    if rendered is None:
        _fail(f"{key} has no draft")
    click.echo(printable(rendered.text))
    if copy:
        _copy(rendered.text)


def _copy(text: str) -> None:
    from followup_tui import clipboard

    native = clipboard.copy_native(text)
    # OSC 52 always: over SSH it is the only way to reach the clipboard of your own machine.
    try:
        with open("/dev/tty", "w", encoding="utf-8") as tty:
            tty.write(clipboard.osc52(text))
        sent = True
    except OSError:
        sent = False
    saved = None if native.ok else clipboard.save_fallback(text)
    message, _good = clipboard.report(native, sent, saved)
    click.echo(message, err=True)


@cli.command()
@click.argument("key")
@click.option("--note", help="A note kept with the touch.")
@pass_env
@recorded
def done(env: Env, key: str, note: str | None) -> None:
    """Mark an action done: records the touch (the message sent)."""
    from followup_tui import drafts

    action = _action(env, key)
    store = env.store()
    rendered = drafts.render(action, store.settings(), env.today, store.templates())
    store.record_done(
        action,
        subject=rendered.subject if rendered else None,
        body=rendered.body if rendered else None,
        note=note,
    )
    click.echo(f"Done: {_clean(action.title)}")


@cli.command()
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
        _fail(f"--until must be after today ({env.today}); try tomorrow or +2bd")
    action = _action(env, key)
    store.snooze(action.key, until)
    click.echo(f"Snoozed until {describe_day(until)}: {_clean(action.title)}")


@cli.command()
@click.argument("key")
@pass_env
@recorded
def skip(env: Env, key: str) -> None:
    """Drop an action for good (this occurrence)."""
    action = _action(env, key)
    env.store().skip(action.key)
    click.echo(f"Skipped: {_clean(action.title)}")


# --- add ----------------------------------------------------------------------------------


#: Dates counted in business days ("+2bd") depend on the work_days setting.
_BUSINESS = re.compile(r"\d\s*b", re.IGNORECASE)


def _day(env: Env, text: str) -> Date:
    """A date option read as the dashboard's forms read it, relative to --today."""
    day = parse_day(text, env.today)  # bad text is refused before the database is opened
    if _BUSINESS.search(text):
        day = parse_day(text, env.today, env.store().settings().work_weekdays)
    return day


def _moment(env: Env, text: str) -> DateTime:
    """A date and time option ("fri 14:30"), read as the forms read it."""
    moment = parse_moment(text, env.today)
    if _BUSINESS.search(text):
        moment = parse_moment(text, env.today, work_days=env.store().settings().work_weekdays)
    return moment


def _choice(enum: Any) -> click.Choice[str]:
    return click.Choice([member.value for member in enum], case_sensitive=False)


@cli.group()
@pass_env
def add(env: Env) -> None:
    """Add a company, application, contact, interview, message, event or resource."""
    env.creates = True


@add.command("company")
@click.option("--name", required=True)
@click.option("--website", metavar="URL")
@click.option("--social", metavar="URL", multiple=True, help="Repeat for several links.")
@pass_env
@recorded
def add_company(env: Env, name: str, website: str | None, social: Sequence[str]) -> None:
    """Add a company; prints its id."""
    click.echo(env.store().add_company(name, website=website, social=social))


@add.command("application")
@click.option("--company", required=True, help="Company name (created if new).")
@click.option("--role", required=True)
@click.option("--stage", type=_choice(Stage), default="applied", show_default=True)
@click.option("--applied", "applied_text", metavar="DATE", help="Default: today.")
@click.option(
    "--response-by", "response_text", metavar="DATE", help="When they said they'd answer."
)
@click.option("--url", metavar="URL")
@pass_env
@recorded
def add_application(
    env: Env,
    company: str,
    role: str,
    stage: str,
    applied_text: str | None,
    response_text: str | None,
    url: str | None,
) -> None:
    """Add an application; prints its id."""
    applied = _day(env, applied_text) if applied_text else None
    response = _day(env, response_text) if response_text else None
    new_id = env.store().add_application(
        company, role, Stage(stage.lower()), applied_on=applied, response_by=response, url=url
    )
    click.echo(new_id)


@add.command("contact")
@click.option("--name", required=True)
@click.option("--company", help="Company name (created if new).")
@click.option("--title")
@click.option("--kind", type=_choice(ContactKind), default="other", show_default=True)
@click.option("--email")
@click.option("--phone")
@click.option("--linkedin", metavar="URL")
@click.option(
    "--linkedin-state", type=_choice(LinkedInState), default="not connected", show_default=True
)
@click.option("--application", "applications", type=ROW_ID, multiple=True, metavar="ID")
@pass_env
@recorded
def add_contact(
    env: Env,
    name: str,
    company: str | None,
    title: str | None,
    kind: str,
    email: str | None,
    phone: str | None,
    linkedin: str | None,
    linkedin_state: str,
    applications: Sequence[int],
) -> None:
    """Add a contact (hiring manager, recruiter, ...); prints their id."""
    new_id = env.store().add_contact(
        name,
        company=company,
        title=title,
        kind=ContactKind(kind.lower()),
        email=email,
        phone=phone,
        linkedin_url=linkedin,
        linkedin_state=LinkedInState(linkedin_state.lower()),
        application_ids=applications,
    )
    click.echo(new_id)


@add.command("interview")
@click.option("--application", "application_id", type=ROW_ID, required=True, metavar="ID")
@click.option("--at", "at_text", required=True, metavar='"YYYY-MM-DD HH:MM"')
@click.option("--with", "participants", type=ROW_ID, multiple=True, metavar="CONTACT_ID")
@click.option("--kind", help="phone screen, technical, onsite, ...")
@click.option("--highlights", help="What resonated: the thank-you note quotes it.")
@pass_env
@recorded
def add_interview(
    env: Env,
    application_id: int,
    at_text: str,
    participants: Sequence[int],
    kind: str | None,
    highlights: str | None,
) -> None:
    """Add an interview; prints its id."""
    at = _moment(env, at_text)
    click.echo(
        env.store().add_interview(
            application_id, at, participants, kind=kind, highlights=highlights
        )
    )


@add.command("message")
@click.option("--contact", "contact_id", type=ROW_ID, required=True, metavar="ID")
@click.option("--at", "at_text", required=True, metavar="DATE[ HH:MM]")
@click.option("--subject")
@click.option("--channel", default="email", show_default=True)
@pass_env
@recorded
def add_message(env: Env, contact_id: int, at_text: str, subject: str | None, channel: str) -> None:
    """Log an inbound message that needs a reply; prints its id."""
    at = _moment(env, at_text)
    click.echo(env.store().add_message(contact_id, at, subject=subject, channel=channel))


@add.command("event")
@click.option("--name", required=True)
@click.option("--on", "on_text", required=True, metavar="DATE")
@click.option("--location")
@click.option("--met", type=ROW_ID, multiple=True, metavar="CONTACT_ID")
@pass_env
@recorded
def add_event(env: Env, name: str, on_text: str, location: str | None, met: Sequence[int]) -> None:
    """Add an event (a meetup, a conference); prints its id."""
    on = _day(env, on_text)
    click.echo(env.store().add_event(name, on, location=location, met=met))


@add.command("resource")
@click.option("--title", required=True)
@click.option("--url", required=True)
@click.option("--application", "application_id", type=ROW_ID, metavar="ID")
@click.option("--company")
@pass_env
@recorded
def add_resource(
    env: Env, title: str, url: str, application_id: int | None, company: str | None
) -> None:
    """Add something worth sharing (an article, a study); prints its id."""
    click.echo(env.store().add_resource(title, url, app_id=application_id, company=company))


# --- stage and settings ---------------------------------------------------------------------


@cli.command()
@click.argument("application_id", type=ROW_ID)
@click.argument("stage")
@pass_env
@recorded
def stage(env: Env, application_id: int, stage: str) -> None:
    """Move an application to another stage."""
    try:
        new = Stage(stage.strip().lower())
    except ValueError:
        _fail(f"unknown stage {stage!r}: use one of {', '.join(s.value for s in Stage)}")
    store = env.store()
    previous = store.set_stage(application_id, new)
    click.echo(f"Application {application_id}: {previous.value} -> {new.value}")


@cli.command("settings")
@click.argument("name", required=False)
@click.argument("value", required=False)
@pass_env
@recorded_when(lambda p: p["value"] is not None)
def settings_command(env: Env, name: str | None, value: str | None) -> None:
    """Show every setting, or set NAME to VALUE (cadence numbers, your name, signature)."""
    from followup_tui import settings_table

    try:  # checked before the database is opened: a refused value changes nothing
        if name is not None:
            settings_table.spec(name)
        if name is not None and value is not None:
            settings_table.parse(name, value)
    except settings_table.SettingError as error:
        _fail(str(error))
    store = env.store(create=value is not None and name in Settings.names())
    if name is not None and value is not None:
        store.set_setting(name, value)
    current = store.settings()
    names = [name] if name else list(Settings.names())
    for setting in names:
        click.echo(f"{setting} = {_clean(str(getattr(current, setting)))}")


@cli.command("template")
@click.argument(
    "strategy_name",
    metavar="STRATEGY",
    # Social actions copy the company's links: the one strategy without a template.
    type=click.Choice([s.value for s in Strategy if s is not Strategy.SOCIAL]),
)
@click.option("--subject", help="The subject line ($first_name, $role, ...).")
@click.option("--body", help="The message; `followup template STRATEGY` shows the current one.")
@click.option(
    "--body-file",
    type=click.File("r", encoding="utf-8"),
    help="Read the body from a file (- for standard input).",
)
@click.option("--reset", is_flag=True, help="Go back to the built-in template.")
@pass_env
@recorded_when(
    lambda p: any(p[k] not in (None, False) for k in ("subject", "body", "body_file", "reset"))
)
def template_command(
    env: Env,
    strategy_name: str,
    subject: str | None,
    body: str | None,
    body_file: Any,
    reset: bool,
) -> None:
    """Show or change the draft template of a strategy; a template that would not render
    right (unknown placeholders, {braces}, control characters) is refused with the reason."""
    from followup_tui import drafts

    strategy = Strategy(strategy_name)
    if body_file is not None:
        if body is not None:
            _fail("give --body or --body-file, not both")
        # One character past the limit is enough to refuse it: never read a huge file whole.
        # Read before the database is opened: a change holds the write lock from then on.
        body = body_file.read(drafts.BODY_LIMIT + 1)
    store = env.store()
    if reset:
        store.reset_template(strategy)
        click.echo(f"The {strategy.value} template is the built-in one again.")
        return
    current_subject, current_body = store.template(strategy) or drafts.BUILT_IN[strategy]
    if subject is None and body is None:
        kind = "your" if store.template(strategy) else "the built-in"
        click.echo(f"# {kind} {strategy.value} template")
        click.echo(printable(f"Subject: {current_subject}\n\n{current_body}"))
        return
    subject = current_subject if subject is None else subject
    body = current_body if body is None else body
    problems = drafts.validate_template(subject, body)
    if problems:
        _fail(f"template not saved: {'; '.join(problems)}")
    store.set_template(strategy, subject, body)
    click.echo(f"Saved your {strategy.value} template.")


def main() -> None:
    cli(prog_name="followup")


# Import, export and backup have their own module; registered last, once `cli` exists.
from followup_tui.cli_demo import demo_command  # noqa: E402
from followup_tui.cli_history import register as register_history  # noqa: E402
from followup_tui.cli_transfer import register  # noqa: E402

register(cli)
register_history(cli, pass_env)
cli.add_command(demo_command)

"""Opening a record: an application's or a contact's detail, and what a search found.

The detail is a modal (screens/details.py); `d` on one of its strategy lines comes back
here as the action to mark done. Its history shows what each message sent said, and to
whom. An edited draft whose action no longer exists (the data changed under it) is shown
there once, then dropped as a change `u` takes back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from followup_tui import dates, models
from followup_tui.models import Draft
from followup_tui.text import clean
from followup_tui.tui import present, review
from followup_tui.tui.screens.details import DetailScreen, strategy_lines
from followup_tui.tui.screens.search import SearchScreen
from followup_tui.tui.view import DUE, OVERDUE, UPCOMING

if TYPE_CHECKING:
    from followup_tui.models import Action, Touch
    from followup_tui.store import DraftEdit
    from followup_tui.tui.host import Host
    from followup_tui.tui.messages import RecordRef

#: How much of a message sent the history shows: lines, and characters in all.
SENT_LINES = 12
SENT_CHARACTERS = 1200


def open_record(host: Host, record: RecordRef) -> None:
    """The detail of an application or a contact (enter, the palette's jump)."""
    if record.kind == "application":
        open_application(host, record.id)
    else:
        open_contact(host, record.id)


def actions_where(host: Host, keep: Callable[[Action], bool]) -> list[Action]:
    return [a for a in (host.snapshot.actions if host.snapshot else ()) if keep(a)]


def open_application(host: Host, app_id: int) -> None:
    with host.db_lock:
        application = host.store.application(app_id)
        contacts = host.store.contacts_of(app_id)
        interviews = host.store.interviews_of(app_id)
        touches = host.store.touches_for(app_id=app_id)
        history = host.store.stage_history(app_id)
        done = host.store.strategies_done([app_id]).get(app_id, frozenset())
        edits = host.store.edits_about(application_id=app_id)
    mine = actions_where(host, lambda a: a.application_id == app_id)
    states = present.strip_states(app_id, {app_id: mine}, done, host.today)
    facts = [
        f"Stage: {application.stage.value}"
        + (
            f" · applied {dates.describe_day(application.applied_on)}"
            if application.applied_on
            else ""
        )
        + (
            f" · they'll answer by {dates.describe_day(application.response_by)}"
            if application.response_by
            else ""
        ),
        f"URL: {application.url}" if application.url else "",
        f"Why you fit: {application.why_fit}" if application.why_fit else "",
        "Contacts: " + (", ".join(f"{c.name} ({c.kind.value})" for c in contacts) or "none yet"),
    ]
    for interview in interviews:
        facts.append(
            f"Interview {dates.describe_day(interview.starts_at.date())} "
            f"{interview.kind or ''}: "
            + (interview.highlights or "no highlights noted")
            + (f" · left open: {interview.open_questions}" if interview.open_questions else "")
        )
    lines = [f"{dates.describe_day(at.date())}  stage → {stage.value}" for stage, at in history]
    lines += [_touch_entry(t) for t in touches]
    lines.sort(reverse=True)
    orphans = _orphans(host, edits)
    host.push_screen(
        DetailScreen(
            f"{application.company} — {application.role}",
            [f for f in facts if f],
            strategy_lines(states, mine),
            lines,
            host.today,
            orphans,
        ),
        lambda key: detail_done(host, key),
    )


def open_contact(host: Host, contact_id: int) -> None:
    with host.db_lock:
        contact = host.store.contact(contact_id)
        touches = host.store.touches_for(contact_id=contact_id)
        edits = host.store.edits_about(contact_id=contact_id)
    mine = actions_where(host, lambda a: a.contact_id == contact_id)
    facts = [
        f"{contact.title or contact.kind.value} at {contact.company or 'no company'}",
        " · ".join(x for x in (contact.email, contact.phone) if x),
        f"LinkedIn: {contact.linkedin_state.value}"
        + (f" · {contact.linkedin_url}" if contact.linkedin_url else ""),
        "Next: "
        + (
            "; ".join(
                f"{a.title} ({dates.describe_day(a.due)})"
                for a in sorted(mine, key=lambda a: a.due)
            )
            or "nothing planned"
        ),
    ]

    states = {s: "n/a" for s in models.Strategy}
    for action in mine:
        status = action.status(host.today)
        states[action.strategy] = {
            models.Status.OVERDUE: OVERDUE,
            models.Status.DUE: DUE,
            models.Status.UPCOMING: UPCOMING,
        }[status]
    orphans = _orphans(host, edits)
    host.push_screen(
        DetailScreen(
            contact.name,
            [f for f in facts if f],
            strategy_lines(states, mine),
            [_touch_entry(t) for t in touches],
            host.today,
            orphans,
        ),
        lambda key: detail_done(host, key),
    )


def detail_done(host: Host, key: str | None) -> None:
    if key is None or host.snapshot is None:
        return
    action = next((a for a in host.snapshot.actions if a.key == key), None)
    if action is not None:
        review.mark_done(host, action)


def search(host: Host) -> None:

    def search(text: str) -> list[tuple[str, int, str, str]]:
        with host.db_lock:
            return host.store.search(text)

    def chosen(hit: tuple[str, int] | None) -> None:
        if hit is not None:
            open_hit(host, *hit)

    host.push_screen(SearchScreen(search), chosen)


def open_hit(host: Host, kind: str, ref: int) -> None:
    """Open what a search found: its detail, or the pipeline filtered to a company."""
    if kind == "application":
        open_application(host, ref)
    elif kind == "contact":
        open_contact(host, ref)
    elif kind == "interview":
        open_application(host, host.store.interview(ref).application_id)
    else:
        host.state.filter_by_company(host.store.company(ref).name)
        host.focus_pane("pipeline")
        host.refresh_data()


def _touch_entry(touch: Touch) -> str:
    """One touch of the history: its day, direction, kind and subject (or note); for a
    message sent, to whom, then what it said, indented under it."""
    out = touch.direction.value == "out"
    arrow = "→" if out else "←"
    what = touch.strategy.label if touch.strategy else (touch.channel or "touch")
    if out and touch.recipient:
        what += f" to {clean(touch.recipient)}"
    about = clean(touch.subject or touch.note)
    line = f"{dates.describe_day(touch.at.date())}  {arrow} {what}" + (
        f": {about}" if about else ""
    )
    if not out or not touch.body or not touch.body.strip():
        return line
    return "\n".join([line, *_indented(touch.body)])


def _indented(text: str) -> list[str]:
    """A message's text under its heading: cleaned line by line, cut to a screenful."""
    lines = [clean(line) for line in text.strip("\n").split("\n")]
    shown: list[str] = []
    room = SENT_CHARACTERS
    for line in lines[:SENT_LINES]:
        if room <= 0:
            break
        shown.append(line[:room] + ("…" if len(line) > room else ""))
        room -= len(line)
    hidden = len(lines) - len(shown)
    if hidden:
        shown.append(f"… ({hidden} more {'line' if hidden == 1 else 'lines'})")
    return [f"    {line}" for line in shown]


def _orphans(host: Host, edits: list[DraftEdit]) -> list[str]:
    """Edits among `edits` whose action no longer exists, as the detail shows them once;
    they are dropped as one change of the history (`u` brings them back)."""
    current = {a.key for a in (host.snapshot.actions if host.snapshot else ())}
    candidates = [edit for edit in edits if edit.key not in current]
    if not candidates:
        return []
    from followup_tui import playbook

    # The snapshot holds only the next weeks: an action snoozed further out still exists.
    with host.db_lock:
        state = host.store.playbook_state(host.today)
    known = {a.key for a in playbook.actions(state, host.today, horizon_days=None)}
    gone = [edit for edit in candidates if edit.key not in known]
    if not gone:
        return []
    titles = ", ".join(clean(edit.title) for edit in gone)
    label = f"dropped edited drafts of actions that no longer exist: {titles}"[:200]
    if host.saved(lambda: host.store.drop_edits(e.key for e in gone), label=label) is not None:
        host.push_undo(label)
        host.refresh_soon()
    return [
        "\n".join(
            [
                f"An edited draft for an action that no longer exists: {clean(edit.title)}",
                *_indented(Draft(edit.subject, edit.body).text),
            ]
        )
        for edit in gone
    ]

"""From the domain to what the panes show (view.py): the dashboard's wording in one place.

No Textual here: the first screen is built by these functions in another process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from pendulum import Date

from followup_tui import drafts, playbook
from followup_tui.dates import describe_day
from followup_tui.models import STRATEGY_ORDER, Action, Draft, Need, Status, Strategy
from followup_tui.text import clean, printable
from followup_tui.tui.view import (
    DONE,
    DUE,
    ERROR,
    MUTED,
    NOT_APPLICABLE,
    OVERDUE,
    PLAIN,
    SHOWN_CHARACTERS,
    STRIP_HEADER,
    UPCOMING,
    ContactLine,
    DraftText,
    FirstScreen,
    HeaderText,
    PipelineLine,
    TodayRow,
)

if TYPE_CHECKING:
    from followup_tui.store import ContactRow, PipelineRow
    from followup_tui.tui.snapshot import Snapshot

#: One letter per strategy for the pipeline's strip.
STRIP_LETTERS = dict(zip(STRATEGY_ORDER, STRIP_HEADER, strict=True))
#: How many of Today's rows the first screen draws: more than any terminal shows at once.
FIRST_ROWS = 100


def needs_text(needs: Sequence[Need]) -> str | None:
    """What a draft still needs, in words (None when complete)."""
    return "needs " + ", ".join(need.label for need in needs) if needs else None


def today_row(action: Action, today: Date, needs: str | None = None) -> TodayRow:
    tone = PLAIN
    if action.held:
        tone = MUTED
    elif action.status(today) is Status.OVERDUE:
        tone = ERROR
    why = action.held or action.why
    if needs and not action.held:
        why = f"{why} [{needs}]"
    return TodayRow(
        key=action.key,
        tone=tone,
        due=playbook.when(action, today),
        strategy=action.strategy.label,
        who=clean(action.contact_name) or "—",
        company=clean(action.company) or "—",
        why=clean(why),
    )


def today_rows(
    actions: Iterable[Action], today: Date, needs_of: Callable[[Action], Sequence[Need]]
) -> list[TodayRow]:
    return [today_row(action, today, needs_text(needs_of(action))) for action in actions]


def strip_states(
    app_id: int,
    actions_by_app: Mapping[int, Sequence[Action]],
    done: frozenset[Strategy],
    today: Date,
) -> dict[Strategy, str]:
    """Where each of the eight strategies stands for one application."""
    states = {
        strategy: (DONE if strategy in done else NOT_APPLICABLE) for strategy in STRATEGY_ORDER
    }
    order = {OVERDUE: 0, DUE: 1, UPCOMING: 2}
    for action in actions_by_app.get(app_id, ()):
        status = action.status(today)
        state = {Status.OVERDUE: OVERDUE, Status.DUE: DUE, Status.UPCOMING: UPCOMING}[status]
        current = states[action.strategy]
        if current not in order or order[state] < order[current]:
            states[action.strategy] = state
    return states


def _next(following: Action | None, today: Date) -> tuple[str, bool]:
    if following is None:
        return "—", False
    overdue = following.status(today) is Status.OVERDUE
    return f"{following.strategy.label} {playbook.when(following, today)}", overdue


def pipeline_line(
    row: PipelineRow,
    actions_by_app: Mapping[int, Sequence[Action]],
    done: Mapping[int, frozenset[Strategy]],
    today: Date,
) -> PipelineLine:
    app = row.app
    coming = actions_by_app.get(app.id, ())
    following = min(coming, key=lambda a: (a.due, a.key), default=None)
    states = strip_states(app.id, actions_by_app, done.get(app.id, frozenset()), today)
    next_text, overdue = _next(following, today)
    return PipelineLine(
        key=str(app.id),
        stage=app.stage.value,
        closed=app.stage.closed,
        company=clean(app.company),
        role=clean(app.role),
        strip=tuple(states[strategy] for strategy in STRATEGY_ORDER),
        next=next_text,
        next_overdue=overdue,
        last_touch=describe_day(row.last_touch) if row.last_touch else "—",
        days=str(today.toordinal() - row.last_touch.toordinal()) if row.last_touch else "—",
    )


def contact_line(row: ContactRow, next_due: Mapping[int, Action], today: Date) -> ContactLine:
    contact = row.contact
    next_text, overdue = _next(next_due.get(contact.id), today)
    return ContactLine(
        key=str(contact.id),
        name=clean(contact.name),
        company=clean(contact.company) or "—",
        kind=contact.kind.value,
        linkedin=contact.linkedin_state.value,
        last_touch=describe_day(row.last_touch) if row.last_touch else "—",
        next_due=next_text,
        overdue=overdue,
    )


def draft_text(action: Action, draft: Draft | None) -> DraftText:
    body = None
    if draft is not None:
        # A screenful is enough to read; wrapping a megabyte on every repaint is not.
        body = printable(draft.body[:SHOWN_CHARACTERS])
        if len(draft.body) > SHOWN_CHARACTERS:
            hidden = len(draft.body) - SHOWN_CHARACTERS
            body += f"\n… {hidden:,} more characters (c copies them all)"
    return DraftText(
        title=clean(action.title),
        why=clean(action.held or action.why),
        due=describe_day(action.due),
        deadline=describe_day(action.deadline),
        key=action.key,
        needs=needs_text(draft.needs) if draft else None,
        subject=None if draft is None else clean(draft.subject),
        body=body,
    )


def header_text(today: Date, counts: playbook.Counts, narrowed: str | None) -> HeaderText:
    return HeaderText(
        day=f"{describe_day(today)} {today.year}",
        overdue=counts.overdue,
        due=counts.due,
        upcoming=counts.upcoming,
        held=counts.held,
        narrowed=clean(narrowed) if narrowed else None,
    )


def draft_of(action: Action, snapshot: Snapshot, today: Date) -> Draft | None:
    """The action's draft: as the user edited it (kept in the store), or from its template."""
    made = drafts.render(action, snapshot.settings, today, snapshot.templates)
    edit = snapshot.edits.get(action.key)
    if edit is not None and made is not None:
        return drafts.after_edit(made, *edit)
    return made


def needs_of(action: Action, snapshot: Snapshot, today: Date) -> tuple[Need, ...]:
    """What the action's draft still needs (as edited, if it was)."""
    if action.key in snapshot.edits:
        made = draft_of(action, snapshot, today)
        return made.needs if made else ()
    return drafts.needs(action, snapshot.settings, today, snapshot.templates)


def first_screen(snapshot: Snapshot, today: Date) -> FirstScreen:
    """What the dashboard shows first, before anything is selected or filtered."""
    due = [action for action in snapshot.actions if action.due <= today]
    top = due[0] if due else None

    def needs(action: Action) -> tuple[Need, ...]:
        return needs_of(action, snapshot, today)

    draft = None
    if top is not None:
        draft = draft_text(top, draft_of(top, snapshot, today))
    counts = snapshot.counts or playbook.counts(snapshot.actions, today)
    return FirstScreen(
        header=header_text(today, counts, None),
        rows=tuple(today_rows(due[:FIRST_ROWS], today, needs)),
        total=len(due) if snapshot.due_total is None else snapshot.due_total,
        draft=draft,
        theme=snapshot.settings.theme,
    )


def count_title(name: str, shown: int, total: int) -> str:
    return f"{name} ({total})" if shown >= total else f"{name} ({shown} of {total}; / filters)"

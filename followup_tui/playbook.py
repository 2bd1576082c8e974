"""The playbook: the eight strategies' actions (strategies.py), overridden, guarded, ranked.

Pure: facts and a date in, ranked actions out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from pendulum import Date

from followup_tui.dates import add_days, business_days_between, describe_day
from followup_tui.facts import PlaybookState
from followup_tui.models import STAGE_RANK, Action, Status, Strategy
from followup_tui.strategies import Rules

#: Lower ranks first, after replies and overdue actions.
STRATEGY_WEIGHT = {
    Strategy.REPLY: 0,
    Strategy.THANK_YOU: 1,
    Strategy.FOLLOW_UP: 2,
    Strategy.EVENT: 3,
    Strategy.LINKEDIN: 4,
    Strategy.CHECK_IN: 5,
    Strategy.SHARE_INFO: 6,
    Strategy.SOCIAL: 7,
}
#: Strategies the professionalism guard never holds back.
UNGUARDED = frozenset({Strategy.REPLY, Strategy.THANK_YOU})


def _apply_overrides(actions: Iterable[Action], state: PlaybookState) -> Iterator[Action]:
    for action in actions:
        if action.key in state.skipped:
            continue
        until = state.snoozed.get(action.key)
        if until is not None and until > action.due:
            action = action._replace(due=until, deadline=max(action.deadline, until))
        yield action


def _guard(action: Action, state: PlaybookState, today: Date) -> Action:
    """Hold back a second message to the same person within the guard's business days."""
    if action.strategy in UNGUARDED or action.contact is None:
        return action
    if action.strategy is Strategy.SOCIAL:
        return action
    last = state.last_outbound.get(action.contact.id)
    if last is None or last > today:
        return action
    if today.toordinal() - last.toordinal() > 2 * state.settings.guard_bd + 7:
        return action  # long enough ago whatever the work days: skip the day count
    quiet = business_days_between(last, today, state.settings.work_weekdays)
    if quiet >= state.settings.guard_bd:
        return action
    delta = today.toordinal() - last.toordinal()
    ago = "today" if delta == 0 else ("1 day ago" if delta == 1 else f"{delta} days ago")
    return action._replace(held=f"held: you wrote to {action.contact.first_name} {ago}")


def rank_key(action: Action, today: Date) -> tuple[object, ...]:
    """The ranking of DESIGN §2 as a sort key; the action key makes it a total order."""
    return (
        action.held is not None,
        action.strategy is not Strategy.REPLY,
        action.status(today) is not Status.OVERDUE,
        STRATEGY_WEIGHT[action.strategy],
        action.deadline,
        -STAGE_RANK.get(action.stage, 0) if action.stage else 0,
        (action.contact_name or action.company or "").casefold(),
        action.key,
    )


def actions(state: PlaybookState, today: Date, horizon_days: int | None = 0) -> list[Action]:
    """Every action due by `today + horizon_days` (None: every known action), ranked.

    Skipped keys never appear; snoozed ones reappear on their day. Held actions carry why.
    """
    limit = None if horizon_days is None else add_days(today, horizon_days)
    everything = _apply_overrides(Rules(state, today, limit).all(), state)
    chosen = [
        _guard(action, state, today)
        for action in everything
        if limit is None or action.due <= limit
    ]
    chosen.sort(key=lambda action: rank_key(action, today))
    return chosen


def knowing(state: PlaybookState, found: Sequence[Action]) -> list[Action]:
    """`found` with what the log says about each one's person: what its draft may claim.

    One read for them all; only the actions whose drafts are wanted need it.
    """
    known = state.know({a.contact.id for a in found if a.contact is not None})
    result = []
    for action in found:
        person = known.get(action.contact.id) if action.contact is not None else None
        if person is None:
            result.append(action)
        elif action.strategy is Strategy.LINKEDIN and person.event and not action.event_name:
            # A LinkedIn note may name where you met.
            result.append(
                action._replace(known=person, event_name=person.event, event_on=person.event_on)
            )
        else:
            result.append(action._replace(known=person))
    return result


def find(state: PlaybookState, today: Date, key: str) -> Action | None:
    """The action with `key` among all known actions, due or not (knowing its person)."""
    for action in actions(state, today, horizon_days=None):
        if action.key == key:
            return knowing(state, [action])[0]
    return None


def when(action: Action, today: Date) -> str:
    """When `action` is due, in a few words: "3d late", "today" or the day."""
    if action.status(today) is Status.OVERDUE:
        return f"{today.toordinal() - action.deadline.toordinal()}d late"
    if action.due <= today:
        return "today"
    return describe_day(action.due)


@dataclass(frozen=True)
class Counts:
    """The one count of the list, used wherever the list is counted: overdue, due today and
    upcoming in the next seven days, none of them held by the guard, and the held ones."""

    overdue: int = 0
    due: int = 0
    upcoming: int = 0
    held: int = 0


def counts(found: Iterable[Action], today: Date) -> Counts:
    """Count `found` as the header and `followup today` do: a held action (the guard's) counts
    only as held, an upcoming one only within the next seven days."""
    tally = {Status.OVERDUE: 0, Status.DUE: 0, Status.UPCOMING: 0}
    held = 0
    week = add_days(today, 7)
    for action in found:
        status = action.status(today)
        if status is Status.UPCOMING and action.due > week:
            continue
        if action.held:
            held += 1
        else:
            tally[status] += 1
    return Counts(tally[Status.OVERDUE], tally[Status.DUE], tally[Status.UPCOMING], held)

"""Which built-in wording an action gets (drafts/alts.py says how the parts are chosen)."""

from __future__ import annotations

from followup_tui.drafts.alts import Wording
from followup_tui.drafts.keeping_words import (
    CHECK_IN,
    CLOSE,
    FOLLOW_UP,
    FOLLOW_UP_AGAIN,
    KEEP_IN_TOUCH,
    REPLY,
)
from followup_tui.drafts.meeting_words import EVENT, LINKEDIN, SHARE_INFO, THANK_YOU
from followup_tui.models import Action, Strategy


def closes(action: Action) -> bool:
    """A gracious close after a rejection (its wording is the built-in one, always)."""
    return action.closing and action.strategy in (Strategy.REPLY, Strategy.CHECK_IN)


def wording(action: Action, facts: frozenset[str]) -> Wording | None:
    """The built-in wording for `action` (None: the strategy has no message to write)."""
    strategy = action.strategy
    if closes(action):
        return CLOSE
    if strategy is Strategy.FOLLOW_UP:
        return FOLLOW_UP_AGAIN if "second" in facts else FOLLOW_UP
    if strategy is Strategy.CHECK_IN:
        return KEEP_IN_TOUCH if "closed" in facts else CHECK_IN
    return {
        Strategy.THANK_YOU: THANK_YOU,
        Strategy.LINKEDIN: LINKEDIN,
        Strategy.SHARE_INFO: SHARE_INFO,
        Strategy.EVENT: EVENT,
        Strategy.REPLY: REPLY,
    }.get(strategy)


ALL: tuple[Wording, ...] = (
    THANK_YOU,
    LINKEDIN,
    FOLLOW_UP,
    FOLLOW_UP_AGAIN,
    SHARE_INFO,
    EVENT,
    REPLY,
    CLOSE,
    CHECK_IN,
    KEEP_IN_TOUCH,
)

"""The vocabulary of the domain: stages, strategies, kinds of people, and their orders.

Each order of stages or strategies is defined here once; the store's SQL is built from it.
"""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    WISHLIST = "wishlist"
    APPLIED = "applied"
    SCREENING = "screening"
    INTERVIEWING = "interviewing"
    OFFER = "offer"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    GHOSTED = "ghosted"

    @property
    def active(self) -> bool:
        return self in ACTIVE_STAGES

    @property
    def closed(self) -> bool:
        return self in CLOSED_STAGES


ACTIVE_STAGES = frozenset({Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEWING, Stage.OFFER})
CLOSED_STAGES = frozenset({Stage.REJECTED, Stage.WITHDRAWN, Stage.GHOSTED})
#: Higher is further along; used to rank actions of otherwise equal urgency.
STAGE_RANK = {
    Stage.OFFER: 4,
    Stage.INTERVIEWING: 3,
    Stage.SCREENING: 2,
    Stage.APPLIED: 1,
}
#: The pipeline's order: furthest along first, closed applications last.
PIPELINE_ORDER = (
    Stage.OFFER,
    Stage.INTERVIEWING,
    Stage.SCREENING,
    Stage.APPLIED,
    Stage.WISHLIST,
    Stage.ACCEPTED,
    Stage.GHOSTED,
    Stage.REJECTED,
    Stage.WITHDRAWN,
)


def active_stage_path() -> tuple[Stage, ...]:
    """The stages `>` and `<` step through; the closed ones are picked by name."""
    return (
        Stage.WISHLIST,
        Stage.APPLIED,
        Stage.SCREENING,
        Stage.INTERVIEWING,
        Stage.OFFER,
        Stage.ACCEPTED,
    )


class Strategy(StrEnum):
    THANK_YOU = "thank-you"
    LINKEDIN = "linkedin"
    FOLLOW_UP = "follow-up"
    SHARE_INFO = "share-info"
    SOCIAL = "social"
    EVENT = "event"
    REPLY = "reply"
    CHECK_IN = "check-in"

    @property
    def label(self) -> str:
        return STRATEGY_LABELS[self]


#: The eight strategies in the order the dashboard's strip shows them.
STRATEGY_ORDER = (
    Strategy.THANK_YOU,
    Strategy.LINKEDIN,
    Strategy.FOLLOW_UP,
    Strategy.SHARE_INFO,
    Strategy.SOCIAL,
    Strategy.EVENT,
    Strategy.REPLY,
    Strategy.CHECK_IN,
)
STRATEGY_LABELS = {
    Strategy.THANK_YOU: "Thank-you",
    Strategy.LINKEDIN: "LinkedIn",
    Strategy.FOLLOW_UP: "Follow-up",
    Strategy.SHARE_INFO: "Share info",
    Strategy.SOCIAL: "Social",
    Strategy.EVENT: "Event",
    Strategy.REPLY: "Reply",
    Strategy.CHECK_IN: "Check-in",
}


class ContactKind(StrEnum):
    HIRING_MANAGER = "hiring-manager"
    RECRUITER = "recruiter"
    INTERVIEWER = "interviewer"
    REFERRER = "referrer"
    OTHER = "other"


class LinkedInState(StrEnum):
    NOT_CONNECTED = "not connected"
    REQUESTED = "requested"
    CONNECTED = "connected"


class Direction(StrEnum):
    IN = "in"
    OUT = "out"


class Status(StrEnum):
    OVERDUE = "overdue"
    DUE = "due"
    UPCOMING = "upcoming"

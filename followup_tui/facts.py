"""What the playbook reads: small per-rule facts that the store computes with set-based queries.

Each fact is one candidate for an action (a pending thank-you pair, an application waiting
for news, a contact to connect with, ...). Keeping them narrow is what keeps `followup today`
fast at 10,000 applications: the store never loads whole tables for the rules. They are
named tuples, not dataclasses: thousands are built on every read, and a tuple is built
several times faster.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from pendulum import Date

from followup_tui.models import Acquaintance, Person, Settings, Stage

__all__ = ["Acquaintance"]  # defined with the Action that carries it


class AppRef(NamedTuple):
    id: int
    company_id: int
    company: str
    role: str
    stage: Stage
    applied_on: Date | None = None
    #: The day the employer said they would answer by.
    response_by: Date | None = None
    #: Why the user fits this role (the application's line, else the `pitch` setting).
    why_fit: str | None = None
    #: The day the application moved to rejected (its stage history), when it did.
    rejected_on: Date | None = None


class ThankYouFact(NamedTuple):
    """An interview on or before today whose participant has not been thanked."""

    interview_id: int
    on: Date
    app: AppRef
    highlights: str | None
    #: The participant; when no participant was recorded, the application's main contact.
    contact: Person | None
    no_participants: bool = False
    #: What resonated with this participant (falls back to the interview's highlights).
    own_highlights: str | None = None
    #: This participant's place in the panel, and the panel's size: a panel's notes differ.
    panel_index: int = 0
    panel_size: int = 1


class LinkedInFact(NamedTuple):
    contact: Person
    company_id: int | None
    company: str | None
    app: AppRef | None
    first_interview: Date | None
    added_on: Date


class FollowUpFact(NamedTuple):
    app: AppRef
    applied_on: Date | None
    response_by: Date | None
    last_interview: Date | None
    last_inbound: Date | None
    #: Days on which follow-ups for this application were sent, oldest first.
    sent: tuple[Date, ...]
    contact: Person | None
    #: Questions or concerns raised at the last interview, for the follow-up to address.
    open_questions: str | None = None


class ShareFact(NamedTuple):
    resource_id: int
    title: str
    url: str
    company_id: int
    company: str
    app: AppRef | None
    contact: Person
    last_interview: Date | None
    added_on: Date
    last_share: Date | None
    #: Why the resource is relevant (its note), quoted by the draft.
    note: str | None = None


class SocialFact(NamedTuple):
    company_id: int
    company: str
    links: tuple[str, ...]
    app: AppRef
    last_touch_id: int | None
    last_touch_on: Date | None


class EventFact(NamedTuple):
    event_id: int
    name: str
    on: Date
    location: str | None
    #: None for the "prepare" action before the event; a person met there otherwise.
    contact: Person | None
    company_id: int | None = None
    company: str | None = None
    attendees: tuple[str, ...] = ()


class ReplyFact(NamedTuple):
    touch_id: int
    on: Date
    contact: Person
    company_id: int | None
    company: str | None
    app: AppRef | None
    subject: str | None
    #: We had written to them in the same exchange before this message: it answers us.
    answers_us: bool = False


class ClosingFact(NamedTuple):
    """An application moved to rejected lately, with no message from the company since."""

    app: AppRef
    rejected_on: Date
    contact: Person


class CheckInFact(NamedTuple):
    company_id: int
    company: str
    app: AppRef
    contact: Person
    active: bool
    last_touch_id: int | None
    #: The day the quiet period started: the last touch, interview or application.
    since: Date


@dataclass(frozen=True)
class PlaybookState:
    settings: Settings
    thank_yous: tuple[ThankYouFact, ...] = ()
    linkedin: tuple[LinkedInFact, ...] = ()
    follow_ups: tuple[FollowUpFact, ...] = ()
    shares: tuple[ShareFact, ...] = ()
    socials: tuple[SocialFact, ...] = ()
    events: tuple[EventFact, ...] = ()
    replies: tuple[ReplyFact, ...] = ()
    check_ins: tuple[CheckInFact, ...] = ()
    closings: tuple[ClosingFact, ...] = ()
    #: What the log says about the people given, by contact id (read only for the actions
    #: whose drafts are wanted: playbook.knowing). Without it, drafts claim nothing personal.
    know: Callable[[Iterable[int]], Mapping[int, Acquaintance]] = lambda _ids: {}
    #: LinkedIn profile pages of the people on each application you are connected with.
    connected_pages: Mapping[int, tuple[str, ...]] = field(default_factory=dict)
    #: The day of the last outbound touch per contact id (the professionalism guard).
    last_outbound: Mapping[int, Date] = field(default_factory=dict)
    skipped: frozenset[str] = frozenset()
    snoozed: Mapping[str, Date] = field(default_factory=dict)

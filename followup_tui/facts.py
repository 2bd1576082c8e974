"""What the playbook reads: small per-rule facts that the store computes with set-based queries.

Each fact is one candidate for an action (a pending thank-you pair, an application waiting
for news, a contact to connect with, ...). Keeping them narrow is what keeps `followup today`
fast at 10,000 applications: the store never loads whole tables for the rules. They are
named tuples, not dataclasses: thousands are built on every read, and a tuple is built
several times faster.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from pendulum import Date

from followup_tui.models import Person, Settings, Stage


class AppRef(NamedTuple):
    id: int
    company_id: int
    company: str
    role: str
    stage: Stage


class ThankYouFact(NamedTuple):
    """An interview on or before today whose participant has not been thanked."""

    interview_id: int
    on: Date
    app: AppRef
    highlights: str | None
    #: The participant; when no participant was recorded, the application's main contact.
    contact: Person | None
    no_participants: bool = False


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
    #: The day of the last outbound touch per contact id (the professionalism guard).
    last_outbound: Mapping[int, Date] = field(default_factory=dict)
    skipped: frozenset[str] = frozenset()
    snoozed: Mapping[str, Date] = field(default_factory=dict)

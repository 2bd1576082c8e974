"""Domain types: frozen dataclasses, and the one place ISO text becomes pendulum values.

The enums and their orders live in kinds.py; they are importable from here too.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

import pendulum
from pendulum import Date, DateTime

from followup_tui.kinds import ACTIVE_STAGES as ACTIVE_STAGES
from followup_tui.kinds import CLOSED_STAGES as CLOSED_STAGES
from followup_tui.kinds import PIPELINE_ORDER as PIPELINE_ORDER
from followup_tui.kinds import STAGE_RANK as STAGE_RANK
from followup_tui.kinds import STRATEGY_LABELS as STRATEGY_LABELS
from followup_tui.kinds import STRATEGY_ORDER as STRATEGY_ORDER
from followup_tui.kinds import ContactKind as ContactKind
from followup_tui.kinds import Direction as Direction
from followup_tui.kinds import LinkedInState as LinkedInState
from followup_tui.kinds import Stage as Stage
from followup_tui.kinds import Status as Status
from followup_tui.kinds import Strategy as Strategy
from followup_tui.kinds import active_stage_path as active_stage_path

# --- ISO text <-> pendulum -------------------------------------------------------------


def parse_date(text: str) -> Date:
    """Read a stored ISO date (or the date part of a stored datetime)."""
    return _parse_day(text[:10])


@lru_cache(maxsize=16384)
def _parse_day(text: str) -> Date:
    # The playbook reads tens of thousands of dates that fall on a few thousand days.
    return Date.fromisoformat(text)


def parse_datetime(text: str) -> DateTime:
    """Read a stored ISO datetime with its UTC offset."""
    return pendulum.instance(DateTime.fromisoformat(text))


def opt_date(text: str | None) -> Date | None:
    return parse_date(text) if text else None


def date_text(value: Date) -> str:
    return value.isoformat()


def datetime_text(value: DateTime) -> str:
    """Store a datetime with its own offset: the date part is then the user's local day."""
    return value.isoformat(timespec="seconds")


# --- Records ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Company:
    id: int
    name: str
    website: str | None = None
    social: tuple[str, ...] = ()
    notes: str | None = None


@dataclass(frozen=True)
class Application:
    id: int
    company_id: int
    company: str
    role: str
    stage: Stage
    applied_on: Date | None = None
    response_by: Date | None = None
    url: str | None = None
    notes: str | None = None
    #: Why the user fits the role, in their words: the follow-ups and check-ins quote it.
    why_fit: str | None = None


@dataclass(frozen=True)
class Contact:
    id: int
    name: str
    company_id: int | None = None
    company: str | None = None
    title: str | None = None
    kind: ContactKind = ContactKind.OTHER
    email: str | None = None
    phone: str | None = None
    linkedin_url: str | None = None
    linkedin_state: LinkedInState = LinkedInState.NOT_CONNECTED
    notes: str | None = None

    @property
    def first_name(self) -> str:
        return first_name(self.name)


def first_name(name: str) -> str:
    """The name a message opens with: the first word of the full name."""
    parts = name.split()
    return parts[0] if parts else name


@dataclass(frozen=True)
class Interview:
    id: int
    application_id: int
    starts_at: DateTime
    kind: str | None = None
    highlights: str | None = None
    notes: str | None = None
    participant_ids: tuple[int, ...] = ()
    #: Questions or concerns the interview left open: the follow-up answers them.
    open_questions: str | None = None
    #: What resonated with each interviewer (contact id, text): their thank-you quotes it.
    own_highlights: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class Event:
    id: int
    name: str
    on: Date
    location: str | None = None
    url: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class Resource:
    id: int
    title: str
    url: str
    note: str | None = None
    application_id: int | None = None
    company_id: int | None = None


@dataclass(frozen=True)
class Touch:
    id: int
    at: DateTime
    direction: Direction
    contact_id: int | None = None
    company_id: int | None = None
    application_id: int | None = None
    interview_id: int | None = None
    event_id: int | None = None
    resource_id: int | None = None
    strategy: Strategy | None = None
    channel: str | None = None
    subject: str | None = None
    body: str | None = None
    note: str | None = None
    action_key: str | None = None
    #: Who a message out went to, as they were then: `Name <address>`, or the name.
    recipient: str | None = None


@dataclass(frozen=True)
class Override:
    key: str
    snoozed_until: Date | None
    skipped: bool


# --- Settings ---------------------------------------------------------------------------


WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Settings:
    """Every cadence number of the playbook, and the user's own details for drafts.

    Each field is one row of the `settings` table; a missing row means the default here.
    """

    user_name: str = ""
    signature: str = ""
    pitch: str = ""
    work_days: str = "mon,tue,wed,thu,fri"
    theme: str = "textual-dark"
    thank_you_deadline_bd: int = 1
    linkedin_due_bd: int = 1
    linkedin_deadline_bd: int = 3
    follow_up_after_interview_bd: int = 5
    follow_up_after_response_by_bd: int = 1
    follow_up_after_applied_days: int = 7
    follow_up_repeat_bd: int = 5
    follow_up_deadline_bd: int = 2
    follow_up_cap: int = 2
    share_after_interview_days: int = 3
    share_quiet_bd: int = 5
    share_deadline_bd: int = 5
    share_gap_days: int = 14
    social_every_days: int = 7
    social_deadline_days: int = 3
    event_prepare_days: int = 7
    event_after_days: int = 1
    event_after_deadline_bd: int = 2
    reply_deadline_bd: int = 1
    check_in_active_days: int = 14
    check_in_closed_days: int = 60
    check_in_deadline_bd: int = 5
    guard_bd: int = 2

    @property
    def work_weekdays(self) -> frozenset[int]:
        """Work days as Python weekday numbers (Monday is 0)."""
        names = [part.strip().lower()[:3] for part in self.work_days.split(",")]
        days = frozenset(WEEKDAY_NAMES.index(n) for n in names if n in WEEKDAY_NAMES)
        return days or frozenset(range(5))

    @classmethod
    def from_pairs(cls, pairs: dict[str, str]) -> Settings:
        """Build settings from stored text values, ignoring unknown or unreadable ones."""
        values: dict[str, Any] = {}
        for spec in dataclasses.fields(cls):
            if spec.name not in pairs:
                continue
            raw = pairs[spec.name]
            if spec.type == "int":
                try:
                    values[spec.name] = int(raw)
                except ValueError:
                    continue
            else:
                values[spec.name] = raw
        return cls(**values)

    @staticmethod
    def names() -> tuple[str, ...]:
        return tuple(f.name for f in dataclasses.fields(Settings))


# --- Playbook inputs and outputs --------------------------------------------------------


class Person(NamedTuple):
    """Who an action concerns, with what a draft needs to address them.

    Like Action, a named tuple: the playbook builds thousands of each on every read.
    """

    id: int
    name: str
    title: str | None = None
    kind: ContactKind = ContactKind.OTHER
    email: str | None = None
    linkedin_url: str | None = None

    @property
    def first_name(self) -> str:
        return first_name(self.name)


class Acquaintance(NamedTuple):
    """What the log says about one person: what a draft may claim (the store reads it)."""

    #: The first and the latest interview with them, on or before today.
    first_interview: Date | None = None
    last_interview: Date | None = None
    #: The latest event where we met them (on or before today), and its day.
    event: str | None = None
    event_on: Date | None = None
    #: The latest call, coffee chat or meeting logged with them.
    spoke_on: Date | None = None
    #: The first touch of the current exchange (touches since the last gap of 30 days or
    #: more) was theirs: an unprompted message, not an answer.
    they_opened: bool = False
    #: They wrote after we had written to them, at least once.
    replied: bool = False
    #: They wrote to us at all.
    wrote: bool = False
    #: The latest touch either way, and when the contact was added.
    last_touch: Date | None = None
    added_on: Date | None = None
    connected: bool = False
    referrer: bool = False

    @property
    def met(self) -> bool:
        """An interview with them, an event where we met, or a logged call or meeting."""
        return bool(self.first_interview or self.event or self.spoke_on)


class Action(NamedTuple):
    """One follow-up to do, derived from the data and the date; never stored.

    A named tuple rather than a dataclass: the playbook builds thousands on every read,
    and a tuple is built several times faster (change one with `_replace`).
    """

    key: str
    strategy: Strategy
    title: str
    why: str
    due: Date
    deadline: Date
    contact: Person | None = None
    company_id: int | None = None
    company: str | None = None
    application_id: int | None = None
    role: str | None = None
    stage: Stage | None = None
    interview_id: int | None = None
    interview_on: Date | None = None
    highlights: str | None = None
    event_id: int | None = None
    event_name: str | None = None
    event_on: Date | None = None
    resource_id: int | None = None
    resource_title: str | None = None
    resource_url: str | None = None
    resource_note: str | None = None
    social_links: tuple[str, ...] = ()
    held: str | None = None
    #: What the log says about the person (None: nobody named, or not read).
    known: Acquaintance | None = None
    #: Which follow-up of the wait this is (1, 2, ...); 0 for other strategies.
    follow_up: int = 0
    applied_on: Date | None = None
    response_by: Date | None = None
    why_fit: str | None = None
    open_questions: str | None = None
    #: A thank-you's place in its panel and the panel's size.
    panel: tuple[int, int] = (0, 1)
    #: A thank-you with no interviewer recorded (addressed to nobody in particular).
    no_interviewer: bool = False
    #: A reply: their message answers one of ours (else they wrote first).
    answers_us: bool = False
    #: A gracious close: the application was rejected.
    closing: bool = False
    #: Social: the LinkedIn activity pages of people on the application you're connected with.
    pages: tuple[str, ...] = ()

    def status(self, today: Date) -> Status:
        if today > self.deadline:
            return Status.OVERDUE
        if self.due <= today:
            return Status.DUE
        return Status.UPCOMING

    @property
    def contact_name(self) -> str | None:
        return self.contact.name if self.contact else None

    @property
    def contact_id(self) -> int | None:
        return self.contact.id if self.contact else None


class Need(NamedTuple):
    """Something a draft still lacks: `id` from drafts.NEEDS, `label` in plain words."""

    id: str
    label: str


@dataclass(frozen=True)
class Draft:
    subject: str
    body: str
    #: What the user must still supply (its marker stands in the text); empty: complete.
    needs: tuple[Need, ...] = field(default=())

    @property
    def text(self) -> str:
        """The draft as pasted into an email: subject line, blank line, body."""
        return f"Subject: {self.subject}\n\n{self.body}" if self.subject else self.body


# --- Text from outside: see followup_tui.text (kept free of pendulum for the dashboard's
# first paint); re-exported here.

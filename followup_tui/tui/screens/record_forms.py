"""What each record's form returns: one dataclass per kind, read from the form's values.

A form (screens/forms.py) checks and parses every field; `read` turns the parsed values
into the record kind's dataclass, which the caller (record_flows.py) writes. Required
fields are never None here: the form returns nothing until they are filled.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pendulum import Date, DateTime

from followup_tui.errors import Invalid
from followup_tui.models import ContactKind, Direction, LinkedInState, Stage

#: A form's parsed values by field name (what FormScreen reads before `read` types them).
Values = Mapping[str, Any]


def lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def names(text: str | None) -> list[str]:
    """Comma-separated names, trimmed, empty ones left out."""
    return [name.strip() for name in (text or "").split(",") if name.strip()]


@dataclass(frozen=True)
class CompanyForm:
    name: str
    website: str | None
    social: list[str]

    @classmethod
    def read(cls, v: Values) -> CompanyForm:
        return cls(v["name"], v["website"], lines(v["social"]))


@dataclass(frozen=True)
class ApplicationForm:
    company: str
    role: str
    #: Only when adding: later, stages move with > < and t, keeping their history.
    stage: Stage | None
    applied: Date | None
    response_by: Date | None
    url: str | None
    notes: str | None
    why_fit: str | None

    @classmethod
    def read(cls, v: Values) -> ApplicationForm:
        stage = Stage(v["stage"]) if v.get("stage") else None
        return cls(
            v["company"],
            v["role"],
            stage,
            v["applied"],
            v["response_by"],
            v["url"],
            v["notes"],
            v["why_fit"],
        )


@dataclass(frozen=True)
class ContactForm:
    name: str
    company: str | None
    title: str | None
    kind: ContactKind
    email: str | None
    phone: str | None
    linkedin: str | None
    linkedin_state: LinkedInState
    applications: list[int]

    @classmethod
    def read(cls, v: Values) -> ContactForm:
        return cls(
            v["name"],
            v["company"],
            v["title"],
            ContactKind(v["kind"]),
            v["email"],
            v["phone"],
            v["linkedin"],
            LinkedInState(v["linkedin_state"]),
            list(v["applications"] or ()),
        )


@dataclass(frozen=True)
class InterviewForm:
    #: Only when adding (an interview stays with its application).
    application: int | None
    at: DateTime
    kind: str | None
    interviewers: list[int]
    #: Only when adding: people to create as interviewers at the company.
    new_people: list[str]
    highlights: str | None
    #: What resonated with each interviewer, one line each: "Name: text".
    own_highlights: str | None
    open_questions: str | None

    @classmethod
    def read(cls, v: Values) -> InterviewForm:
        return cls(
            v.get("application"),
            v["at"],
            v["kind"],
            list(v["with"] or ()),
            names(v.get("new_people")),
            v["highlights"],
            v["own_highlights"],
            v["open_questions"],
        )

    def own(self, people: Mapping[int, str]) -> dict[int, str]:
        """The per-interviewer lines by contact id, `people` naming the interview's
        participants; a line that names no one of them is refused."""
        return per_person(self.own_highlights, people)


def per_person(text: str | None, people: Mapping[int, str]) -> dict[int, str]:
    """Lines "Name: text" by contact id: a participant's full name or, when no other
    participant shares it, their first name (case does not matter). A line with nothing after
    the colon says nothing; one naming nobody at the interview is refused."""
    by_name: dict[str, set[int]] = {}
    for contact_id, name in people.items():
        full = " ".join(name.split()).casefold()
        by_name.setdefault(full, set()).add(contact_id)
        if " " in full:
            by_name.setdefault(full.split(" ")[0], set()).add(contact_id)
    found: dict[int, str] = {}
    for line in lines(text):
        who, colon, said = line.partition(":")
        said = said.strip()
        if not colon:
            raise Invalid(f"write each interviewer's line as 'Name: what resonated' ({line!r})")
        if not said:
            continue
        ids = by_name.get(" ".join(who.split()).casefold(), set())
        if len(ids) != 1:
            what = "names two interviewers" if ids else "names no one at the interview"
            raise Invalid(f"{who.strip()!r} {what}: use their full name")
        found[ids.pop()] = said
    return found


def per_person_text(own: Iterable[tuple[int, str]], people: Mapping[int, str]) -> str:
    """The form's starting text: a line per participant, theirs filled in when noted."""
    noted = dict(own)
    return "\n".join(f"{name}: {noted.get(cid, '')}".rstrip() for cid, name in people.items())


@dataclass(frozen=True)
class MessageForm:
    """A message received, which needs a reply."""

    contact: int
    at: DateTime
    subject: str | None
    channel: str

    @classmethod
    def read(cls, v: Values) -> MessageForm:
        return cls(v["contact"], v["at"], v["subject"], v["channel"])


@dataclass(frozen=True)
class EventForm:
    name: str
    on: Date
    location: str | None
    url: str | None
    met: list[int]

    @classmethod
    def read(cls, v: Values) -> EventForm:
        return cls(v["name"], v["on"], v["location"], v["url"], list(v["met"] or ()))


@dataclass(frozen=True)
class ResourceForm:
    title: str
    url: str
    application: int | None
    company: str | None
    note: str | None

    @classmethod
    def read(cls, v: Values) -> ResourceForm:
        return cls(v["title"], v["url"], v["application"], v["company"], v["note"])


@dataclass(frozen=True)
class TouchForm:
    """A call, a coffee chat or a message sent elsewhere."""

    contact: int
    direction: Direction
    channel: str
    at: DateTime
    note: str | None

    @classmethod
    def read(cls, v: Values) -> TouchForm:
        return cls(v["contact"], Direction(v["direction"]), v["channel"], v["at"], v["note"])


@dataclass(frozen=True)
class StageForm:
    stage: Stage

    @classmethod
    def read(cls, v: Values) -> StageForm:
        return cls(Stage(v["stage"]))

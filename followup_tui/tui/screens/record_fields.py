"""The fields of each record's form, shared by adding and editing.

Each builder takes the record being edited (None when adding) and returns its fields with
the current values filled in; record_forms.py reads a filled form into its dataclass, and
the flows (record_flows.py, record_edits.py) decide what it writes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from followup_tui.models import (
    Application,
    Company,
    Contact,
    ContactKind,
    Event,
    Interview,
    LinkedInState,
    Resource,
    Stage,
    Touch,
)
from followup_tui.store import Store
from followup_tui.tui.screens.forms import Field, email_check, url_check
from followup_tui.tui.screens.record_forms import per_person_text

KINDS = tuple((kind.value, kind.value) for kind in ContactKind)
LINKEDIN_STATES = tuple((state.value, state.value) for state in LinkedInState)
STAGES = tuple((stage.value, stage.value) for stage in Stage)
CHANNELS = (
    ("email", "email"),
    ("call", "call"),
    ("coffee", "coffee chat"),
    ("linkedin", "LinkedIn"),
    ("meeting", "meeting"),
    ("other", "other"),
)
HIGHLIGHTS = "Highlights: what resonated (the thank-you quotes it)"
OWN_HIGHLIGHTS = "What resonated with each interviewer, one line each (Name: …)"
WHY_FIT = "Why you fit (the follow-ups and check-ins say it)"


def _companies(store: Store) -> tuple[str, ...]:
    return tuple(store.company_names())


def _with_known(
    choices: list[tuple[int, str]], store: Store, kind: str, ids: Iterable[int]
) -> tuple[tuple[Any, str], ...]:
    """The pick list, plus any already chosen row that the list's limit left out."""
    known = dict(choices)
    for row_id in ids:
        if row_id not in known:
            if kind == "contact":
                known[row_id] = store.contact(row_id).name
            else:
                application = store.application(row_id)
                known[row_id] = f"{application.company} — {application.role}"
    return tuple(known.items())


def company_fields(store: Store, current: Company | None) -> list[Field]:
    return [
        Field("name", "Name", required=True, value=current.name if current else None),
        Field(
            "website",
            "Website",
            placeholder="https://",
            check=url_check,
            value=current.website if current else None,
        ),
        Field(
            "social",
            "Social links, one per line",
            kind="long",
            placeholder="https://www.linkedin.com/company/…",
            value="\n".join(current.social) if current else None,
        ),
    ]


def application_fields(store: Store, current: Application | None) -> list[Field]:
    fields = [
        Field(
            "company",
            "Company (picked or new)",
            required=True,
            suggestions=_companies(store),
            value=current.company if current else None,
        ),
        Field("role", "Role", required=True, value=current.role if current else None),
    ]
    if current is None:  # later, stages move with > < and t, keeping their history
        fields.append(
            Field("stage", "Stage", kind="choice", choices=STAGES, value="applied", required=True)
        )
    fields += [
        Field(
            "applied",
            "Applied on",
            kind="date",
            value=(current.applied_on.isoformat() if current.applied_on else None)
            if current
            else "today",
        ),
        Field(
            "response_by",
            "They said they'd answer by",
            kind="date",
            placeholder="fri, +2w, 2026-12-10",
            value=current.response_by.isoformat() if current and current.response_by else None,
        ),
        Field(
            "url",
            "Job posting",
            check=url_check,
            placeholder="https://",
            value=current.url if current else None,
        ),
        Field(
            "why_fit",
            WHY_FIT,
            kind="long",
            placeholder="eight years of streaming pipelines at payments scale",
            value=current.why_fit if current else None,
        ),
        Field("notes", "Notes", kind="long", value=current.notes if current else None),
    ]
    return fields


def contact_fields(
    store: Store, current: Contact | None, links: list[int], company: str | None = None
) -> list[Field]:
    return [
        Field("name", "Name", required=True, value=current.name if current else None),
        Field(
            "company",
            "Company",
            suggestions=_companies(store),
            value=current.company if current else company,
        ),
        Field("title", "Title", value=current.title if current else None),
        Field(
            "kind",
            "Kind",
            kind="choice",
            choices=KINDS,
            required=True,
            value=current.kind.value if current else "hiring-manager",
        ),
        Field("email", "Email", check=email_check, value=current.email if current else None),
        Field("phone", "Phone", value=current.phone if current else None),
        Field(
            "linkedin",
            "LinkedIn URL",
            check=url_check,
            placeholder="https://www.linkedin.com/in/…",
            value=current.linkedin_url if current else None,
        ),
        Field(
            "linkedin_state",
            "LinkedIn",
            kind="choice",
            choices=LINKEDIN_STATES,
            required=True,
            value=current.linkedin_state.value if current else "not connected",
        ),
        Field(
            "applications",
            "Applications (space to tick)",
            kind="multi",
            choices=_with_known(store.application_choices(), store, "application", links),
            value=links,
        ),
    ]


def interview_fields(store: Store, current: Interview | None, app_id: int | None) -> list[Field]:
    company_id = store.application(app_id).company_id if app_id else None
    people = list(current.participant_ids) if current else []
    fields = []
    if current is None:
        fields.append(
            Field(
                "application",
                "Application",
                kind="choice",
                required=True,
                choices=tuple(store.application_choices()),
                value=app_id,
            )
        )
    fields += [
        Field(
            "at",
            "When",
            kind="datetime",
            required=True,
            placeholder="2026-12-01 14:00, tomorrow 9:30, fri 15:00",
            value=f"{current.starts_at:%Y-%m-%d %H:%M}" if current else "today 10:00",
        ),
        Field(
            "kind",
            "Kind",
            placeholder="phone screen, technical, onsite, …",
            value=current.kind if current else None,
        ),
        Field(
            "with",
            "Interviewers (space to tick)",
            kind="multi",
            choices=_with_known(store.contact_choices(company_id), store, "contact", people),
            value=people,
        ),
    ]
    if current is None:
        fields.append(
            Field(
                "new_people",
                "New interviewers, comma separated",
                placeholder="created as interviewers at the company",
            )
        )
    names = {cid: store.contact(cid).name for cid in people}
    fields += [
        Field("highlights", HIGHLIGHTS, kind="long", value=current.highlights if current else None),
        Field(
            "own_highlights",
            OWN_HIGHLIGHTS,
            kind="long",
            placeholder="Lena Park: the on-call rotation she is rebuilding",
            value=per_person_text(current.own_highlights, names) if current else None,
        ),
        Field(
            "open_questions",
            "Questions or concerns left open (the follow-up answers them)",
            kind="long",
            value=current.open_questions if current else None,
        ),
    ]
    return fields


def message_fields(
    store: Store, current: Touch | None, contact_id: int | None, now: str
) -> list[Field]:
    who = current.contact_id if current else contact_id
    return [
        Field(
            "contact",
            "From",
            kind="choice",
            required=True,
            choices=_with_known(store.contact_choices(), store, "contact", [who] if who else []),
            value=who,
        ),
        Field(
            "at",
            "Received",
            kind="datetime",
            required=True,
            value=f"{current.at:%Y-%m-%d %H:%M}" if current else now,
        ),
        Field("subject", "Subject", value=current.subject if current else None),
        Field(
            "channel",
            "Channel",
            kind="choice",
            choices=CHANNELS,
            required=True,
            value=(current.channel or "email") if current else "email",
        ),
    ]


def event_fields(store: Store, current: Event | None, met: list[int]) -> list[Field]:
    return [
        Field("name", "Name", required=True, value=current.name if current else None),
        Field(
            "on",
            "On",
            kind="date",
            required=True,
            placeholder="sat, +1w, 2026-12-05",
            value=current.on.isoformat() if current else None,
        ),
        Field("location", "Location", value=current.location if current else None),
        Field("url", "Link", check=url_check, value=current.url if current else None),
        Field(
            "met",
            "People met there (space to tick)",
            kind="multi",
            choices=_with_known(store.contact_choices(), store, "contact", met),
            value=met,
        ),
    ]


def resource_fields(store: Store, current: Resource | None, app_id: int | None) -> list[Field]:
    company = None
    if current is not None and current.company_id is not None and current.application_id is None:
        company = store.company(current.company_id).name
    chosen = current.application_id if current else app_id
    return [
        Field("title", "Title", required=True, value=current.title if current else None),
        Field(
            "url",
            "Link",
            required=True,
            check=url_check,
            placeholder="https://",
            value=current.url if current else None,
        ),
        Field(
            "application",
            "For the application",
            kind="choice",
            choices=_with_known(
                store.application_choices(), store, "application", [chosen] if chosen else []
            ),
            value=chosen,
        ),
        Field("company", "Or for the company", suggestions=_companies(store), value=company),
        Field(
            "note",
            "Why it is relevant to them (the draft quotes it)",
            kind="long",
            value=current.note if current else None,
        ),
    ]

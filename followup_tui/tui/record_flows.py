"""Running the job search from the dashboard: adding records, and the form every write of a
record goes through.

Each flow opens a form (screens/forms.py) that returns its record kind's dataclass
(screens/record_forms.py); a valid one is written through the store as one change of the
history, `u` is offered to take it back, and the panes refresh. The dashboard hands the
panes' messages (messages.py) to these and to record_edits.py.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

from followup_tui.models import ContactKind
from followup_tui.store import Invalid, NotFound
from followup_tui.text import printable
from followup_tui.tui.screens import record_fields as fields_of
from followup_tui.tui.screens.choose import ChooseScreen
from followup_tui.tui.screens.forms import Field, FormScreen, FormSpec
from followup_tui.tui.screens.record_forms import (
    ApplicationForm,
    CompanyForm,
    ContactForm,
    EventForm,
    InterviewForm,
    MessageForm,
    ResourceForm,
    Values,
)

if TYPE_CHECKING:
    from followup_tui.tui.host import Host
    from followup_tui.tui.messages import Selection

#: A form's typed result (one of the dataclasses of record_forms.py).
Filled = TypeVar("Filled")

#: What `a` offers, in order.
ADDABLE = (
    ("application", "Application"),
    ("contact", "Contact"),
    ("interview", "Interview"),
    ("message", "Message received (needs a reply)"),
    ("event", "Event"),
    ("resource", "Resource to share"),
    ("company", "Company"),
)


def form(
    host: Host,
    title: str,
    fields: list[Field],
    read: Callable[[Values], Filled],
    done: Callable[[Filled], object],
    submit: str = "Save",
    adding: Callable[[Filled], str] | None = None,
    undo_as: Callable[[Filled], str] | None = None,
) -> None:
    """Open a form; a valid result runs `done` under the lock as one change of the history,
    then the panes refresh.

    With `adding` (which names what was added) or `undo_as` (which names the change), `u`
    takes back exactly what the save wrote: the record, anything made along with it (a new
    company, new interviewers, the links), and for an edit only the columns it changed.
    """
    spec = FormSpec(title, tuple(fields), host.today, host.work_days(), submit)
    screens: list[FormScreen[Filled]] = []

    def open_form(spec: FormSpec) -> None:
        screens.append(FormScreen(spec, read))
        host.push_screen(screens[-1], finished)

    def finished(filled: Filled | None) -> None:
        if filled is None:
            return
        try:
            with host.db_lock, host.store.recording(spec.title) as recording:
                done(filled)
                # Named before the change is stored, in the same transaction.
                if adding is not None:
                    what = adding(filled)
                    recording.label = f"add {what}"
                elif undo_as is not None:
                    recording.label = undo_as(filled)
            host.last_change = recording.change_id
        except (Invalid, NotFound, ValueError) as error:
            host.notify(
                printable(f"Not saved: {error}", keep_newlines=False),
                severity="error",
                markup=False,
            )
            return
        except sqlite3.Error as error:
            # A full disk or a lock held elsewhere: say so, and give back what was typed.
            message = host.store.explain(error)
            host.notify(
                printable(f"Not saved: {message}", keep_newlines=False),
                severity="error",
                markup=False,
                timeout=15,
            )
            typed = screens[-1].filled or {}
            again = tuple(replace(f, value=_as_typed(f, typed.get(f.name))) for f in fields)
            open_form(replace(spec, fields=again))
            return
        if adding is not None:
            host.notify(f"Added {printable(what, keep_newlines=False)}", markup=False)
        if adding is not None or undo_as is not None:
            host.push_undo(recording.label)
        host.refresh_data()

    open_form(spec)


def _as_typed(item: Field, value: Any) -> Any:
    """A form's parsed value as the starting value of the same field."""
    if value is None:
        return None
    if item.kind == "datetime":
        return f"{value:%Y-%m-%d %H:%M}"
    if item.kind == "date":
        return value.isoformat()
    return value


def now_text(host: Host) -> str:
    return f"{host.today.isoformat()} {host.store.now():%H:%M}"


# --- add ---------------------------------------------------------------------------------------


def add_to(host: Host, selection: Selection, kind: str | None) -> None:
    """Add a `kind` of record (asked first when None), the selection filled in."""
    if kind is not None:
        add(host, kind, selection.application_id, selection.contact_id)
        return

    def chosen(kind: str | None) -> None:
        if kind:
            add_to(host, selection, kind)

    host.push_screen(ChooseScreen("Add…", ADDABLE), chosen)


def add(host: Host, kind: str, application: int | None, contact: int | None) -> None:
    """Open the form that adds one `kind` of thing, with the selection filled in."""
    ADDERS[kind](host, application, contact)


def _add_company(host: Host, _application: int | None, _contact: int | None) -> None:
    store = host.store
    form(
        host,
        "Add a company",
        fields_of.company_fields(store, None),
        CompanyForm.read,
        lambda f: store.add_company(f.name, f.website, f.social),
        adding=lambda f: f.name,
    )


def _add_application(host: Host, _application: int | None, _contact: int | None) -> None:
    store = host.store

    def write(f: ApplicationForm) -> int:
        assert f.stage is not None  # the form that adds one asks for it
        return store.add_application(
            f.company,
            f.role,
            f.stage,
            applied_on=f.applied,
            response_by=f.response_by,
            url=f.url,
            notes=f.notes,
        )

    form(
        host,
        "Add an application",
        fields_of.application_fields(store, None),
        ApplicationForm.read,
        write,
        adding=lambda f: f"{f.company} — {f.role}",
    )


def _add_contact(host: Host, application: int | None, _contact: int | None) -> None:
    store = host.store
    company = store.application(application).company if application else None
    form(
        host,
        "Add a contact",
        fields_of.contact_fields(store, None, [application] if application else [], company),
        ContactForm.read,
        lambda f: store.add_contact(
            f.name,
            company=f.company,
            title=f.title,
            kind=f.kind,
            email=f.email,
            phone=f.phone,
            linkedin_url=f.linkedin,
            linkedin_state=f.linkedin_state,
            application_ids=f.applications,
        ),
        adding=lambda f: f.name,
    )


def _add_interview(host: Host, application: int | None, _contact: int | None) -> None:
    store = host.store

    def write(f: InterviewForm) -> int:
        assert f.application is not None  # the form that adds one asks for it
        company = store.application(f.application).company
        people = list(f.interviewers)
        for name in f.new_people:
            people.append(
                store.add_contact(
                    name,
                    company=company,
                    kind=ContactKind.INTERVIEWER,
                    application_ids=[f.application],
                )
            )
        return store.add_interview(
            f.application,
            f.at,
            people,
            kind=f.kind,
            highlights=f.highlights,
            open_questions=f.open_questions,
            own_highlights=f.own(store.contact_names(people)),
        )

    def named(f: InterviewForm) -> str:
        assert f.application is not None
        return f"interview at {store.application(f.application).company}"

    form(
        host,
        "Add an interview",
        fields_of.interview_fields(store, None, application),
        InterviewForm.read,
        write,
        adding=named,
    )


def _add_message(host: Host, _application: int | None, contact: int | None) -> None:
    store = host.store
    form(
        host,
        "Log a message received (it needs a reply)",
        fields_of.message_fields(store, None, contact, now_text(host)),
        MessageForm.read,
        lambda f: store.add_message(f.contact, f.at, subject=f.subject, channel=f.channel),
        adding=lambda f: f"message: {f.subject or 'no subject'}",
    )


def _add_event(host: Host, _application: int | None, _contact: int | None) -> None:
    store = host.store
    form(
        host,
        "Add an event",
        fields_of.event_fields(store, None, []),
        EventForm.read,
        lambda f: store.add_event(f.name, f.on, location=f.location, url=f.url, met=f.met),
        adding=lambda f: f.name,
    )


def _add_resource(host: Host, application: int | None, _contact: int | None) -> None:
    store = host.store
    form(
        host,
        "Add something worth sharing",
        fields_of.resource_fields(store, None, application),
        ResourceForm.read,
        lambda f: store.add_resource(
            f.title, f.url, app_id=f.application, company=f.company, note=f.note
        ),
        adding=lambda f: f.title,
    )


ADDERS: dict[str, Callable[[Host, int | None, int | None], None]] = {
    "company": _add_company,
    "application": _add_application,
    "contact": _add_contact,
    "interview": _add_interview,
    "message": _add_message,
    "event": _add_event,
    "resource": _add_resource,
}

"""Changing what is stored: edit a record, move an application's stage, log a touch, delete.

Each edit's save is one change of the history that `u` takes back: the columns it set
(while they still hold what it wrote), the links it made or removed, and any row it
created (a new company). The forms and their writes share record_flows.form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from followup_tui.models import Stage, active_stage_path
from followup_tui.store import Invalid
from followup_tui.text import printable
from followup_tui.tui.record_flows import form, now_text
from followup_tui.tui.screens import record_fields as fields_of
from followup_tui.tui.screens.confirm import ConfirmScreen
from followup_tui.tui.screens.forms import Field, FormScreen, FormSpec
from followup_tui.tui.screens.record_fields import CHANNELS, STAGES
from followup_tui.tui.screens.record_forms import (
    ApplicationForm,
    CompanyForm,
    ContactForm,
    EventForm,
    InterviewForm,
    MessageForm,
    ResourceForm,
    StageForm,
    TouchForm,
    Values,
)

if TYPE_CHECKING:
    from followup_tui.tui.host import Host
    from followup_tui.tui.messages import RecordRef

Filled = TypeVar("Filled")


def edit(host: Host, record: RecordRef) -> None:
    """The form of one record, whatever its kind."""
    EDITORS[record.kind](host, record.id)


def _edit(
    host: Host,
    title: str,
    fields: list[Field],
    read: Callable[[Values], Filled],
    write: Callable[[Filled], None],
) -> None:
    form(host, f"Edit {title}", fields, read, write, undo_as=lambda _: f"edit {title}")


def _company_id(host: Host, name: str | None) -> int | None:
    return host.store.ensure_company(name) if name else None


def edit_company(host: Host, company_id: int) -> None:
    store = host.store
    current = store.company(company_id)
    _edit(
        host,
        current.name,
        fields_of.company_fields(store, current),
        CompanyForm.read,
        lambda f: store.update_company(company_id, f.name, f.website, f.social),
    )


def edit_application(host: Host, app_id: int) -> None:
    store = host.store
    current = store.application(app_id)

    def write(f: ApplicationForm) -> None:
        company_id = _company_id(host, f.company)
        assert company_id is not None
        store.update_application(
            app_id, company_id, f.role, f.applied, f.response_by, f.url, f.notes, why_fit=f.why_fit
        )

    _edit(
        host,
        f"{current.company} — {current.role}",
        fields_of.application_fields(store, current),
        ApplicationForm.read,
        write,
    )


def edit_contact(host: Host, contact_id: int) -> None:
    store = host.store
    current = store.contact(contact_id)
    links = store.applications_of(contact_id)
    _edit(
        host,
        current.name,
        fields_of.contact_fields(store, current, links),
        ContactForm.read,
        lambda f: store.update_contact(
            contact_id,
            f.name,
            _company_id(host, f.company),
            f.title,
            f.kind,
            f.email,
            f.phone,
            f.linkedin,
            f.linkedin_state,
            f.applications,
            current.notes,
        ),
    )


def edit_interview(host: Host, interview_id: int) -> None:
    store = host.store
    current = store.interview(interview_id)
    application = store.application(current.application_id)
    _edit(
        host,
        f"the interview for {application.company} — {application.role}",
        fields_of.interview_fields(store, current, current.application_id),
        InterviewForm.read,
        lambda f: store.update_interview(
            interview_id,
            f.at,
            f.kind,
            f.highlights,
            f.interviewers,
            open_questions=f.open_questions,
            own_highlights=f.own(store.contact_names(f.interviewers)),
        ),
    )


def edit_message(host: Host, touch_id: int) -> None:
    store = host.store
    current = store.touch(touch_id)
    _edit(
        host,
        "the message received",
        fields_of.message_fields(store, current, None, ""),
        MessageForm.read,
        lambda f: store.update_message(touch_id, f.contact, f.at, f.subject, f.channel),
    )


def edit_event(host: Host, event_id: int) -> None:
    store = host.store
    current = store.event(event_id)
    met = store.event_contacts(event_id)
    _edit(
        host,
        current.name,
        fields_of.event_fields(store, current, met),
        EventForm.read,
        lambda f: store.update_event(event_id, f.name, f.on, f.location, f.url, f.met),
    )


def edit_resource(host: Host, resource_id: int) -> None:
    store = host.store
    current = store.resource(resource_id)

    def write(f: ResourceForm) -> None:
        company_id = _company_id(host, f.company)
        if company_id is None and f.application is not None:
            company_id = store.application(f.application).company_id
        if company_id is None:
            raise Invalid("a resource belongs to an application or a company")
        store.update_resource(resource_id, f.title, f.url, f.application, company_id, f.note)

    _edit(
        host,
        current.title,
        fields_of.resource_fields(store, current, None),
        ResourceForm.read,
        write,
    )


EDITORS: dict[str, Callable[[Host, int], None]] = {
    "application": edit_application,
    "contact": edit_contact,
    "company": edit_company,
    "interview": edit_interview,
    "message": edit_message,
    "event": edit_event,
    "resource": edit_resource,
}


def edit_highlights(host: Host, interview_id: int | None, application_id: int | None) -> None:
    """`h`: this interview, or the application's latest."""
    if interview_id is None and application_id is not None:
        interviews = host.store.interviews_of(application_id)
        interview_id = interviews[-1].id if interviews else None
    if interview_id is None:
        host.notify("No interview here: add one with n on an application", severity="warning")
        return
    edit_interview(host, interview_id)


# --- stages, touches, delete ----------------------------------------------------------------------


def step_stage(host: Host, app_id: int, step: int) -> None:
    """Move an application one stage along the path (`>`), or back (`<`)."""
    path = active_stage_path()
    current = host.store.application(app_id).stage
    if current in path:
        index = path.index(current) + step
    else:  # a closed application re-opens where it left the path
        index = path.index(Stage.APPLIED) if step > 0 else -1
    if not 0 <= index < len(path):
        host.notify(
            f"{current.value} is already the {'last' if step > 0 else 'first'} stage",
            severity="warning",
        )
        return
    set_stage(host, app_id, path[index])


def set_stage(host: Host, app_id: int, stage: Stage) -> None:
    store = host.store
    previous = host.saved(
        lambda: store.set_stage(app_id, stage),
        label=lambda before: f"stage {before.value} → {stage.value}",
    )
    if previous is None:
        return
    application = store.application(app_id)
    host.notify(
        printable(
            f"{application.company} — {application.role}: {previous.value} → {stage.value}",
            keep_newlines=False,
        ),
        markup=False,
    )
    host.push_undo(f"stage {previous.value} → {stage.value}")
    host.refresh_data()


def pick_stage(host: Host, app_id: int) -> None:
    application = host.store.application(app_id)

    def chosen(picked: StageForm | None) -> None:
        if picked and picked.stage is not application.stage:
            set_stage(host, app_id, picked.stage)

    spec = FormSpec(
        f"Stage of {application.company} — {application.role}",
        (
            Field(
                "stage",
                "Stage",
                kind="choice",
                choices=STAGES,
                value=application.stage.value,
                required=True,
                help="rejected, withdrawn or ghosted close it",
            ),
        ),
        host.today,
        host.work_days(),
        "Move",
    )
    host.push_screen(FormScreen(spec, StageForm.read), chosen)


def log_touch(host: Host, contact_id: int | None, application_id: int | None) -> None:
    store = host.store

    def save(f: TouchForm) -> None:
        store.log_touch(f.contact, f.direction, f.at, f.channel, f.note, application_id)
        host.notify("Logged. Check-ins start counting again from today.", markup=False)

    company_id = store.application(application_id).company_id if application_id else None
    # The application's people first; with none selected, its first person is proposed.
    people = store.contact_choices(company_id)
    if contact_id is None and company_id is not None and people:
        first = store.contact(people[0][0]).company_id
        contact_id = people[0][0] if first == company_id else None
    form(
        host,
        "Log a touch (a call, a coffee chat, a message sent elsewhere)",
        [
            Field(
                "contact",
                "With",
                kind="choice",
                required=True,
                choices=tuple(people),
                value=contact_id,
            ),
            Field(
                "direction",
                "Who reached out",
                kind="choice",
                required=True,
                value="out",
                choices=(("out", "I did"), ("in", "they did")),
            ),
            Field("channel", "How", kind="choice", choices=CHANNELS, value="call", required=True),
            Field("at", "When", kind="datetime", required=True, value=now_text(host)),
            Field("note", "Note", kind="long"),
        ],
        TouchForm.read,
        save,
        submit="Log",
        undo_as=lambda _: "log a touch",
    )


def delete_record(host: Host, record: RecordRef) -> None:
    """`D` on an application or a contact: asked first, `u` brings it back."""
    if record.kind == "application":
        application = host.store.application(record.id)
        label = f"{application.company} — {application.role}"
        delete(host, "applications", application.id, label)
    else:
        contact = host.store.contact(record.id)
        delete(host, "contacts", contact.id, contact.name)


def delete(host: Host, table: str, row_id: int, label: str) -> None:
    def answered(yes: bool | None) -> None:
        if not yes:
            return
        deleted = host.saved(lambda: host.store.delete(table, row_id), label=f"delete {label}")
        if deleted is None:
            return
        host.notify(
            f"Deleted {printable(label, keep_newlines=False)} (u brings it back)", markup=False
        )
        host.push_undo(f"delete {label}")
        host.refresh_data()

    host.push_screen(
        ConfirmScreen(f"Delete {label}, with its interviews, notes and history?"), answered
    )

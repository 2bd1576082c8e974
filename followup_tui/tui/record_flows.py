"""Running the job search from the dashboard: add, edit, stage, log, delete.

Each flow opens a typed form (screens/forms.py), and on a valid result writes through the
store, offers `u` to take it back, and refreshes the panes. The app hands the panes'
messages (messages.py) to these.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from followup_tui.db import explain, file_of
from followup_tui.models import (
    ContactKind,
    Direction,
    LinkedInState,
    Stage,
    printable,
)
from followup_tui.store import Invalid, NotFound
from followup_tui.store_editing import active_stage_path
from followup_tui.tui.screens import record_forms as records
from followup_tui.tui.screens.choose import ChooseScreen
from followup_tui.tui.screens.confirm import ConfirmScreen
from followup_tui.tui.screens.forms import Field, FormScreen, FormSpec
from followup_tui.tui.screens.record_forms import CHANNELS, STAGES

if TYPE_CHECKING:
    from followup_tui.tui.host import Dashboard
    from followup_tui.tui.messages import RecordRef, Selection

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


def _form(
    host: Dashboard,
    title: str,
    fields: list[Field],
    done: Callable[[dict[str, Any]], object],
    submit: str = "Save",
    adding: Callable[[dict[str, Any]], str] | None = None,
    undo_as: Callable[[dict[str, Any]], str] | None = None,
) -> None:
    """Open a form; a valid result runs `done` under the lock as one change of the history,
    then the panes refresh.

    With `adding` (which names what was added) or `undo_as` (which names the change), `u`
    takes back exactly what the save wrote: the record, anything made along with it (a new
    company, new interviewers, the links), and for an edit only the columns it changed.
    """
    spec = FormSpec(title, tuple(fields), host.today, host.work_days(), submit)

    def finished(values: dict[str, Any] | None) -> None:
        if values is None:
            return
        try:
            with host.db_lock, host.store.recording(spec.title) as recording:
                done(values)
                # Named before the change is stored, in the same transaction.
                if adding is not None:
                    what = adding(values)
                    recording.label = f"add {what}"
                elif undo_as is not None:
                    recording.label = undo_as(values)
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
            message = explain(file_of(host.store.conn), error)
            host.notify(
                printable(f"Not saved: {message}", keep_newlines=False),
                severity="error",
                markup=False,
                timeout=15,
            )
            typed = tuple(replace(f, value=_as_typed(f, values.get(f.name))) for f in fields)
            host.push_screen(FormScreen(replace(spec, fields=typed)), finished)
            return
        if adding is not None:
            host.notify(f"Added {printable(what, keep_newlines=False)}", markup=False)
        if adding is not None or undo_as is not None:
            host.push_undo(recording.label)
        host.refresh_data()

    host.push_screen(FormScreen(spec), finished)


def _as_typed(item: Field, value: Any) -> Any:
    """A form's parsed value as the starting value of the same field."""
    if value is None:
        return None
    if item.kind == "datetime":
        return f"{value:%Y-%m-%d %H:%M}"
    if item.kind == "date":
        return value.isoformat()
    return value


def _company_id(host: Dashboard, name: str | None) -> int | None:
    return host.store.ensure_company(name) if name else None


# --- add ---------------------------------------------------------------------------------------


def add(host: Dashboard, kind: str, **preset: Any) -> None:
    """Open the form that adds one `kind` of thing, with `preset` values filled in."""
    store = host.store
    app_id, contact_id = preset.get("application"), preset.get("contact")
    forms: dict[
        str,
        tuple[
            str, list[Field], Callable[[dict[str, Any]], object], Callable[[dict[str, Any]], str]
        ],
    ] = {
        "company": (
            "Add a company",
            records.company_fields(store, None),
            lambda v: store.add_company(v["name"], v["website"], records.lines(v["social"])),
            lambda v: v["name"],
        ),
        "application": (
            "Add an application",
            records.application_fields(store, None),
            lambda v: store.add_application(
                v["company"],
                v["role"],
                Stage(v["stage"]),
                applied_on=v["applied"],
                response_by=v["response_by"],
                url=v["url"],
                notes=v["notes"],
            ),
            lambda v: f"{v['company']} — {v['role']}",
        ),
        "contact": (
            "Add a contact",
            records.contact_fields(
                store,
                None,
                [app_id] if app_id else [],
                store.application(app_id).company if app_id else None,
            ),
            lambda v: store.add_contact(
                v["name"],
                company=v["company"],
                title=v["title"],
                kind=ContactKind(v["kind"]),
                email=v["email"],
                phone=v["phone"],
                linkedin_url=v["linkedin"],
                linkedin_state=LinkedInState(v["linkedin_state"]),
                application_ids=v["applications"] or (),
            ),
            lambda v: v["name"],
        ),
        "interview": (
            "Add an interview",
            records.interview_fields(store, None, app_id),
            lambda v: _add_interview(host, v),
            lambda v: f"interview at {store.application(v['application']).company}",
        ),
        "message": (
            "Log a message received (it needs a reply)",
            records.message_fields(store, None, contact_id, _now_text(host)),
            lambda v: store.add_message(
                v["contact"], v["at"], subject=v["subject"], channel=v["channel"]
            ),
            lambda v: f"message: {v['subject'] or 'no subject'}",
        ),
        "event": (
            "Add an event",
            records.event_fields(store, None, []),
            lambda v: store.add_event(
                v["name"], v["on"], location=v["location"], url=v["url"], met=v["met"] or ()
            ),
            lambda v: v["name"],
        ),
        "resource": (
            "Add something worth sharing",
            records.resource_fields(store, None, app_id),
            lambda v: store.add_resource(
                v["title"], v["url"], app_id=v["application"], company=v["company"]
            ),
            lambda v: v["title"],
        ),
    }
    title, fields, write, name = forms[kind]
    _form(host, title, fields, write, adding=name)


def _now_text(host: Dashboard) -> str:
    return f"{host.today.isoformat()} {host.store.now():%H:%M}"


def _add_interview(host: Dashboard, values: dict[str, Any]) -> int:
    store = host.store
    app_id = values["application"]
    company = store.application(app_id).company
    people = list(values["with"] or [])
    for name in (n.strip() for n in (values["new_people"] or "").split(",")):
        if name:
            people.append(
                store.add_contact(
                    name, company=company, kind=ContactKind.INTERVIEWER, application_ids=[app_id]
                )
            )
    return store.add_interview(
        app_id, values["at"], people, kind=values["kind"], highlights=values["highlights"]
    )


# --- edit ---------------------------------------------------------------------------------------


def _edit(
    host: Dashboard,
    title: str,
    fields: list[Field],
    write: Callable[[dict[str, Any]], None],
) -> None:
    """An edit form whose save `u` can take back: the columns it set (while they still hold
    what it wrote), the links it made or removed, and any row it created (a new company)."""
    _form(host, f"Edit {title}", fields, write, undo_as=lambda _: f"edit {title}")


def edit_company(host: Dashboard, company_id: int) -> None:
    store = host.store
    current = store.company(company_id)
    _edit(
        host,
        current.name,
        records.company_fields(store, current),
        lambda v: store.update_company(
            company_id, v["name"], v["website"], records.lines(v["social"])
        ),
    )


def edit_application(host: Dashboard, app_id: int) -> None:
    store = host.store
    current = store.application(app_id)

    def write(v: dict[str, Any]) -> None:
        company_id = _company_id(host, v["company"])
        assert company_id is not None
        store.update_application(
            app_id, company_id, v["role"], v["applied"], v["response_by"], v["url"], v["notes"]
        )

    _edit(
        host,
        f"{current.company} — {current.role}",
        records.application_fields(store, current),
        write,
    )


def edit_contact(host: Dashboard, contact_id: int) -> None:
    store = host.store
    current = store.contact(contact_id)
    links = store.applications_of(contact_id)
    _edit(
        host,
        current.name,
        records.contact_fields(store, current, links),
        lambda v: store.update_contact(
            contact_id,
            v["name"],
            _company_id(host, v["company"]),
            v["title"],
            ContactKind(v["kind"]),
            v["email"],
            v["phone"],
            v["linkedin"],
            LinkedInState(v["linkedin_state"]),
            v["applications"] or (),
            current.notes,
        ),
    )


def edit_interview(host: Dashboard, interview_id: int) -> None:
    store = host.store
    current = store.interview(interview_id)
    application = store.application(current.application_id)
    _edit(
        host,
        f"the interview for {application.company} — {application.role}",
        records.interview_fields(store, current, current.application_id),
        lambda v: store.update_interview(
            interview_id, v["at"], v["kind"], v["highlights"], v["with"] or ()
        ),
    )


def edit_message(host: Dashboard, touch_id: int) -> None:
    store = host.store
    current = store.touch(touch_id)
    _edit(
        host,
        "the message received",
        records.message_fields(store, current, None, ""),
        lambda v: store.update_message(touch_id, v["contact"], v["at"], v["subject"], v["channel"]),
    )


def edit_event(host: Dashboard, event_id: int) -> None:
    store = host.store
    current = store.event(event_id)
    met = store.event_contacts(event_id)
    _edit(
        host,
        current.name,
        records.event_fields(store, current, met),
        lambda v: store.update_event(
            event_id, v["name"], v["on"], v["location"], v["url"], v["met"] or ()
        ),
    )


def edit_resource(host: Dashboard, resource_id: int) -> None:
    store = host.store
    current = store.resource(resource_id)

    def write(v: dict[str, Any]) -> None:
        company_id = _company_id(host, v["company"])
        if company_id is None and v["application"] is not None:
            company_id = store.application(v["application"]).company_id
        if company_id is None:
            raise Invalid("a resource belongs to an application or a company")
        store.update_resource(resource_id, v["title"], v["url"], v["application"], company_id)

    _edit(
        host,
        current.title,
        records.resource_fields(store, current, None),
        write,
    )


# --- stages, touches, delete ----------------------------------------------------------------------


def step_stage(host: Dashboard, app_id: int, step: int) -> None:
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


def set_stage(host: Dashboard, app_id: int, stage: Stage) -> None:
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


def pick_stage(host: Dashboard, app_id: int) -> None:
    application = host.store.application(app_id)

    def chosen(values: dict[str, Any] | None) -> None:
        if values and values["stage"] != application.stage.value:
            set_stage(host, app_id, Stage(values["stage"]))

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
    host.push_screen(FormScreen(spec), chosen)


def log_touch(host: Dashboard, contact_id: int | None, application_id: int | None) -> None:
    store = host.store

    def save(v: dict[str, Any]) -> None:
        touch_id = store.log_touch(
            v["contact"],
            Direction(v["direction"]),
            v["at"],
            v["channel"],
            v["note"],
            application_id,
        )
        del touch_id
        host.notify("Logged. Check-ins start counting again from today.", markup=False)

    company_id = store.application(application_id).company_id if application_id else None
    # The application's people first; with none selected, its first person is proposed.
    people = store.contact_choices(company_id)
    if contact_id is None and company_id is not None and people:
        first = store.contact(people[0][0]).company_id
        contact_id = people[0][0] if first == company_id else None
    _form(
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
            Field("at", "When", kind="datetime", required=True, value=_now_text(host)),
            Field("note", "Note", kind="long"),
        ],
        save,
        submit="Log",
        undo_as=lambda _: "log a touch",
    )


def delete(host: Dashboard, table: str, row_id: int, label: str) -> None:
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


# --- what the panes ask for ---------------------------------------------------------------------


def add_to(host: Dashboard, selection: Selection, kind: str | None) -> None:
    """Add a `kind` of record (asked first when None), the selection filled in."""
    if kind is not None:
        add(host, kind, application=selection.application_id, contact=selection.contact_id)
        return

    def chosen(kind: str | None) -> None:
        if kind:
            add_to(host, selection, kind)

    host.push_screen(ChooseScreen("Add…", ADDABLE), chosen)


def edit(host: Dashboard, record: RecordRef) -> None:
    """The form of one record, whatever its kind."""
    {
        "application": edit_application,
        "contact": edit_contact,
        "company": edit_company,
        "interview": edit_interview,
        "message": edit_message,
        "event": edit_event,
        "resource": edit_resource,
    }[record.kind](host, record.id)


def edit_highlights(host: Dashboard, interview_id: int | None, application_id: int | None) -> None:
    """`h`: this interview, or the application's latest."""
    if interview_id is None and application_id is not None:
        interviews = host.store.interviews_of(application_id)
        interview_id = interviews[-1].id if interviews else None
    if interview_id is None:
        host.notify("No interview here: add one with n on an application", severity="warning")
        return
    edit_interview(host, interview_id)


def delete_record(host: Dashboard, record: RecordRef) -> None:
    """`D` on an application or a contact: asked first, `u` brings it back."""
    if record.kind == "application":
        application = host.store.application(record.id)
        delete(host, "applications", application.id, f"{application.company} — {application.role}")
    else:
        contact = host.store.contact(record.id)
        delete(host, "contacts", contact.id, contact.name)

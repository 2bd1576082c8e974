"""Running the job search from the dashboard: add, edit, stage, log, delete.

Each flow opens a typed form (forms.py), and on a valid result writes through the store,
offers `u` to take it back, and refreshes the panes. The app's key actions call these.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from followup_tui.models import (
    ContactKind,
    Direction,
    LinkedInState,
    Stage,
    printable,
)
from followup_tui.store import Invalid, NotFound
from followup_tui.store_editing import active_stage_path
from followup_tui.tui.forms import (
    ConfirmScreen,
    Field,
    FormScreen,
    FormSpec,
    email_check,
    url_check,
)

if TYPE_CHECKING:
    from followup_tui.tui.app import FollowupApp

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
    app: FollowupApp,
    title: str,
    fields: list[Field],
    done: Callable[[dict[str, Any]], None],
    submit: str = "Save",
) -> None:
    spec = FormSpec(title, tuple(fields), app.today, app.work_days(), submit)

    def finished(values: dict[str, Any] | None) -> None:
        if values is None:
            return
        try:
            with app.db_lock:
                done(values)
        except (Invalid, NotFound, ValueError) as error:
            app.notify(f"Not saved: {error}", severity="error", markup=False)
            return
        app.refresh_data()

    app.push_screen(FormScreen(spec), finished)


def _company_id(app: FollowupApp, name: str | None) -> int | None:
    return app.store.ensure_company(name) if name else None


def _added(app: FollowupApp, what: str, table: str, row_id: int) -> None:
    app.notify(f"Added {printable(what, keep_newlines=False)}", markup=False)
    app.push_undo(f"add {what}", lambda: _forget(app, table, row_id))


def _forget(app: FollowupApp, table: str, row_id: int) -> None:
    app.store.delete(table, row_id)


# --- add ---------------------------------------------------------------------------------------


def add(app: FollowupApp, kind: str, **preset: Any) -> None:
    """Open the form that adds one `kind` of thing, with `preset` values filled in."""
    store = app.store
    if kind == "company":
        _form(
            app,
            "Add a company",
            [
                Field("name", "Name", required=True),
                Field("website", "Website", placeholder="https://", check=url_check),
                Field(
                    "social",
                    "Social links, one per line",
                    kind="long",
                    placeholder="https://www.linkedin.com/company/…",
                ),
            ],
            lambda v: _added(
                app,
                v["name"],
                "companies",
                store.add_company(v["name"], v["website"], _lines(v["social"])),
            ),
        )
    elif kind == "application":
        _form(
            app,
            "Add an application",
            [
                Field(
                    "company",
                    "Company (picked or new)",
                    required=True,
                    suggestions=tuple(store.company_names()),
                ),
                Field("role", "Role", required=True),
                Field(
                    "stage", "Stage", kind="choice", choices=STAGES, value="applied", required=True
                ),
                Field("applied", "Applied on", kind="date", value="today"),
                Field(
                    "response_by",
                    "They said they'd answer by",
                    kind="date",
                    placeholder="fri, +2w, 2026-12-10",
                ),
                Field("url", "Job posting", check=url_check, placeholder="https://"),
                Field("notes", "Notes", kind="long"),
            ],
            lambda v: _added(
                app,
                f"{v['company']} — {v['role']}",
                "applications",
                store.add_application(
                    v["company"],
                    v["role"],
                    Stage(v["stage"]),
                    applied_on=v["applied"],
                    response_by=v["response_by"],
                    url=v["url"],
                    notes=v["notes"],
                ),
            ),
        )
    elif kind == "contact":
        _form(
            app,
            "Add a contact",
            [
                Field("name", "Name", required=True),
                Field(
                    "company",
                    "Company",
                    value=preset.get("company"),
                    suggestions=tuple(store.company_names()),
                ),
                Field("title", "Title"),
                Field(
                    "kind",
                    "Kind",
                    kind="choice",
                    choices=KINDS,
                    value=preset.get("kind", "hiring-manager"),
                    required=True,
                ),
                Field("email", "Email", check=email_check),
                Field("phone", "Phone"),
                Field(
                    "linkedin",
                    "LinkedIn URL",
                    check=url_check,
                    placeholder="https://www.linkedin.com/in/…",
                ),
                Field(
                    "linkedin_state",
                    "LinkedIn",
                    kind="choice",
                    choices=LINKEDIN_STATES,
                    value="not connected",
                    required=True,
                ),
                Field(
                    "applications",
                    "Applications (space to tick)",
                    kind="multi",
                    choices=tuple(store.application_choices()),
                    value=[preset["application"]] if preset.get("application") else [],
                ),
            ],
            lambda v: _added(
                app,
                v["name"],
                "contacts",
                store.add_contact(
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
            ),
        )
    elif kind == "interview":
        app_id = preset.get("application")
        company_id = store.application(app_id).company_id if app_id else None
        _form(
            app,
            "Add an interview",
            [
                Field(
                    "application",
                    "Application",
                    kind="choice",
                    required=True,
                    choices=tuple(store.application_choices()),
                    value=app_id,
                ),
                Field(
                    "at",
                    "When",
                    kind="datetime",
                    required=True,
                    value="today 10:00",
                    placeholder="2026-12-01 14:00, tomorrow 9:30, fri 15:00",
                ),
                Field("kind", "Kind", placeholder="phone screen, technical, onsite, …"),
                Field(
                    "with",
                    "Interviewers (space to tick)",
                    kind="multi",
                    choices=tuple(store.contact_choices(company_id)),
                ),
                Field(
                    "new_people",
                    "New interviewers, comma separated",
                    placeholder="created as interviewers at the company",
                ),
                Field(
                    "highlights",
                    "Highlights: what resonated (the thank-you quotes it)",
                    kind="long",
                ),
            ],
            lambda v: _add_interview(app, v),
        )
    elif kind == "message":
        contact_id = preset.get("contact")
        _form(
            app,
            "Log a message received (it needs a reply)",
            [
                Field(
                    "contact",
                    "From",
                    kind="choice",
                    required=True,
                    choices=tuple(store.contact_choices()),
                    value=contact_id,
                ),
                Field("at", "Received", kind="datetime", required=True, value=_now_text(app)),
                Field("subject", "Subject"),
                Field(
                    "channel",
                    "Channel",
                    kind="choice",
                    choices=CHANNELS,
                    value="email",
                    required=True,
                ),
            ],
            lambda v: _added(
                app,
                f"message: {v['subject'] or 'no subject'}",
                "touches",
                store.add_message(
                    v["contact"], v["at"], subject=v["subject"], channel=v["channel"]
                ),
            ),
        )
    elif kind == "event":
        _form(
            app,
            "Add an event",
            [
                Field("name", "Name", required=True),
                Field("on", "On", kind="date", required=True, placeholder="sat, +1w, 2026-12-05"),
                Field("location", "Location"),
                Field("url", "Link", check=url_check),
                Field(
                    "met",
                    "People met there (space to tick)",
                    kind="multi",
                    choices=tuple(store.contact_choices()),
                ),
            ],
            lambda v: _added(
                app,
                v["name"],
                "events",
                store.add_event(
                    v["name"], v["on"], location=v["location"], url=v["url"], met=v["met"] or ()
                ),
            ),
        )
    elif kind == "resource":
        _form(
            app,
            "Add something worth sharing",
            [
                Field("title", "Title", required=True),
                Field("url", "Link", required=True, check=url_check, placeholder="https://"),
                Field(
                    "application",
                    "For the application",
                    kind="choice",
                    choices=tuple(store.application_choices()),
                    value=preset.get("application"),
                ),
                Field("company", "Or for the company", suggestions=tuple(store.company_names())),
            ],
            lambda v: _added(
                app,
                v["title"],
                "resources",
                store.add_resource(
                    v["title"], v["url"], app_id=v["application"], company=v["company"]
                ),
            ),
        )


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _now_text(app: FollowupApp) -> str:
    return f"{app.today.isoformat()} {app.store.now():%H:%M}"


def _add_interview(app: FollowupApp, values: dict[str, Any]) -> None:
    store = app.store
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
    interview_id = store.add_interview(
        app_id, values["at"], people, kind=values["kind"], highlights=values["highlights"]
    )
    _added(app, f"interview at {company}", "interviews", interview_id)


# --- edit ---------------------------------------------------------------------------------------


def edit_application(app: FollowupApp, app_id: int) -> None:
    store = app.store
    current = store.application(app_id)
    before = store.row("applications", app_id)

    def save(v: dict[str, Any]) -> None:
        company_id = _company_id(app, v["company"])
        assert company_id is not None
        store.update_application(
            app_id, company_id, v["role"], v["applied"], v["response_by"], v["url"], v["notes"]
        )
        app.push_undo(f"edit {current.role}", lambda: store.put_row("applications", before))

    _form(
        app,
        f"Edit {current.company} — {current.role}",
        [
            Field(
                "company",
                "Company",
                required=True,
                value=current.company,
                suggestions=tuple(store.company_names()),
            ),
            Field("role", "Role", required=True, value=current.role),
            Field(
                "applied",
                "Applied on",
                kind="date",
                value=current.applied_on.isoformat() if current.applied_on else None,
            ),
            Field(
                "response_by",
                "They said they'd answer by",
                kind="date",
                value=current.response_by.isoformat() if current.response_by else None,
            ),
            Field("url", "Job posting", check=url_check, value=current.url),
            Field("notes", "Notes", kind="long", value=current.notes),
        ],
        save,
    )


def edit_contact(app: FollowupApp, contact_id: int) -> None:
    store = app.store
    current = store.contact(contact_id)
    before = store.row("contacts", contact_id)
    links = store.applications_of(contact_id)

    def save(v: dict[str, Any]) -> None:
        store.update_contact(
            contact_id,
            v["name"],
            _company_id(app, v["company"]),
            v["title"],
            ContactKind(v["kind"]),
            v["email"],
            v["phone"],
            v["linkedin"],
            LinkedInState(v["linkedin_state"]),
            v["applications"] or (),
            current.notes,
        )

        def back() -> None:
            store.put_row("contacts", before)
            store.update_links(contact_id, links)

        app.push_undo(f"edit {current.name}", back)

    choices = dict(store.application_choices())
    for app_id in links:
        if app_id not in choices:
            application = store.application(app_id)
            choices[app_id] = f"{application.company} — {application.role}"
    _form(
        app,
        f"Edit {current.name}",
        [
            Field("name", "Name", required=True, value=current.name),
            Field(
                "company",
                "Company",
                value=current.company,
                suggestions=tuple(store.company_names()),
            ),
            Field("title", "Title", value=current.title),
            Field(
                "kind",
                "Kind",
                kind="choice",
                choices=KINDS,
                value=current.kind.value,
                required=True,
            ),
            Field("email", "Email", check=email_check, value=current.email),
            Field("phone", "Phone", value=current.phone),
            Field("linkedin", "LinkedIn URL", check=url_check, value=current.linkedin_url),
            Field(
                "linkedin_state",
                "LinkedIn",
                kind="choice",
                choices=LINKEDIN_STATES,
                value=current.linkedin_state.value,
                required=True,
            ),
            Field(
                "applications",
                "Applications (space to tick)",
                kind="multi",
                choices=tuple(choices.items()),
                value=links,
            ),
        ],
        save,
    )


def edit_interview(app: FollowupApp, interview_id: int) -> None:
    store = app.store
    current = store.interview(interview_id)
    application = store.application(current.application_id)
    before = store.row("interviews", interview_id)
    people = list(current.participant_ids)

    def save(v: dict[str, Any]) -> None:
        store.update_interview(interview_id, v["at"], v["kind"], v["highlights"], v["with"] or ())

        def back() -> None:
            store.put_row("interviews", before)
            store.update_interview(
                interview_id, current.starts_at, current.kind, current.highlights, people
            )

        app.push_undo("edit the interview", back)

    choices = dict(store.contact_choices(application.company_id))
    for contact_id in people:
        choices.setdefault(contact_id, store.contact(contact_id).name)
    _form(
        app,
        f"Interview for {application.company} — {application.role}",
        [
            Field(
                "at",
                "When",
                kind="datetime",
                required=True,
                value=f"{current.starts_at:%Y-%m-%d %H:%M}",
            ),
            Field("kind", "Kind", value=current.kind),
            Field(
                "with",
                "Interviewers (space to tick)",
                kind="multi",
                choices=tuple(choices.items()),
                value=people,
            ),
            Field(
                "highlights",
                "Highlights: what resonated (the thank-you quotes it)",
                kind="long",
                value=current.highlights,
            ),
        ],
        save,
    )


def edit_company(app: FollowupApp, company_id: int) -> None:
    store = app.store
    current = store.company(company_id)
    before = store.row("companies", company_id)

    def save(v: dict[str, Any]) -> None:
        store.update_company(company_id, v["name"], v["website"], _lines(v["social"]))
        app.push_undo(f"edit {current.name}", lambda: store.put_row("companies", before))

    _form(
        app,
        f"Edit {current.name}",
        [
            Field("name", "Name", required=True, value=current.name),
            Field("website", "Website", check=url_check, value=current.website),
            Field(
                "social", "Social links, one per line", kind="long", value="\n".join(current.social)
            ),
        ],
        save,
    )


def edit_message(app: FollowupApp, touch_id: int) -> None:
    store = app.store
    current = store.touch(touch_id)
    before = store.row("touches", touch_id)

    def save(v: dict[str, Any]) -> None:
        store.update_message(touch_id, v["contact"], v["at"], v["subject"], v["channel"])
        app.push_undo("edit the message", lambda: store.put_row("touches", before))

    choices = dict(store.contact_choices())
    if current.contact_id is not None and current.contact_id not in choices:
        choices[current.contact_id] = store.contact(current.contact_id).name
    _form(
        app,
        "Edit the message received",
        [
            Field(
                "contact",
                "From",
                kind="choice",
                required=True,
                choices=tuple(choices.items()),
                value=current.contact_id,
            ),
            Field(
                "at",
                "Received",
                kind="datetime",
                required=True,
                value=f"{current.at:%Y-%m-%d %H:%M}",
            ),
            Field("subject", "Subject", value=current.subject),
            Field(
                "channel",
                "Channel",
                kind="choice",
                choices=CHANNELS,
                value=current.channel or "email",
                required=True,
            ),
        ],
        save,
    )


def edit_event(app: FollowupApp, event_id: int) -> None:
    store = app.store
    current = store.event(event_id)
    before = store.row("events", event_id)
    met = store.event_contacts(event_id)

    def save(v: dict[str, Any]) -> None:
        store.update_event(event_id, v["name"], v["on"], v["location"], v["url"], v["met"] or ())

        def back() -> None:
            store.update_event(
                event_id, current.name, current.on, current.location, current.url, met
            )
            store.put_row("events", before)

        app.push_undo(f"edit {current.name}", back)

    choices = dict(store.contact_choices())
    for contact_id in met:
        choices.setdefault(contact_id, store.contact(contact_id).name)
    _form(
        app,
        f"Edit {current.name}",
        [
            Field("name", "Name", required=True, value=current.name),
            Field("on", "On", kind="date", required=True, value=current.on.isoformat()),
            Field("location", "Location", value=current.location),
            Field("url", "Link", check=url_check, value=current.url),
            Field(
                "met",
                "People met there (space to tick)",
                kind="multi",
                choices=tuple(choices.items()),
                value=met,
            ),
        ],
        save,
    )


def edit_resource(app: FollowupApp, resource_id: int) -> None:
    store = app.store
    current = store.resource(resource_id)
    before = store.row("resources", resource_id)

    def save(v: dict[str, Any]) -> None:
        company_id = _company_id(app, v["company"])
        if v["application"] is None and company_id is None:
            raise Invalid("a resource belongs to an application or a company")
        store.update_resource(resource_id, v["title"], v["url"], v["application"], company_id)
        app.push_undo(f"edit {current.title}", lambda: store.put_row("resources", before))

    company = store.company(current.company_id).name if current.company_id else None
    _form(
        app,
        f"Edit {current.title}",
        [
            Field("title", "Title", required=True, value=current.title),
            Field("url", "Link", required=True, check=url_check, value=current.url),
            Field(
                "application",
                "For the application",
                kind="choice",
                choices=tuple(store.application_choices()),
                value=current.application_id,
            ),
            Field(
                "company",
                "Or for the company",
                value=company,
                suggestions=tuple(store.company_names()),
            ),
        ],
        save,
    )


# --- stages, touches, delete ----------------------------------------------------------------------


def step_stage(app: FollowupApp, app_id: int, step: int) -> None:
    """Move an application one stage along the path (`>`), or back (`<`)."""
    path = active_stage_path()
    current = app.store.application(app_id).stage
    if current in path:
        index = path.index(current) + step
    else:  # a closed application re-opens where it left the path
        index = path.index(Stage.APPLIED) if step > 0 else -1
    if not 0 <= index < len(path):
        app.notify(
            f"{current.value} is already the {'last' if step > 0 else 'first'} stage",
            severity="warning",
        )
        return
    set_stage(app, app_id, path[index])


def set_stage(app: FollowupApp, app_id: int, stage: Stage) -> None:
    store = app.store
    with app.db_lock:
        previous = store.set_stage(app_id, stage)
    application = store.application(app_id)
    app.notify(
        f"{application.company} — {application.role}: {previous.value} → {stage.value}",
        markup=False,
    )
    app.push_undo(
        f"stage {previous.value} → {stage.value}", lambda: store.undo_stage(app_id, previous)
    )
    app.refresh_data()


def pick_stage(app: FollowupApp, app_id: int) -> None:
    application = app.store.application(app_id)

    def chosen(values: dict[str, Any] | None) -> None:
        if values and values["stage"] != application.stage.value:
            set_stage(app, app_id, Stage(values["stage"]))

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
        app.today,
        app.work_days(),
        "Move",
    )
    app.push_screen(FormScreen(spec), chosen)


def log_touch(app: FollowupApp, contact_id: int | None, application_id: int | None) -> None:
    store = app.store

    def save(v: dict[str, Any]) -> None:
        touch_id = store.log_touch(
            v["contact"],
            Direction(v["direction"]),
            v["at"],
            v["channel"],
            v["note"],
            application_id,
        )
        app.notify("Logged. Check-ins start counting again from today.", markup=False)
        app.push_undo("log a touch", lambda: _forget(app, "touches", touch_id))

    _form(
        app,
        "Log a touch (a call, a coffee chat, a message sent elsewhere)",
        [
            Field(
                "contact",
                "With",
                kind="choice",
                required=True,
                choices=tuple(store.contact_choices()),
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
            Field("at", "When", kind="datetime", required=True, value=_now_text(app)),
            Field("note", "Note", kind="long"),
        ],
        save,
        submit="Log",
    )


def delete(app: FollowupApp, table: str, row_id: int, label: str) -> None:
    def answered(yes: bool | None) -> None:
        if not yes:
            return
        with app.db_lock:
            deleted = app.store.delete(table, row_id)
        app.notify(
            f"Deleted {printable(label, keep_newlines=False)} (u brings it back)", markup=False
        )
        app.push_undo(f"delete {label}", lambda: app.store.restore(deleted))
        app.refresh_data()

    app.push_screen(
        ConfirmScreen(f"Delete {label}, with its interviews, notes and history?"), answered
    )

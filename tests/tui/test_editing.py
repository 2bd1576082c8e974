"""Pilot tests of running the job search from the dashboard: forms, edits, stages, touches,
delete and undo, templates, settings and search, checked in the database and on screen."""

from __future__ import annotations

import json
from typing import Any

import pendulum
from textual.coordinate import Coordinate
from textual.pilot import Pilot
from textual.widgets import Input, Label, OptionList, Select, SelectionList, TextArea

from followup_tui import drafts
from followup_tui.models import Action, Stage, Strategy
from followup_tui.store import Store
from followup_tui.tui.app import FollowupApp
from followup_tui.tui.screens.choose import ChooseScreen
from followup_tui.tui.screens.confirm import ConfirmScreen
from followup_tui.tui.screens.details import DetailScreen
from followup_tui.tui.screens.forms import FormScreen
from followup_tui.tui.screens.search import SearchScreen
from followup_tui.tui.screens.templates import TemplateScreen
from followup_tui.tui.widgets.draft import DraftView
from followup_tui.tui.widgets.pipeline import PipelineTable
from followup_tui.tui.widgets.table import Table
from tests.tui.test_app import SIZE, TODAY, due_actions, make_app, private_state, store

__all__ = ["private_state", "store"]  # fixtures, used by name

# --- helpers -------------------------------------------------------------------------------------


def count(store: Store, table: str) -> int:
    return int(store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def dump(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (the search index by its visible columns), but the undo
    history itself, which records the change and its undo, and the counter of changes
    (db_version), which counts them both."""
    names = [
        r[0]
        for r in store.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'search_%' AND name NOT IN ('search', 'changes', 'db_version') "
            "ORDER BY name"
        )
    ]
    tables = {name: store.conn.execute(f"SELECT * FROM {name}").fetchall() for name in names}
    tables["search"] = store.conn.execute(
        "SELECT rowid, kind, ref, label, body FROM search"
    ).fetchall()
    return {name: sorted(rows, key=repr) for name, rows in tables.items()}


def keys_of(table: Table) -> list[str]:
    rows = range(table.row_count)
    return [str(table.coordinate_to_cell_key(Coordinate(i, 0)).row_key.value) for i in rows]


async def select_row(pilot: Pilot[None], pane: str, key: str | int) -> None:
    """Focus a pane (1 Today, 2 Pipeline, 3 Contacts) and put its cursor on a row."""
    app = pilot.app
    await pilot.press({"today": "1", "pipeline": "2", "contacts": "3"}[pane])
    table = app.query_one(f"#{pane}", Table)
    table.move_cursor(row=keys_of(table).index(str(key)))
    await pilot.pause()
    assert table.selected_key() == str(key)


async def choose(pilot: Pilot[None], value: str) -> None:
    """In a ChooseScreen, highlight the option `value` and press enter."""
    screen = pilot.app.screen
    assert isinstance(screen, ChooseScreen)
    ids = [value_ for value_, _label in screen.options]
    screen.query_one(OptionList).highlighted = ids.index(value)
    await pilot.press("enter")


async def add_form(pilot: Pilot[None], kind: str) -> FormScreen[Any]:
    """`a`, then the chooser's entry for `kind`: the form it opens."""
    await pilot.press("a")
    await choose(pilot, kind)
    screen = pilot.app.screen
    assert isinstance(screen, FormScreen)
    return screen


def form(app: FollowupApp) -> FormScreen[Any]:
    screen = app.screen
    assert isinstance(screen, FormScreen), screen
    return screen


def fill(screen: FormScreen[Any], **values: Any) -> None:
    """Set fields by name: text for inputs and text areas, a value for selects, a list
    of values to tick for selection lists."""
    for name, value in values.items():
        widget = screen.query_one(f"#field-{name}")
        if isinstance(widget, Input):
            widget.value = value
        elif isinstance(widget, TextArea):
            widget.text = value
        elif isinstance(widget, Select):
            widget.value = value
        elif isinstance(widget, SelectionList):
            widget.deselect_all()
            for item in value:
                widget.select(item)
        else:
            raise TypeError(widget)


def message(screen: FormScreen[Any], name: str) -> str:
    return str(screen.query_one(f"#{name}-message", Label).render())


def is_invalid(screen: FormScreen[Any], name: str) -> bool:
    return screen.query_one(f"#{name}-message", Label).has_class("invalid")


async def submit(pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+s")
    await pilot.pause()


async def refused(pilot: Pilot[None], screen: FormScreen[Any], name: str, says: str) -> None:
    """ctrl+s keeps the form open and the message under `name` says what is wrong."""
    await submit(pilot)
    assert pilot.app.screen is screen, "the form closed on bad input"
    assert is_invalid(screen, name), name
    assert says in message(screen, name), message(screen, name)


def action(app: FollowupApp, key: str) -> Action:
    assert app.snapshot is not None
    return next(a for a in app.snapshot.actions if a.key == key)


def snapshot_keys(app: FollowupApp) -> list[str]:
    assert app.snapshot is not None
    return sorted(a.key for a in app.snapshot.actions)


def notes(app: FollowupApp) -> list[str]:
    return [n.message for n in app._notifications]


# --- the chooser and every form ------------------------------------------------------------------

FORM_TITLES = {
    "application": "Add an application",
    "contact": "Add a contact",
    "interview": "Add an interview",
    "message": "Log a message received",
    "event": "Add an event",
    "resource": "Add something worth sharing",
    "company": "Add a company",
}

#: Enough for each form to be valid.
VALID: dict[str, dict[str, Any]] = {
    "application": {"company": "Escaped Co", "role": "Escaped role"},
    "contact": {"name": "Escaped Person", "company": "Escaped Co"},
    "interview": {"highlights": "escaped"},
    "message": {"subject": "Escaped"},
    "event": {"name": "Escaped Meetup", "on": "tomorrow"},
    "resource": {"title": "Escaped", "url": "https://escaped.example"},
    "company": {"name": "Escaped Co"},
}


async def test_a_opens_the_chooser_enter_opens_each_form_and_escape_saves_nothing(
    store: Store,
) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = dump(store)
        await pilot.press("a")
        await pilot.pause()
        chooser = app.screen
        assert isinstance(chooser, ChooseScreen)
        assert [value for value, _label in chooser.options] == list(FORM_TITLES)
        options = chooser.query_one(OptionList)
        assert options.highlighted == 0
        await pilot.press("j", "j", "k")
        assert options.highlighted == 1
        await pilot.press("enter")
        await pilot.pause()
        assert form(app).spec.title == FORM_TITLES["contact"]
        await pilot.press("escape")
        await pilot.pause()
        for kind, title in FORM_TITLES.items():
            screen = await add_form(pilot, kind)
            assert screen.spec.title.startswith(title)
            # Filled in, and valid, but escape: nothing is written.
            fill(screen, **VALID[kind])
            await pilot.pause()
            assert screen.values() is not None, kind
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is app.screen_stack[0]
            assert dump(store) == before, kind
        await pilot.press("a", "escape")
        await pilot.pause()
        assert app.screen is app.screen_stack[0]
        assert dump(store) == before


async def test_add_company(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = count(store, "companies")
        screen = await add_form(pilot, "company")
        fill(screen, website="acme.example")
        await pilot.pause()
        assert "https://" in message(screen, "website"), "no message as you type"
        await refused(pilot, screen, "name", "Name is needed")
        fill(screen, name="Acme Widgets")
        await refused(pilot, screen, "website", "start the link with https://")
        assert count(store, "companies") == before
        fill(
            screen,
            website="https://acme.example",
            social="https://www.linkedin.com/company/acme\n\n  https://x.com/acme  \n",
        )
        await submit(pilot)
        assert app.screen is app.screen_stack[0]
        row = store.conn.execute(
            "SELECT name, website, social FROM companies WHERE name = 'Acme Widgets'"
        ).fetchone()
        assert row[:2] == ("Acme Widgets", "https://acme.example")
        assert json.loads(row[2]) == [
            "https://www.linkedin.com/company/acme",
            "https://x.com/acme",
        ]
        assert count(store, "companies") == before + 1


async def test_add_application(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = dump(store)
        screen = await add_form(pilot, "application")
        assert screen.query_one("#field-stage", Select).value == "applied"
        fill(screen, company="Acme Widgets")
        await refused(pilot, screen, "role", "Role is needed")
        fill(screen, role="Platform Engineer", applied="someday")
        await refused(pilot, screen, "applied", "can't read the date 'someday'")
        fill(screen, applied="2026-11-20", url="jobs.acme.example/42")
        await refused(pilot, screen, "url", "start the link with https://")
        assert dump(store) == before
        fill(
            screen,
            stage="screening",
            url="https://jobs.acme.example/42",
            notes="Referred by a friend.",
        )
        response_by = screen.query_one("#field-response_by", Input)
        response_by.focus()
        await pilot.press("f", "r", "i")
        assert response_by.value == "fri"
        assert "Fri 27 Nov" in message(screen, "response_by")
        await submit(pilot)
        assert app.screen is app.screen_stack[0]
        row = store.conn.execute(
            "SELECT a.id, co.name, a.role, a.stage, a.applied_on, a.response_by, a.url, a.notes "
            "FROM applications a JOIN companies co ON co.id = a.company_id "
            "WHERE a.role = 'Platform Engineer' AND co.name = 'Acme Widgets'"
        ).fetchone()
        assert row[1:] == (
            "Acme Widgets",
            "Platform Engineer",
            "screening",
            "2026-11-20",
            "2026-11-27",
            "https://jobs.acme.example/42",
            "Referred by a friend.",
        )
        assert [s for s, _at in store.stage_history(row[0])] == [Stage.SCREENING]
        assert app.snapshot is not None
        assert any(r.app.id == row[0] for r in app.snapshot.pipeline)


async def test_application_company_is_created_or_picked_and_u_takes_back_both(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = dump(store)
        screen = await add_form(pilot, "application")
        fill(screen, company="Typo Compnay", role="Engineer")
        await submit(pilot)
        assert store.company_by_name("Typo Compnay") is not None
        # u takes back the application and the company it created.
        await pilot.press("u")
        await pilot.pause()
        assert dump(store) == before
        companies = count(store, "companies")
        screen = await add_form(pilot, "application")
        fill(screen, company="northwind analytics", role="Analytics Lead")
        await submit(pilot)
        assert count(store, "companies") == companies
        company = store.conn.execute(
            "SELECT co.name FROM applications a JOIN companies co ON co.id = a.company_id "
            "WHERE a.role = 'Analytics Lead'"
        ).fetchone()
        assert company == ("Northwind Analytics",)


async def test_date_preview_as_you_type(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await add_form(pilot, "event")
        on = screen.query_one("#field-on", Input)
        on.focus()
        await pilot.press("f", "r", "i")
        assert message(screen, "on").startswith("→ Fri 27 Nov")
        assert not is_invalid(screen, "on")
        await pilot.press(*"day")
        assert on.value == "friday"
        assert message(screen, "on").startswith("→ Fri 27 Nov")
        for typed, shown in (("+2bd", "→ Fri 27 Nov"), ("2026-12-10", "→ Thu 10 Dec")):
            on.value = typed
            await pilot.pause()
            assert message(screen, "on").startswith(shown), typed
        on.value = "someday"
        await pilot.pause()
        assert is_invalid(screen, "on")
        assert "can't read the date 'someday'" in message(screen, "on")


async def test_add_contact(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = dump(store)
        screen = await add_form(pilot, "contact")
        fill(screen, company="Northwind Analytics", email="lena.example.com")
        await refused(pilot, screen, "name", "Name is needed")
        fill(screen, name="Lena Park")
        await refused(pilot, screen, "email", "doesn't look like an email")
        fill(screen, email="lena@northwind.example", linkedin="linkedin.com/in/lenapark")
        await refused(pilot, screen, "linkedin", "start the link with https://")
        assert dump(store) == before
        fill(
            screen,
            title="Engineering Manager",
            kind="recruiter",
            phone="+1 555 0100",
            linkedin="https://www.linkedin.com/in/lenapark",
            linkedin_state="requested",
            applications=[1],
        )
        await submit(pilot)
        assert app.screen is app.screen_stack[0]
        row = store.conn.execute(
            "SELECT c.id, co.name, c.title, c.kind, c.email, c.phone, c.linkedin_url, "
            "c.linkedin_state FROM contacts c JOIN companies co ON co.id = c.company_id "
            "WHERE c.name = 'Lena Park'"
        ).fetchone()
        assert row[1:] == (
            "Northwind Analytics",
            "Engineering Manager",
            "recruiter",
            "lena@northwind.example",
            "+1 555 0100",
            "https://www.linkedin.com/in/lenapark",
            "requested",
        )
        assert store.applications_of(row[0]) == [1]


async def test_n_on_an_application_adds_an_interview_with_new_interviewers(
    store: Store,
) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = dump(store)
        await select_row(pilot, "pipeline", 2)
        await pilot.press("n")
        await pilot.pause()
        screen = form(app)
        assert screen.spec.title == "Add an interview"
        assert screen.query_one("#field-application", Select).value == 2
        fill(screen, at="")
        await refused(pilot, screen, "at", "When is needed")
        fill(screen, at="someday 14:00")
        await refused(pilot, screen, "at", "can't read the date 'someday'")
        fill(screen, at="fri 25:00")
        await refused(pilot, screen, "at", "can't read the time")
        assert dump(store) == before
        fill(
            screen,
            at="fri 14:00",
            kind="onsite",
            new_people="Nadia Quint, , Omar Reyes",
            highlights="their move to event sourcing",
        )
        await pilot.pause()
        assert "Fri 27 Nov 2026 at 14:00" in message(screen, "at")
        # The interviewers offered are the application's company's people first.
        with_ = screen.query_one("#field-with", SelectionList)
        first = with_.get_option_at_index(0).value
        assert store.contact(first).company == "Bluefin Robotics"
        fill(screen, **{"with": [4]})
        await submit(pilot)
        assert app.screen is app.screen_stack[0]
        interview_id = store.conn.execute("SELECT max(id) FROM interviews").fetchone()[0]
        interview = store.interview(interview_id)
        assert interview.application_id == 2
        assert interview.kind == "onsite"
        assert interview.highlights == "their move to event sourcing"
        assert (interview.starts_at.date(), interview.starts_at.hour) == (
            pendulum.Date(2026, 11, 27),
            14,
        )
        people = {store.contact(c).name: store.contact(c) for c in interview.participant_ids}
        assert set(people) == {"Freya Costa", "Nadia Quint", "Omar Reyes"}
        for name in ("Nadia Quint", "Omar Reyes"):
            assert people[name].kind.value == "interviewer"
            assert people[name].company == "Bluefin Robotics"
            assert 2 in store.applications_of(people[name].id)


async def test_add_message_received(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = dump(store)
        screen = await add_form(pilot, "message")
        # Preselected: the person of the action selected in Today.
        selected = app.selected_action()
        assert selected is not None
        assert screen.query_one("#field-contact", Select).value == selected.contact_id
        fill(screen, contact=12, at="someday")
        await refused(pilot, screen, "at", "can't read the date")
        assert dump(store) == before
        fill(screen, at="today 08:30", subject="Offer details", channel="linkedin")
        await submit(pilot)
        assert app.screen is app.screen_stack[0]
        touch = store.touch(store.conn.execute("SELECT max(id) FROM touches").fetchone()[0])
        assert (touch.contact_id, touch.direction.value, touch.subject, touch.channel) == (
            12,
            "in",
            "Offer details",
            "linkedin",
        )
        assert touch.at.date() == TODAY and touch.at.hour == 8
        assert touch.company_id == store.contact(12).company_id
        # It needs a reply: the playbook says so at once.
        replies = [
            a
            for a in app.snapshot.actions  # type: ignore[union-attr]
            if a.strategy is Strategy.REPLY and a.contact_id == 12
        ]
        assert replies and "Offer details" in replies[0].why


async def test_add_event(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = dump(store)
        screen = await add_form(pilot, "event")
        fill(screen, on="sat")
        await refused(pilot, screen, "name", "Name is needed")
        fill(screen, name="Stream Summit", on="someday")
        await refused(pilot, screen, "on", "can't read the date 'someday'")
        fill(screen, on="", url="dc.example")
        await refused(pilot, screen, "on", "On is needed")
        assert is_invalid(screen, "url")
        assert "https://" in message(screen, "url")
        assert dump(store) == before
        fill(screen, on="sat", url="https://dc.example", location="Pier 27", met=[30, 31])
        await submit(pilot)
        assert app.screen is app.screen_stack[0]
        row = store.conn.execute(
            "SELECT id, on_date, location, url FROM events WHERE name = 'Stream Summit'"
        ).fetchone()
        assert row[1:] == ("2026-11-28", "Pier 27", "https://dc.example")
        met = store.conn.execute(
            "SELECT contact_id FROM event_contacts WHERE event_id = ? ORDER BY contact_id",
            [row[0]],
        ).fetchall()
        assert met == [(30,), (31,)]


async def test_add_resource(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = dump(store)
        screen = await add_form(pilot, "resource")
        await refused(pilot, screen, "title", "Title is needed")
        assert "Link is needed" in message(screen, "url")
        fill(screen, title="Streaming at scale", url="ftp://files.example/talk.pdf")
        await refused(pilot, screen, "url", "start the link with https://")
        assert dump(store) == before
        fill(screen, url="https://talks.example/streaming", application=1)
        await submit(pilot)
        assert app.screen is app.screen_stack[0]
        row = store.conn.execute(
            "SELECT url, application_id, company_id FROM resources WHERE title = ?",
            ["Streaming at scale"],
        ).fetchone()
        assert row == ("https://talks.example/streaming", 1, store.application(1).company_id)
        # Or for a company, by name.
        screen = await add_form(pilot, "resource")
        fill(
            screen,
            title="Cost talk",
            url="https://talks.example/cost",
            application=Select.NULL,
            company="Granite Cloud",
        )
        await submit(pilot)
        row = store.conn.execute(
            "SELECT r.application_id, co.name FROM resources r "
            "JOIN companies co ON co.id = r.company_id WHERE r.title = 'Cost talk'"
        ).fetchone()
        assert row == (None, "Granite Cloud")


async def test_n_on_a_contact_adds_a_message_from_them(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await select_row(pilot, "contacts", 20)
        await pilot.press("n")
        await pilot.pause()
        screen = form(app)
        assert screen.spec.title.startswith("Log a message received")
        assert screen.query_one("#field-contact", Select).value == 20
        fill(screen, subject="Coffee next week?")
        await submit(pilot)
        row = store.conn.execute(
            "SELECT contact_id, direction, subject FROM touches ORDER BY id DESC LIMIT 1"
        ).fetchone()
        assert row == (20, "in", "Coffee next week?")


# --- undo an add ----------------------------------------------------------------------------------


async def test_u_after_adding_removes_the_record_again(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = dump(store)
        screen = await add_form(pilot, "company")
        fill(screen, name="Undo Me Inc")
        await submit(pilot)
        assert store.company_by_name("Undo Me Inc") is not None
        await pilot.press("u")
        await pilot.pause()
        assert store.company_by_name("Undo Me Inc") is None
        assert dump(store) == before
        screen = await add_form(pilot, "event")
        fill(screen, name="Undo Meetup", on="tomorrow", met=[30])
        await submit(pilot)
        assert count(store, "events") == len(before["events"]) + 1
        await pilot.press("u")
        await pilot.pause()
        assert dump(store) == before


async def test_u_after_adding_an_interview_removes_the_people_it_created(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = dump(store)
        await select_row(pilot, "pipeline", 2)
        await pilot.press("n")
        await pilot.pause()
        fill(form(app), new_people="Nadia Quint", highlights="event sourcing")
        await submit(pilot)
        assert count(store, "interviews") == len(before["interviews"]) + 1
        await pilot.press("u")
        await pilot.pause()
        assert dump(store) == before


# --- edit -----------------------------------------------------------------------------------------


async def test_e_on_a_pipeline_row_edits_the_application(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = dump(store)
        await select_row(pilot, "pipeline", 3)
        await pilot.press("e")
        await pilot.pause()
        screen = form(app)
        assert screen.query_one("#field-role", Input).value == "Data Engineer"
        assert screen.query_one("#field-company", Input).value == "Harborlight Health"
        fill(screen, role="")
        await refused(pilot, screen, "role", "Role is needed")
        fill(screen, role="Senior Data Engineer", response_by="someday")
        await refused(pilot, screen, "response_by", "can't read the date")
        assert dump(store) == before
        fill(screen, response_by="+1w", notes="Spoke to the recruiter")
        await submit(pilot)
        assert app.screen is app.screen_stack[0]
        edited = store.application(3)
        assert edited.role == "Senior Data Engineer"
        assert edited.response_by == pendulum.Date(2026, 12, 2)
        assert edited.notes == "Spoke to the recruiter"
        assert edited.company == "Harborlight Health"
        assert edited.stage is Stage.APPLIED
        assert app.snapshot is not None
        row = next(r for r in app.snapshot.pipeline if r.app.id == 3)
        assert row.app.role == "Senior Data Engineer"
        await pilot.press("u")
        await pilot.pause()
        assert dump(store) == before


async def test_e_on_a_contacts_row_edits_the_contact(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = dump(store)
        await select_row(pilot, "contacts", 7)
        await pilot.press("e")
        await pilot.pause()
        screen = form(app)
        assert screen.query_one("#field-name", Input).value == "Hana Haddad"
        assert list(screen.query_one("#field-applications", SelectionList).selected) == [3]
        fill(screen, email="hana at harborlight")
        await refused(pilot, screen, "email", "doesn't look like an email")
        assert dump(store) == before
        fill(
            screen,
            email="hana@harborlight.example",
            title="Head of Data",
            kind="hiring-manager",
            linkedin_state="connected",
            applications=[3, 1],
        )
        await submit(pilot)
        edited = store.contact(7)
        assert (edited.email, edited.title, edited.kind.value, edited.linkedin_state.value) == (
            "hana@harborlight.example",
            "Head of Data",
            "hiring-manager",
            "connected",
        )
        assert store.applications_of(7) == [1, 3]
        # Connected on LinkedIn: the action to connect is gone.
        assert "li-7" not in [a.key for a in due_actions(store)]
        await pilot.press("u")
        await pilot.pause()
        assert dump(store) == before


async def test_h_on_a_thank_you_sets_highlights_and_the_draft_quotes_them(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        thank_you = action(app, "ty-3-6")
        draft = app.draft_for(thank_you)
        assert draft is not None and drafts.MARKERS["highlights"] in draft.body
        await select_row(pilot, "today", "ty-3-6")
        await pilot.press("h")
        await pilot.pause()
        screen = form(app)
        assert "Bluefin Robotics" in screen.spec.title
        assert set(screen.query_one("#field-with", SelectionList).selected) == {5, 6}
        fill(screen, highlights="  the on-call rotation redesign  ")
        await submit(pilot)
        assert store.interview(3).highlights == "the on-call rotation redesign"
        assert store.interview(3).participant_ids == (5, 6)
        draft = app.draft_for(action(app, "ty-3-6"))
        assert draft is not None
        assert "about the on-call rotation redesign." in draft.body
        assert draft.needs == ()  # complete now: the name was set by the demo
        selected = app.selected_action()
        assert selected is not None and selected.key == "ty-3-6"
        assert "the on-call rotation redesign" in str(app.query_one(DraftView).render())


# --- stages ---------------------------------------------------------------------------------------


def history(store: Store, app_id: int) -> list[str]:
    return [stage.value for stage, _at in store.stage_history(app_id)]


async def test_stage_keys_move_along_the_path_with_history_and_undo(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert store.application(10).stage is Stage.WISHLIST
        start = history(store, 10)
        await select_row(pilot, "pipeline", 10)
        path = ["applied", "screening", "interviewing", "offer", "accepted"]
        for step, stage in enumerate(path, 1):
            await pilot.press(">")
            await pilot.pause()
            assert store.application(10).stage.value == stage
            assert history(store, 10) == start + path[:step]
            assert app.query_one(PipelineTable).selected_key() == "10"
        await pilot.press(">")
        await pilot.pause()
        assert store.application(10).stage is Stage.ACCEPTED
        assert history(store, 10) == start + path
        assert any("already the last stage" in m for m in notes(app))
        await pilot.press("<")
        await pilot.pause()
        assert store.application(10).stage is Stage.OFFER
        assert history(store, 10) == [*start, *path, "offer"]
        await pilot.press("u")
        await pilot.pause()
        assert store.application(10).stage is Stage.ACCEPTED
        assert history(store, 10) == start + path
        await pilot.press("u", "u")
        await pilot.pause()
        assert store.application(10).stage is Stage.INTERVIEWING
        assert history(store, 10) == start + path[:3]
        assert app.snapshot is not None
        row = next(r for r in app.snapshot.pipeline if r.app.id == 10)
        assert row.app.stage is Stage.INTERVIEWING


async def test_t_picks_ghosted_and_u_takes_it_back(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        start = history(store, 3)
        follow_ups = [a.key for a in due_actions(store) if a.application_id == 3]
        assert any(k.startswith("fu-") for k in follow_ups)
        await select_row(pilot, "pipeline", 3)
        await pilot.press("t")
        await pilot.pause()
        screen = form(app)
        assert screen.query_one("#field-stage", Select).value == "applied"
        fill(screen, stage="ghosted")
        await submit(pilot)
        assert store.application(3).stage is Stage.GHOSTED
        assert history(store, 3) == [*start, "ghosted"]
        # A ghosted application gets no more follow-ups.
        assert not [
            a for a in due_actions(store) if a.application_id == 3 and a.key.startswith("fu-")
        ]
        # The detail view shows the stage history.
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        assert any("stage → ghosted" in line for line in app.screen.history)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        assert store.application(3).stage is Stage.APPLIED
        assert history(store, 3) == start
        # Re-opening a closed application with > starts again at applied.
        await pilot.press("t")
        await pilot.pause()
        fill(form(app), stage="rejected")
        await submit(pilot)
        await pilot.press(">")
        await pilot.pause()
        assert store.application(3).stage is Stage.APPLIED
        assert history(store, 3) == [*start, "rejected", "applied"]


async def test_stage_and_delete_keys_need_a_selected_record(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = dump(store)
        await select_row(pilot, "today", "ev-1")  # preparing for an event: no application
        await pilot.press(">", "<", "t", "D")
        await pilot.pause()
        assert app.screen is app.screen_stack[0]
        assert dump(store) == before
        assert any("Select an application first" in m for m in notes(app))
        assert any("to delete" in m for m in notes(app))


# --- log a touch ----------------------------------------------------------------------------------


async def test_l_logs_a_call_and_the_check_in_goes_away(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        check_in = action(app, "ci-8-53")
        assert check_in.contact_id == 20 and check_in.company == "Saltmarsh Games"
        touches = count(store, "touches")
        await select_row(pilot, "contacts", 21)  # another person at Saltmarsh Games
        await pilot.press("l")
        await pilot.pause()
        screen = form(app)
        assert screen.query_one("#field-contact", Select).value == 21
        assert screen.query_one("#field-channel", Select).value == "call"
        fill(screen, at="yesterday 25:61")
        await refused(pilot, screen, "at", "can't read the time")
        assert count(store, "touches") == touches
        fill(screen, at="today 08:15", note="Caught up about the new studio")
        await submit(pilot)
        assert app.screen is app.screen_stack[0]
        touch = store.touch(store.conn.execute("SELECT max(id) FROM touches").fetchone()[0])
        assert (touch.contact_id, touch.direction.value, touch.channel, touch.note) == (
            21,
            "out",
            "call",
            "Caught up about the new studio",
        )
        assert touch.company_id == store.contact(21).company_id
        assert (touch.at.date(), touch.at.hour, touch.at.minute) == (TODAY, 8, 15)
        keys = [a.key for a in app.snapshot.actions]  # type: ignore[union-attr]
        assert not [k for k in keys if k.startswith("ci-8-")]
        assert not [k for k in [a.key for a in due_actions(store)] if k.startswith("ci-8-")]
        await pilot.press("u")
        await pilot.pause()
        assert count(store, "touches") == touches
        assert "ci-8-53" in [a.key for a in due_actions(store)]


# --- delete and undo ------------------------------------------------------------------------------


async def test_d_deletes_an_application_after_confirming_and_u_restores_it(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = dump(store)
        actions_before = snapshot_keys(app)
        linked = store.conn.execute(
            "SELECT count(*) FROM touches WHERE application_id = 1"
        ).fetchone()[0]
        assert linked > 0 and store.interviews_of(1)
        await select_row(pilot, "pipeline", 1)
        await pilot.press("D")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is app.screen_stack[0]
        assert dump(store) == before
        await pilot.press("D")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        for table, column in (
            ("applications", "id"),
            ("interviews", "application_id"),
            ("stage_history", "application_id"),
            ("application_contacts", "application_id"),
            ("resources", "application_id"),
            ("touches", "application_id"),
        ):
            left = store.conn.execute(
                f"SELECT count(*) FROM {table} WHERE {column} = 1"
            ).fetchone()[0]
            assert left == 0, table
        # Touches with people stay, unlinked from the application and its interviews.
        assert count(store, "touches") == len(before["touches"])
        assert count(store, "contacts") == len(before["contacts"])
        assert "1" not in keys_of(app.query_one(PipelineTable))
        assert not [a for a in due_actions(store) if a.application_id == 1]
        await pilot.press("u")
        await pilot.pause()
        assert dump(store) == before
        assert "1" in keys_of(app.query_one(PipelineTable))
        assert snapshot_keys(app) == actions_before


async def test_d_deletes_a_contact_and_u_restores_every_touch(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = dump(store)
        await select_row(pilot, "contacts", 5)  # an interviewer with touches
        await pilot.press("D")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert dump(store) == before
        await pilot.press("D", "y")
        await pilot.pause()
        assert store.conn.execute("SELECT count(*) FROM contacts WHERE id = 5").fetchone() == (0,)
        assert "ty-3-5" not in [a.key for a in due_actions(store)]
        await pilot.press("u")
        await pilot.pause()
        assert dump(store) == before
        assert "ty-3-5" in [a.key for a in due_actions(store)]


# --- templates ------------------------------------------------------------------------------------


async def open_template(pilot: Pilot[None], strategy: Strategy) -> TemplateScreen:
    await pilot.press("f3")
    await pilot.pause()
    await choose(pilot, strategy.value)
    screen = pilot.app.screen
    assert isinstance(screen, TemplateScreen)
    return screen


def problems(screen: TemplateScreen) -> str:
    return str(screen.query_one("#template-problems", Label).render())


async def test_f3_edits_a_template_and_the_draft_uses_it(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await select_row(pilot, "today", "ty-2-2")
        built_in = app.draft_for(action(app, "ty-2-2"))
        screen = await open_template(pilot, Strategy.THANK_YOU)
        body = screen.query_one("#template-body", TextArea)
        assert body.text == drafts.BUILT_IN[Strategy.THANK_YOU][1]
        assert "$highlights (what resonated" in str(
            screen.query_one("#template-placeholders").render()
        )
        screen.query_one("#template-subject", Input).value = "Thanks, $first_name"
        body.text = "Dear $first_name,\n\nI enjoyed talking about $highlights.\n\n$signature"
        await pilot.pause()
        assert "✓" in problems(screen)
        preview = str(screen.query_one("#template-preview").render())
        assert "Dear Emeka," in preview and "splitting billing" in preview
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is app.screen_stack[0]
        assert store.template(Strategy.THANK_YOU) == ("Thanks, $first_name", body.text)
        draft = app.draft_for(action(app, "ty-2-2"))
        assert draft is not None
        assert draft.subject == "Thanks, Emeka"
        assert draft.body.startswith("Dear Emeka,\n\nI enjoyed talking about data contracts")
        assert "I enjoyed talking about" in str(app.query_one(DraftView).render())
        # Every thank-you uses it; other strategies keep theirs.
        other = app.draft_for(action(app, "ty-3-6"))
        assert other is not None and other.body.startswith("Dear Ben,")
        follow_up = app.draft_for(action(app, "fu-3-20261115-1"))
        assert follow_up is not None and "I enjoyed talking" not in follow_up.body
        await pilot.press("u")
        await pilot.pause()
        assert store.template(Strategy.THANK_YOU) is None
        draft = app.draft_for(action(app, "ty-2-2"))
        assert draft is not None and draft == built_in


async def test_template_problems_are_flagged_and_not_saved(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_template(pilot, Strategy.FOLLOW_UP)
        body = screen.query_one("#template-body", TextArea)
        label = screen.query_one("#template-problems", Label)
        assert not label.has_class("invalid")
        body.text = "Hi $first_name, about $nonsense.\n$signature"
        await pilot.pause()
        assert "unknown placeholder $nonsense" in problems(screen)
        assert label.has_class("invalid")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert store.template(Strategy.FOLLOW_UP) is None
        body.text = "Hi $first_name, it costs $ 5.\n$signature"
        await pilot.pause()
        assert "malformed placeholder" in problems(screen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        body.text = "Hi $first_name, it costs $$5.\n$signature"
        screen.query_one("#template-subject", Input).value = "About ${role"
        await pilot.pause()
        assert "subject: malformed placeholder" in problems(screen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        screen.query_one("#template-subject", Input).value = "About ${role}"
        body.text = "   "
        await pilot.pause()
        assert "the body is empty" in problems(screen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert store.template(Strategy.FOLLOW_UP) is None
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.screen_stack[0]
        assert store.template(Strategy.FOLLOW_UP) is None


async def test_ctrl_r_resets_a_template_to_the_built_in(store: Store) -> None:
    store.set_template(Strategy.CHECK_IN, "Hello", "Yo $first_name, long time. $my_name")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        draft = app.draft_for(action(app, "ci-8-53"))
        assert draft is not None and draft.body.startswith("Yo Kofi, long time.")
        screen = await open_template(pilot, Strategy.CHECK_IN)
        assert screen.query_one("#template-body", TextArea).text.startswith("Yo $first_name")
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert app.screen is app.screen_stack[0]
        assert store.template(Strategy.CHECK_IN) is None
        check_in = action(app, "ci-8-53")
        draft = app.draft_for(check_in)
        assert draft is not None and draft.body.splitlines()[0].endswith(" Kofi,")
        assert draft == drafts.render(check_in, store.settings(), app.today, {})
        await pilot.press("u")
        await pilot.pause()
        assert store.template(Strategy.CHECK_IN) == ("Hello", "Yo $first_name, long time. $my_name")


# --- settings -------------------------------------------------------------------------------------


async def test_f2_settings_apply_to_the_playbook_at_once(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert action(app, "ty-2-2").deadline == pendulum.Date(2026, 11, 26)
        draft = app.draft_for(action(app, "ty-2-2"))
        assert draft is not None and draft.body.endswith("\nRobin Avery")  # the demo's name
        original = store.settings()
        before = dump(store)
        await pilot.press("f2")
        await pilot.pause()
        screen = form(app)
        assert screen.spec.title == "Settings"
        assert screen.query_one("#field-thank_you_deadline_bd", Input).value == "1"
        fill(screen, work_days="mon,funday")
        await refused(pilot, screen, "work_days", "weekday names separated by commas")
        fill(screen, work_days="")
        await refused(pilot, screen, "work_days", "is needed")
        fill(screen, work_days="mon,tue,wed,thu,fri", thank_you_deadline_bd="-1")
        await refused(pilot, screen, "thank_you_deadline_bd", "from 0 to 365")
        fill(screen, thank_you_deadline_bd="")
        await refused(pilot, screen, "thank_you_deadline_bd", "is needed")
        assert dump(store) == before
        fill(screen, thank_you_deadline_bd="3", user_name="Robin Vale")
        await submit(pilot)
        assert app.screen is app.screen_stack[0]
        settings = store.settings()
        assert (settings.thank_you_deadline_bd, settings.user_name) == (3, "Robin Vale")
        assert action(app, "ty-2-2").deadline == pendulum.Date(2026, 11, 30)
        draft = app.draft_for(action(app, "ty-2-2"))
        assert draft is not None and draft.body.endswith("\nRobin Vale")
        # Work days count too: with Saturday, three business days end on Saturday.
        await pilot.press("f2")
        await pilot.pause()
        fill(form(app), work_days="mon,tue,wed,thu,fri,sat")
        await submit(pilot)
        assert action(app, "ty-2-2").deadline == pendulum.Date(2026, 11, 28)
        await pilot.press("u", "u")
        await pilot.pause()
        assert store.settings() == original
        assert action(app, "ty-2-2").deadline == pendulum.Date(2026, 11, 26)


# --- search ---------------------------------------------------------------------------------------


async def test_ctrl_f_finds_highlights_and_opens_the_application(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+f")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await pilot.press(*"postmort")
        await pilot.pause()
        assert [(kind, ref) for kind, ref, _label, _snippet in screen.hits] == [("interview", 8)]
        assert "blameless postmortems" in str(
            screen.query_one(OptionList).get_option_at_index(0).prompt
        )
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        assert app.screen.heading == "Saltmarsh Games — Senior Backend Engineer"
        assert any("postmortems" in fact for fact in app.screen.facts)


async def test_search_finds_what_was_just_typed_in_a_form(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await select_row(pilot, "today", "ty-3-6")
        await pilot.press("h")
        await pilot.pause()
        fill(form(app), highlights="their zeppelin telemetry pipeline")
        await submit(pilot)
        await pilot.press("ctrl+f")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        screen.query_one(Input).value = "zeppelin"
        await pilot.pause()
        assert [(kind, ref) for kind, ref, _label, _snippet in screen.hits] == [("interview", 3)]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        assert app.screen.heading == "Bluefin Robotics — Senior Backend Engineer"


async def test_search_takes_any_text_literally(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+f")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        field = screen.query_one(Input)
        for text in ("C++", '"', '"unclosed', "AND", "OR NOT", "NEAR(", "*", "-x", "a:b", "^", "'"):
            field.value = text
            await pilot.pause()
            assert app.screen is screen, text
        field.value = '"Saltmarsh"'
        await pilot.pause()
        assert isinstance(screen, SearchScreen)
        assert ("company", 8) in [(kind, ref) for kind, ref, _l, _s in screen.hits]
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running


async def test_l_on_an_application_offers_its_company_people(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await select_row(pilot, "pipeline", 3)
        await pilot.press("l")
        await pilot.pause()
        screen = form(app)
        picked = screen.query_one("#field-contact", Select).value
        assert isinstance(picked, int)
        assert store.contact(picked).company == "Harborlight Health"
        fill(screen, channel="coffee", note="Coffee with the team")
        await submit(pilot)
        touch = store.touch(store.conn.execute("SELECT max(id) FROM touches").fetchone()[0])
        assert (touch.application_id, touch.channel, touch.contact_id) == (3, "coffee", picked)
        assert touch.company_id == store.application(3).company_id

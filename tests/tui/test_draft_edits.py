"""Pilot tests: a draft edited with `e` is kept in the database per action, outlasts the
dashboard, is undone with `u`, and shown once in the detail when its action is gone; the
history shows what was sent, and to whom."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest
from textual.pilot import Pilot
from textual.widgets import Static, TextArea

from followup_tui import clipboard
from followup_tui.db import open_db
from followup_tui.demo import build_demo
from followup_tui.models import Direction
from followup_tui.store import Store
from followup_tui.tui.app import FollowupApp
from followup_tui.tui.screens.details import DetailScreen
from followup_tui.tui.screens.draft_editor import DraftEditor
from followup_tui.tui.widgets.draft import DraftView
from followup_tui.tui.widgets.today import TodayTable

TODAY = pendulum.Date(2026, 11, 25)
NOW = pendulum.datetime(2026, 11, 25, 9, 0, tz="UTC")
SIZE = (120, 36)
EDITED = "Subject: Tuesday works\n\nHi there,\n\nTuesday at ten works for me.\n\nSam"


def fake_copier(text: str) -> clipboard.NativeResult:
    return clipboard.NativeResult(True, "testclip")


@pytest.fixture(autouse=True)
def private_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv("TMUX", raising=False)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """The demo in a database file, every connection closed."""
    file = tmp_path / "followup.db"
    store = Store(open_db(file), now=NOW)
    build_demo(store, TODAY)
    store.conn.close()
    return file


def make_app(path: Path) -> FollowupApp:
    store = Store(open_db(path), now=NOW, source="dashboard")
    return FollowupApp(store, TODAY, copier=fake_copier, threaded=False)


async def edit_in_app(pilot: Pilot[None], app: FollowupApp, text: str) -> None:
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(app.screen, DraftEditor)
    app.screen.query_one(TextArea).text = text
    await pilot.press("ctrl+s")
    await pilot.pause()


def draft_shown(app: FollowupApp) -> str:
    return str(app.query_one(DraftView).render())


async def open_contact(pilot: Pilot[None], app: FollowupApp, name: str) -> DetailScreen:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*name)
    await pilot.pause(0.5)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, DetailScreen)
    assert app.screen.heading == name
    return app.screen


async def test_an_edited_draft_outlasts_the_dashboard_and_c_copies_it(path: Path) -> None:
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        action = app.selected_action()
        assert action is not None
        await edit_in_app(pilot, app, EDITED)
        assert "Tuesday at ten works for me." in draft_shown(app)
        await pilot.press("q")
    app.store.conn.close()

    again = make_app(path)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.selected_action() == action
        shown = draft_shown(again)
        assert "Tuesday works" in shown and "Tuesday at ten works for me." in shown
        await pilot.press("c")
        await pilot.pause()
        assert again.clipboard == EDITED
        # The edit is what `d` records as sent.
        await pilot.press("d")
        await pilot.pause()
        row = again.store.conn.execute(
            "SELECT subject, body FROM touches WHERE action_key = ?", [action.key]
        ).fetchone()
        assert row == ("Tuesday works", "Hi there,\n\nTuesday at ten works for me.\n\nSam")
        assert again.store.draft_edits() == {}


async def test_u_takes_an_edit_back_to_the_text_before(path: Path) -> None:
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        action = app.selected_action()
        assert action is not None
        before = draft_shown(app)
        await edit_in_app(pilot, app, "First words of mine.")
        await edit_in_app(pilot, app, "Second words of mine.")
        assert "Second words" in draft_shown(app)
        await pilot.press("u")
        await pilot.pause()
        assert "First words" in draft_shown(app)
        assert app.store.draft_edits() == {action.key: ("", "First words of mine.")}
        await pilot.press("u")
        await pilot.pause()
        assert draft_shown(app) == before
        assert app.store.draft_edits() == {}


async def test_an_edit_whose_action_is_gone_shows_once_in_the_detail(path: Path) -> None:
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        action = app.selected_action()
        assert action is not None and action.key.startswith("re-")
        assert action.contact_id is not None and action.contact_name is not None
        await edit_in_app(pilot, app, "Subject: Re: Friday\n\nFriday suits me.")
        # Answered from elsewhere: the reply is no longer due, and its edit is left over.
        other = Store(open_db(path), now=NOW)
        other.log_touch(action.contact_id, Direction.OUT, NOW, "email", "answered by phone")
        other.conn.close()
        app.refresh_data()
        await pilot.pause()
        assert action.key not in app.query_one(TodayTable).actions

        detail = await open_contact(pilot, app, action.contact_name)
        orphans = str(detail.query_one("#detail-orphans", Static).render())
        assert f"An edited draft for an action that no longer exists: {action.title}" in orphans
        assert "Subject: Re: Friday" in orphans and "Friday suits me." in orphans
        assert app.store.draft_edits() == {}
        await pilot.press("escape")
        await pilot.pause()
        detail = await open_contact(pilot, app, action.contact_name)
        assert not detail.query("#detail-orphans")
        await pilot.press("escape")
        await pilot.pause()
        # Dropping it was a change like any other: u brings it back.
        await pilot.press("u")
        await pilot.pause()
        assert app.store.draft_edits() == {action.key: ("Re: Friday", "Friday suits me.")}


async def test_the_history_shows_what_was_sent_and_to_whom(path: Path) -> None:
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        action = app.selected_action()
        assert action is not None and action.contact_id is not None
        contact = app.store.contact(action.contact_id)
        await edit_in_app(pilot, app, "Subject: Re: [b]Friday[/b]\n\nLine one.\nLine two.")
        await pilot.press("d")
        await pilot.pause()
        detail = await open_contact(pilot, app, contact.name)
        history = str(detail.query_one("#detail-history Static", Static).render())
        assert f"to {contact.name} <{contact.email}>: Re: [b]Friday[/b]" in history
        assert "    Line one.\n    Line two." in history

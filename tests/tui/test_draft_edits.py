"""Pilot tests: a draft edited with `e` is kept in the database per action, outlasts the
dashboard and is undone with `u`."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest
from textual.pilot import Pilot
from textual.widgets import TextArea

from followup_tui import clipboard
from followup_tui.db import open_db
from followup_tui.demo import build_demo
from followup_tui.store import Store
from followup_tui.tui.app import FollowupApp
from followup_tui.tui.screens.draft_editor import DraftEditor
from followup_tui.tui.widgets.draft import DraftView

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

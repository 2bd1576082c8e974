"""SVG snapshots of the dashboard on demo data at a fixed day and size."""

from __future__ import annotations

from typing import Any

import pendulum
import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from followup_tui.db import open_db
from followup_tui.demo import build_demo
from followup_tui.store import Store
from followup_tui.tui.app import FollowupApp
from tests.tui.test_app import fake_copier

TODAY = pendulum.Date(2026, 11, 25)
NOW = pendulum.datetime(2026, 11, 25, 9, 0, tz="UTC")


@pytest.fixture
def app() -> FollowupApp:
    store = Store(open_db(":memory:"), now=NOW)
    build_demo(store, TODAY)
    return FollowupApp(store, TODAY, copier=fake_copier, threaded=False)


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_dashboard_100x30(snap_compare: Any, app: FollowupApp) -> None:
    assert snap_compare(app, terminal_size=(100, 30), run_before=settle)


def test_dashboard_200x60(snap_compare: Any, app: FollowupApp) -> None:
    assert snap_compare(app, terminal_size=(200, 60), run_before=settle)


def test_help_screen(snap_compare: Any, app: FollowupApp) -> None:
    assert snap_compare(app, terminal_size=(100, 30), press=["question_mark"], run_before=settle)


def test_application_detail(snap_compare: Any, app: FollowupApp) -> None:
    assert snap_compare(app, terminal_size=(100, 30), press=["2", "enter"], run_before=settle)


def test_snooze_prompt(snap_compare: Any, app: FollowupApp) -> None:
    async def type_a_day(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("S")
        await pilot.pause()
        field = pilot.app.screen.query_one(Input)
        field.cursor_blink = False
        await pilot.press(*"fri")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=type_a_day)


async def steady(pilot: Pilot[Any]) -> None:
    """No blinking cursors: a snapshot must not depend on when it was taken."""
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


def test_application_form(snap_compare: Any, app: FollowupApp) -> None:
    async def fill(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("a", "enter")
        await pilot.pause()
        await steady(pilot)
        await pilot.press(*"Zenith Works", "tab", *"Data Engineer", "tab", "tab", "tab", *"fri")
        await steady(pilot)

    assert snap_compare(app, terminal_size=(100, 36), run_before=fill)


def test_interview_form(snap_compare: Any, app: FollowupApp) -> None:
    async def fill(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("2", "n")
        await pilot.pause()
        await pilot.press("tab", *"someday")
        await steady(pilot)

    assert snap_compare(app, terminal_size=(100, 36), run_before=fill)


def test_settings_screen(snap_compare: Any, app: FollowupApp) -> None:
    async def open_settings(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("f2")
        await pilot.pause()
        await steady(pilot)

    assert snap_compare(app, terminal_size=(100, 36), run_before=open_settings)

"""The dashboard's `u` and `d` against a second program writing to the same file."""

from __future__ import annotations

from pathlib import Path

import pendulum
from textual.pilot import Pilot

from followup_tui.db import open_db
from followup_tui.models import Direction
from followup_tui.store import Store
from followup_tui.tui.app import FollowupApp
from tests.store.test_history import path
from tests.tui.test_app import SIZE, TODAY, fake_copier, press_through, private_state, row_keys
from tests.tui.test_editing import fill, form, notes, select_row, submit

#: `private_state` is autouse (the tests' state stays out of $HOME); `path` a demo file.
__all__ = ["path", "private_state"]
NOW = pendulum.datetime(2026, 11, 25, 9, 0, tz="UTC")


async def retitle(pilot: Pilot[None], app: FollowupApp, title: str) -> None:
    """Edit contact 7's title with `e` in the Contacts pane, and save."""
    await select_row(pilot, "contacts", 7)
    await pilot.press("e")
    await pilot.pause()
    fill(form(app), title=title)
    await submit(pilot)


def app_on(path: Path) -> FollowupApp:
    return FollowupApp(Store(open_db(path), now=NOW), TODAY, copier=fake_copier, threaded=False)


async def test_u_after_an_edit_keeps_a_touch_logged_elsewhere(path: Path) -> None:
    app = app_on(path)
    other = Store(open_db(path), now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await retitle(pilot, app, "Head of Data")
        assert other.contact(7).title == "Head of Data"
        other.log_touch(7, Direction.OUT, NOW.add(hours=2), "email", "sent elsewhere")
        touched = other.conn.execute("SELECT last_out_at FROM contacts WHERE id = 7").fetchone()
        await pilot.press("u")
        await pilot.pause()
        assert other.contact(7).title != "Head of Data"
        after = other.conn.execute("SELECT last_out_at FROM contacts WHERE id = 7").fetchone()
        assert after == touched


async def test_u_after_an_add_keeps_rows_another_program_added(path: Path) -> None:
    app = app_on(path)
    other = Store(open_db(path), now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        from tests.tui.test_editing import choose

        await choose(pilot, "company")
        fill(form(app), name="Typed In Co")
        await submit(pilot)
        for n in range(50):
            other.add_company(f"Imported {n}")
        await pilot.press("u")
        await pilot.pause()
        names = {r[0] for r in other.conn.execute("SELECT name FROM companies")}
        assert "Typed In Co" not in names
        assert {f"Imported {n}" for n in range(50)} <= names


async def test_d_on_an_action_done_elsewhere_says_so_and_records_nothing(path: Path) -> None:
    app = app_on(path)
    other = Store(open_db(path), now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        key = row_keys(app)[0]
        from followup_tui import playbook

        found = playbook.find(other.playbook_state(TODAY), TODAY, key)
        assert found is not None
        other.record_done(found)
        await pilot.press("1")
        await press_through(pilot, app, "d")
        await pilot.pause()
        count = other.conn.execute(
            "SELECT count(*) FROM touches WHERE action_key = ?", [key]
        ).fetchone()[0]
        assert count == 1
        assert any("Already done" in note for note in notes(app))


async def test_u_that_is_refused_says_why_and_changes_nothing(path: Path) -> None:
    app = app_on(path)
    other = Store(open_db(path), now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await retitle(pilot, app, "Head of Data")
        other.conn.execute("UPDATE contacts SET title = 'Changed Elsewhere' WHERE id = 7")
        await pilot.press("u")
        await pilot.pause()
        assert other.contact(7).title == "Changed Elsewhere"
        assert any("Can't undo" in note and "changed since" in note for note in notes(app))


async def test_a_theme_is_not_a_change_and_a_refused_u_lets_the_next_u_go_on(path: Path) -> None:
    app = app_on(path)
    other = Store(open_db(path), now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.theme = "nord"
        await pilot.pause()
        assert other.settings().theme == "nord"
        assert other.conn.execute("SELECT count(*) FROM changes").fetchone()[0] == 0
        await pilot.press("1", "s")  # snooze the top action: the older step
        await pilot.pause()
        (label,) = other.conn.execute("SELECT label FROM changes").fetchone()
        assert label.startswith("snoozed to ") and label == app.state.undo_stack[-1].what
        await retitle(pilot, app, "Head of Data")
        other.conn.execute("UPDATE contacts SET title = 'Changed Elsewhere' WHERE id = 7")
        await pilot.press("u")  # refused: the title changed since
        await pilot.pause()
        await pilot.press("u")  # goes on to the snooze
        await pilot.pause()
        assert other.conn.execute("SELECT count(*) FROM action_overrides").fetchone()[0] == 0
        assert other.contact(7).title == "Changed Elsewhere"

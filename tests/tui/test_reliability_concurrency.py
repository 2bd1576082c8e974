"""Two instances: the dashboard open while the command line writes, and two dashboards.

The dashboard polls `PRAGMA data_version` every second, so a write from another process
shows within two seconds; every connection waits for a lock instead of failing with
"database is locked".
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pendulum
import pytest
from textual.coordinate import Coordinate
from textual.pilot import Pilot

from followup_tui.db import open_db
from followup_tui.demo import build_demo
from followup_tui.store import Store
from followup_tui.tui.app import FollowupApp
from followup_tui.tui.widgets.today import TodayTable
from tests.tui.test_app import press_through

TODAY = "2026-11-25"
DAY = pendulum.Date(2026, 11, 25)
NOW = pendulum.datetime(2026, 11, 25, 9, 0, tz="UTC")
SIZE = (120, 36)
#: DESIGN: the dashboard shows what another process wrote within this many seconds.
WITHIN = 2.0

pytestmark = pytest.mark.slow


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "followup.db"
    with contextlib.closing(open_db(path)) as conn:
        build_demo(Store(conn, now=NOW), DAY)
    return path


def app_on(path: Path) -> FollowupApp:
    return FollowupApp(Store(open_db(path), now=NOW), DAY, threaded=True)


def keys(app: FollowupApp) -> list[str]:
    table = app.query_one(TodayTable)
    return [
        str(table.coordinate_to_cell_key(Coordinate(i, 0)).row_key.value)
        for i in range(table.row_count)
    ]


async def followup(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the real command in another process without blocking the dashboard."""
    return await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "followup_tui", "--db", str(path), "--today", TODAY, *args],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        check=False,
    )


async def waited(pilot: Pilot[None], condition: Callable[[], bool], limit: float = 6.0) -> float:
    """Seconds until `condition` holds (pumping the app meanwhile); fails after `limit`."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > limit:
            pytest.fail(f"still not shown after {limit} s")
        await pilot.pause(0.05)
    return time.monotonic() - start


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    assert "locked" not in result.stderr
    return result.stdout


async def test_the_dashboard_shows_what_the_command_line_writes(db: Path) -> None:
    app = app_on(db)
    async with app.run_test(size=SIZE) as pilot:
        await waited(pilot, lambda: bool(keys(app)))
        shown = keys(app)
        # A message arrives, logged from another terminal: a reply appears at the top.
        with contextlib.closing(sqlite3.connect(db)) as conn:
            (contact,) = conn.execute("SELECT min(id) FROM contacts").fetchone()
        message = ok(
            await followup(
                db, "add", "message", "--contact", str(contact), "--at", f"{TODAY} 11:00"
            )
        )
        reply = f"re-{int(message)}"
        assert await waited(pilot, lambda: reply in keys(app)) <= WITHIN
        assert keys(app)[0] == reply or keys(app).index(reply) < len(shown)
        # Done from the command line: it leaves the dashboard too.
        gone = shown[-1]
        ok(await followup(db, "done", gone))
        assert await waited(pilot, lambda: gone not in keys(app)) <= WITHIN
        assert app.is_running
    app.store.conn.close()


async def test_neither_side_fails_while_the_other_holds_the_write_lock(db: Path) -> None:
    app = app_on(db)
    async with app.run_test(size=SIZE) as pilot:
        await waited(pilot, lambda: bool(keys(app)))
        first = keys(app)[0]
        # Another program holds a write transaction for a second and a half ...
        holder = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sqlite3, sys, time\n"
                "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
                "c.execute('BEGIN IMMEDIATE')\n"
                "c.execute(\"INSERT INTO settings VALUES ('signature', 'Sam')\")\n"
                "print('held', flush=True)\n"
                "time.sleep(1.5)\n"
                "c.execute('COMMIT')\n",
                str(db),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert holder.stdout is not None
        assert await asyncio.to_thread(holder.stdout.readline) == "held\n"
        # ... meanwhile the dashboard marks an action done and the command line adds a company.
        cli = asyncio.ensure_future(followup(db, "add", "company", "--name", "Initech"))
        await press_through(pilot, app, "d")
        assert holder.wait(timeout=30) == 0
        holder.stdout.close()
        ok(await cli)
        await pilot.pause()
        errors = [n.message for n in app._notifications if n.severity == "error"]
        assert errors == []
        with contextlib.closing(sqlite3.connect(db)) as conn:
            done = conn.execute("SELECT count(*) FROM touches WHERE action_key = ?", [first])
            assert done.fetchone()[0] == 1
            assert conn.execute("SELECT count(*) FROM companies WHERE name = 'Initech'").fetchone()
            assert conn.execute("SELECT value FROM settings WHERE name = 'user_name'").fetchone()
    app.store.conn.close()


async def test_two_dashboards_on_one_file_stay_consistent(db: Path) -> None:
    left, right = app_on(db), app_on(db)
    async with left.run_test(size=SIZE) as one, right.run_test(size=SIZE) as two:
        await waited(one, lambda: bool(keys(left)))
        await waited(two, lambda: bool(keys(right)))
        assert keys(left) == keys(right)
        first = keys(left)[0]
        await press_through(one, left, "d")
        await one.pause()
        assert first not in keys(left)
        elapsed = await waited(two, lambda: first not in keys(right))
        assert elapsed <= WITHIN
        await waited(one, lambda: keys(left) == keys(right))
        # And back the other way: the second one skips, the first follows.
        second = keys(right)[0]
        await two.press("x")
        assert await waited(one, lambda: second not in keys(left)) <= WITHIN
        await waited(two, lambda: keys(left) == keys(right))
        # Undo in the first dashboard restores its done in both.
        await one.press("u")
        assert await waited(two, lambda: first in keys(right)) <= WITHIN
        await waited(one, lambda: keys(left) == keys(right))
    left.store.conn.close()
    right.store.conn.close()


async def test_a_read_from_before_a_done_does_not_bring_its_row_back(db: Path) -> None:
    """The full read that follows the first screen can be under way when `d` is pressed:
    arriving after the done, it must not put the done row back (it showed in the
    two-dashboard test above, now and then)."""
    app = FollowupApp(Store(open_db(db), now=NOW), DAY, threaded=False)
    async with app.run_test(size=SIZE) as pilot:
        await waited(pilot, lambda: bool(keys(app)))
        first = keys(app)[0]
        before = app.dashboard.compute()  # read, not yet shown, when the key comes
        await press_through(pilot, app, "d")
        await pilot.pause()
        assert first not in keys(app)
        app.apply(before)
        await pilot.pause()
        assert first not in keys(app)
        # The read that replaces it knows of the done.
        assert app.snapshot is not None
        assert first not in [action.key for action in app.snapshot.actions]
    app.store.conn.close()

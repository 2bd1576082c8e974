"""SIGTERM and SIGHUP (the terminal window closed) end the dashboard as quitting does: the
terminal leaves the alternate screen with mouse reporting off, and the database is whole."""

from __future__ import annotations

import contextlib
import signal
import sqlite3
import sys
from pathlib import Path

import pendulum
import pytest

from followup_tui.db import open_db
from followup_tui.demo import build_demo
from followup_tui.store import Store
from tests.terminal import (
    ENTER_ALT_SCREEN,
    FOLLOWUP,
    LEAVE_ALT_SCREEN,
    MOUSE_OFF,
    MOUSE_ON,
    clean_env,
    terminal,
)

TODAY = "2026-11-25"
NOW = pendulum.datetime(2026, 11, 25, 9, 0, tz="UTC")
TABLES = ("companies", "applications", "contacts", "touches", "action_overrides")


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    path = tmp_path / "followup.db"
    store = Store(open_db(path), now=NOW)
    build_demo(store, pendulum.Date(2026, 11, 25))
    store.conn.close()
    return path


def counts(path: Path) -> dict[str, int]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def ended_cleanly(output: bytes) -> None:
    """The terminal was put back after the screen was drawn: alternate screen left last."""
    start = output.index(ENTER_ALT_SCREEN)
    assert MOUSE_ON in output[start:]
    after = output[output.rindex(MOUSE_ON) :]
    assert MOUSE_OFF in after
    assert LEAVE_ALT_SCREEN in after
    assert output.rindex(LEAVE_ALT_SCREEN) > output.rindex(ENTER_ALT_SCREEN)


#: The two commands that start followup: the installed script and `python -m`.
STARTS = {
    "script": [FOLLOWUP],
    "module": [sys.executable, "-m", "followup_tui"],
}


@pytest.mark.parametrize("start", sorted(STARTS))
@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_ends_the_dashboard_and_restores_the_terminal(
    start: str, number: int, demo_db: Path, tmp_path: Path
) -> None:
    before = counts(demo_db)
    env = clean_env(XDG_STATE_HOME=str(tmp_path / "state"))
    argv = [*STARTS[start], "--db", str(demo_db), "--today", TODAY]
    with terminal(argv, env) as term:
        # The first screen is up and the store open: the key bar lists the keys.
        term.wait_for(lambda out: b"Pipeline (" in out and b"Copy draft" in out, "the dashboard")
        term.wait_for(lambda out: b"loading" not in out[out.rindex(b"Pipeline (") :], "data")
        term.signal(number)
        code = term.finish()
    assert code == 128 + number, term.output[-500:]
    ended_cleanly(term.output)
    assert counts(demo_db) == before
    assert not demo_db.with_name("followup.db-wal").exists()  # the last connection closed


def test_a_signal_right_after_a_write_keeps_it_whole(demo_db: Path, tmp_path: Path) -> None:
    """`d` then SIGTERM at once: the touch is written whole (with its activity columns) or
    not at all, never half."""
    before = counts(demo_db)
    env = clean_env(XDG_STATE_HOME=str(tmp_path / "state"))
    with terminal([FOLLOWUP, "--db", str(demo_db), "--today", TODAY], env) as term:
        term.wait_for(lambda out: b"Pipeline (" in out and b"Copy draft" in out, "the dashboard")
        term.wait_for(lambda out: b"loading" not in out[out.rindex(b"Pipeline (") :], "data")
        term.send("d")
        term.signal(signal.SIGTERM)
        assert term.finish() == 128 + signal.SIGTERM
    ended_cleanly(term.output)
    after = counts(demo_db)
    assert after["touches"] in (before["touches"], before["touches"] + 1)
    assert {k: v for k, v in after.items() if k != "touches"} == {
        k: v for k, v in before.items() if k != "touches"
    }
    with contextlib.closing(sqlite3.connect(demo_db)) as conn:
        # The trigger-kept column agrees with the log, whichever way it went.
        stale = conn.execute(
            "SELECT count(*) FROM contacts c WHERE c.last_out_at IS NOT "
            "(SELECT max(t.at) FROM touches t WHERE t.contact_id = c.id AND t.direction = 'out')"
        ).fetchone()[0]
    assert stale == 0

"""Privacy: every file with the job search in it is the user's alone, and nothing leaves.

The database, its -wal and -shm files, every backup and the saved draft are 0600 in 0700
folders even under a permissive umask; the commands and the dashboard work with every
network socket refused.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pendulum
import pytest
from click.testing import CliRunner

from followup_tui import clipboard
from followup_tui.cli import cli
from followup_tui.db import backup, migrations, open_db
from followup_tui.demo import build_demo
from followup_tui.store import Store
from followup_tui.tui.app import FollowupApp
from followup_tui.tui.widgets.today import TodayTable

TODAY = "2026-11-25"
DAY = pendulum.Date(2026, 11, 25)
NOW = pendulum.datetime(2026, 11, 25, 9, 0, tz="UTC")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The most permissive umask: files must be private by how they are made, not by luck."""
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("FOLLOWUP_DB", "FOLLOWUP_TODAY", "DISPLAY", "WAYLAND_DISPLAY", "TMUX"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "home" / "state"))
    return tmp_path / "home"


def followup(*args: str) -> str:
    """The real command, as a user runs it: no --db, so the default place is used."""
    result = subprocess.run(
        [sys.executable, "-m", "followup_tui", "--today", TODAY, *args],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        check=False,
        preexec_fn=lambda: os.umask(0),
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.slow
def test_the_database_and_every_copy_are_private_after_real_use(home: Path) -> None:
    data = home / "data" / "followup-tui"
    database = data / "followup.db"
    followup("--db", str(database), "demo")  # the demo's own file is followup-demo.db
    assert mode(data) == 0o700
    assert mode(database) == 0o600
    key = json.loads(followup("today", "--json"))[0]["key"]
    followup("draft", key, "--copy", "--force")
    followup("done", key)
    followup("add", "company", "--name", "Initech")
    followup("backup")
    followup("backup", str(home / "backups" / "copy.db"))
    followup("export", "json", "--output", str(home / "dump.json"))
    for path in data.iterdir():
        assert mode(path) == 0o600, path.name
    backups = [p for p in data.iterdir() if p.name.endswith(".bak")]
    assert backups
    assert mode(home / "backups") == 0o700
    assert mode(home / "backups" / "copy.db") == 0o600
    assert mode(home / "dump.json") == 0o600
    # The draft saved for when no clipboard works (no DISPLAY here) is private too.
    saved = list((home / "state").rglob("last-draft.txt"))
    assert saved and all(mode(p) == 0o600 and mode(p.parent) == 0o700 for p in saved)


def test_wal_and_shm_files_are_private_while_in_use(tmp_path: Path, open_umask: None) -> None:
    folder = tmp_path / "fresh"
    path = folder / "followup.db"
    conn = open_db(path)
    try:
        Store(conn, now=NOW).add_company("Acme")
        wal, shm = path.with_name("followup.db-wal"), path.with_name("followup.db-shm")
        assert wal.exists() and shm.exists()
        assert (mode(folder), mode(path), mode(wal), mode(shm)) == (0o700, 0o600, 0o600, 0o600)
    finally:
        conn.close()


def test_backups_are_private(tmp_path: Path, open_umask: None) -> None:
    conn = open_db(tmp_path / "followup.db")
    try:
        build_demo(Store(conn, now=NOW), DAY)
        made = backup(conn, tmp_path / "new-folder" / "copy.db")
        assert mode(made) == 0o600 and mode(made.parent) == 0o700
        # Over an existing file someone else made readable: it becomes private.
        loose = tmp_path / "loose.db"
        loose.write_bytes(b"")
        loose.chmod(0o644)
        assert mode(backup(conn, loose)) == 0o600
    finally:
        conn.close()


def test_the_automatic_backup_before_a_migration_is_private(
    tmp_path: Path, open_umask: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "followup.db"
    open_db(path).close()

    def m900_more(database: Any) -> None:
        database.execute("CREATE TABLE more (id INTEGER PRIMARY KEY)")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, m900_more])
    open_db(path).close()
    saved = path.with_name("followup.db.before-migration.bak")
    assert mode(saved) == 0o600
    assert mode(path) == 0o600


# --- nothing over a network ------------------------------------------------------------------


class NoNetwork:
    """Every attempt to reach another machine, recorded and refused."""

    def __init__(self) -> None:
        self.attempts: list[str] = []

    def refuse(self, what: str) -> OSError:
        self.attempts.append(what)
        return OSError(f"network access attempted in a test: {what}")


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[NoNetwork]:
    guard = NoNetwork()

    class Guarded(socket.socket):
        def __init__(self, family: int = -1, *args: Any, **kwargs: Any) -> None:
            if family in (socket.AF_INET, socket.AF_INET6):
                raise guard.refuse(f"socket(family={family})")
            super().__init__(family, *args, **kwargs)

        def connect(self, address: Any) -> None:
            if self.family != socket.AF_UNIX:
                raise guard.refuse(f"connect({address!r})")
            super().connect(address)

        def connect_ex(self, address: Any) -> int:
            if self.family != socket.AF_UNIX:
                raise guard.refuse(f"connect_ex({address!r})")
            return super().connect_ex(address)

        def sendto(self, *args: Any) -> int:
            raise guard.refuse("sendto")

    def no_lookup(*args: Any, **kwargs: Any) -> Any:
        raise guard.refuse(f"getaddrinfo{args!r}")

    def no_connection(*args: Any, **kwargs: Any) -> Any:
        raise guard.refuse(f"create_connection{args!r}")

    monkeypatch.setattr(socket, "socket", Guarded)
    monkeypatch.setattr(socket, "getaddrinfo", no_lookup)
    monkeypatch.setattr(socket, "gethostbyname", no_lookup)
    monkeypatch.setattr(socket, "create_connection", no_connection)
    yield guard


def test_the_guard_refuses_the_network(no_network: NoNetwork) -> None:
    with pytest.raises(OSError):
        socket.create_connection(("example.com", 443))
    with pytest.raises(OSError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    assert len(no_network.attempts) == 2
    no_network.attempts.clear()


def test_the_commands_work_with_the_network_refused(
    tmp_path: Path, home: Path, no_network: NoNetwork
) -> None:
    path = tmp_path / "followup.db"
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(cli, ["--db", str(path), "--today", TODAY, *args])
        assert result.exit_code == 0, (result.output, result.exc_info)
        return result.stdout

    run("demo")
    run("today")
    actions = json.loads(run("today", "--json"))
    key = next(a["key"] for a in actions if a["draft"])
    assert re.search(r"^(Hi|Hello|Dear) ", run("draft", key), re.MULTILINE)
    run("draft", key, "--copy", "--force")
    run("done", key)
    run("snooze", actions[-1]["key"])
    run("export", "json")
    run("backup", str(tmp_path / "copy.db"))
    assert no_network.attempts == []


async def test_the_dashboard_works_with_the_network_refused(
    tmp_path: Path, home: Path, no_network: NoNetwork
) -> None:
    path = tmp_path / "followup.db"
    with contextlib.closing(open_db(path)) as conn:
        build_demo(Store(conn, now=NOW), DAY)

    def no_clipboard_tool(text: str) -> clipboard.NativeResult:
        return clipboard.NativeResult(False, "no local clipboard in this test")

    store = Store(open_db(path), now=NOW)
    app = FollowupApp(store, DAY, copier=no_clipboard_tool, threaded=True)
    async with app.run_test(size=(120, 36)) as pilot:
        for _ in range(100):
            if app.query_one(TodayTable).row_count:
                break
            await pilot.pause(0.05)
        rows = app.query_one(TodayTable).row_count
        assert rows
        for key in ("c", "d", "s", "x", "u", "enter", "escape", "2", "enter", "escape"):
            await pilot.press(key)
            await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        for letter in "Northwind":
            await pilot.press(letter)
        await pilot.pause(0.3)
        await pilot.press("escape")
        assert app.is_running
    store.conn.close()
    with contextlib.closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT count(*) FROM touches WHERE direction = 'out'").fetchone()
    assert no_network.attempts == []

"""Bad files: every way a database file can be unusable gets one clear line and no change.

Not SQLite, truncated, damaged, from a newer version, read-only, in a read-only folder, on a
disk that fills up: the real command (in a subprocess) names the file, says what to do,
exits non-zero and leaves the file byte for byte as it was. A write that fails in the
dashboard is reported there, and nothing typed is lost.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pendulum
import pytest
from click.testing import CliRunner
from textual.coordinate import Coordinate
from textual.widgets import Input, OptionList, TextArea

from followup_tui.cli import cli
from followup_tui.db import DatabaseProblem, integrity_problem, open_db
from followup_tui.db import migrations as dbmodule
from followup_tui.demo import build_demo
from followup_tui.models import Direction
from followup_tui.store import Store
from followup_tui.tui.app import FollowupApp
from followup_tui.tui.screens.choose import ChooseScreen
from followup_tui.tui.screens.draft_editor import DraftEditor
from followup_tui.tui.screens.forms import FormScreen
from followup_tui.tui.screens.templates import TemplateScreen
from followup_tui.tui.widgets.today import TodayTable
from tests.terminal import run_in_terminal
from tests.tui.test_app import press_through

TODAY = "2026-11-25"
DAY = pendulum.Date(2026, 11, 25)
NOW = pendulum.datetime(2026, 11, 25, 9, 0, tz="UTC")
#: Words of the advice each refusal gives: the user always learns what to do next.
ADVICE = ("restore", "another file", "upgrade", "free some space", "writable", "retry", "--db")
#: Commands run against each bad file; () is the dashboard itself.
COMMANDS: list[tuple[str, ...]] = [
    ("today",),
    ("today", "--json"),
    ("draft", "KEY"),
    ("done", "KEY"),
    ("add", "company", "--name", "Acme"),
    ("demo", "--reset"),
    (),
]


def followup(db: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    if not args:  # the dashboard: at a terminal, or it refuses before it looks at the file
        argv = [sys.executable, "-m", "followup_tui", "--db", str(db), "--today", TODAY]
        return run_in_terminal(argv)
    return subprocess.run(
        [sys.executable, "-m", "followup_tui", "--db", str(db), "--today", TODAY, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(folder: Path) -> dict[str, str]:
    return {p.name: digest(p) for p in sorted(folder.iterdir()) if p.is_file()}


def refused(result: subprocess.CompletedProcess[str], path: Path) -> str:
    """The one line a refusal prints: it names the file and what to do."""
    assert result.returncode != 0, result.stdout[:300]
    assert result.stdout == ""
    assert result.stderr.endswith("\n")
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith("followup: "), line
    assert str(path) in line, line
    assert any(word in line for word in ADVICE), line
    assert "Traceback" not in line
    return line


@pytest.fixture(scope="module")
def good_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A settled demo database (every connection closed, the WAL folded into the file)."""
    path = tmp_path_factory.mktemp("good") / "followup.db"
    result = followup(path, "demo")
    assert result.returncode == 0, result.stderr
    assert not path.with_name("followup.db-wal").exists()
    return path


@pytest.fixture(scope="module")
def due_key(good_db: Path) -> str:
    """The key of an action due in the demo, found the way a user would."""
    shown = followup(good_db, "today", "--json")
    assert shown.returncode == 0, shown.stderr
    return str(json.loads(shown.stdout)[0]["key"])


def with_key(command: tuple[str, ...], key: str) -> tuple[str, ...]:
    return tuple(key if part == "KEY" else part for part in command)


def page_of(path: Path, table: str) -> tuple[int, int]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        (root,) = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", [table]
        ).fetchone()
    return (root - 1) * size, size


def not_sqlite(path: Path, good: bytes) -> None:
    path.write_text("Things to do\n- follow up with Jane\n" * 200)


def empty_header(path: Path, good: bytes) -> None:
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 84)


def cut_in_header(path: Path, good: bytes) -> None:
    path.write_bytes(good[:50])


def cut_after_first_page(path: Path, good: bytes) -> None:
    path.write_bytes(good[:4096])


def cut_in_half(path: Path, good: bytes) -> None:
    path.write_bytes(good[: len(good) // 2])


def cut_last_page(path: Path, good: bytes) -> None:
    path.write_bytes(good[:-4096])


def _scramble(path: Path, good: bytes, table: str) -> None:
    path.write_bytes(good)
    start, size = page_of(path, table)
    data = bytearray(good)
    data[start : start + size] = bytes((i * 37 + 11) % 256 for i in range(size))
    path.write_bytes(bytes(data))


def garbage_in_stage_history(path: Path, good: bytes) -> None:
    # A table that neither `today` nor adding a company reads: only a check finds it.
    _scramble(path, good, "stage_history")


def garbage_in_an_index(path: Path, good: bytes) -> None:
    _scramble(path, good, "idx_touches_contact")


def garbage_in_the_middle(path: Path, good: bytes) -> None:
    data = bytearray(good)
    middle = (len(data) // 4096 // 2) * 4096
    data[middle : middle + 3 * 4096] = os.urandom(3 * 4096)
    path.write_bytes(bytes(data))


def newer_schema(path: Path, good: bytes) -> None:
    path.write_bytes(good)
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('followup', 'm999_from_the_future', '2030-01-01 00:00:00+00:00')"
        )
        conn.execute("CREATE TABLE reminders (id INTEGER PRIMARY KEY, at TEXT)")
        conn.commit()


def another_program(path: Path, good: bytes) -> None:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO photos (name) VALUES ('cat.jpg')")
        conn.commit()


BAD_FILES: list[Callable[[Path, bytes], None]] = [
    not_sqlite,
    empty_header,
    cut_in_header,
    cut_after_first_page,
    cut_in_half,
    cut_last_page,
    garbage_in_stage_history,
    garbage_in_an_index,
    garbage_in_the_middle,
    newer_schema,
    another_program,
]


@pytest.mark.slow
@pytest.mark.parametrize("make", BAD_FILES, ids=[f.__name__ for f in BAD_FILES])
def test_a_bad_file_gets_one_line_and_is_never_modified(
    make: Callable[[Path, bytes], None], good_db: Path, due_key: str, tmp_path: Path
) -> None:
    path = tmp_path / "followup.db"
    make(path, good_db.read_bytes())
    before = listing(tmp_path)
    for command in COMMANDS:
        result = followup(path, *with_key(command, due_key), timeout=30)
        line = refused(result, path)
        if make is newer_schema:
            assert "newer version" in line and "upgrade" in line
        assert listing(tmp_path) == before, command


def test_refusals_without_a_check_would_miss_damage_that_today_never_reads(
    good_db: Path, tmp_path: Path
) -> None:
    """Why the integrity check runs: without it, this damage stays silent and gets written to."""
    path = tmp_path / "followup.db"
    garbage_in_stage_history(path, good_db.read_bytes())
    with contextlib.closing(sqlite3.connect(path)) as conn:
        # The day's queries and a new company don't touch the damaged page ...
        assert conn.execute("SELECT count(*) FROM companies").fetchone()[0] == 12
        with pytest.raises(sqlite3.DatabaseError):
            conn.execute("SELECT * FROM stage_history").fetchall()
        # ... but the check does.
        assert integrity_problem(conn) is not None


# --- read-only files and folders ------------------------------------------------------------


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make `path` (a file or a folder) read-only for this process, as a user would meet it.

    A user (not root) gets plain permission bits; root ignores them, so root gets the
    immutable attribute instead, which the kernel enforces for root too.
    """
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o500 if path.is_dir() else 0o400)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    if shutil.which("chattr") is None:
        pytest.skip("running as root without chattr: nothing is read-only to root")
    made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
    if made.returncode != 0:
        pytest.skip(f"chattr +i is not permitted here: {made.stderr.decode().strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


WRITES: list[tuple[str, ...]] = [
    ("done", "KEY"),
    ("add", "company", "--name", "Acme"),
    ("demo", "--reset"),
    ("stage", "1", "offer"),
]


@pytest.mark.slow
def test_a_read_only_file_can_be_read_but_a_write_says_how_to_fix_it(
    good_db: Path, due_key: str, tmp_path: Path
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "followup.db"
    shutil.copy(good_db, path)
    before = digest(path)
    with read_only(path):
        shown = followup(path, "today")
        assert shown.returncode == 0, shown.stderr
        assert "overdue" in shown.stdout
        for command in WRITES:
            line = refused(followup(path, *with_key(command, due_key)), path)
            assert "writable" in line
            assert digest(path) == before
    assert digest(path) == before


@pytest.mark.slow
def test_a_database_in_a_read_only_folder(good_db: Path, due_key: str, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "followup.db"
    shutil.copy(good_db, path)
    before = listing(folder)
    with read_only(folder):
        # SQLite needs its -wal and -shm files beside the database: say so, not "damaged".
        for command in (("today",), *WRITES):
            line = refused(followup(path, *with_key(command, due_key)), path)
            assert "damaged" not in line and "restore" not in line, line
            assert "writable" in line, line
        # A new database there can't be created: the message says where else to go.
        fresh = folder / "new.db"
        line = refused(followup(fresh, "today"), fresh)
        assert "--db" in line
    assert listing(folder) == before


# --- a disk that fills up -----------------------------------------------------------------------


@contextlib.contextmanager
def tiny_disk(folder: Path, size: str) -> Iterator[Path]:
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"can't mount a small tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.mark.slow
def test_a_disk_that_fills_up_during_the_first_start(tmp_path: Path) -> None:
    """The schema doesn't fit: say so; once there is room, the same file opens."""
    with tiny_disk(tmp_path / "disk", "160k") as disk:
        path = disk / "followup.db"
        # A command that may create the database (`today` never does).
        line = refused(followup(path, "add", "company", "--name", "Acme"), path)
        assert "disk is full" in line
        # Room again: nothing half-made stands in the way.
        subprocess.run(["mount", "-o", "remount,size=4m", str(disk)], check=True)
        result = followup(path, "today")
        assert result.returncode == 0, result.stderr
        assert followup(path, "demo").returncode == 0


@pytest.mark.slow
def test_a_disk_that_fills_up_mid_write_keeps_every_row(tmp_path: Path) -> None:
    with tiny_disk(tmp_path / "disk", "1200k") as disk:
        path = disk / "followup.db"
        assert followup(path, "add", "company", "--name", "Acme").returncode == 0
        with contextlib.closing(sqlite3.connect(path)) as conn, conn:
            # As if `followup demo` had made it: the demo rebuilds only its own database.
            conn.execute("INSERT INTO settings (name, value) VALUES ('demo', 'test')")
        assert not path.with_name("followup.db-wal").exists()
        before = digest(path)
        line = refused(followup(path, "demo", "--applications", "300", "--reset"), path)
        assert "disk is full" in line and "free some space" in line
        assert digest(path) == before
        with contextlib.closing(sqlite3.connect(path)) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert conn.execute("SELECT name FROM companies").fetchall() == [("Acme",)]
        assert followup(path, "today").returncode == 0
        assert followup(path, "add", "company", "--name", "Globex").returncode == 0


class FullDisk:
    """A connection whose writes fail as SQLite's do when the disk is full, after `allow`."""

    def __init__(self, conn: sqlite3.Connection, allow: int = 0) -> None:
        self._conn = conn
        self.allow = allow
        self.failed = 0

    def _check(self, sql: str) -> None:
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            if self.allow > 0:
                self.allow -= 1
                return
            self.failed += 1
            error = sqlite3.OperationalError("database or disk is full")
            error.sqlite_errorname = "SQLITE_FULL"
            raise error

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._check(sql)
        return self._conn.execute(sql, *args)

    def executemany(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._check(sql)
        return self._conn.executemany(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


@pytest.mark.parametrize(
    ("command", "allow"),
    [
        (("add", "application", "--company", "Initech", "--role", "SRE"), 1),
        (("demo", "--applications", "40", "--reset"), 5),
        (("done", "KEY"), 0),
        (("add", "message", "--contact", "1", "--at", "2026-11-25 10:00"), 0),
        (("import", "csv", "CSV"), 3),
    ],
)
def test_an_injected_full_disk_mid_write_changes_nothing(
    command: tuple[str, ...],
    allow: int,
    good_db: Path,
    due_key: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "followup.db"
    shutil.copy(good_db, path)
    command = with_key(command, due_key)
    source = tmp_path / "applications.csv"
    source.write_text(
        "company,role\n" + "".join(f"Company {i},Engineer\n" for i in range(20)), encoding="utf-8"
    )
    command = tuple(str(source) if part == "CSV" else part for part in command)
    before = digest(path)
    disks: list[FullDisk] = []

    def failing_open(where: str | Path) -> Any:
        disks.append(FullDisk(open_db(where), allow))
        return disks[-1]

    monkeypatch.setattr("followup_tui.cli.shared.open_db", failing_open)
    result = CliRunner().invoke(
        cli, ["--db", str(path), "--today", TODAY, *command], prog_name="followup"
    )
    assert result.exit_code == 1, (result.stdout, result.stderr, result.exc_info)
    assert disks and disks[0].failed == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and "disk is full" in lines[0]
    assert "free some space" in lines[0]
    disks[0]._conn.close()
    assert digest(path) == before


def test_a_first_migration_that_fails_leaves_a_file_that_opens_later(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """sqlite-utils makes its bookkeeping table outside the migration's transaction."""
    path = tmp_path / "followup.db"
    first = dbmodule.MIGRATIONS[0]

    def full_halfway(database: Any) -> None:
        database.execute("CREATE TABLE companies (id INTEGER PRIMARY KEY)")
        error = sqlite3.OperationalError("database or disk is full")
        error.sqlite_errorname = "SQLITE_FULL"
        raise error

    full_halfway.__name__ = first.__name__
    monkeypatch.setattr(dbmodule, "MIGRATIONS", [full_halfway, *dbmodule.MIGRATIONS[1:]])
    with pytest.raises(DatabaseProblem) as caught:
        open_db(path)
    assert "disk is full" in str(caught.value) and str(path) in str(caught.value)
    monkeypatch.undo()
    with contextlib.closing(open_db(path)) as conn:
        assert conn.execute("SELECT count(*) FROM companies").fetchone()[0] == 0


# --- the dashboard: a failed write is reported, nothing typed is lost ----------------------------


def _disk_full(*args: object, **kwargs: object) -> Any:
    error = sqlite3.OperationalError("database or disk is full")
    error.sqlite_errorname = "SQLITE_FULL"
    raise error


@pytest.fixture
def demo_store() -> Store:
    store = Store(open_db(":memory:"), now=NOW)
    build_demo(store, DAY)
    return store


def _keys(app: FollowupApp) -> list[str]:
    table = app.query_one(TodayTable)
    return [
        str(table.coordinate_to_cell_key(Coordinate(i, 0)).row_key.value)
        for i in range(table.row_count)
    ]


def _errors(app: FollowupApp) -> list[str]:
    return [n.message for n in app._notifications if n.severity == "error"]


@pytest.mark.parametrize(("key", "method"), [("d", "record_done"), ("s", "snooze"), ("x", "skip")])
async def test_a_failed_write_in_the_dashboard_is_reported_and_changes_nothing(
    key: str, method: str, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = FollowupApp(demo_store, DAY, threaded=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        rows = _keys(app)
        touches = demo_store.conn.execute("SELECT count(*) FROM touches").fetchone()[0]
        monkeypatch.setattr(demo_store, method, _disk_full)
        await press_through(pilot, app, key)
        await pilot.pause()
        assert app.is_running
        errors = _errors(app)
        assert errors and "disk is full" in errors[-1], errors
        assert _keys(app) == rows
        assert not app.state.undo_stack
        assert demo_store.conn.execute("SELECT count(*) FROM touches").fetchone()[0] == touches


async def test_an_edited_draft_survives_a_failed_done(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = FollowupApp(demo_store, DAY, threaded=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        action = app.selected_action()
        assert action is not None
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, DraftEditor)
        editor = app.screen.query_one(TextArea)
        editor.text = "Hi Jane, my own words, typed with care."
        await pilot.press("ctrl+s")
        await pilot.pause()
        monkeypatch.setattr(demo_store, "record_done", _disk_full)
        await pilot.press("d")
        await pilot.pause()
        assert app.is_running
        assert _errors(app)
        edit = demo_store.draft_edit(action.key)
        assert edit is not None and edit.body == "Hi Jane, my own words, typed with care."
        assert app.selected_action() == action
        # Room again: the same key saves what was typed.
        monkeypatch.undo()
        await pilot.press("d")
        await pilot.pause()
        body = demo_store.conn.execute(
            "SELECT body FROM touches WHERE action_key = ? AND direction = ?",
            [action.key, Direction.OUT.value],
        ).fetchone()
        assert body == ("Hi Jane, my own words, typed with care.",)


@pytest.mark.slow
async def test_the_dashboard_on_a_disk_that_really_fills_up(tmp_path: Path) -> None:
    with tiny_disk(tmp_path / "disk", "2m") as disk:
        path = disk / "followup.db"
        store = Store(open_db(path), now=NOW)
        build_demo(store, DAY)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        app = FollowupApp(store, DAY, threaded=False)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            rows = _keys(app)
            filler = disk / "filler"
            with contextlib.suppress(OSError), filler.open("wb") as out:
                while True:
                    out.write(b"\0" * 65536)
                    out.flush()
            await press_through(pilot, app, "d")
            await pilot.pause()
            assert app.is_running
            errors = _errors(app)
            assert errors and "disk is full" in errors[-1] and str(path) in errors[-1], errors
            assert _keys(app) == rows
            filler.unlink()
            await press_through(pilot, app, "d")
            await pilot.pause()
            assert _keys(app) == rows[1:]
        store.conn.close()
        with contextlib.closing(sqlite3.connect(path)) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


async def _choose(pilot: Any, value: str) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, ChooseScreen)
    ids = [value_ for value_, _label in screen.options]
    screen.query_one(OptionList).highlighted = ids.index(value)
    await pilot.press("enter")
    await pilot.pause()


async def test_a_form_whose_save_fails_comes_back_with_what_was_typed(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = FollowupApp(demo_store, DAY, threaded=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await _choose(pilot, "contact")
        assert isinstance(app.screen, FormScreen)
        app.screen.query_one("#field-name", Input).value = "Priya Natarajan"
        app.screen.query_one("#field-email", Input).value = "priya@example.com"
        monkeypatch.setattr(demo_store, "add_contact", _disk_full)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.is_running
        assert _errors(app) and "disk is full" in _errors(app)[-1]
        # The form is back, holding every field as typed.
        assert isinstance(app.screen, FormScreen)
        assert app.screen.query_one("#field-name", Input).value == "Priya Natarajan"
        assert app.screen.query_one("#field-email", Input).value == "priya@example.com"
        monkeypatch.undo()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is app.screen_stack[0]
        found = demo_store.conn.execute(
            "SELECT email FROM contacts WHERE name = 'Priya Natarajan'"
        ).fetchall()
        assert found == [("priya@example.com",)]


async def test_a_template_whose_save_fails_comes_back_with_what_was_typed(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = FollowupApp(demo_store, DAY, threaded=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TemplateScreen)
        app.screen.query_one("#template-body", TextArea).text = "Hi $first_name, thank you!"
        monkeypatch.setattr(demo_store, "set_template", _disk_full)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.is_running and _errors(app)
        assert isinstance(app.screen, TemplateScreen)
        body = app.screen.query_one("#template-body", TextArea).text
        assert body == "Hi $first_name, thank you!"


@pytest.mark.parametrize(("keys", "method"), [(("2", "greater_than_sign"), "set_stage")])
async def test_a_failed_stage_change_or_delete_is_reported(
    keys: tuple[str, ...], method: str, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = FollowupApp(demo_store, DAY, threaded=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        stages = demo_store.conn.execute("SELECT id, stage FROM applications").fetchall()
        monkeypatch.setattr(demo_store, method, _disk_full)
        await pilot.press(*keys)
        await pilot.pause()
        assert app.is_running and _errors(app)
        assert demo_store.conn.execute("SELECT id, stage FROM applications").fetchall() == stages
        # Delete: confirm with y; the failure is reported and every row stays.
        monkeypatch.setattr(demo_store, "delete", _disk_full)
        contacts = demo_store.conn.execute("SELECT count(*) FROM contacts").fetchone()
        await pilot.press("3", "D")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.is_running and len(_errors(app)) == 2
        assert demo_store.conn.execute("SELECT count(*) FROM contacts").fetchone() == contacts


@pytest.mark.slow
async def test_the_dashboard_on_a_read_only_file_says_how_to_fix_it(
    good_db: Path, tmp_path: Path
) -> None:
    path = tmp_path / "followup.db"
    shutil.copy(good_db, path)
    before = digest(path)
    with read_only(path):
        store = Store(open_db(path), now=NOW)
        app = FollowupApp(store, DAY, threaded=False)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            rows = _keys(app)
            assert rows
            for key in ("d", "s", "x"):
                await press_through(pilot, app, key)
                await pilot.pause()
            assert app.is_running
            errors = _errors(app)
            assert len(errors) == 3 and all("writable" in e and str(path) in e for e in errors)
            assert _keys(app) == rows
        store.conn.close()
    assert digest(path) == before

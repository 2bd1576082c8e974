"""Opening the dashboard fast: the forked reader, the first screen it sends, and every way
back to the command line when it can't go ahead."""

from __future__ import annotations

import json
import os
import pickle
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pendulum
import pytest

from followup_tui import clipboard
from followup_tui.db import MEMORY, open_db
from followup_tui.models import STRATEGY_ORDER
from followup_tui.store import Store
from followup_tui.tui import present
from followup_tui.tui.app import FollowupApp
from followup_tui.tui.panes import DraftView, HeaderBar, KeyBar, TodayTable
from followup_tui.tui.quick import QuickStart, dashboard_options
from followup_tui.tui.snapshot import Snapshot, compute
from followup_tui.tui.view import FirstScreen
from tests.terminal import clean_env, run_in_terminal

TODAY = pendulum.Date(2026, 11, 25)
NOW = pendulum.datetime(2026, 11, 25, 9, 0, tz="UTC")
FOLLOWUP = str(Path(sys.executable).parent / "followup")


@pytest.fixture(autouse=True)
def private_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    from followup_tui.demo import build_demo

    path = tmp_path / "demo.db"
    store = Store(open_db(path), now=NOW)
    build_demo(store, TODAY)
    store.conn.close()
    return path


# --- which command lines take the fast way ------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "environ", "expected"),
    [
        ([], {}, (None, None)),
        (["--db", "a.db"], {}, ("a.db", None)),
        (["--db=a.db", "--today=2026-11-25"], {}, ("a.db", "2026-11-25")),
        (["--today", "2026-11-25", "--db", "a.db"], {}, ("a.db", "2026-11-25")),
        ([], {"FOLLOWUP_DB": "env.db", "FOLLOWUP_TODAY": "2026-01-02"}, ("env.db", "2026-01-02")),
        (["--db", "flag.db"], {"FOLLOWUP_DB": "env.db"}, ("flag.db", None)),
        ([], {"FOLLOWUP_DB": ""}, (None, None)),
    ],
)
def test_only_opening_the_dashboard_takes_the_fast_way(
    argv: list[str], environ: dict[str, str], expected: tuple[str | None, str | None]
) -> None:
    assert dashboard_options(argv, environ) == expected


@pytest.mark.parametrize(
    "argv",
    [
        ["today"],
        ["--db", "a.db", "today"],
        ["--help"],
        ["-h"],
        ["--version"],
        ["--db"],
        ["--db", ""],
        ["--db=", "--today", "2026-11-25"],
        ["--db", "a.db", "--db", "b.db"],
        ["--dbx", "a.db"],
        ["--db", MEMORY],
        ["demo", "--applications", "5"],
    ],
)
def test_everything_else_goes_to_the_command_line(argv: list[str]) -> None:
    assert dashboard_options(argv, {}) is None


def test_an_in_memory_database_from_the_environment_goes_to_the_command_line() -> None:
    assert dashboard_options([], {"FOLLOWUP_DB": MEMORY}) is None


def test_a_folder_goes_to_the_command_line(tmp_path: Path) -> None:
    """So a folder gets the command line's words and exit code, whichever way it came."""
    assert dashboard_options(["--db", str(tmp_path)], {}) is None
    assert dashboard_options([], {"FOLLOWUP_DB": str(tmp_path)}) is None
    assert dashboard_options(["--db", str(tmp_path / "new.db")], {}) is not None


# --- what the first paint imports -----------------------------------------------------------


def test_the_first_paint_loads_neither_pendulum_nor_the_store_nor_click() -> None:
    """The app module, the fast path and the panes import none of what the reader loads."""
    script = """
import json, sys
import followup_tui.entry, followup_tui.tui.quick, followup_tui.tui.app
loaded = lambda name: name in sys.modules and type(sys.modules[name]).__name__ == "module"
print(json.dumps({name: loaded(name) for name in (
    "pendulum", "click", "sqlite_utils", "followup_tui.store", "followup_tui.models",
    "followup_tui.playbook", "followup_tui.tui.editing", "followup_tui.tui.app",
)}))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    loaded = json.loads(done.stdout)
    assert loaded.pop("followup_tui.tui.app") is True
    assert not any(loaded.values()), loaded


def test_load_runs_what_workers_use_and_leaves_screens_to_their_first_use() -> None:
    script = """
import json, sys
import followup_tui.tui.app
from followup_tui import lazy
loaded = lambda name: type(sys.modules[name]).__name__ == "module"
before = "pendulum" in sys.modules
lazy.load()
data = ("followup_tui.tui.snapshot", "followup_tui.clipboard", "followup_tui.tui.present")
after = {"pendulum": "pendulum" in sys.modules, "data": [loaded(name) for name in data]}
screens = loaded("followup_tui.tui.editing")
followup_tui.tui.editing.ADDABLE  # the first use
print(json.dumps({
    "before": before, **after, "screens": screens, "used": loaded("followup_tui.tui.editing"),
}))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert json.loads(done.stdout) == {
        "before": False,
        "pendulum": True,
        "data": [True] * 3,
        "screens": False,
        "used": True,
    }


# --- the forked reader ----------------------------------------------------------------------

READER_SCRIPT = """
import json, pickle, sys, threading
from followup_tui.tui.quick import QuickStart
start = QuickStart(sys.argv[1], sys.argv[2])
ok = start.ready()
first = start.first() if ok else None
payload = start.snapshot() if ok else None
store, today = start.open() if ok else (None, None)
from followup_tui.tui import present
from followup_tui.tui.snapshot import compute
mine = compute(store, today, threading.RLock(), full=False)
print(json.dumps({
    "ok": ok,
    "path": start.path,
    "today": start.today,
    "theme": start.theme,
    "first_equal": first == present.first_screen(mine, today),
    "snapshot_equal": pickle.loads(payload) == mine,
    "rows": len(first.rows),
    "now": store.now().isoformat(),
}))
"""


def test_the_reader_sends_what_this_process_would_compute(demo_file: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", READER_SCRIPT, str(demo_file), TODAY.isoformat()],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "XDG_STATE_HOME": str(demo_file.parent / "state")},
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report == {
        "ok": True,
        "path": str(demo_file),
        "today": "2026-11-25",
        "theme": report["theme"],
        "first_equal": True,
        "snapshot_equal": True,
        "rows": report["rows"],
        "now": report["now"],
    }
    assert report["rows"] > 0
    # Seen from another day, writes are stamped at its end, as the command line does.
    assert report["now"].startswith("2026-11-25T23:59:59")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda folder: folder, "is a folder"),
        (lambda folder: _write(folder / "notes.txt", b"not a database\n" * 100), "notes.txt"),
        (lambda folder: _write(folder / "zero.db", b"SQLite format 3\x00" + b"\x01" * 200), ""),
    ],
)
def test_the_reader_declines_files_the_command_line_refuses(
    tmp_path: Path, make: Any, message: str
) -> None:
    target = make(tmp_path)
    before = _snapshot_files(tmp_path)
    start = QuickStart(str(target), "2026-11-25")
    try:
        assert start.ready() is False
    finally:
        start.cancel()
    assert start.problem is not None and message in start.problem  # the command line's words
    assert _snapshot_files(tmp_path) == before  # nothing written, nothing lost


def test_a_reader_stopped_early_leaves_no_files_behind(demo_file: Path) -> None:
    start = QuickStart(str(demo_file), TODAY.isoformat())
    assert start.ready()
    start.cancel()  # stopped whatever it was doing
    assert sorted(p.name for p in demo_file.parent.iterdir() if p.is_file()) == ["demo.db"]


def test_the_reader_declines_a_day_that_is_not_one(demo_file: Path) -> None:
    start = QuickStart(str(demo_file), "someday")
    try:
        assert start.ready() is False
    finally:
        start.cancel()
    assert start.problem is not None and "--today 'someday' is not a date" in start.problem


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _snapshot_files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and "state" not in p.parts
    }


# --- the real command: errors are the command line's, in one line -------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--today", "nope"], "followup: --today 'nope' is not a date"),
        (["--today", "3026-01-01"], "is too far away"),
        (["--db", "{tmp}"], "is a directory"),
        (["--db", "{tmp}/notes.txt"], "followup: "),
    ],
)
def test_the_command_reports_bad_input_in_one_line(
    tmp_path: Path, args: list[str], expected: str
) -> None:
    (tmp_path / "notes.txt").write_text("these are my notes, not a database\n" * 50)
    before = (tmp_path / "notes.txt").read_bytes()
    args = [a.format(tmp=tmp_path) for a in args]
    if "--db" not in args:
        args = ["--db", str(tmp_path / "fresh.db"), *args]
    env = clean_env(XDG_STATE_HOME=str(tmp_path / "state"))
    # At a terminal: without one, the dashboard refuses before it looks at anything else.
    done = run_in_terminal([FOLLOWUP, *args], env)
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert expected in lines[0]
    assert "Traceback" not in done.stderr
    assert (tmp_path / "notes.txt").read_bytes() == before


# --- the app drawing a first screen it was sent ----------------------------------------------


class FakeStart:
    """What QuickStart gives the app, from this process, with a gate on the first screen."""

    def __init__(self, store: Store, first: FirstScreen | None, snapshot: Snapshot | None):
        self.store = store
        self.theme = "textual-dark"
        self.created = False
        self._first = first
        self._payload = None if snapshot is None else pickle.dumps(snapshot)
        self.gate = threading.Event()
        self.gate.set()
        self.answered = False

    def first(self) -> FirstScreen | None:
        self.gate.wait(10)
        self.answered = True
        return self._first

    def snapshot(self) -> bytes | None:
        return self._payload

    def open(self) -> tuple[Store, pendulum.Date]:
        return self.store, TODAY


@pytest.fixture
def store(demo_file: Path) -> Store:
    return Store(open_db(demo_file), now=NOW)


def quick_app(start: FakeStart) -> FollowupApp:
    return FollowupApp(
        quick=start,  # type: ignore[arg-type]
        copier=lambda text: clipboard.NativeResult(True, "testclip"),
    )


def today_keys(app: FollowupApp) -> list[str]:
    table = app.query_one(TodayTable)
    return [str(table.coordinate_to_cell_key((i, 0)).row_key.value) for i in range(table.row_count)]


async def test_the_app_draws_the_first_screen_then_takes_over(store: Store) -> None:
    data = compute(store, TODAY, threading.RLock(), full=False)
    first = present.first_screen(data, TODAY)
    start = FakeStart(store, first, data)
    start.gate.clear()
    app = quick_app(start)
    # Hold the take-over back, to look at the first screen as it was sent.
    held: list[bool] = []
    take_over = app._finish_start
    app._finish_start = held.append  # type: ignore[method-assign]
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        touches = store.conn.execute("SELECT count(*) FROM touches").fetchone()[0]
        # Before the first screen arrives: a frame with the panes, and keys do nothing.
        await pilot.press("a", "d", "2")
        assert app.query_one(TodayTable).row_count == 0
        assert len(app.screen_stack) == 1
        assert app.focused is app.query_one(TodayTable)
        start.gate.set()
        for _ in range(50):
            await pilot.pause(0.02)
            if held:
                break
        # The first screen as sent: Today's visible rows, the header and the top draft.
        shown = today_keys(app)
        assert shown and shown == [row.key for row in first.rows[: len(shown)]]
        assert "Today (" in str(app.query_one(TodayTable).border_title)
        assert first.header.day in str(app.query_one(HeaderBar).render())
        assert first.draft is not None
        assert first.draft.title in str(app.query_one(DraftView).render())
        assert not app.started
        take_over(*held)
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.started
        assert store.conn.execute("SELECT count(*) FROM touches").fetchone()[0] == touches
        # The full read keeps the same order under the rows drawn first.
        assert today_keys(app)[: len(shown)] == shown
        # And now the keys work: d records the touch.
        await pilot.press("d")
        assert store.conn.execute("SELECT count(*) FROM touches").fetchone()[0] == touches + 1


async def test_the_store_the_app_opened_itself_is_closed_when_it_quits(store: Store) -> None:
    data = compute(store, TODAY, threading.RLock(), full=False)
    app = quick_app(FakeStart(store, present.first_screen(data, TODAY), data))
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.started
    with pytest.raises(sqlite3.ProgrammingError):
        store.conn.execute("SELECT 1")


async def test_a_store_handed_to_the_app_stays_open_for_its_owner(store: Store) -> None:
    app = FollowupApp(
        store, TODAY, copier=lambda text: clipboard.NativeResult(True, "testclip"), threaded=False
    )
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
    assert store.conn.execute("SELECT 1").fetchone() == (1,)


async def test_a_reader_that_fails_after_opening_leaves_the_app_to_read(store: Store) -> None:
    app = quick_app(FakeStart(store, None, None))
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.started
        expected = compute(store, TODAY, threading.RLock())
        due = [a for a in expected.actions if a.due <= TODAY]
        assert app.query_one(TodayTable).row_count == min(len(due), 100)


async def test_quitting_before_the_first_screen_does_not_wait_for_it(store: Store) -> None:
    start = FakeStart(store, None, None)
    start.gate.clear()  # a reader that never answers
    app = quick_app(start)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("q")
    assert not app.started
    assert app.return_code == 0
    assert not start.answered  # the app left without waiting for the reader
    start.gate.set()


# --- the key bar ------------------------------------------------------------------------------


async def test_the_key_bar_lists_the_keys_and_a_click_presses_one(store: Store) -> None:
    app = FollowupApp(
        store, TODAY, copier=lambda text: clipboard.NativeResult(True, "testclip"), threaded=False
    )
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        bar = app.query_one(KeyBar)
        text = str(bar.render())
        for label in ("d Done", "c Copy draft", "s Snooze", "? Help", "q Quit", "^p palette"):
            assert label in text
        x = text.index(" c Copy draft") + 2
        await pilot.click(KeyBar, offset=(x, 0))
        await pilot.pause()
        key = app.query_one(TodayTable).selected_key()
        action = next(a for a in app.snapshot.actions if a.key == key)  # type: ignore[union-attr]
        draft = app.draft_for(action)
        assert draft is not None and app.clipboard == draft.text


async def test_the_key_bar_shows_what_is_unavailable_dimmed(store: Store) -> None:
    app = FollowupApp(
        store, TODAY, copier=lambda text: clipboard.NativeResult(True, "testclip"), threaded=False
    )
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        line = app.query_one(KeyBar).render()
        start = str(line).index("Undo")
        styles = [span.style for span in line.spans if span.start <= start < span.end]
        assert any(getattr(style, "dim", False) for style in styles)  # nothing to undo yet
        await pilot.press("d")
        await pilot.pause()
        line = app.query_one(KeyBar).render()
        start = str(line).index("Undo")
        styles = [span.style for span in line.spans if span.start <= start < span.end]
        assert not any(getattr(style, "dim", False) for style in styles)


def test_each_strip_letter_names_its_strategy() -> None:
    for strategy, letter in present.STRIP_LETTERS.items():
        assert strategy.label.replace("Share info", "Info").startswith(letter), strategy
    assert list(present.STRIP_LETTERS) == list(STRATEGY_ORDER)


def test_a_module_put_off_is_an_attribute_of_its_package_too() -> None:
    script = """
import followup_tui.tui.app
import followup_tui.clipboard
print(followup_tui.clipboard.copy_native.__name__)
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "copy_native"


@pytest.mark.parametrize("width", [60, 80])
async def test_a_narrow_key_bar_keeps_help_quit_and_the_palette(store: Store, width: int) -> None:
    app = FollowupApp(
        store, TODAY, copier=lambda text: clipboard.NativeResult(True, "testclip"), threaded=False
    )
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.pause()
        text = str(app.query_one(KeyBar).render())
        assert len(text) <= width
        for label in ("d Done", "? Help", "q Quit", "^p palette"):
            assert label in text
        assert "/ Filter" not in text  # what doesn't fit is left to ? (help)


async def test_hovering_a_key_shows_what_it_does(store: Store) -> None:
    app = FollowupApp(
        store, TODAY, copier=lambda text: clipboard.NativeResult(True, "testclip"), threaded=False
    )
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        bar = app.query_one(KeyBar)
        text = str(bar.render())
        await pilot.hover(KeyBar, offset=(text.index(" s Snooze") + 2, 0))
        await pilot.pause()
        assert bar.tooltip == "snooze to the next business day"

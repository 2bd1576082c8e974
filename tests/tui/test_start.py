"""Opening the dashboard: the command lines that open it, the first read in a thread while
Textual mounts, a kept first screen painted at once, and the one-line errors."""

from __future__ import annotations

import ast
import json
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pendulum
import pytest
from click.testing import CliRunner
from textual.coordinate import Coordinate

from followup_tui import clipboard, startup
from followup_tui.cli import Env, cli
from followup_tui.cli import dashboard as dashboard_command
from followup_tui.db import MEMORY, open_db
from followup_tui.models import STRATEGY_ORDER
from followup_tui.store import Store
from followup_tui.tui import present, snapshot
from followup_tui.tui.app import FollowupApp
from followup_tui.tui.snapshot import compute
from followup_tui.tui.view import FirstScreen
from followup_tui.tui.widgets.draft import DraftView
from followup_tui.tui.widgets.header import HeaderBar
from followup_tui.tui.widgets.key_bar import KeyBar
from followup_tui.tui.widgets.today import TodayTable
from tests.terminal import clean_env, run_in_terminal
from tests.tui.test_app import press_through

TODAY = pendulum.Date(2026, 11, 25)
NOW = pendulum.datetime(2026, 11, 25, 9, 0, tz="UTC")
FOLLOWUP = str(Path(sys.executable).parent / "followup")
PACKAGE = Path(__file__).resolve().parents[2] / "followup_tui"


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


# --- which command lines open the dashboard -------------------------------------------------


def dashboard_opened(
    argv: list[str], environ: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> tuple[str | None, str | None] | None:
    """(database, today) the dashboard command was called with for `argv`, None if it
    wasn't; a database of None means the default one."""
    seen: list[Env] = []
    monkeypatch.setattr(dashboard_command, "run_dashboard", seen.append)
    for name in ("FOLLOWUP_DB", "FOLLOWUP_TODAY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("XDG_DATA_HOME", "/nonexistent/data")
    CliRunner().invoke(cli, argv, prog_name="followup")
    if not seen:
        return None
    default = Path("/nonexistent/data/followup-tui/followup.db")
    database = None if seen[0].db_path == default else str(seen[0].db_path)
    today = environ.get("FOLLOWUP_TODAY") or next(
        (a.partition("=")[2] or argv[i + 1] for i, a in enumerate(argv) if a.startswith("--today")),
        None,
    )
    assert today is None or seen[0].today.isoformat() == today
    return database, today


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
        (["--db", MEMORY], {}, (MEMORY, None)),
    ],
)
def test_only_the_global_options_open_the_dashboard(
    argv: list[str],
    environ: dict[str, str],
    expected: tuple[str | None, str | None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert dashboard_opened(argv, environ, monkeypatch) == expected


@pytest.mark.parametrize(
    "argv",
    [
        ["today"],
        ["--db", "a.db", "today"],
        ["--help"],
        ["-h"],
        ["--version"],
        ["--db"],
        ["--dbx", "a.db"],
        ["demo", "--applications", "5", "--no-open"],
    ],
)
def test_everything_else_runs_its_command(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    assert dashboard_opened(argv, {}, monkeypatch) is None


def test_a_folder_is_refused_before_the_dashboard(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """So a folder gets the command line's words and exit code."""
    assert dashboard_opened(["--db", str(tmp_path)], {}, monkeypatch) is None
    assert dashboard_opened([], {"FOLLOWUP_DB": str(tmp_path)}, monkeypatch) is None
    assert dashboard_opened(["--db", str(tmp_path / "new.db")], {}, monkeypatch) is not None


# --- one way to start -----------------------------------------------------------------------


def test_no_fork_no_home_made_lazy_loading_no_collector_switches() -> None:
    """The package starts one way: no forked reader, no LazyLoader, no gc calls."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                name = f"{node.value.id}.{node.attr}"
                if name in ("os.fork", "os.forkpty") or node.value.id == "gc":
                    found.append(f"{path.name}: {name}")
                if node.attr == "LazyLoader":
                    found.append(f"{path.name}: {name}")
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [alias.name for alias in node.names]
                if "gc" in names or (isinstance(node, ast.ImportFrom) and node.module == "gc"):
                    found.append(f"{path.name}: import gc")
                if "pickle" in names:
                    found.append(f"{path.name}: import pickle")
    assert found == []


def test_the_kept_first_screen_is_read_before_textual_is_imported() -> None:
    """The dashboard command reads the cache, and only then imports the app (Textual)."""
    script = """
import json, sys
import followup_tui.cli.dashboard, followup_tui.tui.cache, followup_tui.tui.snapshot
print(json.dumps({name: name in sys.modules for name in ("textual", "followup_tui.tui.app")}))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert json.loads(done.stdout) == {"textual": False, "followup_tui.tui.app": False}


def test_the_dashboard_command_closes_the_store_when_the_app_returns(
    demo_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[FollowupApp] = []

    def run_app(app: FollowupApp) -> None:
        seen.append(app)

    monkeypatch.setattr(startup, "has_terminal", lambda: True)
    monkeypatch.setattr(FollowupApp, "run", run_app)
    argv = ["--db", str(demo_file), "--today", TODAY.isoformat()]
    result = CliRunner().invoke(cli, argv, prog_name="followup")
    assert result.exit_code == 0, (result.stderr, result.exc_info)
    (app,) = seen
    with pytest.raises(sqlite3.ProgrammingError):
        app.store.conn.execute("SELECT 1")
    # Closing the last connection tidies SQLite's -wal and -shm files away.
    assert sorted(p.name for p in demo_file.parent.iterdir() if p.is_file()) == ["demo.db"]


def test_the_command_refuses_a_day_that_is_not_one(
    demo_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(startup, "has_terminal", lambda: True)
    argv = ["--db", str(demo_file), "--today", "someday"]
    result = CliRunner().invoke(cli, argv, prog_name="followup")
    assert result.exit_code == 1
    assert "--today 'someday' is not a date" in result.stderr


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


# --- the app: a kept first screen, then the first read from its thread ------------------------


class HeldRead:
    """Holds the app's first read (snapshot.compute with full=False) until `gate` is set."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.gate = threading.Event()
        self.answered = False
        real = snapshot.compute

        def held(*args: object, **kwargs: object) -> snapshot.Snapshot:
            if kwargs.get("full") is False:
                self.gate.wait(10)
                self.answered = True
            return real(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(snapshot, "compute", held)


@pytest.fixture
def store(demo_file: Path) -> Store:
    return Store(open_db(demo_file), now=NOW)


def started_app(store: Store, first: FirstScreen | None = None) -> FollowupApp:
    return FollowupApp(
        store, TODAY, first=first, copier=lambda text: clipboard.NativeResult(True, "testclip")
    )


def today_keys(app: FollowupApp) -> list[str]:
    table = app.query_one(TodayTable)
    return [
        str(table.coordinate_to_cell_key(Coordinate(i, 0)).row_key.value)
        for i in range(table.row_count)
    ]


async def test_the_app_paints_the_kept_first_screen_then_takes_over(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = compute(store, TODAY, threading.RLock(), full=False)
    first = present.first_screen(data, TODAY)
    held = HeldRead(monkeypatch)
    app = started_app(store, first)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        touches = store.conn.execute("SELECT count(*) FROM touches").fetchone()[0]
        # Before the data is read: the kept first screen, and keys do nothing.
        await pilot.press("a", "d", "2")
        assert len(app.screen_stack) == 1
        assert app.focused is app.query_one(TodayTable)
        # The first screen as kept: Today's visible rows, the header and the top draft.
        shown = today_keys(app)
        assert shown and shown == [row.key for row in first.rows[: len(shown)]]
        assert "Today (" in str(app.query_one(TodayTable).border_title)
        assert first.header.day in str(app.query_one(HeaderBar).render())
        assert first.draft is not None
        assert first.draft.title in str(app.query_one(DraftView).render())
        assert not app.started
        held.gate.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.started
        assert store.conn.execute("SELECT count(*) FROM touches").fetchone()[0] == touches
        # The full read keeps the same order under the rows drawn first.
        assert today_keys(app)[: len(shown)] == shown
        # And now the keys work: d records the touch.
        await press_through(pilot, app, "d")
        assert store.conn.execute("SELECT count(*) FROM touches").fetchone()[0] == touches + 1


async def test_a_store_handed_to_the_app_stays_open_for_its_owner(store: Store) -> None:
    app = FollowupApp(
        store, TODAY, copier=lambda text: clipboard.NativeResult(True, "testclip"), threaded=False
    )
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
    assert store.conn.execute("SELECT 1").fetchone() == (1,)


async def test_without_a_kept_first_screen_the_app_reads_it(store: Store) -> None:
    app = started_app(store)
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.started
        expected = compute(store, TODAY, threading.RLock())
        due = [a for a in expected.actions if a.due <= TODAY]
        assert app.query_one(TodayTable).row_count == min(len(due), 100)


async def test_keys_wait_for_the_first_read_but_quitting_does_not(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = HeldRead(monkeypatch)
    app = started_app(store)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        assert len(app.screen_stack) == 1
        assert app.query_one(TodayTable).row_count == 0
        await pilot.press("q")
    assert not app.started
    assert app.return_code == 0
    assert not held.answered  # the app left without waiting for the read
    held.gate.set()


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
        # The top reply needs your answer: the first click asks, the second copies.
        await pilot.click(KeyBar, offset=(x, 0))
        await pilot.pause()
        assert app.clipboard is None or app.clipboard == ""
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
        await press_through(pilot, app, "d")
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

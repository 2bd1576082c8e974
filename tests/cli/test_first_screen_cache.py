"""The first screen kept between starts (tui/cache.py): painted at once when its key still
matches the database, the day and the version; missed after any write from anywhere, a
new day or an upgrade; ignored when damaged; private; rewritten by the app."""

from __future__ import annotations

import asyncio
import dataclasses
import sqlite3
import stat
import threading
from pathlib import Path

import pendulum
import pytest
from click.testing import CliRunner, Result

from followup_tui import clipboard, startup
from followup_tui.cli import cli
from followup_tui.db import open_db
from followup_tui.demo import build_demo
from followup_tui.models import Strategy
from followup_tui.store import Store
from followup_tui.tui import cache, present, snapshot
from followup_tui.tui.app import FollowupApp
from followup_tui.tui.view import FirstScreen, HeaderText, TodayRow
from followup_tui.tui.widgets.header import HeaderBar
from followup_tui.tui.widgets.today import TodayTable

TODAY = pendulum.Date(2026, 11, 25)
DAY = TODAY.isoformat()
NOW = pendulum.datetime(2026, 11, 25, 9, 0, tz="UTC")

pytestmark = pytest.mark.usefixtures("cli_isolated")


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    store = Store(open_db(path), now=NOW)
    build_demo(store, TODAY)
    store.conn.close()
    return path


#: A first screen no database holds: seen on the screen, it can only have come from the file.
PLANTED = FirstScreen(
    header=HeaderText(day="Planted day", overdue=97, due=98, upcoming=99),
    rows=(TodayRow("zz-planted", "", "today", "reply", "Planted Person", "Planted Co", "why"),),
    total=1,
    draft=None,
    theme="textual-dark",
)


def key_now(path: Path, day: str = DAY) -> cache.Key:
    conn = open_db(path)
    try:
        key = cache.current_key(Store(conn), day)
    finally:
        conn.close()
    assert key is not None
    return key


def plant(path: Path) -> cache.Key:
    key = key_now(path)
    cache.write(path, key, PLANTED)
    return key


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), prog_name="followup")


def dashboard_first(path: Path, monkeypatch: pytest.MonkeyPatch, day: str = DAY) -> object:
    """The first screen the dashboard command hands the app (the app itself not run)."""
    seen: list[FollowupApp] = []

    def run_app(app: FollowupApp) -> None:
        seen.append(app)

    monkeypatch.setattr(startup, "has_terminal", lambda: True)
    monkeypatch.setattr(FollowupApp, "run", run_app)
    result = run("--db", str(path), "--today", day)
    assert result.exit_code == 0, (result.stderr, result.exc_info)
    return seen[0].first


# --- warm start ------------------------------------------------------------------------------


def test_a_warm_start_paints_the_kept_screen_before_reading(
    demo_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the real dashboard command: the planted screen is on Today while the read is
    held back, and the read replaces it with what the database holds."""
    plant(demo_file)
    gate = threading.Event()
    real = snapshot.compute

    def held(*args: object, **kwargs: object) -> snapshot.Snapshot:
        if kwargs.get("full") is False:
            gate.wait(10)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(snapshot, "compute", held)
    shown: dict[str, object] = {}

    async def drive(app: FollowupApp) -> None:
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            table = app.query_one(TodayTable)
            shown["rows"] = [str(k.value) for k in table.rows]
            shown["header"] = str(app.query_one(HeaderBar).render())
            gate.set()
            for _ in range(100):
                await pilot.pause(0.02)
                if app.started:
                    break
            await app.workers.wait_for_complete()
            await pilot.pause()
            shown["after"] = [str(k.value) for k in table.rows]

    monkeypatch.setattr(startup, "has_terminal", lambda: True)
    monkeypatch.setattr(FollowupApp, "run", lambda app: asyncio.run(drive(app)))
    result = run("--db", str(demo_file), "--today", DAY)
    assert result.exit_code == 0, (result.stderr, result.exc_info)
    assert shown["rows"] == ["zz-planted"]
    assert "Planted day" in str(shown["header"])
    assert "zz-planted" not in shown["after"]  # type: ignore[operator]
    assert shown["after"]


def test_the_dashboard_hands_the_kept_screen_to_the_app(
    demo_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plant(demo_file)
    assert dashboard_first(demo_file, monkeypatch) == PLANTED


# --- every change makes it miss --------------------------------------------------------------


def test_a_write_from_another_connection_makes_it_miss(demo_file: Path) -> None:
    key = plant(demo_file)
    assert cache.read(demo_file, key) == PLANTED
    with sqlite3.connect(demo_file) as other:  # another program, through SQLite
        other.execute("UPDATE contacts SET title = 'CTO' WHERE id = 1")
    assert key_now(demo_file) != key
    assert cache.read(demo_file, key_now(demo_file)) is None


@pytest.mark.parametrize(
    "command",
    [
        ["add", "company", "--name", "Newco"],
        ["settings", "user_name", "Robin"],
        ["template", Strategy.THANK_YOU.value, "--subject", "Thanks!"],
        ["snooze", "{key}"],
        ["done", "{key}"],
        ["skip", "{key}"],
    ],
    ids=["add", "setting", "template", "override", "done", "skip"],
)
def test_a_command_line_write_makes_it_miss(
    demo_file: Path, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(open_db(demo_file), now=NOW)
    top = snapshot.compute(store, TODAY, threading.RLock(), full=False).actions[0].key
    store.conn.close()
    plant(demo_file)
    result = run("--db", str(demo_file), "--today", DAY, *(a.format(key=top) for a in command))
    assert result.exit_code == 0, (result.stderr, result.exc_info)
    assert dashboard_first(demo_file, monkeypatch) is None


def test_a_new_day_makes_it_miss(demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plant(demo_file)
    assert dashboard_first(demo_file, monkeypatch, "2026-11-26") is None


def test_another_version_of_followup_makes_it_miss(
    demo_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plant(demo_file)
    monkeypatch.setattr(cache, "__version__", "99.0")
    assert dashboard_first(demo_file, monkeypatch) is None


def test_another_databases_screen_is_never_used(demo_file: Path, tmp_path: Path) -> None:
    key = plant(demo_file)
    other = tmp_path / "other.db"
    shutil_copy = other.write_bytes
    shutil_copy(demo_file.read_bytes())  # the same identity and version, another file
    assert cache.read(other, key) is None
    cache.cache_file(other).parent.mkdir(parents=True, exist_ok=True)
    cache.cache_file(other).write_text(cache.cache_file(demo_file).read_text())
    assert cache.read(other, key) is None  # the file names the database it was kept for


# --- damaged, private, derived -----------------------------------------------------------------


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"\x00\x01\x02 not json",
        b'{"format": 1',
        b"[1, 2, 3]",
        b"null",
        b'{"format": 1, "database": "x", "key": [], "screen": {}}',
    ],
    ids=["empty", "binary", "truncated", "a-list", "null", "foreign"],
)
def test_a_damaged_file_is_ignored_and_written_again(
    demo_file: Path, damage: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = plant(demo_file)
    where = cache.cache_file(demo_file)
    where.write_bytes(damage)
    assert cache.read(demo_file, key) is None
    assert dashboard_first(demo_file, monkeypatch) is None
    store = Store(open_db(demo_file), now=NOW)
    asyncio.run(_run_once(store))
    store.conn.close()
    assert cache.read(demo_file, key_now(demo_file)) is not None


def test_a_screen_with_wrong_types_is_ignored(demo_file: Path) -> None:
    key = plant(demo_file)
    where = cache.cache_file(demo_file)
    text = where.read_text()
    for wrong in ('"overdue": "97"', '"overdue": -1', '"overdue": true'):
        where.write_text(text.replace('"overdue": 97', wrong))
        assert cache.read(demo_file, key) is None, wrong
    where.write_text(text.replace('"why": "why"', '"why": "two\\nlines"'))
    assert cache.read(demo_file, key) is None


def test_control_characters_in_the_file_never_reach_the_screen(demo_file: Path) -> None:
    key = plant(demo_file)
    where = cache.cache_file(demo_file)
    where.write_text(where.read_text().replace("Planted Person", "Planted\\u001b[2JPerson"))
    screen = cache.read(demo_file, key)
    assert screen is not None
    assert "\x1b" not in screen.rows[0].who


def test_the_file_is_private(demo_file: Path) -> None:
    plant(demo_file)
    where = cache.cache_file(demo_file)
    assert stat.S_IMODE(where.stat().st_mode) == 0o600
    assert stat.S_IMODE(where.parent.stat().st_mode) == 0o700
    assert [p.name for p in where.parent.iterdir()] == [where.name]  # no temporary left


def test_it_is_never_dumped_nor_backed_up(demo_file: Path, tmp_path: Path) -> None:
    plant(demo_file)
    dumped = run("--db", str(demo_file), "export", "json")
    assert dumped.exit_code == 0
    assert "zz-planted" not in dumped.stdout and "first-screen" not in dumped.stdout
    copy = tmp_path / "copy.db"
    assert run("--db", str(demo_file), "backup", str(copy)).exit_code == 0
    assert b"zz-planted" not in copy.read_bytes()
    assert not cache.cache_file(copy).exists()


# --- the app keeps it -----------------------------------------------------------------------------


async def _run_once(store: Store, keys: tuple[str, ...] = ()) -> FollowupApp:
    app = FollowupApp(
        store, TODAY, copier=lambda text: clipboard.NativeResult(True, "testclip"), threaded=False
    )
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
    return app


def test_the_app_keeps_what_it_shows_first(demo_file: Path) -> None:
    store = Store(open_db(demo_file), now=NOW)
    asyncio.run(_run_once(store))
    expected = present.first_screen(
        snapshot.compute(store, TODAY, threading.RLock(), full=False), TODAY
    )
    store.conn.close()
    assert cache.read(demo_file, key_now(demo_file)) == expected


def test_a_key_pressed_just_before_quitting_is_kept_on_the_way_out(demo_file: Path) -> None:
    """`d` then `q` at once: the recompute that waits for a pause never ran, so the app
    keeps the screen as the database is when it leaves. The demo's first action still
    needs something, so `d` goes ahead at its second press."""
    store = Store(open_db(demo_file), now=NOW)
    before = key_now(demo_file)
    app = asyncio.run(_run_once(store, ("d", "d")))
    assert app.snapshot is not None
    after = key_now(demo_file)
    assert after != before
    kept = cache.read(demo_file, after)
    expected = present.first_screen(
        snapshot.compute(store, TODAY, threading.RLock(), full=False), TODAY
    )
    store.conn.close()
    assert kept == expected


def test_a_database_in_memory_keeps_nothing(tmp_path: Path) -> None:
    store = Store(open_db(":memory:"), now=NOW)
    build_demo(store, TODAY)
    asyncio.run(_run_once(store))
    folder = cache.cache_file(tmp_path / "x.db").parent
    assert not folder.exists() or list(folder.iterdir()) == []


def test_the_kept_screen_is_plain_json(demo_file: Path) -> None:
    import json

    plant(demo_file)
    document = json.loads(cache.cache_file(demo_file).read_text())
    assert document["screen"] == json.loads(json.dumps(dataclasses.asdict(PLANTED)))

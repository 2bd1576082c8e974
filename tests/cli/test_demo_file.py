"""`followup demo` keeps to a database of its own: never the real one, never another's data;
in a terminal it opens the dashboard on it, whose title says it is the demo."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import re
import sqlite3
from pathlib import Path

import pendulum
import pytest
from click.testing import CliRunner, Result

from followup_tui.cli import cli
from followup_tui.db import open_db
from followup_tui.demo import build_demo
from followup_tui.store import Store
from followup_tui.tui.app import FollowupApp
from followup_tui.tui.widgets.header import HeaderBar
from tests.terminal import ENTER_ALT_SCREEN, FOLLOWUP, LEAVE_ALT_SCREEN, clean_env, terminal

TODAY = "2026-11-25"
DAY = pendulum.Date(2026, 11, 25)
NOW = pendulum.datetime(2026, 11, 25, 9, 0, tz="UTC")


pytestmark = pytest.mark.usefixtures("cli_isolated")


@pytest.fixture
def data_folder(tmp_path: Path) -> Path:
    return tmp_path / "xdg-data" / "followup-tui"


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, ["--today", TODAY, *args], env=env, prog_name="followup")


def ok(*args: str, env: dict[str, str] | None = None) -> Result:
    result = run(*args, env=env)
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exc_info)
    return result


def digest(path: Path) -> str:
    """The file's bytes, once every connection CliRunner left open is closed."""
    gc.collect()
    return hashlib.sha256(path.read_bytes()).hexdigest()


def companies(path: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return [row[0] for row in conn.execute("SELECT name FROM companies ORDER BY name")]


def marked(path: Path) -> bool:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return bool(conn.execute("SELECT 1 FROM settings WHERE name = 'demo'").fetchone())


def test_the_demo_has_a_file_of_its_own_beside_the_default(data_folder: Path) -> None:
    result = ok("demo")
    demo = data_folder / "followup-demo.db"
    assert result.stdout.startswith(f"Demo data in {demo} ")
    assert sorted(p.name for p in data_folder.glob("*.db")) == ["followup-demo.db"]
    assert marked(demo)
    assert len(companies(demo)) == 12


def test_the_demo_ignores_followup_db(data_folder: Path, tmp_path: Path) -> None:
    real = tmp_path / "real.db"
    ok("--db", str(real), "add", "company", "--name", "Acme Robotics")
    before = digest(real)
    ok("demo", env={"FOLLOWUP_DB": str(real)})
    assert digest(real) == before
    assert companies(real) == ["Acme Robotics"]
    assert (data_folder / "followup-demo.db").exists()
    assert not (data_folder / "followup.db").exists()


def test_db_names_another_demo_file(tmp_path: Path, data_folder: Path) -> None:
    other = tmp_path / "show.db"
    result = ok("--db", str(other), "demo")
    assert result.stdout.startswith(f"Demo data in {other} ")
    assert marked(other)
    assert not data_folder.exists()


@pytest.mark.parametrize("flags", [[], ["--reset"]], ids=["plain", "reset"])
def test_the_demo_refuses_a_database_it_did_not_make(flags: list[str], tmp_path: Path) -> None:
    real = tmp_path / "real.db"
    ok("--db", str(real), "add", "company", "--name", "Acme Robotics")
    before = digest(real)
    result = run("--db", str(real), "demo", *flags)
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"followup: {real} ")
    assert "--db" in lines[0] and "not" in lines[0]
    assert digest(real) == before
    assert not marked(real)


def test_the_demo_refuses_a_database_that_holds_only_your_settings(tmp_path: Path) -> None:
    real = tmp_path / "real.db"
    ok("--db", str(real), "settings", "user_name", "Ada Lovelace")
    before = digest(real)
    assert run("--db", str(real), "demo").exit_code == 1
    assert digest(real) == before


def test_an_empty_database_takes_the_demo(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    open_db(path).close()
    ok("--db", str(path), "demo")
    assert marked(path) and len(companies(path)) == 12


def test_reset_rebuilds_the_demo_and_without_it_the_demo_is_kept(tmp_path: Path) -> None:
    demo = tmp_path / "demo.db"
    ok("--db", str(demo), "demo", "--applications", "5")
    ok("--db", str(demo), "add", "company", "--name", "Zzz Mine")
    kept = ok("--db", str(demo), "demo")
    assert "--reset" in kept.stdout
    assert "Zzz Mine" in companies(demo)
    ok("--db", str(demo), "demo", "--reset")
    assert "Zzz Mine" not in companies(demo)
    assert marked(demo)
    fresh = tmp_path / "fresh.db"
    ok("--db", str(fresh), "demo")
    assert companies(demo) == companies(fresh)


def test_force_is_gone(tmp_path: Path) -> None:
    result = run("--db", str(tmp_path / "d.db"), "demo", "--force")
    assert result.exit_code == 2
    assert "--force" in result.stderr
    assert not (tmp_path / "d.db").exists()


# --- in a terminal it opens the dashboard; from a script, or with --no-open, it doesn't -------


def test_in_a_terminal_the_demo_opens_the_dashboard_titled_demo(tmp_path: Path) -> None:
    env = clean_env(XDG_DATA_HOME=str(tmp_path / "data"), XDG_STATE_HOME=str(tmp_path / "st"))
    with terminal([FOLLOWUP, "--today", TODAY, "demo"], env) as term:
        term.wait_for(lambda out: "followup — demo".encode() in out, "the demo's title")
        term.wait_for(lambda out: b"Copy draft" in out, "the key bar")
        term.send("q")
        assert term.finish() == 0, term.text("stderr")[-500:]
        printed = term.text("stdout")
    assert LEAVE_ALT_SCREEN in term.output
    assert printed.startswith("Demo data in ")
    assert (tmp_path / "data" / "followup-tui" / "followup-demo.db").exists()


def test_with_no_open_the_demo_only_fills_even_in_a_terminal(tmp_path: Path) -> None:
    env = clean_env(XDG_DATA_HOME=str(tmp_path / "data"), XDG_STATE_HOME=str(tmp_path / "st"))
    with terminal([FOLLOWUP, "--today", TODAY, "demo", "--no-open"], env) as term:
        assert term.finish() == 0
        printed = term.text("stdout")
    assert ENTER_ALT_SCREEN not in term.output
    assert re.match(r"Demo data in \S+followup-demo\.db for Wed 25 Nov 2026: ", printed)


async def test_the_title_says_the_demo_is_open(tmp_path: Path) -> None:
    path = tmp_path / "d.db"
    ok("--db", str(path), "demo", "--applications", "3")
    app = FollowupApp(Store(open_db(path), now=NOW), DAY, threaded=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert app.title == "followup — demo"
        assert str(app.query_one(HeaderBar).render()).startswith("followup — demo  Wed 25 Nov")


async def test_the_title_of_your_own_database_is_plain(tmp_path: Path) -> None:
    store = Store(open_db(tmp_path / "mine.db"), now=NOW)
    build_demo(store, DAY, applications=3)  # the same rows, but not made by `followup demo`
    app = FollowupApp(store, DAY, threaded=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert app.title == "followup"
        assert str(app.query_one(HeaderBar).render()).startswith("followup  Wed 25 Nov")


def test_the_readme_test_command_is_what_ci_runs() -> None:
    root = Path(__file__).resolve().parents[2]
    readme = (root / "README.md").read_text(encoding="utf-8")
    development = readme[readme.index("## Development") :]
    block = re.search(r"```sh\n(.*?)```", development, re.S)
    assert block is not None
    (command,) = [line for line in block[1].splitlines() if "pytest" in line]
    ci = (root / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert command in ci
    assert "pip install" in command and "[test]" in command

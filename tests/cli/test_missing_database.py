"""A mistyped --db never creates a database: only the commands that write something new
(add, import, demo, settings NAME VALUE) and the dashboard may, and the dashboard says so."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pendulum
import pytest
from click.testing import CliRunner, Result

from followup_tui import startup
from followup_tui.cli import cli
from followup_tui.db import open_db
from followup_tui.store import Store
from followup_tui.tui.app import FollowupApp

TODAY = "2026-11-25"
NOW = pendulum.datetime(2026, 11, 25, 9, 0, tz="UTC")

#: Commands that only read, or change what is already there: none may create the file.
READERS = [
    ["today"],
    ["today", "--json"],
    ["today", "--days", "7"],
    ["draft", "fu-1-1"],
    ["done", "fu-1-1"],
    ["snooze", "fu-1-1"],
    ["skip", "fu-1-1"],
    ["stage", "1", "offer"],
    ["export", "json"],
    ["export", "csv", "-o", "{tmp}/out.csv"],
    ["export", "vcard"],
    ["export", "ics"],
    ["backup"],
    ["backup", "{tmp}/copy.db"],
    ["template", "thank-you"],
    ["template", "thank-you", "--subject", "Thanks"],
    ["template", "thank-you", "--reset"],
    ["settings"],
    ["settings", "user_name"],
]


pytestmark = pytest.mark.usefixtures("cli_isolated")


def run(args: list[str], env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, ["--today", TODAY, *args], env=env, prog_name="followup")


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def refused_as_missing(result: Result, path: Path) -> None:
    assert result.exit_code == 1, (result.stdout, result.stderr, result.exc_info)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith(f"followup: {path} does not exist")
    assert "--db" in line and "FOLLOWUP_DB" in line
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args", READERS, ids=[" ".join(a) for a in READERS])
def test_a_mistyped_db_creates_nothing(args: list[str], tmp_path: Path) -> None:
    typo = tmp_path / "typo-folder" / "followp.db"
    argv = [part.format(tmp=tmp_path) for part in args]
    refused_as_missing(run(["--db", str(typo), *argv]), typo)
    assert files_under(tmp_path) == []  # no file, no folder (nor a state folder's stamp)


@pytest.mark.parametrize("args", [["today"], ["settings"], ["export", "json"]])
def test_a_mistyped_followup_db_creates_nothing(args: list[str], tmp_path: Path) -> None:
    typo = tmp_path / "followp.db"
    refused_as_missing(run(args, env={"FOLLOWUP_DB": str(typo)}), typo)
    assert files_under(tmp_path) == []


def test_the_default_database_is_not_created_by_today(tmp_path: Path) -> None:
    default = tmp_path / "xdg-data" / "followup-tui" / "followup.db"
    refused_as_missing(run(["today"]), default)
    assert files_under(tmp_path) == []


CREATORS = [
    ["add", "company", "--name", "Acme"],
    ["import", "csv", "{tmp}/apps.csv"],
    ["import", "json", "{tmp}/dump.json"],
    ["settings", "user_name", "Ada Lovelace"],
]


@pytest.mark.parametrize("args", CREATORS, ids=[" ".join(a[:2]) for a in CREATORS])
def test_commands_that_add_something_create_the_database(args: list[str], tmp_path: Path) -> None:
    source = Store(open_db(":memory:"), now=NOW)
    source.add_company("Initech")
    from followup_tui.transfer.dump import dump_json

    (tmp_path / "dump.json").write_text(dump_json(source), encoding="utf-8")
    (tmp_path / "apps.csv").write_text("company,role\nGlobex,Engineer\n", encoding="utf-8")
    db = tmp_path / "new" / "followup.db"
    result = run(["--db", str(db), *(part.format(tmp=tmp_path) for part in args)])
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert db.exists()
    done = run(["--db", str(db), "today", "--json"])
    assert done.exit_code == 0 and json.loads(done.stdout) == []


def test_a_database_that_exists_still_opens_for_every_reader(tmp_path: Path) -> None:
    db = tmp_path / "followup.db"
    assert run(["--db", str(db), "add", "company", "--name", "Acme"]).exit_code == 0
    shown = run(["--db", str(db), "today"])
    assert shown.exit_code == 0, shown.stderr
    assert "Nothing to do" in shown.stdout


# --- the dashboard may create one, and says so ------------------------------------------------


def notices(app: FollowupApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_the_dashboard_says_it_created_the_database(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    store = Store(open_db(db), now=NOW)
    app = FollowupApp(store, pendulum.Date(2026, 11, 25), threaded=False, created=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert f"Created a new database at {db}" in notices(app)


async def test_the_dashboard_on_an_existing_database_says_nothing_of_it(tmp_path: Path) -> None:
    store = Store(open_db(tmp_path / "old.db"), now=NOW)
    app = FollowupApp(store, pendulum.Date(2026, 11, 25), threaded=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert not [n for n in notices(app) if "Created" in n]


def test_the_dashboard_creates_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The dashboard command tells the app when it created the file: the first start
    creates it, the second finds it."""
    seen: list[tuple[bool, str]] = []

    def run_app(app: FollowupApp) -> None:
        seen.append((app.created, app.store.conn.execute("PRAGMA database_list").fetchone()[2]))

    monkeypatch.setattr(startup, "has_terminal", lambda: True)
    monkeypatch.setattr(FollowupApp, "run", run_app)
    db = tmp_path / "folder" / "new.db"
    for _ in range(2):
        result = run(["--db", str(db)])
        assert result.exit_code == 0, (result.stderr, result.exc_info)
    assert seen == [(True, str(db)), (False, str(db))]
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_dry_run_import_creates_no_database(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from followup_tui.cli import cli

    sheet = tmp_path / "x.csv"
    sheet.write_text("company,role\nAcme,Engineer\n")
    db = tmp_path / "new" / "followup.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "import", "csv", "--dry-run", str(sheet)])
    assert result.exit_code == 0, result.output
    assert "1 added" in result.output  # a preview into an empty database
    assert not db.parent.exists()

"""`followup import`, `export` and `backup` through the command line, over a real database file."""

from __future__ import annotations

import contextlib
import json
import re
import stat
from pathlib import Path

import icalendar
import pytest
import vobject
from click.testing import CliRunner, Result

from followup_tui.cli import cli
from followup_tui.db import open_db
from followup_tui.store import Store
from tests import FIXTURES_ROOT

TODAY = "2026-11-25"
LINKEDIN = FIXTURES_ROOT / "linkedin"
CSV = FIXTURES_ROOT / "csv"


pytestmark = pytest.mark.usefixtures("cli_isolated")


def invoke(db: Path, *args: str, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(
        cli, ["--db", str(db), "--today", TODAY, *args], input=stdin, prog_name="followup"
    )


def ok(db: Path, *args: str, stdin: bytes | None = None) -> Result:
    result = invoke(db, *args, stdin=stdin)
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exc_info)
    return result


def refused(result: Result, fragment: str) -> None:
    """One `followup: ...` line on stderr, a non-zero exit, no traceback."""
    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit), result.exc_info
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("followup: ")
    assert fragment in result.stderr, result.stderr
    assert "Traceback" not in result.output


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "followup.db"


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    ok(path, "demo")
    return path


def contact_count(db: Path) -> int:
    conn = open_db(db)
    try:
        return int(conn.execute("SELECT count(*) FROM contacts").fetchone()[0])
    finally:
        conn.close()


def test_import_linkedin_prints_a_summary_and_each_problem(db: Path) -> None:
    result = ok(db, "import", "linkedin", str(LINKEDIN / "Connections.csv"))
    assert result.stdout == (
        "Connections.csv: 4 added, 0 merged, 1 skipped\n"
        "line 7: no name (LinkedIn leaves hidden or closed profiles empty)\n"
    )
    again = ok(db, "import", "linkedin", str(LINKEDIN / "Connections.csv"))
    assert (
        again.stdout.splitlines()[0] == "Connections.csv: 0 added, 0 merged, 4 unchanged, 1 skipped"
    )
    assert contact_count(db) == 4


def test_dry_run_writes_nothing(db: Path) -> None:
    result = ok(db, "import", "linkedin", "--dry-run", str(LINKEDIN / "Invitations.csv"))
    assert result.stdout.startswith("Invitations.csv: 2 added, 0 merged, 3 skipped (dry run")
    assert contact_count(db) == 0


def test_import_from_standard_input(db: Path) -> None:
    data = (LINKEDIN / "Connections_no_url.csv").read_bytes()
    result = ok(db, "import", "linkedin", "-", stdin=data)
    assert result.stdout.startswith("stdin: 2 added")


def test_problem_lines_never_carry_control_codes(db: Path) -> None:
    data = b"First Name,Last Name,Connected On\nA,B,x\n,,x\n"
    ok(db, "import", "linkedin", "-", stdin=data)
    evil = b"company,role,stage\nAcme,Dev,\x1b[31mhired\x1b[0m\n"
    result = ok(db, "import", "csv", "-", stdin=evil)
    assert "\x1b" not in result.stdout
    assert "unknown stage" in result.stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["import", "linkedin", "missing.csv"], "missing.csv: no such file"),
        (["import", "linkedin", str(LINKEDIN / "not_linkedin.csv")], "not a LinkedIn export"),
        (["import", "csv", str(LINKEDIN / "Connections.csv")], "has no header"),
        (["import", "json", str(LINKEDIN / "Connections.csv")], "not valid JSON"),
        (["import", "csv"], "give the CSV FILE to import, or --template"),
    ],
)
def test_unusable_files_are_refused_in_one_line(db: Path, args: list[str], fragment: str) -> None:
    refused(invoke(db, *args), fragment)


def test_csv_template_and_import(db: Path) -> None:
    template = ok(db, "import", "csv", "--template").stdout
    assert template.startswith("company,role,stage,applied,response_by,url,notes\n")
    assert len(template.splitlines()) == 2
    result = ok(db, "import", "csv", str(CSV / "applications.csv"))
    lines = result.stdout.splitlines()
    assert lines[0] == "applications.csv: 3 added, 0 merged, 1 unchanged, 4 skipped"
    assert [line.split(":")[0] for line in lines[1:]] == ["line 6", "line 7", "line 8", "line 9"]


def test_json_round_trip_through_files(demo_db: Path, tmp_path: Path) -> None:
    # Drafts edited in the dashboard, one of them then sent: the dump carries both, and
    # the recipient of what was sent.
    due = json.loads(ok(demo_db, "today", "--json").stdout)
    kept, sent = [action for action in due if action["contact_id"]][:2]
    conn = open_db(demo_db)
    try:
        store = Store(conn)
        for action in (kept, sent):
            with store.recording(f"edited draft: {action['title']}"):
                store.save_edit(
                    action["key"],
                    "Edited subject",
                    f"My own words for {action['key']}",
                    title=action["title"],
                    contact_id=action["contact_id"],
                    application_id=action["application_id"],
                )
    finally:
        conn.close()
    ok(demo_db, "done", sent["key"])
    dump = tmp_path / "dump.json"
    written = ok(demo_db, "export", "json", "--output", str(dump))
    assert written.stdout == "" and f"Wrote {dump}" in written.stderr
    assert stat.S_IMODE(dump.stat().st_mode) == 0o600
    tables = json.loads(dump.read_text(encoding="utf-8"))["tables"]
    assert [row["key"] for row in tables["draft_edits"]] == [kept["key"]]
    (touch,) = [row for row in tables["touches"] if row["action_key"] == sent["key"]]
    assert touch["body"] == f"My own words for {sent['key']}"
    assert touch["recipient"].startswith(f"{sent['contact']} <")
    fresh = tmp_path / "fresh.db"
    loaded = ok(fresh, "import", "json", str(dump))
    assert loaded.stdout.startswith("dump.json: ")
    assert ok(fresh, "export", "json").stdout.encode() == dump.read_bytes()
    refused(invoke(fresh, "import", "json", str(dump)), "already holds data")
    assert f"My own words for {kept['key']}" in ok(fresh, "draft", kept["key"]).stdout


def test_exports_to_standard_output(demo_db: Path) -> None:
    calendar = icalendar.Calendar.from_ical(ok(demo_db, "export", "ics", "--days", "7").stdout)
    assert calendar.events
    cards = list(vobject.readComponents(ok(demo_db, "export", "vcard").stdout))
    assert len(cards) == contact_count(demo_db)
    header = ok(demo_db, "export", "csv").stdout.splitlines()[0]
    assert header.startswith("id,company,role,stage")
    assert json.loads(ok(demo_db, "export", "json").stdout)["format"] == "followup-tui"


def test_export_never_overwrites_the_database(demo_db: Path) -> None:
    before = demo_db.read_bytes()
    refused(invoke(demo_db, "export", "csv", "-o", str(demo_db)), "the database itself")
    assert demo_db.read_bytes() == before


def test_backup_default_path_and_refusals(demo_db: Path, tmp_path: Path) -> None:
    result = ok(demo_db, "backup")
    found = re.fullmatch(rf"Backed up {re.escape(str(demo_db))} to (.+)\n", result.stdout)
    assert found, result.stdout
    target = Path(found[1])
    # Beside the database, named by the moment (the clock's, or the end of --today).
    assert target.parent == tmp_path
    assert re.fullmatch(r"demo\.db\.\d{4}-\d{2}-\d{2}-\d{6}\.bak", target.name), target.name
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with contextlib.closing(open_db(target)) as conn:
        assert conn.execute("SELECT count(*) FROM applications").fetchone()[0] == 12
    chosen = tmp_path / "copies" / "mine.db"
    ok(demo_db, "backup", str(chosen))
    refused(invoke(demo_db, "backup", str(chosen)), "already exists")
    ok(demo_db, "backup", "--force", str(chosen))
    into_folder = ok(demo_db, "backup", str(tmp_path / "copies"))
    assert re.search(r"copies/demo\.db\.[-\d]+\.bak\n", into_folder.stdout)
    refused(invoke(tmp_path / "nothing.db", "backup"), "nothing to back up")
    assert not (tmp_path / "nothing.db").exists()


def test_export_into_a_missing_folder_is_refused(demo_db: Path, tmp_path: Path) -> None:
    refused(invoke(demo_db, "export", "csv", "-o", str(tmp_path / "no" / "x.csv")), "can't write")

"""Import hygiene: the core never loads Textual, and `followup today` starts light."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

#: Every module outside `tui/`: none of them may import Textual (DESIGN §6).
CORE = [
    "followup_tui",
    "followup_tui.cli",
    "followup_tui.cli.daily",
    "followup_tui.cli.dashboard",
    "followup_tui.cli.demo",
    "followup_tui.cli.group",
    "followup_tui.cli.history",
    "followup_tui.cli.records",
    "followup_tui.cli.recording",
    "followup_tui.cli.settings",
    "followup_tui.cli.shared",
    "followup_tui.cli.transfer",
    "followup_tui.db_version",
    "followup_tui.startup",
    "followup_tui.store",
    "followup_tui.playbook",
    "followup_tui.drafts",
    "followup_tui.dates",
    "followup_tui.db",
    "followup_tui.models",
    "followup_tui.demo",
    "followup_tui.clipboard",
    "followup_tui.facts",
    "followup_tui.paths",
    "followup_tui.text",
    "followup_tui.settings_table",
    "followup_tui.keys",
]

#: Imports each module named on the command line and reports which heavy packages it loaded.
IMPORT_SCRIPT = """
import importlib, json, sys
loaded = {}
for name in sys.argv[1:]:
    importlib.import_module(name)
    loaded[name] = sorted(
        top for top in ("textual", "sqlite_utils") if top in sys.modules
    )
print(json.dumps(loaded))
"""

#: Runs the real command line (`followup ARGS`) and reports what it loaded on the way.
CLI_SCRIPT = """
import json, sys
from followup_tui import cli
sys.argv = ["followup", *sys.argv[1:]]
code = 0
try:
    cli.main()
except SystemExit as exit:
    code = exit.code
sys.stdout.flush()
print()
print(json.dumps({
    "exit": code,
    "textual": "textual" in sys.modules,
    "sqlite_utils": "sqlite_utils" in sys.modules,
}))
"""


def _python(script: str, *args: str, tmp_path: Path) -> Any:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")}
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg-data")
    env["XDG_STATE_HOME"] = str(tmp_path / "xdg-state")
    env["COLUMNS"] = "80"
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_core_modules_do_not_import_textual(tmp_path: Path) -> None:
    loaded = _python(IMPORT_SCRIPT, *CORE, tmp_path=tmp_path)
    offenders = {name: found for name, found in loaded.items() if "textual" in found}
    assert not offenders, f"imports Textual: {offenders}"


def test_each_core_module_alone_stays_clear_of_textual(tmp_path: Path) -> None:
    """One interpreter per module, so no module hides behind another's imports."""
    for name in CORE:
        loaded = _python(IMPORT_SCRIPT, name, tmp_path=tmp_path)
        assert "textual" not in loaded[name], name


def test_the_check_would_see_textual(tmp_path: Path) -> None:
    """The dashboard does import Textual: the checks above are not vacuous."""
    loaded = _python(IMPORT_SCRIPT, "followup_tui.tui.app", tmp_path=tmp_path)
    assert "textual" in loaded["followup_tui.tui.app"]


@pytest.fixture(scope="module")
def migrated_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database, created (and migrated) by a run of the real command line."""
    tmp_path = tmp_path_factory.mktemp("layers")
    db = tmp_path / "followup.db"
    report = _python(
        CLI_SCRIPT, "--db", str(db), "--today", "2026-11-25", "demo", tmp_path=tmp_path
    )
    assert report["exit"] == 0
    assert not report["textual"]
    # Creating the schema is the one job that needs sqlite-utils.
    assert report["sqlite_utils"]
    return db


@pytest.mark.parametrize(
    "args",
    [
        ["today"],
        ["today", "--json", "--days", "7"],
        ["draft", "nope"],
        ["stage", "999", "offer"],
    ],
    ids=" ".join,
)
def test_followup_today_never_imports_textual_or_sqlite_utils(
    migrated_db: Path, tmp_path: Path, args: list[str]
) -> None:
    report = _python(
        CLI_SCRIPT, "--db", str(migrated_db), "--today", "2026-11-25", *args, tmp_path=tmp_path
    )
    assert not report["textual"], f"`followup {' '.join(args)}` imported Textual"
    assert not report["sqlite_utils"], f"`followup {' '.join(args)}` imported sqlite-utils"
    if args[0] == "today":
        assert report["exit"] == 0
    else:
        assert report["exit"] != 0


def test_help_does_not_import_textual(tmp_path: Path) -> None:
    report = _python(CLI_SCRIPT, "--help", tmp_path=tmp_path)
    assert report["exit"] == 0
    assert not report["textual"]


def test_python_m_followup_today_never_imports_textual(migrated_db: Path, tmp_path: Path) -> None:
    """`python -m followup_tui today`, watched by the interpreter's own import log."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")}
    env["XDG_STATE_HOME"] = str(tmp_path / "xdg-state")
    args = ["--db", str(migrated_db), "--today", "2026-11-25", "today"]
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "followup_tui", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "KEY" in done.stdout
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()}
    assert "followup_tui.playbook" in imported
    assert not {name for name in imported if name.split(".")[0] in ("textual", "sqlite_utils")}

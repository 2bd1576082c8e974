"""What an export or a backup refuses to write over: the database's files, what is not a
regular file, and (without --force, or a yes in the dashboard) any file that exists."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from textual.widgets import Input

from followup_tui.cli import cli
from followup_tui.db import open_db
from followup_tui.store import Store
from followup_tui.tui.app import FollowupApp
from followup_tui.tui.screens.confirm import ConfirmScreen
from tests.tui.test_app import NOW, SIZE, TODAY, fake_copier
from tests.tui.test_transfer_dashboard import run_command

DAY = "2026-11-25"


pytestmark = pytest.mark.usefixtures("cli_isolated")


def invoke(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), "--today", DAY, *args], prog_name="followup")


def refused(result: Result, fragment: str) -> None:
    assert result.exit_code == 1, (result.output, result.exc_info)
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("followup: ")
    assert fragment in result.stderr, result.stderr
    assert "Traceback" not in result.output


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "live.db"
    result = invoke(path, "demo")
    assert result.exit_code == 0, result.output
    return path


def companions(db: Path) -> list[Path]:
    """The database's own files, made to exist so that a write over them is visible.

    The caller holds a connection open, so -wal and -shm are SQLite's own; an empty
    -journal is one SQLite leaves alone.
    """
    files = [db, *(db.with_name(db.name + end) for end in ("-wal", "-shm", "-journal"))]
    files.append(db.with_name(db.name + ".before-migration.bak"))
    files[-1].write_bytes(b"precious")
    files[-2].touch()
    assert all(file.is_file() for file in files)
    return files


def snapshot(files: list[Path]) -> dict[Path, tuple[int, bytes]]:
    """Each file's inode (a rename over it changes that) and, but for -shm, its bytes."""
    return {
        file: (file.stat().st_ino, b"" if file.name.endswith("-shm") else file.read_bytes())
        for file in files
    }


def test_exports_and_backups_refuse_every_file_of_the_database(db: Path, tmp_path: Path) -> None:
    holder = open_db(db)
    holder.execute("UPDATE settings SET value = value")
    files = companions(db)
    link = tmp_path / "innocent.csv"
    link.symlink_to(db.with_name(db.name + "-wal"))
    before = snapshot(files)
    for target in [*files, link]:
        for args in (
            ["export", "csv", "-o", str(target)],
            ["export", "json", "--force", "-o", str(target)],
            ["backup", "--force", str(target)],
        ):
            refused(invoke(db, *args), "refusing to write over the database")
            assert snapshot(files) == before, (args, target)
    assert link.is_symlink()
    holder.close()


def test_an_existing_file_is_replaced_only_with_force(db: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine.csv"
    mine.write_bytes(b"keep me")
    refused(
        invoke(db, "export", "csv", "-o", str(mine)),
        f"{mine} already exists; add --force to replace it",
    )
    assert mine.read_bytes() == b"keep me"
    result = invoke(db, "export", "csv", "--force", "-o", str(mine))
    assert result.exit_code == 0, result.output
    assert mine.read_text().startswith("id,company,role")
    assert oct(os.stat(mine).st_mode & 0o777) == oct(0o600)
    # Through a symlink: the file it names is replaced, the link stays.
    link = tmp_path / "link.csv"
    link.symlink_to(mine)
    refused(invoke(db, "export", "vcard", "-o", str(link)), "exists; add --force")
    assert invoke(db, "export", "vcard", "--force", "-o", str(link)).exit_code == 0
    assert link.is_symlink() and mine.read_text().startswith("BEGIN:VCARD")
    backup = tmp_path / "copy.db"
    assert invoke(db, "backup", str(backup)).exit_code == 0
    refused(invoke(db, "backup", str(backup)), "exists; add --force")


def test_what_is_not_a_regular_file_is_refused_even_with_force(db: Path, tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    for target in (pipe, Path("/dev/null")):
        for args in (["export", "csv", "--force", "-o"], ["backup", "--force"]):
            refused(invoke(db, *args, str(target)), "not a regular file")
    assert pipe.exists() and not pipe.is_file()
    refused(invoke(db, "export", "csv", "--force", "-o", str(folder)), "folder")
    assert list(folder.iterdir()) == []


def test_dash_means_standard_output(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(db, "export", "json", "-o", "-")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["format"] == "followup-tui"
    assert not (tmp_path / "-").exists()


async def _export_from_palette(app: FollowupApp, pilot: object, target: Path) -> None:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    form = await run_command(app, pilot, "export: everything")
    form.query_one("#field-path", Input).value = str(target)
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_the_palette_refuses_the_database_and_asks_before_replacing(tmp_path: Path) -> None:
    from followup_tui.demo import build_demo

    db = tmp_path / "db.db"
    store = Store(open_db(db), now=NOW)
    build_demo(store, TODAY)
    files = companions(db)
    before = snapshot(files)
    app = FollowupApp(store, TODAY, copier=fake_copier, threaded=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for target in files:
            await _export_from_palette(app, pilot, target)
            assert not isinstance(app.screen, ConfirmScreen)
            assert snapshot(files) == before
            notice = list(app._notifications)[-1].message
            assert "refusing to write over the database" in notice, notice

        mine = tmp_path / "mine.json"
        mine.write_bytes(b"keep me")
        await _export_from_palette(app, pilot, mine)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert mine.read_bytes() == b"keep me"
        await _export_from_palette(app, pilot, mine)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert json.loads(mine.read_text())["format"] == "followup-tui"

        form = await run_command(app, pilot, "backup: copy")
        form.query_one("#field-path", Input).value = str(files[1])
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert snapshot(files) == before
        assert "refusing to write over the database" in list(app._notifications)[-1].message


def test_a_backup_to_standard_output_is_refused(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from followup_tui.cli import cli

    db = tmp_path / "f.db"
    assert (
        CliRunner().invoke(cli, ["--db", str(db), "add", "company", "--name", "A"]).exit_code == 0
    )
    before = set(Path.cwd().iterdir())
    result = CliRunner().invoke(cli, ["--db", str(db), "backup", "-"])
    assert result.exit_code == 1 and "standard output" in result.output
    assert set(Path.cwd().iterdir()) == before  # no file named `-`

"""Folders followup creates are 0700, every level of them, whatever the umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from followup_tui import clipboard
from followup_tui.cli import cli


@pytest.fixture(autouse=True)
def open_umask() -> Iterator[None]:
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("FOLLOWUP_DB", "FOLLOWUP_TODAY", "DISPLAY", "WAYLAND_DISPLAY", "TMUX"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg" / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg" / "state"))


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(cli, ["--today", "2026-11-25", *args], prog_name="followup")
    assert result.exit_code == 0, (result.output, result.exc_info)
    return result


def made_folders(root: Path) -> dict[str, int]:
    return {
        str(folder.relative_to(root)): stat.S_IMODE(folder.stat().st_mode)
        for folder in root.rglob("*")
        if folder.is_dir()
    }


def test_every_folder_made_for_the_database_and_its_backups_is_private(tmp_path: Path) -> None:
    root = tmp_path / "made"
    invoke("--db", str(root / "a" / "b" / "followup.db"), "add", "company", "--name", "Acme")
    invoke("--db", str(root / "a" / "b" / "followup.db"), "today")
    invoke("--db", str(root / "a" / "b" / "followup.db"), "backup", str(root / "c" / "d" / "x.db"))
    folders = made_folders(root)
    assert set(folders) == {"a", "a/b", "c", "c/d"}
    assert folders == dict.fromkeys(folders, 0o700)


def test_the_default_database_and_state_folders_are_private(tmp_path: Path) -> None:
    invoke("add", "company", "--name", "Acme")
    invoke("today")  # records the integrity check in the state folder
    clipboard.save_fallback("a draft")
    folders = made_folders(tmp_path / "xdg")
    assert {"data", "data/followup-tui", "state", "state/followup-tui"} <= set(folders)
    assert folders == dict.fromkeys(folders, 0o700)

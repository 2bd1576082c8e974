"""Fixtures shared by the command-line tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def cli_isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No FOLLOWUP_DB or FOLLOWUP_TODAY of the person running the tests leaks in, and nothing
    lands in their home: the user data and state folders are the test's own."""
    for name in ("FOLLOWUP_DB", "FOLLOWUP_TODAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))

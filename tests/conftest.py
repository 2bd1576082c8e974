"""Fixtures and markers shared by every tier of tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pendulum import Date

from followup_tui.db import MEMORY, open_db
from followup_tui.store import Store
from tests import NOW, TODAY


@pytest.fixture
def store() -> Iterator[Store]:
    """An empty, migrated database in memory, its clock fixed at NOW."""
    opened = Store(open_db(MEMORY), now=NOW)
    yield opened
    opened.conn.close()


@pytest.fixture
def today() -> Date:
    """The fixed day the tests view the world from (TODAY)."""
    return TODAY


@pytest.fixture
def cli_isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No FOLLOWUP_DB or FOLLOWUP_TODAY of the person running the tests leaks in, and nothing
    lands in their home: the user data and state folders are the test's own."""
    for name in ("FOLLOWUP_DB", "FOLLOWUP_TODAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))


@pytest.fixture(autouse=True)
def private_state(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The dashboard keeps its first screen in the state folder (tui/cache.py): every test
    gets a folder of its own there, outside its tmp_path, so no test reads another's and
    none writes into the home of the person running them. (cli_isolated overrides it.)"""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("state")))


TIERS = ("unit", "store", "cli", "tui", "e2e")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Each test carries its tier's marker, from its folder: `pytest -m unit` runs the core."""
    for item in items:
        tier = Path(str(item.fspath)).parent.name
        if tier in TIERS:
            item.add_marker(getattr(pytest.mark, tier))

"""Upgrades: a database from any released schema migrates forward, backed up first, whole.

`tests/fixtures/schemas/` keeps one database per released schema version, as that version
wrote it. A later migration is simulated by appending one to `db.migrations.MIGRATIONS`.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import stat
from collections import Counter
from pathlib import Path
from typing import Any

import pendulum
import pytest
from click.testing import CliRunner

from followup_tui.cli import cli
from followup_tui.db import DatabaseProblem, migrations, open_db
from followup_tui.demo import build_demo
from followup_tui.store import Store
from tests import FIXTURES_ROOT

FIXTURES = FIXTURES_ROOT / "schemas"
RELEASED = sorted(FIXTURES.glob("v*.db"))
NOW = pendulum.datetime(2026, 11, 25, 9, 0, tz="UTC")
DAY = pendulum.Date(2026, 11, 25)

Rows = dict[str, Counter[tuple[Any, ...]]]


def rows_of(path: Path, tables: dict[str, list[str]] | None = None) -> Rows:
    """Every row of every table (or of `tables`, reading only the columns listed there)."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        wanted = tables or columns_of(conn)
        return {
            table: Counter(conn.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall())
            for table, columns in wanted.items()
        }


def columns_of(conn: sqlite3.Connection) -> dict[str, list[str]]:
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            # The counter of changes (db_version) counts a migration's writes: not a row.
            "AND name NOT LIKE 'search%' AND name NOT IN ('_sqlite_migrations', 'db_version') "
            "ORDER BY name"
        )
    ]
    return {name: [row[1] for row in conn.execute(f"PRAGMA table_info({name})")] for name in names}


def migrations_of(path: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return [row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]


def total(rows: Rows) -> int:
    return sum(sum(counter.values()) for counter in rows.values())


def backup_of(path: Path) -> Path:
    return path.with_name(f"{path.name}.before-migration.bak")


def test_there_is_a_fixture_for_the_first_released_schema() -> None:
    assert FIXTURES / "v1.db" in RELEASED
    assert migrations_of(FIXTURES / "v1.db") == ["m001_initial"]


@pytest.mark.parametrize("fixture", RELEASED, ids=[p.stem for p in RELEASED])
def test_a_released_database_migrates_forward_with_every_row(fixture: Path, tmp_path: Path) -> None:
    path = tmp_path / "followup.db"
    shutil.copy(fixture, path)
    with contextlib.closing(sqlite3.connect(path)) as conn:
        shape = columns_of(conn)
    before = rows_of(path, shape)
    assert total(before) > 200
    old_migrations = migrations_of(path)

    with contextlib.closing(open_db(path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert migrations_of(path) == [fn.__name__ for fn in migrations.MIGRATIONS]
    # Every row, every column it had, byte for byte: NUL bytes and non-BMP letters included.
    assert rows_of(path, shape) == before
    if old_migrations != migrations_of(path):
        saved = backup_of(path)
        assert saved.exists()
        assert stat.S_IMODE(saved.stat().st_mode) == 0o600
        assert migrations_of(saved) == old_migrations
        assert rows_of(saved, shape) == before
    # And the day's commands work on it.
    result = CliRunner().invoke(cli, ["--db", str(path), "--today", "2026-11-25", "today"])
    assert result.exit_code == 0, result.output
    assert "overdue" in result.stdout


def test_the_released_fixture_itself_is_never_touched() -> None:
    """Tests copy the fixtures: the committed files stay as that version wrote them."""
    for fixture in RELEASED:
        assert not fixture.with_name(fixture.name + "-wal").exists()
        assert not backup_of(fixture).exists()


@pytest.fixture
def current(tmp_path: Path) -> Path:
    """A database at the current schema with the demo in it, every connection closed."""
    path = tmp_path / "followup.db"
    with contextlib.closing(open_db(path)) as conn:
        build_demo(Store(conn, now=NOW), DAY)
    return path


def m900_reminders(database: Any) -> None:
    """A later release's migration: a new column on a table with rows, and a new table."""
    database.execute("ALTER TABLE contacts ADD COLUMN pronouns TEXT")
    database.execute("CREATE TABLE reminders (id INTEGER PRIMARY KEY, at TEXT NOT NULL)")
    database.execute("UPDATE contacts SET pronouns = 'they/them' WHERE id = 1")


def test_a_later_migration_runs_after_a_backup_and_keeps_every_row(
    current: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with contextlib.closing(sqlite3.connect(current)) as conn:
        shape = columns_of(conn)
    before = rows_of(current, shape)
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, m900_reminders])
    with contextlib.closing(open_db(current)) as conn:
        assert conn.execute("SELECT pronouns FROM contacts WHERE id = 1").fetchone() == (
            "they/them",
        )
    assert migrations_of(current)[-1] == "m900_reminders"
    assert rows_of(current, shape) == before
    saved = backup_of(current)
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    # The backup is the database as it was before the migration.
    assert "m900_reminders" not in migrations_of(saved)
    assert rows_of(saved, shape) == before
    with contextlib.closing(sqlite3.connect(saved)) as conn:
        assert "pronouns" not in {row[1] for row in conn.execute("PRAGMA table_info(contacts)")}
    # Opened again by the same (newer) version: nothing more to do, still whole.
    with contextlib.closing(open_db(current)) as conn:
        assert conn.execute("SELECT count(*) FROM reminders").fetchone() == (0,)
    assert rows_of(current, shape) == before


def test_a_later_migration_that_fails_leaves_the_file_as_it_was(
    current: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with contextlib.closing(sqlite3.connect(current)) as conn:
        shape = columns_of(conn)
    before = rows_of(current, shape)
    applied = migrations_of(current)

    def m900_breaks(database: Any) -> None:
        database.execute("DELETE FROM touches")
        database.execute("ALTER TABLE contacts ADD COLUMN pronouns TEXT")
        error = sqlite3.OperationalError("database or disk is full")
        error.sqlite_errorname = "SQLITE_FULL"
        raise error

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, m900_breaks])
    with pytest.raises(DatabaseProblem) as caught:
        open_db(current)
    message = str(caught.value)
    assert str(current) in message and "disk is full" in message and "\n" not in message
    assert migrations_of(current) == applied
    assert rows_of(current, shape) == before
    assert rows_of(backup_of(current), shape) == before
    # The release that has the fix opens it as if nothing happened.
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS[:-1], m900_reminders])
    with contextlib.closing(open_db(current)) as conn:
        assert conn.execute("SELECT count(*) FROM touches").fetchone()[0] == sum(
            before["touches"].values()
        )


def test_no_migration_runs_on_a_damaged_database(
    current: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with contextlib.closing(sqlite3.connect(current)) as conn:
        page = conn.execute("PRAGMA page_size").fetchone()[0]
        (root,) = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'stage_history'"
        ).fetchone()
    data = bytearray(current.read_bytes())
    data[(root - 1) * page : root * page] = b"\xa5" * page
    current.write_bytes(bytes(data))
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, m900_reminders])
    with pytest.raises(DatabaseProblem) as caught:
        open_db(current)
    assert "damaged" in str(caught.value) and "backup" in str(caught.value)
    assert current.read_bytes() == bytes(data)
    assert not backup_of(current).exists()


def test_a_newer_database_is_not_mistaken_for_an_older_one(
    current: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The list of known migrations is read when opening, not frozen at import."""
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, m900_reminders])
    open_db(current).close()
    open_db(current).close()
    monkeypatch.undo()
    with pytest.raises(DatabaseProblem) as caught:
        open_db(current)
    assert "newer version" in str(caught.value) and "m900_reminders" in str(caught.value)

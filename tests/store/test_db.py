"""Opening the database: schema from migrations, private files, refusals that change nothing."""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
import stat
from pathlib import Path

import pytest

from followup_tui.db import DatabaseProblem, atomic, migrations, open_db

#: The tables of the data model, with a few columns each must have.
DATA_MODEL: dict[str, set[str]] = {
    "companies": {"id", "name", "website", "social", "notes"},
    "applications": {"id", "company_id", "role", "stage", "applied_on", "response_by", "url"},
    "contacts": {
        "id",
        "name",
        "company_id",
        "title",
        "kind",
        "email",
        "phone",
        "linkedin_url",
        "linkedin_state",
    },
    "application_contacts": {"application_id", "contact_id"},
    "interviews": {"id", "application_id", "starts_at", "kind", "highlights", "notes"},
    "interview_participants": {"interview_id", "contact_id"},
    "events": {"id", "name", "location", "url", "notes"},
    "event_contacts": {"event_id", "contact_id"},
    "resources": {"id", "title", "url", "note", "application_id", "company_id"},
    "touches": {
        "id",
        "at",
        "direction",
        "contact_id",
        "company_id",
        "application_id",
        "interview_id",
        "event_id",
        "resource_id",
        "strategy",
        "channel",
        "subject",
        "body",
        "note",
        "recipient",
    },
    "action_overrides": {"key", "snoozed_until", "skipped"},
    "draft_edits": {"key", "subject", "body", "title", "contact_id", "application_id"},
    "templates": {"strategy", "subject", "body"},
    "settings": {"name", "value"},
}


def _tables(conn: sqlite3.Connection) -> set[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {row[0] for row in rows}


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def _schema(conn: sqlite3.Connection) -> list[tuple[str, str, str | None]]:
    return conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()


def _migrations(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    return conn.execute("SELECT migration_set, name FROM _sqlite_migrations ORDER BY id").fetchall()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _folder(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()}


def test_blank_database_gets_every_table_of_the_design(tmp_path: Path) -> None:
    conn = open_db(tmp_path / "followup.db")
    try:
        tables = _tables(conn)
        assert set(DATA_MODEL) <= tables
        for table, columns in DATA_MODEL.items():
            missing = columns - _columns(conn, table)
            assert not missing, f"{table} lacks {missing}"
        assert _migrations(conn) == [
            (migrations.MIGRATION_SET, name) for name in migrations.MIGRATION_NAMES
        ]
    finally:
        conn.close()


def test_in_memory_database_is_migrated_too() -> None:
    conn = open_db(":memory:")
    assert set(DATA_MODEL) <= _tables(conn)
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_connection_pragmas(tmp_path: Path) -> None:
    conn = open_db(tmp_path / "followup.db")
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0
    finally:
        conn.close()


def test_foreign_keys_are_enforced() -> None:
    conn = open_db(":memory:")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            "INSERT INTO applications (company_id, role, created_at) VALUES (999, 'x', 'now')"
        )


def test_company_names_are_unique_whatever_the_case() -> None:
    conn = open_db(":memory:")
    conn.execute("INSERT INTO companies (name, created_at) VALUES ('Acme', 'now')")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO companies (name, created_at) VALUES ('ACME', 'now')")


def test_migrating_twice_is_a_no_op(tmp_path: Path) -> None:
    path = tmp_path / "followup.db"
    with contextlib.closing(open_db(path)) as conn:
        conn.execute("INSERT INTO companies (name, created_at) VALUES ('Acme', 'now')")
        schema, applied = _schema(conn), _migrations(conn)
    with contextlib.closing(open_db(path)) as conn:
        assert _schema(conn) == schema
        assert _migrations(conn) == applied
        assert conn.execute("SELECT name FROM companies").fetchall() == [("Acme",)]
        # Running the migrations on an up-to-date database changes nothing either.
        migrations.migrate(conn)
        assert _schema(conn) == schema
        assert _migrations(conn) == applied
    # An up-to-date database needs no safety copy.
    assert not [name for name in _folder(path) if name.endswith(".bak")]


def test_new_file_is_private_in_a_private_folder(tmp_path: Path) -> None:
    path = tmp_path / "data" / "followup.db"
    conn = open_db(path)
    try:
        conn.execute("INSERT INTO settings (name, value) VALUES ('user_name', 'Sam')")
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        # SQLite's side files take the database file's mode.
        for side in path.parent.glob("followup.db-*"):
            assert stat.S_IMODE(side.stat().st_mode) == 0o600, side.name
    finally:
        conn.close()


def test_an_existing_folder_keeps_its_mode(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    with contextlib.closing(open_db(tmp_path / "followup.db")):
        pass
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o755
    assert stat.S_IMODE((tmp_path / "followup.db").stat().st_mode) == 0o600


def test_a_text_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Call Jane about the platform role on Friday.\n" * 200)
    before, listing = _digest(path), _folder(path)
    with pytest.raises(DatabaseProblem) as caught:
        open_db(path)
    assert str(path) in str(caught.value)
    assert _digest(path) == before
    assert _folder(path) == listing


def test_a_short_text_file_is_refused_too(tmp_path: Path) -> None:
    path = tmp_path / "followup.db"
    path.write_bytes(b"hello")
    with pytest.raises(DatabaseProblem) as caught:
        open_db(path)
    assert str(path) in str(caught.value)
    assert path.read_bytes() == b"hello"


def test_a_damaged_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "followup.db"
    with contextlib.closing(open_db(path)) as conn:
        conn.execute("INSERT INTO companies (name, created_at) VALUES ('Acme', 'now')")
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    # Keep the header page, scramble every other page.
    for index in range(page_size, len(data)):
        data[index] = (index * 7) % 256
    path.write_bytes(bytes(data))
    before, listing = _digest(path), _folder(path)
    with pytest.raises(DatabaseProblem) as caught:
        open_db(path)
    assert str(path) in str(caught.value)
    assert _digest(path) == before
    assert _folder(path) == listing


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseProblem) as caught:
        open_db(tmp_path)
    assert str(tmp_path) in str(caught.value)


def test_a_database_from_a_newer_version_is_refused_and_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "followup.db"
    with contextlib.closing(open_db(path)) as conn:
        conn.execute("INSERT INTO companies (name, created_at) VALUES ('Acme', 'now')")
    # Simulate a later release: one more migration, and what it created.
    with contextlib.closing(sqlite3.connect(path)) as other:
        other.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
            [migrations.MIGRATION_SET, "m999_from_the_future", "2030-01-01 00:00:00+00:00"],
        )
        other.execute("CREATE TABLE reminders (id INTEGER PRIMARY KEY)")
        other.commit()
    before, listing = _digest(path), _folder(path)
    with pytest.raises(DatabaseProblem) as caught:
        open_db(path)
    message = str(caught.value)
    assert str(path) in message
    assert "newer" in message
    assert _digest(path) == before
    assert _folder(path) == listing


def test_another_programs_database_is_refused_and_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with contextlib.closing(sqlite3.connect(path)) as other:
        other.execute("CREATE TABLE foo (id INTEGER PRIMARY KEY, bar TEXT)")
        other.execute("INSERT INTO foo (bar) VALUES ('keep me')")
        other.commit()
    before, listing = _digest(path), _folder(path)
    with pytest.raises(DatabaseProblem) as caught:
        open_db(path)
    assert str(path) in str(caught.value)
    assert _digest(path) == before
    assert _folder(path) == listing
    with contextlib.closing(sqlite3.connect(path)) as other:
        assert other.execute("SELECT bar FROM foo").fetchall() == [("keep me",)]


def test_atomic_commits_on_success() -> None:
    conn = open_db(":memory:")
    with atomic(conn):
        conn.execute("INSERT INTO companies (name, created_at) VALUES ('Acme', 'now')")
        conn.execute("INSERT INTO companies (name, created_at) VALUES ('Globex', 'now')")
    assert not conn.in_transaction
    assert conn.execute("SELECT count(*) FROM companies").fetchone()[0] == 2


def test_atomic_rolls_back_on_exception() -> None:
    conn = open_db(":memory:")
    with pytest.raises(RuntimeError), atomic(conn):
        conn.execute("INSERT INTO companies (name, created_at) VALUES ('Acme', 'now')")
        conn.execute("INSERT INTO companies (name, created_at) VALUES ('Globex', 'now')")
        raise RuntimeError("boom")
    assert not conn.in_transaction
    assert conn.execute("SELECT count(*) FROM companies").fetchone()[0] == 0


def test_atomic_rolls_back_after_a_failed_statement() -> None:
    conn = open_db(":memory:")
    with pytest.raises(sqlite3.IntegrityError), atomic(conn):
        conn.execute("INSERT INTO companies (name, created_at) VALUES ('Acme', 'now')")
        conn.execute("INSERT INTO companies (name, created_at) VALUES ('acme', 'now')")
    assert conn.execute("SELECT count(*) FROM companies").fetchone()[0] == 0


def test_nested_atomic_rolls_back_only_the_inner_block() -> None:
    conn = open_db(":memory:")
    with atomic(conn):
        conn.execute("INSERT INTO companies (name, created_at) VALUES ('Outer', 'now')")
        with pytest.raises(ValueError), atomic(conn):
            conn.execute("INSERT INTO companies (name, created_at) VALUES ('Inner', 'now')")
            raise ValueError("inner fails")
        conn.execute("INSERT INTO companies (name, created_at) VALUES ('After', 'now')")
    names = [row[0] for row in conn.execute("SELECT name FROM companies ORDER BY id")]
    assert names == ["Outer", "After"]


def test_outer_failure_undoes_a_finished_inner_block() -> None:
    conn = open_db(":memory:")
    with pytest.raises(KeyError), atomic(conn):
        with atomic(conn):
            conn.execute("INSERT INTO companies (name, created_at) VALUES ('Inner', 'now')")
        raise KeyError("outer fails")
    assert conn.execute("SELECT count(*) FROM companies").fetchone()[0] == 0

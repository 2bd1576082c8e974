"""Opening the file safely: private permissions, pragmas, migrations, clear refusals."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from followup_tui.db import migrations
from followup_tui.db.files import create_private
from followup_tui.db.triggers import restore_triggers
from followup_tui.errors import DatabaseProblem, explain

MEMORY = ":memory:"


def _user_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    names = [row[0] for row in rows]
    # sqlite-utils creates its bookkeeping table before, and outside, the first migration's
    # transaction: a first run that was killed or hit a full disk leaves that table, empty,
    # and nothing else. The file is still ours to set up.
    if (
        "_sqlite_migrations" in names
        and not conn.execute("SELECT 1 FROM _sqlite_migrations LIMIT 1").fetchone()
    ):
        names.remove("_sqlite_migrations")
    return names


def file_of(conn: sqlite3.Connection) -> str:
    """The path of the connection's main database, for messages ("the database" if none)."""
    try:
        row = conn.execute("PRAGMA database_list").fetchone()
    except sqlite3.Error:
        row = None
    return str(row[2]) if row and row[2] else "the database"


def open_db(path: str | Path) -> sqlite3.Connection:
    """Open (or create) the database at `path`, migrated to the current schema.

    Raises DatabaseProblem, without writing anything, for a file that isn't a SQLite
    database, is damaged, belongs to another program, or comes from a newer version.
    """
    where = str(path)
    if where != MEMORY:
        file = Path(path).expanduser()
        where = str(file)
        if file.is_dir():
            raise DatabaseProblem(f"{where} is a folder; pass a file path with --db")
        if not file.exists():
            try:
                create_private(file)
            except OSError as error:
                raise DatabaseProblem(
                    f"can't create {where}: {error.strerror}; choose another path with --db"
                ) from error
        conn = sqlite3.connect(file, isolation_level=None, timeout=5.0, check_same_thread=False)
    else:
        conn = sqlite3.connect(MEMORY, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA busy_timeout = 5000")
        applied = migrations.applied_migrations(conn)
        if not applied and _user_tables(conn):
            raise DatabaseProblem(
                f"{where} is a SQLite database of another program; "
                "point --db at a followup database or a new file"
            )
        unknown = migrations.unknown_migrations(applied)
        if unknown:
            raise DatabaseProblem(
                f"{where} was written by a newer version of followup (schema {unknown[-1]}); "
                "upgrade followup-tui to open it"
            )
        if where != MEMORY and conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        migrations.upgrade(conn, where, applied, memory=where == MEMORY)
        restore_triggers(conn)
    except sqlite3.DatabaseError as error:
        conn.close()
        raise DatabaseProblem(explain(where, error)) from error
    except DatabaseProblem:
        conn.close()
        raise
    return conn

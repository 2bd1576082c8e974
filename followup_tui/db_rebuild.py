"""Rebuilding tables in place: how a table's `id` becomes AUTOINCREMENT on an existing file.

SQLite can't alter a primary key, so each table is rebuilt the way its documentation says
(https://sqlite.org/lang_altertable.html, "making other kinds of table schema changes"):
foreign keys off, then in one transaction a copy under the new definition, the old table
dropped, the copy renamed, its indexes made again, the foreign keys checked; then foreign
keys back on. Triggers are dropped first, because a rename reparses every trigger and would
fail on one that names a table being rebuilt; `db.restore_triggers` puts them back (and
recomputes what they keep) as the file is opened. Tables already rebuilt are left alone, so
a run that was interrupted is finished by the next open.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence

#: `id INTEGER PRIMARY KEY` without AUTOINCREMENT, the name bare or quoted (sqlite-utils'
#: `transform()` writes `"id"`).
_ID = re.compile(
    r"""(?:\bid|"id"|\[id\]|`id`)\s+INTEGER\s+PRIMARY\s+KEY\b(?!\s+AUTOINCREMENT)""",
    re.IGNORECASE,
)


def _definition(conn: sqlite3.Connection, table: str) -> str | None:
    row = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [table]
    ).fetchone()
    return str(row[0]) if row else None


def autoincrement(conn: sqlite3.Connection, tables: Sequence[str]) -> None:
    """Give each table's `id INTEGER PRIMARY KEY` the AUTOINCREMENT keyword, keeping every row."""
    pending = [t for t in tables if (sql := _definition(conn, t)) and _ID.search(sql)]
    if not pending:
        return
    if conn.in_transaction:
        conn.execute("COMMIT")
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            triggers = conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'"
            ).fetchall()
            # References already broken before (rows deleted by a tool with foreign keys
            # off) stay as they were; the rebuild must not break any more.
            broken = set(conn.execute("PRAGMA foreign_key_check").fetchall())
            for (name,) in triggers:
                conn.execute(f'DROP TRIGGER "{name}"')
            for table in pending:
                _rebuild(conn, table)
            new = set(conn.execute("PRAGMA foreign_key_check").fetchall()) - broken
            if new:
                raise sqlite3.IntegrityError(f"foreign key check failed: {sorted(new)[0]}")
            left = [t for t in pending if _ID.search(_definition(conn, t) or "")]
            if left:
                raise sqlite3.IntegrityError(f"{left[0]} kept an id that can be reused")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    finally:
        conn.execute("PRAGMA foreign_keys = ON")


def _rebuild(conn: sqlite3.Connection, table: str) -> None:
    sql = _definition(conn, table)
    assert sql is not None
    indexes = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
        [table],
    ).fetchall()
    new = f"{table}__rebuilt"
    created = _ID.sub('"id" INTEGER PRIMARY KEY AUTOINCREMENT', sql, count=1)
    created = re.sub(
        rf"^CREATE TABLE\s+\"?{re.escape(table)}\"?", f'CREATE TABLE "{new}"', created, count=1
    )
    conn.execute(created)
    conn.execute(f'INSERT INTO "{new}" SELECT * FROM "{table}"')
    conn.execute(f'DROP TABLE "{table}"')
    conn.execute(f'ALTER TABLE "{new}" RENAME TO "{table}"')
    for (index_sql,) in indexes:
        conn.execute(index_sql)

"""A counter of the database's changes, kept by triggers: what keys the first-screen cache.

One row holds a random identity, made when the table is created, and a counter that every
insert, update and delete on a data table bumps. (identity, version, stamp) names one state of
one database's data: the counter only ever grows, and another file (a new database, a
dump loaded elsewhere) has another identity.

SQLite's own counters can't serve: `PRAGMA data_version` only tells one connection that
another one wrote, and its value means nothing to another connection or a later process;
the file header's change counter (bytes 24-27) is not bumped by commits in WAL mode, which
followup uses, until a checkpoint writes them back into the file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING

from followup_tui.db.schema import data_tables

if TYPE_CHECKING:
    from sqlite_utils import Database

TABLE = "db_version"
#: Data tables whose writes are not counted: the undo history of changes is written only
#: together with the data it describes, which bumps the counter already.
NOT_COUNTED = frozenset({"changes"})

CREATE_TABLE = f"""CREATE TABLE {TABLE} (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    identity TEXT NOT NULL,
    version INTEGER NOT NULL,
    stamp TEXT NOT NULL
)"""
#: The identity is random: two databases never share one, whatever their history.
FIRST_ROW = (
    f"INSERT INTO {TABLE} (id, identity, version, stamp) "
    "VALUES (1, lower(hex(randomblob(16))), 0, lower(hex(randomblob(8))))"
)
#: Every bump also draws a new random stamp: a file put back from a backup (which holds the
#: same row) and then written as many times as the original since would reach the same
#: (identity, version), but never the same stamp, so it can't pass for a state it never had.
BUMP = f"UPDATE {TABLE} SET version = version + 1, stamp = lower(hex(randomblob(8))) WHERE id = 1"
#: (identity, version, stamp): one state of one database's data.
State = tuple[str, int, str]
OPERATIONS = ("insert", "update", "delete")


def counted_tables(conn: sqlite3.Connection) -> list[str]:
    """The tables whose writes bump the counter: the schema's data tables (db.schema), but
    the history."""
    return [table for table in data_tables(conn) if table not in NOT_COUNTED]


def trigger_name(table: str, operation: str) -> str:
    return f"{table}_db_version_{operation}"


def triggers(tables: Iterable[str]) -> dict[str, str]:
    """Trigger name -> its CREATE statement: each write to a table bumps the counter."""
    return {
        trigger_name(table, operation): (
            f"CREATE TRIGGER {trigger_name(table, operation)} AFTER {operation.upper()} "
            f'ON "{table}" BEGIN {BUMP}; END'
        )
        for table in tables
        for operation in OPERATIONS
    }


def restore(conn: sqlite3.Connection) -> list[str]:
    """The CREATE statements of the counter's triggers that are missing (a table rebuild
    drops a table's triggers); [] before the counter's migration ran."""
    present = {
        row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    }
    if not conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [TABLE]
    ).fetchone():
        return []
    wanted = triggers(counted_tables(conn))
    return [statement for name, statement in wanted.items() if name not in present]


def m005_db_version(db: Database) -> None:
    """The migration: the table, its one row, and a trigger per data table and operation."""
    db.execute(CREATE_TABLE)
    db.execute(FIRST_ROW)
    for statement in triggers(counted_tables(db.conn)).values():
        db.execute(statement)


def read(conn: sqlite3.Connection) -> State | None:
    """(identity, version, stamp) of the database; None before the migration (or if
    unreadable)."""
    try:
        row = conn.execute(f"SELECT identity, version, stamp FROM {TABLE} WHERE id = 1").fetchone()
    except sqlite3.Error:
        return None
    return None if row is None else (str(row[0]), int(row[1]), str(row[2]))

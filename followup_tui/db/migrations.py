"""Named, append-only migrations (sqlite-utils' `Migrations`), and the table rebuild one needs.

A table rebuild is how a table's `id` becomes AUTOINCREMENT on an existing file. SQLite
can't alter a primary key, so each table is rebuilt the way its documentation says
(https://sqlite.org/lang_altertable.html, "making other kinds of table schema changes"):
foreign keys off, then in one transaction a copy under the new definition, the old table
dropped, the copy renamed, its indexes made again, the foreign keys checked; then foreign
keys back on. Triggers are dropped first, because a rename reparses every trigger and would
fail on one that names a table being rebuilt; `triggers.restore_triggers` puts them back
(and recomputes what they keep) as the file is opened. Tables already rebuilt are left
alone, so a run that was interrupted is finished by the next open.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from followup_tui.db import version
from followup_tui.db.files import backup, integrity_problem
from followup_tui.db.schema import (
    CHANGES_TABLE,
    DATA_TABLES,
    DRAFT_EDITS_INDEXES,
    DRAFT_EDITS_TABLE,
    ID_TABLES,
    SCHEMA_V1,
)
from followup_tui.db.triggers import ACTIVITY_TRIGGERS, SEARCH_TRIGGERS, rebuild_search
from followup_tui.errors import DatabaseProblem

if TYPE_CHECKING:
    from sqlite_utils import Database

#: The name of our set in sqlite-utils' `_sqlite_migrations` table.
MIGRATION_SET = "followup"


def m001_initial(db: Database) -> None:
    for statement in SCHEMA_V1 + ACTIVITY_TRIGGERS:
        db.execute(statement)


def m002_search(db: Database) -> None:
    db.execute(
        "CREATE VIRTUAL TABLE search USING fts5("
        "kind UNINDEXED, ref UNINDEXED, label, body, tokenize = 'unicode61 remove_diacritics 2')"
    )
    for statement in SEARCH_TRIGGERS.values():
        db.execute(statement)
    rebuild_search(db.conn)


def m003_history(db: Database) -> None:
    db.execute(CHANGES_TABLE)
    db.execute(
        "CREATE INDEX idx_touches_action_key ON touches(action_key) WHERE action_key IS NOT NULL"
    )


def m004_autoincrement(db: Database) -> None:
    autoincrement(db.conn, [t for t in DATA_TABLES if t in ID_TABLES])


def m006_draft_fields(db: Database) -> None:
    """What the drafts quote: why the user fits an application, the questions an interview
    left open, and what resonated with each interviewer."""
    db.execute("ALTER TABLE applications ADD COLUMN why_fit TEXT")
    db.execute("ALTER TABLE interviews ADD COLUMN open_questions TEXT")
    db.execute("ALTER TABLE interview_participants ADD COLUMN highlights TEXT")


def m007_draft_edits(db: Database) -> None:
    """Drafts edited in the dashboard kept per action, and who each message went to."""
    db.execute(DRAFT_EDITS_TABLE)
    for statement in DRAFT_EDITS_INDEXES:
        db.execute(statement)
    db.execute("ALTER TABLE touches ADD COLUMN recipient TEXT")
    # The new table's writes bump the counter of changes, as every data table's do.
    for statement in version.triggers(["draft_edits"]).values():
        db.execute(statement)


def m008_rule_indexes(db: Database) -> None:
    """The stage moves by stage and day: the rejections of the last weeks are read at once."""
    db.execute("CREATE INDEX idx_stage_history_stage ON stage_history(stage, application_id, at)")


#: Append-only: never edit or reorder an entry once it has shipped.
MIGRATIONS: list[Callable[[Database], None]] = [
    m001_initial,
    m002_search,
    m003_history,
    m004_autoincrement,
    version.m005_db_version,
    m006_draft_fields,
    m007_draft_edits,
    m008_rule_indexes,
]
#: Migrations that manage their own transaction (a table rebuild turns foreign keys off).
OUTSIDE_TRANSACTION = {"m004_autoincrement"}
MIGRATION_NAMES = [fn.__name__ for fn in MIGRATIONS]


def applied_migrations(conn: sqlite3.Connection) -> list[str]:
    """The names of our migrations this file has had, in the order they ran."""
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
    ).fetchone()
    if not has_table:
        return []
    rows = conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY id",
        [MIGRATION_SET],
    ).fetchall()
    return [row[0] for row in rows]


def unknown_migrations(applied: Sequence[str]) -> list[str]:
    """The applied migrations this version doesn't know (the file comes from a newer one)."""
    known = {fn.__name__ for fn in MIGRATIONS}
    return [name for name in applied if name not in known]


def upgrade(conn: sqlite3.Connection, where: str, applied: Sequence[str], memory: bool) -> None:
    """Run the migrations the file lacks: never into a damaged file, and after a safety copy
    of a file that had data (`memory`: an in-memory database, which has no file to copy)."""
    if len(applied) >= len(MIGRATIONS):
        return
    # A migration writes all over the file: never into a damaged one.
    problem = integrity_problem(conn) if applied else None
    if problem is not None:
        raise DatabaseProblem(
            f"{where} is damaged ({problem}); restore it from a backup before "
            "upgrading, or pass another file with --db"
        )
    if applied and not memory:
        backup(conn, Path(where).with_name(f"{Path(where).name}.before-migration.bak"))
    migrate(conn)


def migrate(conn: sqlite3.Connection) -> None:
    """Apply every migration not applied yet (a no-op on an up-to-date file)."""
    # sqlite-utils is imported only here, so the common path (`followup today`) stays fast.
    from sqlite_utils import Database, Migrations

    migrations = Migrations(MIGRATION_SET)
    for fn in MIGRATIONS:
        migrations(transactional=fn.__name__ not in OUTSIDE_TRANSACTION)(fn)
    migrations.apply(Database(conn))


# --- the table rebuild ------------------------------------------------------------------------

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

"""Open the SQLite file safely: private permissions, pragmas, named migrations, clear refusals."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from followup_tui import db_version
from followup_tui.activity import ACTIVITY_TRIGGERS, outdated, replace

if TYPE_CHECKING:
    from sqlite_utils import Database

#: The name of our set in sqlite-utils' `_sqlite_migrations` table.
MIGRATION_SET = "followup"
MEMORY = ":memory:"


class DatabaseProblem(Exception):
    """The database can't be used; the message names the file and what to do."""


#: SQLite error names (and their extended forms) that mean the file itself is damaged.
DAMAGED = ("SQLITE_CORRUPT", "SQLITE_NOTADB")


def damaged(where: str | Path, problem: object) -> DatabaseProblem:
    """The one way every command says that a file is damaged."""
    return DatabaseProblem(
        f"{where} is damaged ({problem}); restore it from a backup or pass another file with --db"
    )


def user_message(error: BaseException, where: str | Path) -> str | None:
    """What to tell the user about `error` in one line; None when it is not theirs to fix
    (a bug, which keeps its traceback)."""
    from followup_tui.dates import DateParseError
    from followup_tui.store import Invalid, NotFound

    if isinstance(error, (DatabaseProblem, NotFound, Invalid, DateParseError)):
        return str(error)
    if isinstance(error, sqlite3.OperationalError):
        return explain(str(where), error)
    # Damage that opening the file did not reach shows up on a later read.
    if isinstance(error, sqlite3.DatabaseError) and getattr(
        error, "sqlite_errorname", ""
    ).startswith(DAMAGED):
        return str(damaged(where, error))
    return None


#: Every table of data, in an order that satisfies the foreign keys when filled (and,
#: reversed, when emptied); touches after what their activity columns feed.
DATA_TABLES = (
    "companies",
    "applications",
    "stage_history",
    "contacts",
    "application_contacts",
    "interviews",
    "interview_participants",
    "events",
    "event_contacts",
    "resources",
    "touches",
    "action_overrides",
    "templates",
    "settings",
)

#: Columns that triggers keep from the touches table: no change writes or undoes them.
ACTIVITY_COLUMNS: dict[str, tuple[str, ...]] = {
    "contacts": ("last_in_at", "last_out_at"),
    "companies": ("last_touch_at", "last_touch_id", "last_in_at"),
    "interview_participants": ("thanked",),
}

SCHEMA_V1 = [
    """CREATE TABLE companies (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE,
        website TEXT,
        social TEXT NOT NULL DEFAULT '[]',
        notes TEXT,
        created_at TEXT NOT NULL,
        -- Kept by triggers on touches (see ACTIVITY_TRIGGERS): the latest touch with a
        -- person at the company, and the latest message from the company.
        last_touch_at TEXT,
        last_touch_id INTEGER,
        last_in_at TEXT
    )""",
    """CREATE TABLE applications (
        id INTEGER PRIMARY KEY,
        company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
        role TEXT NOT NULL,
        stage TEXT NOT NULL DEFAULT 'applied',
        applied_on TEXT,
        response_by TEXT,
        url TEXT,
        notes TEXT,
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX idx_applications_company ON applications(company_id)",
    "CREATE INDEX idx_applications_stage ON applications(stage)",
    """CREATE TABLE stage_history (
        id INTEGER PRIMARY KEY,
        application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        stage TEXT NOT NULL,
        at TEXT NOT NULL
    )""",
    "CREATE INDEX idx_stage_history_application ON stage_history(application_id)",
    """CREATE TABLE contacts (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        company_id INTEGER REFERENCES companies(id) ON DELETE SET NULL,
        title TEXT,
        kind TEXT NOT NULL DEFAULT 'other',
        email TEXT,
        phone TEXT,
        linkedin_url TEXT,
        linkedin_state TEXT NOT NULL DEFAULT 'not connected',
        notes TEXT,
        created_at TEXT NOT NULL,
        -- Kept by triggers on touches: the latest message from them, and to them.
        last_in_at TEXT,
        last_out_at TEXT
    )""",
    "CREATE INDEX idx_contacts_company ON contacts(company_id)",
    "CREATE INDEX idx_companies_last_touch ON companies(last_touch_at)",
    "CREATE INDEX idx_contacts_linkedin ON contacts(linkedin_state)",
    "CREATE INDEX idx_contacts_awaiting ON contacts(last_in_at) "
    "WHERE last_in_at > coalesce(last_out_at, '')",
    "CREATE INDEX idx_contacts_recent ON contacts("
    "max(coalesce(last_in_at, ''), coalesce(last_out_at, '')))",
    """CREATE TABLE application_contacts (
        application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        PRIMARY KEY (application_id, contact_id)
    )""",
    "CREATE INDEX idx_application_contacts_contact ON application_contacts(contact_id)",
    """CREATE TABLE interviews (
        id INTEGER PRIMARY KEY,
        application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        starts_at TEXT NOT NULL,
        kind TEXT,
        highlights TEXT,
        notes TEXT
    )""",
    "CREATE INDEX idx_interviews_application ON interviews(application_id, starts_at)",
    "CREATE INDEX idx_interviews_starts ON interviews(starts_at)",
    """CREATE TABLE interview_participants (
        interview_id INTEGER NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
        contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        -- Kept by triggers: 1 once a message went to this person about this interview.
        thanked INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (interview_id, contact_id)
    )""",
    "CREATE INDEX idx_interview_participants_contact ON interview_participants(contact_id)",
    "CREATE INDEX idx_interview_participants_unthanked ON interview_participants(interview_id) "
    "WHERE thanked = 0",
    """CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        on_date TEXT NOT NULL,
        location TEXT,
        url TEXT,
        notes TEXT
    )""",
    "CREATE INDEX idx_events_on ON events(on_date)",
    """CREATE TABLE event_contacts (
        event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        PRIMARY KEY (event_id, contact_id)
    )""",
    """CREATE TABLE resources (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        url TEXT NOT NULL,
        note TEXT,
        application_id INTEGER REFERENCES applications(id) ON DELETE CASCADE,
        company_id INTEGER REFERENCES companies(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE touches (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
        contact_id INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
        company_id INTEGER REFERENCES companies(id) ON DELETE CASCADE,
        application_id INTEGER REFERENCES applications(id) ON DELETE SET NULL,
        interview_id INTEGER REFERENCES interviews(id) ON DELETE SET NULL,
        event_id INTEGER REFERENCES events(id) ON DELETE SET NULL,
        resource_id INTEGER REFERENCES resources(id) ON DELETE SET NULL,
        strategy TEXT,
        channel TEXT,
        subject TEXT,
        body TEXT,
        note TEXT,
        action_key TEXT
    )""",
    # Each rule's query walks one of these; the partial ones hold only what that rule reads.
    "CREATE INDEX idx_touches_contact ON touches(contact_id, direction, at)",
    "CREATE INDEX idx_touches_inbound ON touches(direction, contact_id, at)",
    "CREATE INDEX idx_touches_company ON touches(company_id, at)",
    "CREATE INDEX idx_touches_company_people ON touches(company_id, at) "
    "WHERE contact_id IS NOT NULL",
    "CREATE INDEX idx_touches_company_inbound ON touches(company_id, at) WHERE direction = 'in'",
    "CREATE INDEX idx_touches_company_social ON touches(company_id, at) WHERE strategy = 'social'",
    "CREATE INDEX idx_touches_application ON touches(application_id, strategy, direction, at)",
    "CREATE INDEX idx_touches_interview ON touches(interview_id, contact_id, direction) "
    "WHERE direction = 'out' AND interview_id IS NOT NULL",
    "CREATE INDEX idx_touches_resource ON touches(resource_id, contact_id) "
    "WHERE resource_id IS NOT NULL",
    "CREATE INDEX idx_touches_event ON touches(event_id) WHERE event_id IS NOT NULL",
    """CREATE TABLE action_overrides (
        key TEXT PRIMARY KEY,
        snoozed_until TEXT,
        skipped INTEGER NOT NULL DEFAULT 0,
        at TEXT NOT NULL
    )""",
    """CREATE TABLE templates (
        strategy TEXT PRIMARY KEY,
        subject TEXT NOT NULL,
        body TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE settings (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
]


#: The undo history (history.py): one row per change, its row operations as JSON.
CHANGES_TABLE = """CREATE TABLE changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('cli', 'dashboard')),
    session TEXT NOT NULL,
    label TEXT NOT NULL,
    payload TEXT NOT NULL,
    undone_at TEXT
)"""

#: Tables whose rows are named by an `id` that must never be handed out twice.
ID_TABLES = (
    "companies",
    "applications",
    "stage_history",
    "contacts",
    "interviews",
    "events",
    "resources",
    "touches",
)


def m001_initial(db: Database) -> None:
    for statement in SCHEMA_V1 + ACTIVITY_TRIGGERS:
        db.execute(statement)


#: Full-text search over names, notes and highlights (SQLite FTS5). The rowid encodes the
#: source row (id * 4 + kind), so triggers update one entry without scanning the index.
SEARCH_KINDS = {"company": 0, "application": 1, "contact": 2, "interview": 3}


def _joined(*columns: str) -> str:
    """SQL joining text columns with spaces, skipping NULLs (concat_ws needs SQLite 3.44)."""
    return " || ' ' || ".join(f"coalesce({column}, '')" for column in columns)


_SEARCH_SOURCES = {
    # kind: (table, SQL for the label, SQL for the searchable body), over the row `r`
    "company": (
        "companies",
        "r.name",
        _joined("r.website", "r.notes"),
    ),
    "application": (
        "applications",
        "(SELECT name FROM companies WHERE id = r.company_id) || ' — ' || r.role",
        _joined("r.stage", "r.url", "r.notes"),
    ),
    "contact": (
        "contacts",
        "r.name",
        _joined(
            "r.title",
            "r.kind",
            "r.email",
            "r.notes",
            "(SELECT name FROM companies WHERE id = r.company_id)",
        ),
    ),
    "interview": (
        "interviews",
        "(SELECT co.name || ' — ' || a.role FROM applications a JOIN companies co "
        "ON co.id = a.company_id WHERE a.id = r.application_id) || ' interview'",
        _joined("r.kind", "r.highlights", "r.notes"),
    ),
}


def _search_insert(kind: str, row: str) -> str:
    table, label, body = _SEARCH_SOURCES[kind]
    code = SEARCH_KINDS[kind]
    return (
        f"INSERT INTO search (rowid, kind, ref, label, body) SELECT r.id * 4 + {code}, "
        f"'{kind}', r.id, {label}, {body} FROM {table} r WHERE r.id = {row}.id;"
    )


def _search_triggers() -> dict[str, str]:
    triggers = {}
    for kind, (table, _label, _body) in _SEARCH_SOURCES.items():
        code = SEARCH_KINDS[kind]
        delete = f"DELETE FROM search WHERE rowid = OLD.id * 4 + {code};"
        triggers[f"{table}_search_insert"] = (
            f"CREATE TRIGGER {table}_search_insert AFTER INSERT ON {table} BEGIN "
            f"{_search_insert(kind, 'NEW')} END"
        )
        triggers[f"{table}_search_update"] = (
            f"CREATE TRIGGER {table}_search_update AFTER UPDATE ON {table} BEGIN "
            f"{delete} {_search_insert(kind, 'NEW')} END"
        )
        triggers[f"{table}_search_delete"] = (
            f"CREATE TRIGGER {table}_search_delete AFTER DELETE ON {table} BEGIN {delete} END"
        )
    # Labels of applications and interviews carry the company's name.
    triggers["companies_search_rename"] = (
        "CREATE TRIGGER companies_search_rename AFTER UPDATE OF name ON companies BEGIN "
        "UPDATE applications SET role = role WHERE company_id = NEW.id; END"
    )
    return triggers


SEARCH_TRIGGERS = _search_triggers()


def rebuild_search(conn: sqlite3.Connection) -> None:
    """Refill the search index from the tables (after a schema change dropped triggers)."""
    conn.execute("DELETE FROM search")
    for kind, (table, label, body) in _SEARCH_SOURCES.items():
        conn.execute(
            f"INSERT INTO search (rowid, kind, ref, label, body) SELECT r.id * 4 + "
            f"{SEARCH_KINDS[kind]}, '{kind}', r.id, {label}, {body} FROM {table} r"
        )


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
    from followup_tui.db_rebuild import autoincrement

    autoincrement(db.conn, [t for t in DATA_TABLES if t in ID_TABLES])


#: Append-only: never edit or reorder an entry once it has shipped.
MIGRATIONS: list[Callable[[Database], None]] = [
    m001_initial,
    m002_search,
    m003_history,
    m004_autoincrement,
    db_version.m005_db_version,
]
#: Migrations that manage their own transaction (a table rebuild turns foreign keys off).
OUTSIDE_TRANSACTION = {"m004_autoincrement"}
MIGRATION_NAMES = [fn.__name__ for fn in MIGRATIONS]


def _create_private(path: Path) -> None:
    """Create the folder 0700 and an empty file 0600 (an empty file is a valid database)."""
    if not path.parent.exists():
        from followup_tui.paths import private_folder

        private_folder(path.parent)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def _applied_migrations(conn: sqlite3.Connection) -> list[str]:
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


def explain(where: str, error: sqlite3.Error) -> str:
    """One line for a SQLite error on the file `where`: what went wrong and what to do."""
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error)
    if name.startswith("SQLITE_FULL") or "disk is full" in text:
        return f"{where}: the disk is full ({text}); nothing was saved: free some space and retry"
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")):
        return (
            f"{where} can't be written ({text}); make the file and its folder writable "
            "(SQLite keeps its -wal and -shm files beside it) or pass another file with --db"
        )
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return f"{where} is busy in another program ({text}); close that program and retry"
    if name.startswith("SQLITE_IOERR"):
        return f"{where}: the disk failed to read or write ({text}); check the disk, then retry"
    if isinstance(error, sqlite3.OperationalError):
        return f"{where}: {text}; check the file's permissions and free disk space, then retry"
    return (
        f"{where} is not a usable followup database ({text}); "
        "restore it from a backup or pass another file with --db"
    )


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
                _create_private(file)
            except OSError as error:
                raise DatabaseProblem(
                    f"can't create {where}: {error.strerror}; choose another path with --db"
                ) from error
        conn = sqlite3.connect(file, isolation_level=None, timeout=5.0, check_same_thread=False)
    else:
        conn = sqlite3.connect(MEMORY, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA busy_timeout = 5000")
        applied = _applied_migrations(conn)
        if not applied and _user_tables(conn):
            raise DatabaseProblem(
                f"{where} is a SQLite database of another program; "
                "point --db at a followup database or a new file"
            )
        known = {fn.__name__ for fn in MIGRATIONS}
        unknown = [name for name in applied if name not in known]
        if unknown:
            raise DatabaseProblem(
                f"{where} was written by a newer version of followup (schema {unknown[-1]}); "
                "upgrade followup-tui to open it"
            )
        if where != MEMORY and conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        if len(applied) < len(MIGRATIONS):
            # A migration writes all over the file: never into a damaged one.
            problem = integrity_problem(conn) if applied else None
            if problem is not None:
                raise DatabaseProblem(
                    f"{where} is damaged ({problem}); restore it from a backup before "
                    "upgrading, or pass another file with --db"
                )
            if applied and where != MEMORY:
                backup(conn, Path(where).with_name(f"{Path(where).name}.before-migration.bak"))
            _migrate(conn)
        restore_triggers(conn)
    except sqlite3.DatabaseError as error:
        conn.close()
        raise DatabaseProblem(explain(where, error)) from error
    except DatabaseProblem:
        conn.close()
        raise
    return conn


def restore_triggers(conn: sqlite3.Connection) -> None:
    """Put back triggers that a schema change dropped, and rebuild what they maintain.

    sqlite-utils' `transform()` (and any table rebuild) drops a table's triggers; without
    them the search index and the activity columns would silently go stale.
    """
    present = {
        row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    }
    missing = [name for name in SEARCH_TRIGGERS if name not in present]
    # Activity triggers and indexes are also replaced when their definition changed.
    changed = outdated(conn)
    counting = db_version.restore(conn)
    if not missing and not changed and not counting:
        return
    with atomic(conn):
        for name in missing:
            conn.execute(SEARCH_TRIGGERS[name])
        if missing:
            rebuild_search(conn)
        replace(conn, changed)
        for statement in counting:  # writes made without them may have gone uncounted
            conn.execute(statement)
        if counting:
            conn.execute(db_version.BUMP)


def _migrate(conn: sqlite3.Connection) -> None:
    # sqlite-utils is imported only here, so the common path (`followup today`) stays fast.
    from sqlite_utils import Database, Migrations

    migrations = Migrations(MIGRATION_SET)
    for fn in MIGRATIONS:
        migrations(transactional=fn.__name__ not in OUTSIDE_TRANSACTION)(fn)
    migrations.apply(Database(conn))


def backup(conn: sqlite3.Connection, target: Path) -> Path:
    """Copy the live database to `target` (consistent even while others write), 0600."""
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not target.exists():
        os.close(os.open(target, os.O_RDWR | os.O_CREAT, 0o600))
    with contextlib.closing(sqlite3.connect(target)) as copy:
        conn.backup(copy)
    os.chmod(target, 0o600)
    return target


def integrity_problem(conn: sqlite3.Connection) -> str | None:
    """None when `PRAGMA quick_check` passes, else its first complaint."""
    try:
        result = conn.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        return str(error)
    return None if result == "ok" else str(result)


def _signature(path: Path) -> str:
    """What changes when the file does: its size, modification time and inode, and how much
    is waiting in its write-ahead log."""
    stat = path.stat()
    wal = path.with_name(path.name + "-wal")
    wal_size = wal.stat().st_size if wal.exists() else 0
    return f"{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ino}:{wal_size}"


def checked_integrity(conn: sqlite3.Connection, path: Path, stamps: Path) -> str | None:
    """`integrity_problem`, skipped when the file is unchanged since a check that passed.

    `PRAGMA quick_check` reads every page (about 90 ms for 10,000 applications); reading the
    same unchanged file again can't find anything new. `stamps` records the files that
    passed, one `path<TAB>signature` line each, in a private file.
    """
    key = str(path.resolve())
    try:
        signature = _signature(path)
    except OSError:
        signature = ""
    try:
        known = dict(
            line.split("\t", 1) for line in stamps.read_text().splitlines() if "\t" in line
        )
    except OSError:
        known = {}
    if signature and known.get(key) == signature:
        return None
    problem = integrity_problem(conn)
    if problem is None and signature:
        known[key] = _signature(path)
        try:
            from followup_tui.paths import private_folder

            private_folder(stamps.parent)
            fd = os.open(stamps, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as file:
                file.write("".join(f"{name}\t{value}\n" for name, value in known.items()))
        except OSError:
            pass  # only a missed shortcut: the next run checks again
    return problem


@contextlib.contextmanager
def atomic(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """All or nothing: a transaction, or a savepoint when one is already open."""
    if conn.in_transaction:
        import secrets  # only here: importing it costs more than the rest of opening a file

        name = f"sp_{secrets.token_hex(8)}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        conn.execute(f"RELEASE SAVEPOINT {name}")
        return
    begin_immediate(conn)
    try:
        yield conn
        # A COMMIT that fails (a deferred foreign key, a full disk) leaves the transaction
        # open: it is rolled back here like any other failure, never left holding the lock.
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def begin_immediate(conn: sqlite3.Connection, attempts: int = 3, wait: float = 0.1) -> None:
    """Take the write lock, retrying with a growing pause when the busy timeout runs out
    (another program's long write); the last failure is raised."""
    import time

    for attempt in range(attempts):
        try:
            conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as error:
            busy = getattr(error, "sqlite_errorname", "").startswith("SQLITE_BUSY")
            if not busy or attempt == attempts - 1:
                raise
        time.sleep(wait * 2**attempt)

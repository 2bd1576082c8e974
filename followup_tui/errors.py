"""The errors a user can fix, and the one line that tells them how.

NotFound and Invalid come from the store, DatabaseProblem from opening a file; SQLite's own
errors are recognised here without importing sqlite3 (the core never loads it): one can
only have been raised once sqlite3 is loaded.
"""

from __future__ import annotations

import sys
from pathlib import Path


class NotFound(LookupError):
    """An id or key that names nothing; the message says what was looked for."""


class Invalid(ValueError):
    """A value the data model refuses (an unknown stage, an empty name, ...)."""


class AlreadyDone(Invalid):
    """An action that was marked done already (by this or another program)."""


class DatabaseProblem(Exception):
    """The database can't be used; the message names the file and what to do."""


#: SQLite error names (and their extended forms) that mean the file itself is damaged.
DAMAGED = ("SQLITE_CORRUPT", "SQLITE_NOTADB")


def damaged(where: str | Path, problem: object) -> DatabaseProblem:
    """The one way every command says that a file is damaged."""
    return DatabaseProblem(
        f"{where} is damaged ({problem}); restore it from a backup or pass another file with --db"
    )


def _sqlite_error(error: BaseException, kind: str) -> bool:
    """True when `error` is an instance of sqlite3's exception class named `kind`."""
    sqlite = sys.modules.get("sqlite3")
    return sqlite is not None and isinstance(error, getattr(sqlite, kind))


def user_message(error: BaseException, where: str | Path) -> str | None:
    """What to tell the user about `error` in one line; None when it is not theirs to fix
    (a bug, which keeps its traceback)."""
    from followup_tui.dates import DateParseError

    if isinstance(error, (DatabaseProblem, NotFound, Invalid, DateParseError)):
        return str(error)
    if _sqlite_error(error, "OperationalError"):
        return explain(str(where), error)
    # Damage that opening the file did not reach shows up on a later read.
    if _sqlite_error(error, "DatabaseError") and getattr(error, "sqlite_errorname", "").startswith(
        DAMAGED
    ):
        return str(damaged(where, error))
    return None


def explain(where: str, error: BaseException) -> str:
    """One line for a SQLite error (a `sqlite3.Error`) on the file `where`: what went wrong
    and what to do."""
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
    if _sqlite_error(error, "OperationalError"):
        return f"{where}: {text}; check the file's permissions and free disk space, then retry"
    return (
        f"{where} is not a usable followup database ({text}); "
        "restore it from a backup or pass another file with --db"
    )

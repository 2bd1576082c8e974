"""Backups with SQLite's online backup API: a consistent copy even while the dashboard writes."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from pendulum import DateTime

from followup_tui.store import backup, integrity_problem, private_folder
from followup_tui.text import escaped
from followup_tui.transfer.base import TransferError
from followup_tui.transfer.target import check_target, write_whole


def default_backup_path(db_path: Path, now: DateTime) -> Path:
    """Beside the database, named by the moment: `followup.db.2026-11-25-101500.bak`.

    A second backup in the same second gets a counter rather than replacing the first.
    """
    stem = f"{db_path.name}.{now.format('YYYY-MM-DD-HHmmss')}"
    candidate = db_path.with_name(f"{stem}.bak")
    counter = 1
    while candidate.exists():
        counter += 1
        candidate = db_path.with_name(f"{stem}-{counter}.bak")
    return candidate


def _database_file(conn: sqlite3.Connection) -> Path | None:
    row = conn.execute("PRAGMA database_list").fetchone()
    return Path(row[2]) if row and row[2] else None


def make_backup(conn: sqlite3.Connection, target: Path, overwrite: bool = False) -> Path:
    """Copy the database behind `conn` to `target` (0600), then check the copy reads back.

    Raises TransferError for a target that check_target refuses (the database's own files,
    a folder or device; an existing file unless `overwrite`) or that can't be written.
    Missing folders on the way are made, private.
    """
    target = target.expanduser()
    resolved = check_target(target, _database_file(conn), force=overwrite)

    def fill(partial: Path) -> None:
        backup(conn, partial)
        with contextlib.closing(sqlite3.connect(partial, isolation_level=None)) as copy:
            # The copy inherits write-ahead logging; a rollback journal makes it one
            # self-contained file that opens on read-only media and travels alone.
            copy.execute("PRAGMA journal_mode = DELETE")
            problem = integrity_problem(copy)
        if problem is not None:
            raise TransferError(f"the backup does not read back ({problem})")

    try:
        private_folder(resolved.parent)
        # Written beside the target and put in its place: a failed backup leaves no half
        # file, and replacing an old one (even one that is not a database) is one step.
        write_whole(resolved, fill, force=overwrite)
    except (OSError, sqlite3.Error) as error:
        raise TransferError(f"can't write the backup to {escaped(str(target))}: {error}") from None
    return target

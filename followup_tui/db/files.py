"""The files: created private (0700 folders, 0600 files), backed up, checked for damage.

An integrity check reads every page; `checked_integrity` remembers the files that passed
(by size, modification time, inode and write-ahead log) so an unchanged file isn't read again.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path


def private_folder(folder: Path) -> Path:
    """Create `folder` and each missing folder above it 0700, whatever the umask.

    Folders that already exist are left as they are: they are the user's.
    """
    missing: list[Path] = []
    current = folder
    while not os.path.lexists(current) and current.parent != current:
        missing.append(current)
        current = current.parent
    for item in reversed(missing):
        try:
            item.mkdir(mode=0o700)
        except FileExistsError:
            continue  # made at this moment by another process: theirs, not ours
        os.chmod(item, 0o700)
    return folder


def create_private(path: Path) -> None:
    """Create the folder 0700 and an empty file 0600 (an empty file is a valid database)."""
    if not path.parent.exists():
        private_folder(path.parent)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


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
            private_folder(stamps.parent)
            fd = os.open(stamps, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as file:
                file.write("".join(f"{name}\t{value}\n" for name, value in known.items()))
        except OSError:
            pass  # only a missed shortcut: the next run checks again
    return problem

"""Where a file the user names may be written, and writing it there whole or not at all.

One check for every export and backup, from the command line and the dashboard alike: never
over the database, its -wal, -shm and -journal files or the copy kept before a migration
(nor through a link to one of them), never into anything but a regular file, and over an
existing file only when the user said so (`--force`, or yes in the dashboard).
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from followup_tui.text import escaped
from followup_tui.transfer.base import TransferError

#: The files SQLite keeps beside a database, and the copy made before a migration, by what
#: a message calls them.
COMPANIONS = {
    "-wal": "write-ahead log",
    "-shm": "shared-memory file",
    "-journal": "rollback journal",
    ".before-migration.bak": "copy from before a migration",
}


class TargetExists(TransferError):
    """The file exists: it is replaced only when the user says so."""


def database_files(database: Path) -> dict[Path, str]:
    """The database's own files (as named and with links resolved) and what each one is."""
    base = Path(database).expanduser()
    named = {base: "database itself"}
    named.update({base.with_name(base.name + end): what for end, what in COMPANIONS.items()})
    files: dict[Path, str] = {}
    for path, what in named.items():
        files[path.absolute()] = what
        files[path.resolve()] = what
    return files


def _same_inode(info: os.stat_result, files: dict[Path, str]) -> str | None:
    """What `info` is among `files` when it is one of them under another name (a hard link)."""
    for path, what in files.items():
        try:
            other = os.stat(path)
        except OSError:
            continue
        if (other.st_dev, other.st_ino) == (info.st_dev, info.st_ino):
            return what
    return None


def check_target(target: Path, database: Path | None, force: bool = False) -> Path:
    """The file to write for `target` (for a symlink, the file it names), or TransferError.

    Refused always: the files of `database` (see database_files), a folder, a device, a pipe
    or a socket. Refused unless `force`, with TargetExists: a file (or link) already there.
    """
    path = Path(target).expanduser()
    shown = escaped(str(path))
    try:
        resolved = path.resolve()
        info: os.stat_result | None = os.stat(resolved)
    except FileNotFoundError:
        info = None
    except (OSError, RuntimeError) as error:  # a loop of links, a folder we can't enter
        reason = error.strerror if isinstance(error, OSError) else "a loop of links"
        raise TransferError(f"can't write {shown}: {reason}; choose another path") from None
    if database is not None:
        files = database_files(database)
        what = files.get(resolved) or files.get(path.absolute())
        if what is None and info is not None:
            what = _same_inode(info, files)
        if what == "database itself":
            raise TransferError(
                f"refusing to write over the database itself ({shown}); choose another path"
            )
        if what is not None:
            raise TransferError(
                f"refusing to write over the database's {what} {shown}; choose another path"
            )
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise TransferError(f"{shown} is a folder; name a file in it")
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise TransferError(
            f"refusing to write to {shown}: it is not a regular file (a device, pipe or "
            "socket); choose another path"
        )
    if (info is not None or os.path.lexists(path)) and not force:
        raise TargetExists(f"{shown} already exists; add --force to replace it")
    return resolved


def write_whole(target: Path, fill: Callable[[Path], None], force: bool) -> None:
    """Have `fill` write a new private file beside `target`, then put it in `target`'s place.

    A failure half way leaves whatever was there before. Without `force` the new file is
    linked into place, which fails rather than replace a file that appeared meanwhile.
    """
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(handle)
    partial = Path(name)
    try:
        fill(partial)
        if force:
            os.replace(partial, target)
            return
        try:
            os.link(partial, target)
        except FileExistsError:
            raise TargetExists(
                f"{escaped(str(target))} already exists; add --force to replace it"
            ) from None
        except OSError:
            # A file system without hard links: the check just made is what we have.
            if os.path.lexists(target):
                raise
            os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def write_file(path: Path, text: str, database: Path | None = None, force: bool = False) -> Path:
    """Write an export to `path` (see check_target), readable by its owner alone (0600).

    Returns `path` as given (user folder expanded), for the message that names it.
    """
    path = Path(path).expanduser()
    target = check_target(path, database, force)

    def fill(partial: Path) -> None:
        with open(partial, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)

    try:
        write_whole(target, fill, force)
    except OSError as error:
        raise TransferError(
            f"can't write {escaped(str(path))}: {error.strerror or error}"
        ) from None
    return path

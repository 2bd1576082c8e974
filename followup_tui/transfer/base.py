"""What every importer shares: the error type, the summary, reading a file, batched writes."""

from __future__ import annotations

import contextlib
import csv
import io
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from followup_tui.store import Store, atomic

#: A file's first bytes that say it is an archive, not a CSV (LinkedIn mails a zip).
_ZIP_MAGIC = b"PK\x03\x04"


class TransferError(ValueError):
    """The file can't be imported at all (not a CSV, no header, bad dump); nothing was written."""


@dataclass
class Summary:
    """What an import did (or, in a dry run, would do).

    Every row lands in exactly one count. A skipped row is never written, and `problems`
    says why for each, as (line number in the file, reason); a dump has no lines, so its
    problems are structural and raise TransferError instead.
    """

    source: str
    #: "connections", "invitations", "applications" or "dump".
    kind: str
    added: int = 0
    #: Rows that matched what the database held and filled in something it lacked.
    merged: int = 0
    #: Rows that matched and brought nothing new: a second import of a file lands here.
    unchanged: int = 0
    skipped: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)
    dry_run: bool = False
    #: For a dump: rows added per table, in load order.
    by_table: dict[str, int] = field(default_factory=dict)

    def skip(self, line: int, reason: str) -> None:
        self.skipped += 1
        self.problems.append((line, reason))

    def line(self) -> str:
        """One line for people: `Connections.csv: 120 added, 3 merged, 2 skipped`."""
        parts = [f"{self.added} added", f"{self.merged} merged"]
        if self.unchanged:
            parts.append(f"{self.unchanged} unchanged")
        parts.append(f"{self.skipped} skipped")
        text = f"{self.source}: {', '.join(parts)}"
        return text + " (dry run: nothing was written)" if self.dry_run else text

    def problem_lines(self) -> list[str]:
        return [f"line {number}: {reason}" for number, reason in self.problems]


def read_source(source: Path | bytes, name: str | None = None) -> tuple[bytes, str]:
    """The bytes to import and the name the summary shows for them."""
    if isinstance(source, bytes):
        return source, name or "input"
    try:
        return source.read_bytes(), name or source.name
    except OSError as error:
        raise TransferError(f"can't read {source}: {error.strerror or error}") from None


def decode(data: bytes, name: str) -> str:
    """Text from a CSV file's bytes: UTF-8 with or without a byte-order mark, nothing else.

    Guessing another encoding would import garbled names without a word, so refuse instead.
    """
    if data.startswith(_ZIP_MAGIC):
        raise TransferError(
            f"{name} is a zip archive: unzip it and import the CSV file inside "
            "(Connections.csv or Invitations.csv)"
        )
    if b"\x00" in data:
        raise TransferError(f"{name} is not a CSV file: it holds binary data")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise TransferError(
            f"{name} is not UTF-8 text (byte {error.start + 1}): "
            "save it as CSV UTF-8 and import it again"
        ) from None


def records(text: str, name: str, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """(line number where the record starts, its fields) for each record, blank lines included.

    A quoted field may span lines, so a record's number is the line it starts on: the one a
    person finds in their editor.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise TransferError(f"{name}: line {line}: not valid CSV ({error})") from None
        yield line, row
        line = reader.line_num + 1


def blank(row: list[str]) -> bool:
    return not any(cell.strip() for cell in row)


#: The longest one batch of an import holds the write lock (others wait at most 5 s).
BATCH_SECONDS = 0.4
#: The pause after each batch: longer than the longest sleep of SQLite's busy handler
#: (100 ms), so that a writer waiting in another connection takes its turn.
PAUSE_SECONDS = 0.12

Item = TypeVar("Item")
#: Called after each batch with (records written so far, records in all).
Progress = Callable[[int, int], None]


class Interrupted(TransferError):
    """A batch failed after earlier ones were written; running the import again finishes."""


def write_batches(
    store: Store,
    items: Sequence[Item],
    write: Callable[[Item], None],
    progress: Progress | None = None,
    lock: contextlib.AbstractContextManager[object] | None = None,
) -> int:
    """Write each item with `write`, in transactions (db.atomic) of BATCH_SECONDS at most.

    Every import's writes go through here. A batch ends between two items, so an
    interrupted run leaves whole records; each `write` is a merge that finds what an earlier
    run wrote, so running the same import again finishes the job. `lock` (the dashboard's
    lock on its connection) is held for each batch alone. Returns the number written.
    """
    done, total = 0, len(items)
    pause = PAUSE_SECONDS if store.database_path() is not None else 0.0
    while done < total:
        try:
            with lock or contextlib.nullcontext(), store.batch():
                started = time.monotonic()
                count = done
                while count < total:
                    write(items[count])
                    count += 1
                    if time.monotonic() - started >= BATCH_SECONDS:
                        break
        except (sqlite3.Error, OSError) as error:
            if not done:
                raise
            raise Interrupted(
                f"stopped after {done} of {total} records were written ({error}); "
                "run the same import again to finish it"
            ) from error
        done = count
        if progress is not None:
            progress(done, total)
        if done < total:
            time.sleep(pause)
    return done


class _Discard(Exception):
    """Raised at the end of a scratch run inside a transaction, to roll it back."""


@contextlib.contextmanager
def scratch(store: Store) -> Iterator[Store]:
    """A store whose writes are thrown away: a copy of the database in memory, so the file
    is untouched and never locked for writing. Inside a transaction the caller holds (no copy
    can be taken then), the store itself, rolled back to a savepoint at the end."""
    if store.conn.in_transaction:
        with contextlib.suppress(_Discard), atomic(store.conn):
            yield store
            raise _Discard
        return
    copy = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    try:
        store.conn.backup(copy)
        copy.execute("PRAGMA foreign_keys = ON")
        yield Store(copy, now=store.now())
    finally:
        copy.close()


#: Builds, over the store it is given, a summary and the function that writes one item
#: (merging into the store and counting into the summary).
Plan = Callable[[Store], tuple[Summary, Callable[[Item], None]]]


def run_batched(
    store: Store,
    dry_run: bool,
    items: Sequence[Item],
    plan: Plan[Item],
    progress: Progress | None = None,
) -> Summary:
    """Import `items` in batches; a dry run does the same into a scratch store and so counts
    exactly what an import would (a company added by row 3 is matched by row 9)."""
    if not dry_run:
        summary, write = plan(store)
        write_batches(store, items, write, progress)
        return summary
    with scratch(store) as target:
        summary, write = plan(target)
        write_batches(target, items, write, progress)
    summary.dry_run = True
    return summary

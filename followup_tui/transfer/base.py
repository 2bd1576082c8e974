"""What every importer shares: the error type, the summary, reading a file, one transaction."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from followup_tui.db import atomic
from followup_tui.store import Store

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


class _Rollback(Exception):
    """Raised inside the transaction of a dry run, so that everything it wrote is undone."""

    def __init__(self, summary: Summary) -> None:
        super().__init__("dry run")
        self.summary = summary


def in_one_transaction(store: Store, dry_run: bool, work: Callable[[], Summary]) -> Summary:
    """Run `work` as one transaction: all of it, or (dry run, or any error) none of it.

    A dry run does the real writes, so that its counts are exactly what an import would give
    (a company added by row 3 is matched by row 9), then rolls them back.
    """
    try:
        with atomic(store.conn):
            summary = work()
            if dry_run:
                summary.dry_run = True
                raise _Rollback(summary)
    except _Rollback as rollback:
        return rollback.summary
    return summary

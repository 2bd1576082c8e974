"""The complete JSON dump of a database, and loading one into an empty database.

Lossless and stable: every row of every table with every column (ids included), tables and
rows in a fixed order (rows by primary key), keys sorted, no timestamp of its own. Dumping,
loading into an empty database and dumping again gives the same bytes.

Which tables: every one the file's schema has (`Store.data_tables`), so a table a later
migration adds is dumped with no change here, and the undo history with them; then SQLite's
own counters of the ids handed out, so that an id deleted before the dump is not handed out
again after loading it. Tables are loaded parents first.

What SQLite triggers derive from other rows is not data and is left out: the derived tables
(db.DERIVED_TABLES: the full-text index, rebuilt as rows go in, and bookkeeping) and the
activity columns fed by the touches (`Store.derived_columns`), which come out exactly as
they were because touches load after everything they point at.

A dump of an earlier release loads: a table it lacks (the undo history and the id counters
came later, in the same version 1) loads as empty.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any

from followup_tui.models import ContactKind, Direction, LinkedInState, Stage, Strategy
from followup_tui.store import Store, atomic, check_payload
from followup_tui.transfer.base import (
    Progress,
    Summary,
    TransferError,
    read_source,
    scratch,
    write_batches,
)

FORMAT = "followup-tui"
VERSION = 1
#: SQLite's counters of the ids handed out, dumped after the tables and loaded last.
SEQUENCE = "sqlite_sequence"
#: JSON leaves these raw, but a terminal that shows the dump may act on them; an escape in a
#: JSON string means the same character, so the dump stays byte-stable and lossless.
_TERMINAL_UNSAFE = re.compile("[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")

#: What SQLite's INTEGER holds.
_INT64 = range(-(2**63), 2**63)
_ENUMS: dict[tuple[str, str], type[StrEnum]] = {
    ("applications", "stage"): Stage,
    ("stage_history", "stage"): Stage,
    ("contacts", "kind"): ContactKind,
    ("contacts", "linkedin_state"): LinkedInState,
    ("touches", "direction"): Direction,
    ("touches", "strategy"): Strategy,
    ("templates", "strategy"): Strategy,
}
_DATES = {
    ("applications", "applied_on"),
    ("applications", "response_by"),
    ("events", "on_date"),
    ("action_overrides", "snoozed_until"),
}
_MOMENTS = {
    ("stage_history", "at"),
    ("interviews", "starts_at"),
    ("touches", "at"),
    ("action_overrides", "at"),
    ("templates", "updated_at"),
    ("draft_edits", "saved_at"),
    ("changes", "at"),
    ("changes", "undone_at"),
}


def dumped_tables(store: Store) -> tuple[str, ...]:
    """The tables a dump of `store` carries, in the order they load."""
    return (*store.data_tables(), SEQUENCE)


def _columns(store: Store, table: str) -> list[tuple[str, str, int]]:
    """(name, declared type, position in the primary key or 0) of each dumped column."""
    if table == SEQUENCE:
        return [("name", "TEXT", 1), ("seq", "INTEGER", 0)]
    rows = store.conn.execute(f'PRAGMA table_info("{table}")').fetchall()
    derived = store.derived_columns(table)
    return [(row[1], str(row[2]).upper(), int(row[5])) for row in rows if row[1] not in derived]


def _table_rows(store: Store, table: str) -> Iterator[dict[str, Any]]:
    conn = store.conn
    columns = _columns(store, table)
    names = [name for name, _, _ in columns]
    key = [name for name, _, pk in sorted(columns, key=lambda c: c[2]) if pk] or ["rowid"]
    for row in conn.execute(f"SELECT {', '.join(names)} FROM {table} ORDER BY {', '.join(key)}"):
        for name, value in zip(names, row, strict=True):
            if isinstance(value, bytes):
                raise TransferError(
                    f"{table}.{name} holds binary data, which a JSON dump can't carry; "
                    "back the database up with `followup backup` instead"
                )
        yield dict(zip(names, row, strict=True))


def _nested(value: object, depth: int) -> str:
    """`value` as json.dumps(indent=2) writes it `depth` levels down in a larger document.

    JSON escapes newlines inside strings, so every raw newline is layout and can be indented.
    """
    text = json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False)
    return text.replace("\n", "\n" + "  " * depth)


def dump_json(store: Store) -> str:
    """Every row of the database as JSON text (ends with a newline).

    The text is exactly json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False),
    built a row at a time: a large database never has all its rows as objects at once.
    """
    tables = []
    for table in sorted(dumped_tables(store)):
        rows = [_nested(row, 3) for row in _table_rows(store, table)]
        body = "[\n      " + ",\n      ".join(rows) + "\n    ]" if rows else "[]"
        tables.append(f"    {json.dumps(table)}: {body}")
    text = "\n".join(
        [
            "{",
            f'  "format": {json.dumps(FORMAT)},',
            '  "tables": {',
            ",\n".join(tables),
            "  },",
            f'  "version": {VERSION}',
            "}",
        ]
    )
    return _TERMINAL_UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", text) + "\n"


def _parse(data: bytes, name: str, dumped: tuple[str, ...]) -> dict[str, list[dict[str, Any]]]:
    """The tables of a dump, after checking its header and that it names only tables of
    `dumped`; TransferError for anything else."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise TransferError(f"{name} is not a followup JSON dump: it isn't UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise TransferError(
            f"{name} is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    except RecursionError:
        raise TransferError(f"{name} is not a followup JSON dump: it nests too deeply") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise TransferError(
            f'{name} is not a followup dump: it lacks "format": "{FORMAT}" '
            "(make one with `followup export json`)"
        )
    version = document.get("version")
    if version != VERSION or isinstance(version, bool):
        raise TransferError(
            f"{name} is a dump of version {version!r}; this followup reads version {VERSION}"
            + (": upgrade followup-tui to load it" if isinstance(version, int) else "")
        )
    tables = document.get("tables")
    if not isinstance(tables, dict):
        raise TransferError(f'{name}: "tables" must be an object of table names to row lists')
    unknown = sorted(set(tables) - set(dumped))
    if unknown:
        raise TransferError(f"{name}: unknown table {unknown[0]!r}; the tables are {dumped}")
    for table, rows in tables.items():
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise TransferError(f"{name}: {table} must be a list of objects (one per row)")
    return tables


def _checker(table: str, column: str) -> Callable[[str], object] | None:
    """What a text value of this column must parse as, so the app can read it back."""
    if (table, column) in _ENUMS:
        return _ENUMS[table, column]
    # The standard library's parsers are pendulum's (it subclasses them), without the cost
    # of building pendulum objects for every row of a large dump.
    if (table, column) in _DATES:
        return dt.date.fromisoformat
    if (table, column) in _MOMENTS or column == "created_at":
        return dt.datetime.fromisoformat
    if (table, column) == ("companies", "social"):
        return _social
    if (table, column) == ("changes", "payload"):
        return check_payload
    return None


def _social(text: str) -> object:
    links = json.loads(text)
    if not isinstance(links, list) or not all(isinstance(link, str) for link in links):
        raise ValueError("not a JSON list of links")
    return links


def _check_row(
    table: str, number: int, row: dict[str, Any], columns: list[tuple[str, str, int]], name: str
) -> None:
    where = f"{name}: {table} row {number}" + (f" (id {row['id']!r})" if "id" in row else "")
    types = {column: declared for column, declared, _ in columns}
    unknown = sorted(set(row) - set(types))
    if unknown:
        raise TransferError(f"{where}: unknown column {unknown[0]!r}")
    for column, value in row.items():
        if value is None:
            continue
        wanted = int if types[column] == "INTEGER" else str
        if (
            isinstance(value, bool)
            or not isinstance(value, wanted)
            or (isinstance(value, int) and not _INT64.start <= value < _INT64.stop)
        ):
            kind = "a whole number" if wanted is int else "text"
            raise TransferError(f"{where}: {column} must be {kind} or null, not {value!r}")
        check = _checker(table, column)
        if check is not None and isinstance(value, str):
            try:
                check(value)
            except (ValueError, TypeError, OverflowError):
                raise TransferError(f"{where}: {column} can't be {value!r}") from None


def _loaded_before(
    store: Store, tables: dict[str, list[dict[str, Any]]], name: str
) -> set[tuple[str, tuple[Any, ...]]]:
    """The (table, key) of each row already here, when every row here comes from this dump
    (an earlier load that was interrupted); raises TransferError for any other data."""
    conn = store.conn
    present: set[tuple[str, tuple[Any, ...]]] = set()
    for table in store.data_tables():
        key = [n for n, _, pk in sorted(_columns(store, table), key=lambda c: c[2]) if pk]
        dumped = {tuple(row.get(k) for k in key): row for row in tables.get(table, [])}
        for row in _table_rows(store, table):
            theirs = dumped.get(tuple(row[k] for k in key))
            if theirs is None or any(row.get(c) != v for c, v in theirs.items()):
                held = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                raise TransferError(
                    f"the database already holds data ({held} {table}); a dump loads only "
                    "into an empty one: followup --db NEW_FILE import json FILE"
                )
            present.add((table, tuple(row[k] for k in key)))
    return present


def load_json(
    store: Store,
    source: Path | bytes,
    *,
    dry_run: bool = False,
    name: str | None = None,
    progress: Progress | None = None,
) -> Summary:
    """Load a dump into an empty database (or finish an interrupted load of it), in batches.

    Raises TransferError, having written nothing, for a file that is not a dump of this
    version, a row that doesn't fit the schema, or a database that holds other data. The
    whole dump is loaded into a private copy first, so a row SQLite refuses stops the load
    before anything reaches the file.
    """
    data, name = read_source(source, name)
    dumped = dumped_tables(store)
    data_tables = dumped[:-1]
    tables = _parse(data, name, dumped)
    conn = store.conn
    columns = {table: _columns(store, table) for table in dumped}
    for table in dumped:
        for number, row in enumerate(tables.get(table, []), start=1):
            _check_row(table, number, row, columns[table], name)
    present = _loaded_before(store, tables, name)
    keys = {
        t: [n for n, _, pk in sorted(columns[t], key=lambda c: c[2]) if pk] for t in data_tables
    }
    items = [
        (table, number, row)
        for table in data_tables
        for number, row in enumerate(tables.get(table, []), start=1)
        if (table, tuple(row.get(k) for k in keys[table])) not in present
    ]
    if present and not items:
        raise TransferError(
            "the database already holds data (all of this dump: it was loaded before); "
            "a dump loads only into an empty one: followup --db NEW_FILE import json FILE"
        )
    summary = Summary(source=name, kind="dump", unchanged=len(present), dry_run=dry_run)
    summary.by_table = dict.fromkeys(data_tables, 0)
    for table, _number, _row in items:
        summary.by_table[table] = summary.by_table.get(table, 0) + 1
    summary.added = len(items)

    def insert(target: Store) -> Callable[[tuple[str, int, dict[str, Any]]], None]:
        def write(item: tuple[str, int, dict[str, Any]]) -> None:
            table, number, row = item
            names = list(row)
            sql = (
                f"INSERT INTO {table} ({', '.join(names) or 'rowid'}) "
                f"VALUES ({', '.join('?' for _ in names) or 'NULL'})"
            )
            try:
                target.conn.execute(sql, [row[n] for n in names])
            # ValueError: text SQLite can't store (a lone surrogate from a JSON escape).
            except (sqlite3.Error, ValueError) as error:
                raise TransferError(f"{name}: {table} row {number}: {error}") from None

        return write

    sequence = tables.get(SEQUENCE, [])
    with scratch(store) as copy:
        write_batches(copy, items, insert(copy))
        with atomic(copy.conn):
            _load_sequence(copy.conn, sequence, name, data_tables)
    if not dry_run:
        write_batches(store, items, insert(store), progress)
        with atomic(conn):
            _load_sequence(conn, sequence, name, data_tables)
    return summary


def _load_sequence(
    conn: sqlite3.Connection, rows: list[dict[str, Any]], name: str, tables: tuple[str, ...]
) -> None:
    """Raise each table's id counter to the dump's (loading rows already set it to their max)."""
    for number, row in enumerate(rows, start=1):
        table, seq = row.get("name"), row.get("seq")
        if table not in tables or not isinstance(seq, int) or isinstance(seq, bool):
            raise TransferError(f"{name}: {SEQUENCE} row {number} names no table of ids")
        if not conn.execute(
            f"UPDATE {SEQUENCE} SET seq = max(seq, ?) WHERE name = ?", [seq, table]
        ).rowcount:
            conn.execute(f"INSERT INTO {SEQUENCE} (name, seq) VALUES (?, ?)", [table, seq])

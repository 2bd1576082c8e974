"""The undo history: every change recorded row by row, and undone exactly, or refused.

A change is what one command or one dashboard key wrote. While it runs, temporary triggers
on this connection journal each row it inserted, updated or deleted (cascades included, and
whoever issued the statement: the store, sqlite-utils, an import). When it ends, the
journal becomes one `changes` row in the same transaction: its label, its source (`cli` or
`dashboard`), the session that made it, and the payload of row operations as JSON.

Undoing a change reverses exactly those operations: the rows it created are deleted by
their keys, the columns it set are put back only while they still hold what it wrote, and
the rows it deleted come back under the same keys. The undo itself runs with the journal
on, and is rolled back and refused if it would touch anything else (a touch logged since
to a contact it created, say). Activity columns, which triggers keep, are never written.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

from followup_tui.db import ACTIVITY_COLUMNS, DATA_TABLES, atomic
from followup_tui.db.triggers import recompute_activity
from followup_tui.store.changes import (
    Change,
    Recording,
    UndoRefused,
    cancel_rewrites,
    check_ops,
    check_payload,
    inverse,
    json_row,
    row_name,
    where_from,
)


class Journal:
    """The temporary triggers of one connection, and the changes they record."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._columns: dict[str, list[str]] = {}
        self._keys: dict[str, list[str]] = {}
        self._ready = False
        self.depth = 0
        #: The change that `batch` blocks add to, while a `spanning` block is open.
        self._span: tuple[Recording, str, str, str] | None = None

    # --- the triggers ---------------------------------------------------------------------

    def _prepare(self) -> None:
        # Made inside a transaction, the temporary tables and triggers go if it rolls back.
        if (
            self._ready
            and self.conn.execute(
                "SELECT 1 FROM temp.sqlite_master WHERE name = 'journal_on'"
            ).fetchone()
        ):
            return
        conn = self.conn
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS journal_on (flag INTEGER)")
        conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS journal "
            "(seq INTEGER PRIMARY KEY, tbl TEXT, op TEXT, old TEXT, new TEXT)"
        )
        for table in DATA_TABLES:
            info = conn.execute(f"PRAGMA main.table_info({table})").fetchall()
            columns = [row[1] for row in info]
            keys = [row[1] for row in sorted(info, key=lambda r: r[5]) if row[5]]
            self._columns[table] = columns
            self._keys[table] = keys
            for op, when in (("insert", "INSERT"), ("update", "UPDATE"), ("delete", "DELETE")):
                old = json_row("OLD", columns) if op != "insert" else "NULL"
                new = json_row("NEW", columns) if op != "delete" else "NULL"
                conn.execute(
                    f"CREATE TEMP TRIGGER IF NOT EXISTS journal_{op}_{table} "
                    f"AFTER {when} ON main.{table} "
                    "WHEN EXISTS (SELECT 1 FROM temp.journal_on) BEGIN "
                    f"INSERT INTO journal (tbl, op, old, new) "
                    f"VALUES ('{table}', '{op}', {old}, {new}); END"
                )
        self._ready = True

    @contextlib.contextmanager
    def _on(self) -> Iterator[None]:
        # Always inside the change's transaction: when the block fails, the rollback that
        # follows switches the journal off again, and nothing more is written after a failure.
        assert self.conn.in_transaction
        self._prepare()
        self.conn.execute("DELETE FROM temp.journal")
        self.conn.execute("INSERT INTO temp.journal_on VALUES (1)")
        yield
        self.conn.execute("DELETE FROM temp.journal_on")

    def _ops(self) -> list[dict[str, Any]]:
        """The journal as row operations, activity-only updates left out."""
        ops: list[dict[str, Any]] = []
        rows = self.conn.execute("SELECT tbl, op, old, new FROM temp.journal ORDER BY seq")
        for table, op, old_text, new_text in rows.fetchall():
            old = json.loads(old_text) if old_text else None
            new = json.loads(new_text) if new_text else None
            row = new if op == "insert" else old
            assert row is not None
            key = [row[name] for name in self._keys[table]]
            if op == "insert":
                ops.append({"op": op, "table": table, "key": key, "row": new})
            elif op == "delete":
                ops.append({"op": op, "table": table, "key": key, "row": old})
            else:
                assert old is not None and new is not None
                skip = ACTIVITY_COLUMNS.get(table, ())
                changed = [c for c in new if c not in skip and old.get(c) != new[c]]
                new_key = [new[name] for name in self._keys[table]]
                if not changed:
                    continue
                if new_key != key:
                    # A key rewritten in place is recorded as a delete and an insert.
                    ops.append({"op": "delete", "table": table, "key": key, "row": old})
                    ops.append({"op": "insert", "table": table, "key": new_key, "row": new})
                    continue
                ops.append(
                    {
                        "op": "update",
                        "table": table,
                        "key": key,
                        "old": {c: old[c] for c in changed},
                        "new": {c: new[c] for c in changed},
                    }
                )
        self.conn.execute("DELETE FROM temp.journal")
        return cancel_rewrites(ops)

    # --- recording --------------------------------------------------------------------------

    @contextlib.contextmanager
    def recording(self, label: str, source: str, session: str, at: str) -> Iterator[Recording]:
        """One change, all or nothing; a block inside another joins the outer change."""
        recording = Recording(label)
        if self.depth:
            self.depth += 1
            try:
                yield recording
            finally:
                self.depth -= 1
            return
        self.depth = 1
        try:
            with atomic(self.conn), self._on():
                yield recording
                ops = self._ops()
                if ops:
                    self._write(recording, ops, source, session, at)
        finally:
            self.depth = 0

    def _write(
        self, recording: Recording, ops: list[dict[str, Any]], source: str, session: str, at: str
    ) -> None:
        """The `changes` row of `recording`: made with its first rows, then extended (the two
        JSON arrays joined by SQLite, so a long import doesn't re-encode what it wrote)."""
        if recording.change_id is None:
            cursor = self.conn.execute(
                "INSERT INTO changes (at, source, session, label, payload) VALUES (?, ?, ?, ?, ?)",
                [at, source, session, recording.label, json.dumps(ops)],
            )
            recording.change_id = cursor.lastrowid
        else:
            self.conn.execute(
                "UPDATE changes SET payload = substr(payload, 1, length(payload) - 1) || ', ' "
                "|| substr(?, 2) WHERE id = ?",
                [json.dumps(ops), recording.change_id],
            )

    @contextlib.contextmanager
    def spanning(self, label: str, source: str, session: str, at: str) -> Iterator[Recording]:
        """One change written in several transactions (an import's batches, see `batch`):
        each batch adds its rows to the same `changes` entry as it commits, so an import
        stopped half way is still one entry that undoes what it wrote."""
        recording = Recording(label)
        self._span = (recording, source, session, at)
        try:
            yield recording
        finally:
            self._span = None

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """One transaction; inside `spanning`, one part of its change."""
        if self._span is None or self.depth:
            with atomic(self.conn):
                yield
            return
        recording, source, session, at = self._span
        self.depth = 1
        try:
            with atomic(self.conn), self._on():
                yield
                written = self._ops()
                if written:
                    self._write(recording, written, source, session, at)
        finally:
            self.depth = 0

    # --- reading -----------------------------------------------------------------------------

    def change(self, change_id: int) -> Change:
        rows = _select(self.conn, "WHERE id = ?", [change_id])
        if not rows:
            raise UndoRefused(f"there is no change {change_id} in the history")
        return rows[0]

    def newest(self, source: str, session: str | None = None) -> Change | None:
        """The newest change of `source` (and `session`) not yet undone."""
        where = "WHERE undone_at IS NULL AND source = ?"
        params: list[Any] = [source]
        if session is not None:
            where += " AND session = ?"
            params.append(session)
        rows = _select(self.conn, where + " ORDER BY id DESC LIMIT 1", params)
        return rows[0] if rows else None

    def recent(self, limit: int = 20) -> list[Change]:
        return _select(self.conn, "ORDER BY id DESC LIMIT ?", [limit])

    # --- undo ----------------------------------------------------------------------------------

    def undo(self, change_id: int, at: str) -> Change:
        """Reverse one change exactly, or raise UndoRefused and change nothing."""
        with atomic(self.conn):
            # Rows come back parents and children in journal order: check references at the end.
            self.conn.execute("PRAGMA defer_foreign_keys = ON")
            change = self.change(change_id)
            if change.undone_at is not None:
                raise UndoRefused(f"“{change.label}” was already undone")
            mine = change.keys()
            for later in _select(self.conn, "WHERE id > ? AND undone_at IS NULL", [change.id]):
                if later.keys() & mine:
                    raise UndoRefused(
                        f"a later change (#{later.id} “{later.label}”, from the "
                        f"{where_from(later.source)}) touched the same records; undo that first "
                        f"(followup undo {later.id})"
                    )
            with self._on():
                check_ops(change, self._columns)
                try:
                    touched = self._reverse(change)
                except sqlite3.IntegrityError as error:
                    raise UndoRefused(
                        f"“{change.label}” can't be undone: what it changed back would clash "
                        f"with what is there now ({error})"
                    ) from None
                effects = self._ops()
            if not effects:
                raise UndoRefused(f"nothing of “{change.label}” is left to undo")
            expected = {(op["table"], tuple(op["key"]), inverse(op["op"])) for op in change.ops}
            for op in effects:
                if (op["table"], tuple(op["key"]), op["op"]) not in expected:
                    raise UndoRefused(
                        f"{row_name(op)} was added or linked since “{change.label}”; "
                        "undoing it would remove or change that too"
                    )
            # Only rows put back or set back can point at something deleted since (every
            # delete cascades or sets null): check just their tables, not the whole file.
            written = sorted({op["table"] for op in effects if op["op"] != "delete"})
            broken = next(
                (
                    row
                    for table in written
                    for row in self.conn.execute(f"PRAGMA foreign_key_check({table})")
                ),
                None,
            )
            if broken is not None:
                raise UndoRefused(
                    f"“{change.label}” can't be undone: {broken[0]} {broken[1]} would point at "
                    f"{broken[2]} that was deleted since"
                )
            _recompute_activity(self.conn, touched)
            self.conn.execute("UPDATE changes SET undone_at = ? WHERE id = ?", [at, change.id])
        return change

    def _reverse(self, change: Change) -> dict[str, set[Any]]:
        """Apply the inverse of each operation, newest first; what activity to recompute."""
        touched: dict[str, set[Any]] = {"contacts": set(), "companies": set()}
        for op in reversed(change.ops):
            table, key = op["table"], op["key"]
            where = " AND ".join(f"{name} = ?" for name in self._keys[table])
            if op["op"] == "insert":
                self.conn.execute(f"DELETE FROM {table} WHERE {where}", key)
            elif op["op"] == "update":
                names = list(op["new"])
                current = self.conn.execute(
                    f"SELECT {', '.join(names)} FROM {table} WHERE {where}", key
                ).fetchone()
                if current is None or list(current) != [op["new"][n] for n in names]:
                    raise UndoRefused(
                        f"{row_name(op)} was changed since “{change.label}”; "
                        "edit it by hand instead"
                    )
                assignments = ", ".join(f"{name} = ?" for name in names)
                self.conn.execute(
                    f"UPDATE {table} SET {assignments} WHERE {where}",
                    [*(op["old"][n] for n in names), *key],
                )
            else:
                if self.conn.execute(f"SELECT 1 FROM {table} WHERE {where}", key).fetchone():
                    raise UndoRefused(
                        f"{row_name(op)} exists again; it can't be put back under the same key"
                    )
                row = dict(op["row"])
                for column in ACTIVITY_COLUMNS.get(table, ()):
                    row[column] = None if column != "thanked" else 0
                if table in touched:
                    touched[table].add(row["id"])
                columns = [c for c in row if c in self._columns[table]]
                self.conn.execute(
                    f"INSERT INTO {table} ({', '.join(columns)}) "
                    f"VALUES ({', '.join('?' for _ in columns)})",
                    [row[c] for c in columns],
                )
        return touched


def _select(conn: sqlite3.Connection, where: str, params: Sequence[Any]) -> list[Change]:
    rows = conn.execute(
        f"SELECT id, at, source, session, label, undone_at, payload FROM changes {where}", params
    ).fetchall()
    return [
        Change(
            id=row[0],
            at=row[1],
            source=row[2],
            session=row[3],
            label=row[4],
            undone_at=row[5],
            ops=_ops_of(row[6]),
        )
        for row in rows
    ]


def _ops_of(payload: str) -> tuple[dict[str, Any], ...]:
    """A stored payload's operations; none for one edited into something else by hand
    (it is listed, and refuses to undo, instead of ending the command with a traceback)."""
    try:
        check_payload(payload)
    except (ValueError, TypeError):
        return ()
    return tuple(json.loads(payload))


def _recompute_activity(conn: sqlite3.Connection, touched: dict[str, set[Any]]) -> None:
    """Rows put back get their activity columns from the touches, as the triggers keep them."""
    recompute_activity(conn, touched["contacts"], touched["companies"])


def new_session() -> str:
    """A name for one dashboard or command run, so `u` undoes only its own changes."""
    return secrets.token_hex(6)

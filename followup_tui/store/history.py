"""The undo history through the store (journal.py records it), and deletes kept to put back."""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

from followup_tui.db import atomic
from followup_tui.errors import NotFound
from followup_tui.store.base import StoreBase
from followup_tui.store.changes import Change, Recording
from followup_tui.store.keys import owned_patterns

#: What can be deleted from the dashboard, with the column that names a row; parents first.
DELETABLE = {
    "companies": "name",
    "applications": "role",
    "contacts": "name",
    "interviews": "starts_at",
    "events": "name",
    "resources": "title",
    "touches": "at",
}


@dataclass(frozen=True)
class Deleted:
    """Everything a delete removed or unlinked, to put back exactly as it was."""

    #: (table, full rows) in the order they must be inserted again (parents first).
    rows: tuple[tuple[str, tuple[dict[str, Any], ...]], ...]
    #: (table, rowid, column, old value) for references that ON DELETE SET NULL cleared.
    unlinked: tuple[tuple[str, int, str, Any], ...] = field(default=())


class History(StoreBase):
    """Changes recorded for undo, and deletes that keep what they removed."""

    # --- changes ------------------------------------------------------------------------------
    def recording(self, label: str) -> AbstractContextManager[Recording]:
        """A block whose writes are one change of the undo history (see journal.py)."""
        return self.journal.recording(label, self.source, self.session, self._stamp())

    def spanning(self, label: str) -> AbstractContextManager[Recording]:
        """A block whose `batch` transactions together are one change (an import)."""
        return self.journal.spanning(label, self.source, self.session, self._stamp())

    def batch(self) -> AbstractContextManager[None]:
        """One write transaction; inside `spanning`, one part of its change."""
        return self.journal.batch()

    def undo_change(self, change_id: int) -> Change:
        """Reverse one recorded change exactly, or raise UndoRefused and change nothing."""
        return self.journal.undo(change_id, self._stamp())

    def newest_change(self, mine: bool = False) -> Change | None:
        """The newest change of this store's source not undone (`mine`: of this session)."""
        return self.journal.newest(self.source, self.session if mine else None)

    # --- delete, and put back -----------------------------------------------------------

    def _children(self) -> dict[str, list[tuple[str, str, str]]]:
        """For each table, the (child table, child column, on delete) that reference it."""
        found: dict[str, list[tuple[str, str, str]]] = {}
        tables = [
            r[0]
            for r in self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        for table in tables:
            for fk in self.conn.execute(f"PRAGMA foreign_key_list({table})"):
                found.setdefault(fk[2], []).append((table, fk[3], fk[6]))
        return found

    def _rows(self, table: str, where: str, params: list[Any]) -> list[dict[str, Any]]:
        cursor = self.conn.execute(f"SELECT rowid AS _rowid, * FROM {table} WHERE {where}", params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def delete(self, table: str, row_id: int) -> Deleted:
        """Delete a row and what cascades from it, keeping enough to undo it exactly."""
        if table not in DELETABLE:
            raise ValueError(f"can't delete from {table}")
        children = self._children()
        rows: list[tuple[str, tuple[dict[str, Any], ...]]] = []
        unlinked: list[tuple[str, int, str, Any]] = []

        def gather(name: str, where: str, params: list[Any]) -> None:
            found = self._rows(name, where, params)
            if not found:
                return
            rows.append((name, tuple(found)))
            ids = [r["id"] for r in found if "id" in r]
            if not ids:
                return
            marks = ",".join("?" for _ in ids)
            for child, column, on_delete in children.get(name, []):
                if on_delete == "CASCADE":
                    gather(child, f"{column} IN ({marks})", ids)
                elif on_delete == "SET NULL":
                    for row in self._rows(child, f"{column} IN ({marks})", ids):
                        unlinked.append((child, row["_rowid"], column, row[column]))

        # Gathered inside the write transaction: a child added meanwhile by another program
        # is seen, and its overrides go too.
        with atomic(self.conn):
            gather(table, "id = ?", [row_id])
            if not rows:
                raise NotFound(f"nothing to delete: no {table} row {row_id}")
            # The record's snoozes and skips go with it (and come back with an undo).
            patterns = [
                pattern
                for name, found in rows
                for row in found
                if "id" in row
                for pattern in owned_patterns(name, row["id"])
            ]
            overrides = [
                row
                for pattern in patterns
                for row in self._rows("action_overrides", "key GLOB ?", [pattern])
            ]
            if overrides:
                rows.append(("action_overrides", tuple(overrides)))
            for row in overrides:
                self.conn.execute("DELETE FROM action_overrides WHERE key = ?", [row["key"]])
            self.conn.execute(f"DELETE FROM {table} WHERE id = ?", [row_id])
        return Deleted(tuple(rows), tuple(unlinked))

    def restore(self, deleted: Deleted) -> None:
        """Undo a delete: the same rows with the same ids, and the references it cleared."""
        with atomic(self.conn):
            for table, rows in deleted.rows:
                for row in rows:
                    values = {k: v for k, v in row.items() if k != "_rowid"}
                    columns = ", ".join(values)
                    marks = ", ".join("?" for _ in values)
                    try:
                        self.conn.execute(
                            f"INSERT INTO {table} ({columns}) VALUES ({marks})",
                            list(values.values()),
                        )
                    except sqlite3.IntegrityError as error:
                        raise ValueError(
                            f"can't put back {table} {row.get('id', '')}: it exists again ({error})"
                        ) from error
            for table, rowid, column, value in deleted.unlinked:
                self.conn.execute(
                    f"UPDATE {table} SET {column} = ? WHERE rowid = ?", [value, rowid]
                )

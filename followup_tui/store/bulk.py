"""Bulk reads and writes for import, export and the demo.

Whole-table reads for the exporters and the importers' merge indexes (an import of
thousands of rows matches in memory instead of querying per row), and fill-only updates
that never overwrite what the user typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from followup_tui.db import ACTIVITY_COLUMNS, DATA_TABLES, atomic
from followup_tui.db.schema import data_tables
from followup_tui.errors import Invalid
from followup_tui.models import Application, Contact, Stage
from followup_tui.store.base import StoreBase
from followup_tui.store.records import (
    APPLICATION_SELECT,
    CONTACT_SELECT,
    application_of,
    contact_of,
)


class Bulk(StoreBase):
    """Whole tables in and out: the demo, the importers' merge indexes, the dump."""

    def insert_rows(self, table: str, rows: Sequence[dict[str, Any]]) -> None:
        """Bulk insert (the demo's large databases); all rows must have the same keys."""
        if not rows:
            return
        if table not in DATA_TABLES:
            raise Invalid(f"can't bulk insert into {table!r}")
        columns = list(rows[0])
        sql = (
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
        )
        self.conn.executemany(sql, ([row[c] for c in columns] for row in rows))

    def is_empty(self) -> bool:
        """True when the database holds no companies, contacts or events yet."""
        return not any(
            self._one(f"SELECT 1 FROM {table} LIMIT 1")
            for table in ("companies", "contacts", "events")
        )

    def clear(self) -> None:
        """Delete every row of every table (the demo's --reset), keeping the schema."""
        with atomic(self.conn):
            for table in reversed(DATA_TABLES):
                self.conn.execute(f"DELETE FROM {table}")
            self.conn.execute("DELETE FROM changes")

    def is_demo(self) -> bool:
        """True when `followup demo` filled this database (it marks its own)."""
        return self._one("SELECT 1 FROM settings WHERE name = 'demo'") is not None

    def mark_demo(self, note: str) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO settings (name, value) VALUES ('demo', ?)", [note]
        )

    #: Contact columns an import may fill when they are empty.
    _FILLABLE_CONTACT = frozenset(
        {"company_id", "title", "email", "phone", "linkedin_url", "notes"}
    )

    #: Application columns an import may fill when they are empty.
    _FILLABLE_APPLICATION = frozenset({"applied_on", "response_by", "url", "notes"})

    def all_contacts(self) -> list[Contact]:
        """Every contact, oldest first."""
        rows = self.conn.execute(CONTACT_SELECT + " ORDER BY c.id").fetchall()
        return [contact_of(r) for r in rows]

    def all_applications(self) -> list[Application]:
        """Every application, oldest first."""
        rows = self.conn.execute(APPLICATION_SELECT + " ORDER BY a.id").fetchall()
        return [application_of(r, whole=True) for r in rows]

    def all_stage_history(self) -> dict[int, list[tuple[Stage, str]]]:
        """Per application, its stages in order with the ISO moment each began."""
        history: dict[int, list[tuple[Stage, str]]] = {}
        for app_id, stage, at in self.conn.execute(
            "SELECT application_id, stage, at FROM stage_history "
            "ORDER BY application_id, julianday(at), id"
        ):
            history.setdefault(app_id, []).append((Stage(stage), at))
        return history

    def all_application_contacts(self) -> dict[int, list[int]]:
        """Per application, the ids of its contacts."""
        linked: dict[int, list[int]] = {}
        for app_id, contact_id in self.conn.execute(
            "SELECT application_id, contact_id FROM application_contacts "
            "ORDER BY application_id, contact_id"
        ):
            linked.setdefault(app_id, []).append(contact_id)
        return linked

    def fill_contact(self, contact_id: int, values: dict[str, str | int]) -> bool:
        """Set each of `values` where the contact has nothing yet; True when any was set."""
        return self._fill("contacts", self._FILLABLE_CONTACT, contact_id, values)

    def fill_application(self, app_id: int, values: dict[str, str]) -> bool:
        """Set each of `values` where the application has nothing yet; True when any was set."""
        return self._fill("applications", self._FILLABLE_APPLICATION, app_id, dict(values))

    def _fill(
        self, table: str, allowed: frozenset[str], row_id: int, values: dict[str, str | int]
    ) -> bool:
        unknown = set(values) - allowed
        if unknown:
            raise Invalid(f"can't fill {', '.join(sorted(unknown))} of {table}")
        changed = False
        for column, value in values.items():
            # Emptiness is tested by the UPDATE itself: whatever a caller believed, a field
            # that holds something is never overwritten.
            cursor = self.conn.execute(
                f"UPDATE {table} SET {column} = ? WHERE id = ? AND coalesce({column}, '') = ''",
                [value, row_id],
            )
            changed = changed or cursor.rowcount > 0
        return changed

    # --- the schema, for the lossless dump ---------------------------------------------------

    def data_tables(self) -> tuple[str, ...]:
        """The tables holding the user's data, read from the file: parents first."""
        return data_tables(self.conn)

    @staticmethod
    def derived_columns(table: str) -> frozenset[str]:
        """The columns of `table` that triggers keep from other rows (not data of its own)."""
        return frozenset(ACTIVITY_COLUMNS.get(table, ()))

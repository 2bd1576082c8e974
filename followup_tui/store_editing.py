"""The store's editing statements: updates, deletes that can be undone, pick lists, search.

A mixin of `Store` (store.py), kept apart so each file stays readable; together they hold
every SQL statement of the app.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pendulum import Date, DateTime

from followup_tui.db import atomic
from followup_tui.db.triggers import recent
from followup_tui.errors import NotFound
from followup_tui.keys import owned_patterns
from followup_tui.models import (
    ACTIVE_STAGES,
    ContactKind,
    Direction,
    LinkedInState,
    Stage,
    date_text,
    datetime_text,
)

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


def fts_query(text: str) -> str:
    """User text as an FTS5 query: every word quoted (so `C++`, `AND` or `"` are literal),
    the last one a prefix, all of them required."""
    words = [w.replace('"', '""') for w in text.split()]
    if not words:
        return ""
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


class EditingMixin:
    conn: sqlite3.Connection

    def _stamp(self) -> str:  # provided by Store
        raise NotImplementedError

    # --- updates ------------------------------------------------------------------------------

    def _update(self, table: str, row_id: int, values: dict[str, Any]) -> None:
        if not values:
            return
        assignments = ", ".join(f"{column} = ?" for column in values)
        self.conn.execute(
            f"UPDATE {table} SET {assignments} WHERE id = ?", [*values.values(), row_id]
        )

    def update_company(
        self, company_id: int, name: str, website: str | None, social: Iterable[str]
    ) -> None:
        import json

        self._update(
            "companies",
            company_id,
            {"name": name.strip(), "website": website, "social": json.dumps(list(social))},
        )

    def update_application(
        self,
        app_id: int,
        company_id: int,
        role: str,
        applied_on: Date | None,
        response_by: Date | None,
        url: str | None,
        notes: str | None,
    ) -> None:
        self._update(
            "applications",
            app_id,
            {
                "company_id": company_id,
                "role": role.strip(),
                "applied_on": date_text(applied_on) if applied_on else None,
                "response_by": date_text(response_by) if response_by else None,
                "url": url,
                "notes": notes,
            },
        )

    def update_contact(
        self,
        contact_id: int,
        name: str,
        company_id: int | None,
        title: str | None,
        kind: ContactKind,
        email: str | None,
        phone: str | None,
        linkedin_url: str | None,
        linkedin_state: LinkedInState,
        application_ids: Iterable[int],
        notes: str | None = None,
    ) -> None:
        with atomic(self.conn):
            self._update(
                "contacts",
                contact_id,
                {
                    "name": name.strip(),
                    "company_id": company_id,
                    "title": title,
                    "kind": kind.value,
                    "email": email,
                    "phone": phone,
                    "linkedin_url": linkedin_url,
                    "linkedin_state": linkedin_state.value,
                    "notes": notes,
                },
            )
            self.update_links(contact_id, application_ids)

    def update_interview(
        self,
        interview_id: int,
        starts_at: DateTime,
        kind: str | None,
        highlights: str | None,
        participant_ids: Iterable[int],
    ) -> None:
        people = list(dict.fromkeys(participant_ids))
        with atomic(self.conn):
            self._update(
                "interviews",
                interview_id,
                {"starts_at": datetime_text(starts_at), "kind": kind, "highlights": highlights},
            )
            app_id = self.conn.execute(
                "SELECT application_id FROM interviews WHERE id = ?", [interview_id]
            ).fetchone()[0]
            self.conn.execute(
                "DELETE FROM interview_participants WHERE interview_id = ? "
                "AND contact_id NOT IN (SELECT value FROM json_each(?))",
                [interview_id, "[" + ",".join(map(str, people)) + "]"],
            )
            for contact_id in people:
                self.conn.execute(
                    "INSERT OR IGNORE INTO interview_participants (interview_id, contact_id) "
                    "VALUES (?, ?)",
                    [interview_id, contact_id],
                )
                self.conn.execute(
                    "INSERT OR IGNORE INTO application_contacts (application_id, contact_id) "
                    "VALUES (?, ?)",
                    [app_id, contact_id],
                )

    def update_message(
        self, touch_id: int, contact_id: int, at: DateTime, subject: str | None, channel: str
    ) -> None:
        found = self.conn.execute(
            "SELECT company_id FROM contacts WHERE id = ?", [contact_id]
        ).fetchone()
        if found is None:  # deleted meanwhile, by another program perhaps
            raise NotFound(f"no contact with id {contact_id}")
        company_id = found[0]
        self._update(
            "touches",
            touch_id,
            {
                "contact_id": contact_id,
                "company_id": company_id,
                "at": datetime_text(at),
                "subject": subject,
                "channel": channel,
            },
        )

    def update_event(
        self,
        event_id: int,
        name: str,
        on: Date,
        location: str | None,
        url: str | None,
        met: Iterable[int],
    ) -> None:
        with atomic(self.conn):
            self._update(
                "events",
                event_id,
                {"name": name.strip(), "on_date": date_text(on), "location": location, "url": url},
            )
            self.conn.execute("DELETE FROM event_contacts WHERE event_id = ?", [event_id])
            for contact_id in dict.fromkeys(met):
                self.conn.execute(
                    "INSERT INTO event_contacts (event_id, contact_id) VALUES (?, ?)",
                    [event_id, contact_id],
                )

    def event_contacts(self, event_id: int) -> list[int]:
        rows = self.conn.execute(
            "SELECT contact_id FROM event_contacts WHERE event_id = ? ORDER BY contact_id",
            [event_id],
        )
        return [r[0] for r in rows]

    def update_resource(
        self, resource_id: int, title: str, url: str, app_id: int | None, company_id: int | None
    ) -> None:
        self._update(
            "resources",
            resource_id,
            {
                "title": title.strip(),
                "url": url.strip(),
                "application_id": app_id,
                "company_id": company_id,
            },
        )

    def applications_of(self, contact_id: int) -> list[int]:
        rows = self.conn.execute(
            "SELECT application_id FROM application_contacts WHERE contact_id = ? "
            "ORDER BY application_id",
            [contact_id],
        )
        return [r[0] for r in rows]

    def update_links(self, contact_id: int, application_ids: Iterable[int]) -> None:
        with atomic(self.conn):
            self.conn.execute("DELETE FROM application_contacts WHERE contact_id = ?", [contact_id])
            for app_id in dict.fromkeys(application_ids):
                self.conn.execute(
                    "INSERT INTO application_contacts (application_id, contact_id) VALUES (?, ?)",
                    [app_id, contact_id],
                )

    def log_touch(
        self,
        contact_id: int,
        direction: Direction,
        at: DateTime,
        channel: str,
        note: str | None,
        application_id: int | None = None,
    ) -> int:
        """A touch logged by hand (a call, a coffee chat): it resets check-ins like any touch."""
        found = self.conn.execute(
            "SELECT company_id FROM contacts WHERE id = ?", [contact_id]
        ).fetchone()
        if found is None:  # deleted meanwhile, by another program perhaps
            raise NotFound(f"no contact with id {contact_id}")
        company_id = found[0]
        cursor = self.conn.execute(
            "INSERT INTO touches (at, direction, contact_id, company_id, application_id, "
            "channel, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                datetime_text(at),
                direction.value,
                contact_id,
                company_id,
                application_id,
                channel,
                note,
            ],
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    # --- delete, and put back -------------------------------------------------------------------

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

    def database_path(self) -> Path | None:
        """The file behind the connection, or None for an in-memory database."""
        for _seq, name, file in self.conn.execute("PRAGMA database_list"):
            if name == "main":
                return Path(file) if file else None
        return None

    # --- pick lists -------------------------------------------------------------------------------

    def company_names(self, limit: int = 2000) -> list[str]:
        rows = self.conn.execute(
            f"SELECT name FROM companies "
            f"ORDER BY julianday(coalesce(last_touch_at, created_at)) DESC, id DESC "
            f"LIMIT {int(limit)}"
        )
        return [r[0] for r in rows]

    def application_choices(self, limit: int = 200) -> list[tuple[int, str]]:
        """(id, "Company — Role") for active applications first, then the most recent."""
        active = ",".join(f"'{s.value}'" for s in ACTIVE_STAGES)
        rows = self.conn.execute(
            f"SELECT a.id, co.name, a.role FROM applications a "
            f"JOIN companies co ON co.id = a.company_id "
            f"ORDER BY a.stage IN ({active}) DESC, a.id DESC LIMIT {int(limit)}"
        )
        return [(r[0], f"{r[1]} — {r[2]}") for r in rows]

    def contact_choices(
        self, company_id: int | None = None, limit: int = 200
    ) -> list[tuple[int, str]]:
        """(id, "Name (Company)"): people at `company_id` first, then the most recent."""
        rows = self.conn.execute(
            f"SELECT c.id, c.name, co.name FROM contacts c "
            f"LEFT JOIN companies co ON co.id = c.company_id "
            f"ORDER BY c.company_id IS ? DESC, "
            f"{recent('c')} DESC, c.id DESC "
            f"LIMIT {int(limit)}",
            [company_id],
        )
        return [(r[0], f"{r[1]} ({r[2]})" if r[2] else r[1]) for r in rows]

    # --- full-text search -----------------------------------------------------------------------

    def search_everything(self, text: str, limit: int = 50) -> list[tuple[str, int, str, str]]:
        """(kind, id, label, snippet) of companies, applications, contacts and interviews
        whose names, notes or highlights match `text` (SQLite FTS5, best first)."""
        query = fts_query(text)
        if not query:
            return []
        rows = self.conn.execute(
            "SELECT kind, ref, label, snippet(search, 3, '', '', '…', 8) FROM search "
            "WHERE search MATCH ? ORDER BY rank LIMIT ?",
            [query, int(limit)],
        )
        return [(r[0], int(r[1]), r[2], r[3]) for r in rows]


def active_stage_path() -> tuple[Stage, ...]:
    """The stages `>` and `<` step through; the closed ones are picked by name."""
    return (
        Stage.WISHLIST,
        Stage.APPLIED,
        Stage.SCREENING,
        Stage.INTERVIEWING,
        Stage.OFFER,
        Stage.ACCEPTED,
    )

"""What the dashboard lists: bounded pages filtered in SQL, pick lists, and search."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from pendulum import Date

from followup_tui.db.triggers import latest_touch, recent
from followup_tui.errors import Invalid
from followup_tui.models import (
    PIPELINE_ORDER,
    Application,
    Contact,
    Interview,
    Strategy,
    Touch,
    opt_date,
)
from followup_tui.store.base import IN_ACTIVE
from followup_tui.store.moments import Moments
from followup_tui.store.records import application_of, contact_of
from followup_tui.store.touches import Touches


@dataclass(frozen=True)
class PipelineRow:
    app: Application
    last_touch: Date | None


@dataclass(frozen=True)
class ContactRow:
    contact: Contact
    last_touch: Date | None


def like(text: str, *columns: str) -> tuple[str, list[str]]:
    """A WHERE clause matching every word of `text` in any of `columns` (LIKE, escaped)."""
    words = text.split()
    if not words:
        return "", []
    clauses, params = [], []
    for word in words:
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        clauses.append(
            "(" + " OR ".join(f"{column} LIKE ? ESCAPE '\\'" for column in columns) + ")"
        )
        params.extend([f"%{escaped}%"] * len(columns))
    return "WHERE " + " AND ".join(clauses), params


def fts_query(text: str) -> str:
    """User text as an FTS5 query: every word quoted (so `C++`, `AND` or `"` are literal),
    the last one a prefix, all of them required."""
    words = [w.replace('"', '""') for w in text.split()]
    if not words:
        return ""
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


class Lists(Moments, Touches):
    """The dashboard's pages and pick lists, bounded in SQL, and search."""

    # --- the panes ----------------------------------------------------------------------------
    def pipeline_rows(self, text: str = "", limit: int = 300) -> tuple[list[PipelineRow], int]:
        """Applications by stage (furthest along first) matching `text`, and how many match."""
        where, params = like(text, "co.name", "a.role", "a.stage")
        order = " ".join(
            f"WHEN '{stage.value}' THEN {rank}" for rank, stage in enumerate(PIPELINE_ORDER)
        )
        rows = self.conn.execute(
            f"""
            SELECT a.id, a.company_id, co.name, a.role, a.stage, a.applied_on, a.response_by,
                   a.url, a.notes,
                   co.last_touch_at
            FROM applications a JOIN companies co ON co.id = a.company_id
            {where}
            ORDER BY CASE a.stage {order} ELSE 99 END, co.name COLLATE NOCASE, a.role, a.id
            LIMIT {int(limit)}
            """,
            params,
        ).fetchall()
        total = self._one(
            "SELECT count(*) FROM applications a JOIN companies co ON co.id = a.company_id "
            + where,
            params,
        )
        return [
            PipelineRow(
                app=application_of(r),
                last_touch=opt_date(r[9]),
            )
            for r in rows
        ], int(total)

    def contact_rows(self, text: str = "", limit: int = 300) -> tuple[list[ContactRow], int]:
        """Contacts (most recently in touch first) matching `text`, and how many match."""
        where, params = like(text, "c.name", "co.name", "c.title", "c.kind")
        rows = self.conn.execute(
            f"""
            SELECT c.id, c.name, c.company_id, co.name, c.title, c.kind, c.email, c.phone,
                   c.linkedin_url, c.linkedin_state, c.notes,
                   {latest_touch("c")} AS last
            FROM contacts c LEFT JOIN companies co ON co.id = c.company_id
            {where}
            ORDER BY {recent("c")} DESC, c.id DESC
            LIMIT {int(limit)}
            """,
            params,
        ).fetchall()
        total = self._one(
            "SELECT count(*) FROM contacts c LEFT JOIN companies co ON co.id = c.company_id "
            + where,
            params,
        )
        return [
            ContactRow(
                contact=contact_of(r),
                last_touch=opt_date(r[11]),
            )
            for r in rows
        ], int(total)

    def strategies_done(self, app_ids: Iterable[int]) -> dict[int, frozenset[Strategy]]:
        """Per application, the strategies with at least one outbound touch."""
        ids = list(app_ids)
        if not ids:
            return {}
        marks = ",".join("?" for _ in ids)
        rows = self.conn.execute(
            f"SELECT DISTINCT application_id, strategy FROM touches "
            f"WHERE application_id IN ({marks}) AND direction = 'out' AND strategy IS NOT NULL",
            ids,
        ).fetchall()
        done: dict[int, set[Strategy]] = {}
        for app_id, strategy in rows:
            done.setdefault(app_id, set()).add(Strategy(strategy))
        return {app_id: frozenset(found) for app_id, found in done.items()}

    # --- what belongs to a record -------------------------------------------------------

    def touches_for(
        self, contact_id: int | None = None, app_id: int | None = None, limit: int = 200
    ) -> list[Touch]:
        """Touches of a contact or an application (and its company), newest first."""
        if contact_id is not None:
            where, params = "contact_id = ?", [contact_id]
        elif app_id is not None:
            app = self.application(app_id)
            where = "application_id = ? OR (application_id IS NULL AND company_id = ?)"
            params = [app_id, app.company_id]
        else:
            raise Invalid("touches_for needs a contact or an application")
        ids = self.conn.execute(
            f"SELECT id FROM touches WHERE {where} ORDER BY julianday(at) DESC, id DESC "
            f"LIMIT {int(limit)}",
            params,
        ).fetchall()
        return [self.touch(row[0]) for row in ids]

    def contacts_of(self, app_id: int) -> list[Contact]:
        rows = self.conn.execute(
            "SELECT contact_id FROM application_contacts WHERE application_id = ? "
            "ORDER BY contact_id",
            [app_id],
        ).fetchall()
        return [self.contact(row[0]) for row in rows]

    def interviews_of(self, app_id: int) -> list[Interview]:
        rows = self.conn.execute(
            "SELECT id FROM interviews WHERE application_id = ? ORDER BY julianday(starts_at), id",
            [app_id],
        ).fetchall()
        return [self.interview(row[0]) for row in rows]

    def applications_of(self, contact_id: int) -> list[int]:
        rows = self.conn.execute(
            "SELECT application_id FROM application_contacts WHERE contact_id = ? "
            "ORDER BY application_id",
            [contact_id],
        )
        return [r[0] for r in rows]

    # --- pick lists -----------------------------------------------------------------------

    def company_names(self, limit: int = 2000) -> list[str]:
        rows = self.conn.execute(
            f"SELECT name FROM companies "
            f"ORDER BY julianday(coalesce(last_touch_at, created_at)) DESC, id DESC "
            f"LIMIT {int(limit)}"
        )
        return [r[0] for r in rows]

    def application_choices(self, limit: int = 200) -> list[tuple[int, str]]:
        """(id, "Company — Role") for active applications first, then the most recent."""
        rows = self.conn.execute(
            f"SELECT a.id, co.name, a.role FROM applications a "
            f"JOIN companies co ON co.id = a.company_id "
            f"ORDER BY a.stage IN {IN_ACTIVE} DESC, a.id DESC LIMIT {int(limit)}"
        )
        return [(r[0], f"{r[1]} — {r[2]}") for r in rows]

    def contact_names(self, ids: Iterable[int]) -> dict[int, str]:
        """Each contact's name by id, in the order given (an unknown id is left out)."""
        wanted = list(dict.fromkeys(ids))
        rows = self.conn.execute(
            "SELECT id, name FROM contacts WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(wanted)],
        ).fetchall()
        names = dict(rows)
        return {cid: names[cid] for cid in wanted if cid in names}

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

    # --- search ---------------------------------------------------------------------------

    def search(
        self, text: str, limit: int = 50, *, names_only: bool = False
    ) -> list[tuple[str, int, str, str]]:
        """(kind, id, label, snippet) of what matches `text`, best first.

        By default companies, applications, contacts and interviews whose names, notes or
        highlights match (SQLite FTS5, with a snippet of the match). `names_only`: the
        applications and contacts whose names contain every word (the palette's quick
        jump; up to `limit` of each, newest first, and no snippet).
        """
        if names_only:
            return self._name_search(text, limit)
        query = fts_query(text)
        if not query:
            return []
        rows = self.conn.execute(
            "SELECT kind, ref, label, snippet(search, 3, '', '', '…', 8) FROM search "
            "WHERE search MATCH ? ORDER BY rank LIMIT ?",
            [query, int(limit)],
        )
        return [(r[0], int(r[1]), r[2], r[3]) for r in rows]

    def _name_search(self, text: str, limit: int) -> list[tuple[str, int, str, str]]:
        found: list[tuple[str, int, str, str]] = []
        app_where, app_params = like(text, "co.name", "a.role")
        for r in self.conn.execute(
            f"SELECT a.id, co.name, a.role FROM applications a "
            f"JOIN companies co ON co.id = a.company_id {app_where} ORDER BY a.id DESC "
            f"LIMIT {int(limit)}",
            app_params,
        ):
            found.append(("application", r[0], f"{r[1]} — {r[2]}", ""))
        contact_where, contact_params = like(text, "c.name", "co.name")
        for r in self.conn.execute(
            f"SELECT c.id, c.name, co.name FROM contacts c "
            f"LEFT JOIN companies co ON co.id = c.company_id {contact_where} ORDER BY c.id DESC "
            f"LIMIT {int(limit)}",
            contact_params,
        ):
            found.append(("contact", r[0], f"{r[1]}" + (f" ({r[2]})" if r[2] else ""), ""))
        return found

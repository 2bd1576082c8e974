"""Companies, applications and contacts: add, update, read.

Reads return the frozen dataclasses of `models`; a missing id raises NotFound, a value the
data model refuses raises Invalid.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from pendulum import Date, DateTime

from followup_tui.db import atomic
from followup_tui.errors import Invalid, NotFound
from followup_tui.models import (
    Application,
    Company,
    Contact,
    ContactKind,
    LinkedInState,
    Stage,
    date_text,
    opt_date,
    parse_datetime,
)
from followup_tui.store.base import StoreBase

APPLICATION_SELECT = (
    "SELECT a.id, a.company_id, co.name, a.role, a.stage, a.applied_on, a.response_by, "
    "a.url, a.notes, a.why_fit FROM applications a JOIN companies co ON co.id = a.company_id"
)
CONTACT_SELECT = (
    "SELECT c.id, c.name, c.company_id, co.name, c.title, c.kind, c.email, c.phone, "
    "c.linkedin_url, c.linkedin_state, c.notes FROM contacts c "
    "LEFT JOIN companies co ON co.id = c.company_id"
)


def application_of(row: Sequence[Any], whole: bool = False) -> Application:
    """An application from the first nine columns of `APPLICATION_SELECT` (or the same); its
    why-I-fit line is the tenth column of `APPLICATION_SELECT` itself (`whole`)."""
    return Application(
        id=row[0],
        company_id=row[1],
        company=row[2],
        role=row[3],
        stage=Stage(row[4]),
        applied_on=opt_date(row[5]),
        response_by=opt_date(row[6]),
        url=row[7],
        notes=row[8],
        why_fit=row[9] if whole else None,
    )


def contact_of(row: Sequence[Any]) -> Contact:
    """A contact from the first eleven columns of `CONTACT_SELECT` (or the same)."""
    return Contact(
        id=row[0],
        name=row[1],
        company_id=row[2],
        company=row[3],
        title=row[4],
        kind=ContactKind(row[5]),
        email=row[6],
        phone=row[7],
        linkedin_url=row[8],
        linkedin_state=LinkedInState(row[9]),
        notes=row[10],
    )


class Records(StoreBase):
    """Companies, applications (with their stage history) and contacts."""

    # --- companies --------------------------------------------------------------------------
    def company_by_name(self, name: str) -> Company | None:
        row = self.conn.execute(
            "SELECT id, name, website, social, notes FROM companies WHERE name = ? COLLATE NOCASE",
            [name.strip()],
        ).fetchone()
        return self._company(row) if row else None

    def company(self, company_id: int) -> Company:
        row = self.conn.execute(
            "SELECT id, name, website, social, notes FROM companies WHERE id = ?", [company_id]
        ).fetchone()
        if row is None:
            raise NotFound(f"no company with id {company_id}")
        return self._company(row)

    @staticmethod
    def _company(row: Sequence[Any]) -> Company:
        return Company(
            id=row[0], name=row[1], website=row[2], social=tuple(json.loads(row[3])), notes=row[4]
        )

    def add_company(
        self,
        name: str,
        website: str | None = None,
        social: Iterable[str] = (),
        notes: str | None = None,
    ) -> int:
        name = name.strip()
        if not name:
            raise Invalid("a company needs a name")
        if self.company_by_name(name):
            raise Invalid(f"a company named {name!r} already exists")
        return self._insert(
            "companies",
            {
                "name": name,
                "website": website,
                "social": json.dumps([s for s in social if s.strip()]),
                "notes": notes,
                "created_at": self._stamp(),
            },
        )

    def ensure_company(self, name: str) -> int:
        """The id of the company with this name (any case), created when missing."""
        found = self.company_by_name(name)
        return found.id if found else self.add_company(name)

    def update_company(
        self, company_id: int, name: str, website: str | None, social: Iterable[str]
    ) -> None:
        self._update(
            "companies",
            company_id,
            {"name": name.strip(), "website": website, "social": json.dumps(list(social))},
        )

    # --- applications ---------------------------------------------------------------------

    def add_application(
        self,
        company: str,
        role: str,
        stage: Stage = Stage.APPLIED,
        applied_on: Date | None = None,
        response_by: Date | None = None,
        url: str | None = None,
        notes: str | None = None,
        why_fit: str | None = None,
    ) -> int:
        if not role.strip():
            raise Invalid("an application needs a role")
        if applied_on is None and stage is not Stage.WISHLIST:
            applied_on = self.now().date()
        with atomic(self.conn):
            company_id = self.ensure_company(company)
            app_id = self._insert(
                "applications",
                {
                    "company_id": company_id,
                    "role": role.strip(),
                    "stage": stage.value,
                    "applied_on": date_text(applied_on) if applied_on else None,
                    "response_by": date_text(response_by) if response_by else None,
                    "url": url,
                    "notes": notes,
                    "why_fit": why_fit,
                    "created_at": self._stamp(),
                },
            )
            self._insert(
                "stage_history",
                {"application_id": app_id, "stage": stage.value, "at": self._stamp()},
            )
        return app_id

    def application(self, app_id: int) -> Application:
        row = self.conn.execute(APPLICATION_SELECT + " WHERE a.id = ?", [app_id]).fetchone()
        if row is None:
            raise NotFound(f"no application with id {app_id}")
        return application_of(row, whole=True)

    def update_application(
        self,
        app_id: int,
        company_id: int,
        role: str,
        applied_on: Date | None,
        response_by: Date | None,
        url: str | None,
        notes: str | None,
        *,
        why_fit: str | None,
    ) -> None:
        self._update(
            "applications",
            app_id,
            {
                "why_fit": why_fit,
                "company_id": company_id,
                "role": role.strip(),
                "applied_on": date_text(applied_on) if applied_on else None,
                "response_by": date_text(response_by) if response_by else None,
                "url": url,
                "notes": notes,
            },
        )

    def set_stage(self, app_id: int, stage: Stage) -> Stage:
        """Move an application to `stage`; returns the stage it had."""
        previous = self.application(app_id).stage
        # Entering an active stage from the wishlist is applying: the follow-ups count from it.
        applied = date_text(self.now().date()) if stage.active else None
        with atomic(self.conn):
            self.conn.execute(
                "UPDATE applications SET stage = ?, applied_on = coalesce(applied_on, ?) "
                "WHERE id = ?",
                [stage.value, applied, app_id],
            )
            self._insert(
                "stage_history",
                {"application_id": app_id, "stage": stage.value, "at": self._stamp()},
            )
        return previous

    def stage_history(self, app_id: int) -> list[tuple[Stage, DateTime]]:
        rows = self.conn.execute(
            "SELECT stage, at FROM stage_history WHERE application_id = ? "
            "ORDER BY julianday(at), id",
            [app_id],
        ).fetchall()
        return [(Stage(r[0]), parse_datetime(r[1])) for r in rows]

    # --- contacts -------------------------------------------------------------------------

    @staticmethod
    def _contact_values(
        name: str,
        company_id: int | None,
        title: str | None,
        kind: ContactKind,
        email: str | None,
        phone: str | None,
        linkedin_url: str | None,
        linkedin_state: LinkedInState,
        notes: str | None,
    ) -> dict[str, Any]:
        """The columns a contact's add and update both write: the one list of its fields."""
        return {
            "name": name.strip(),
            "company_id": company_id,
            "title": title,
            "kind": kind.value,
            "email": email,
            "phone": phone,
            "linkedin_url": linkedin_url,
            "linkedin_state": linkedin_state.value,
            "notes": notes,
        }

    def add_contact(
        self,
        name: str,
        company: str | None = None,
        title: str | None = None,
        kind: ContactKind = ContactKind.OTHER,
        email: str | None = None,
        phone: str | None = None,
        linkedin_url: str | None = None,
        linkedin_state: LinkedInState = LinkedInState.NOT_CONNECTED,
        application_ids: Iterable[int] = (),
        notes: str | None = None,
    ) -> int:
        if not name.strip():
            raise Invalid("a contact needs a name")
        app_ids = list(application_ids)
        for app_id in app_ids:
            self.application(app_id)
        with atomic(self.conn):
            company_id = self.ensure_company(company) if company and company.strip() else None
            if company_id is None and app_ids:
                company_id = self.application(app_ids[0]).company_id
            values = self._contact_values(
                name, company_id, title, kind, email, phone, linkedin_url, linkedin_state, notes
            )
            contact_id = self._insert("contacts", {**values, "created_at": self._stamp()})
            for app_id in app_ids:
                self.link_contact(app_id, contact_id)
        return contact_id

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
            values = self._contact_values(
                name, company_id, title, kind, email, phone, linkedin_url, linkedin_state, notes
            )
            self._update("contacts", contact_id, values)
            self.update_links(contact_id, application_ids)

    def link_contact(self, app_id: int, contact_id: int) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO application_contacts (application_id, contact_id) VALUES (?, ?)",
            [app_id, contact_id],
        )

    def update_links(self, contact_id: int, application_ids: Iterable[int]) -> None:
        with atomic(self.conn):
            self.conn.execute("DELETE FROM application_contacts WHERE contact_id = ?", [contact_id])
            for app_id in dict.fromkeys(application_ids):
                self.conn.execute(
                    "INSERT INTO application_contacts (application_id, contact_id) VALUES (?, ?)",
                    [app_id, contact_id],
                )

    def contact(self, contact_id: int) -> Contact:
        row = self.conn.execute(CONTACT_SELECT + " WHERE c.id = ?", [contact_id]).fetchone()
        if row is None:
            raise NotFound(f"no contact with id {contact_id}")
        return contact_of(row)

    def set_linkedin_state(self, contact_id: int, state: LinkedInState) -> LinkedInState:
        previous = self.contact(contact_id).linkedin_state
        self.conn.execute(
            "UPDATE contacts SET linkedin_state = ? WHERE id = ?", [state.value, contact_id]
        )
        return previous

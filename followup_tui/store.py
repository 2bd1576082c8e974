"""Every SQL statement of the app: reads return frozen dataclasses, writes are atomic."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

import pendulum
from pendulum import Date, DateTime

from followup_tui import settings_table
from followup_tui.changes import Change, Recording
from followup_tui.db import DATA_TABLES, atomic
from followup_tui.db.triggers import latest_touch, recent
from followup_tui.errors import AlreadyDone as AlreadyDone
from followup_tui.errors import Invalid as Invalid
from followup_tui.errors import NotFound as NotFound
from followup_tui.facts import (
    PlaybookState,
)
from followup_tui.history import Journal, new_session
from followup_tui.models import (
    ACTIVE_STAGES,
    CLOSED_STAGES,
    Action,
    Application,
    Company,
    Contact,
    ContactKind,
    Direction,
    Event,
    Interview,
    LinkedInState,
    Override,
    Resource,
    Settings,
    Stage,
    Strategy,
    Touch,
    date_text,
    datetime_text,
    opt_date,
    parse_date,
    parse_datetime,
)
from followup_tui.store_editing import EditingMixin

_ACTIVE = tuple(sorted(s.value for s in ACTIVE_STAGES))
_CLOSED = tuple(sorted(s.value for s in CLOSED_STAGES))
_IN_ACTIVE = "(" + ",".join(f"'{s}'" for s in _ACTIVE) + ")"
_IN_TRACKED = "(" + ",".join(f"'{s}'" for s in _ACTIVE + _CLOSED) + ")"
STRATEGY_CHANNEL = {
    Strategy.THANK_YOU: "email",
    Strategy.LINKEDIN: "linkedin",
    Strategy.FOLLOW_UP: "email",
    Strategy.SHARE_INFO: "email",
    Strategy.SOCIAL: "social",
    Strategy.EVENT: "email",
    Strategy.REPLY: "email",
    Strategy.CHECK_IN: "email",
}


_BULK_TABLES = DATA_TABLES


@dataclass(frozen=True)
class UndoToken:
    """Enough to reverse one done, snooze or skip."""

    touch_id: int | None = None
    override_key: str | None = None
    previous_override: Override | None = None
    contact_id: int | None = None
    previous_linkedin_state: LinkedInState | None = None


_APPLICATION_SELECT = (
    "SELECT a.id, a.company_id, co.name, a.role, a.stage, a.applied_on, a.response_by, "
    "a.url, a.notes FROM applications a JOIN companies co ON co.id = a.company_id"
)
_CONTACT_SELECT = (
    "SELECT c.id, c.name, c.company_id, co.name, c.title, c.kind, c.email, c.phone, "
    "c.linkedin_url, c.linkedin_state, c.notes FROM contacts c "
    "LEFT JOIN companies co ON co.id = c.company_id"
)


def _application(row: Sequence[Any]) -> Application:
    """An application from the first nine columns of `_APPLICATION_SELECT` (or the same)."""
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
    )


def _contact(row: Sequence[Any]) -> Contact:
    """A contact from the first eleven columns of `_CONTACT_SELECT` (or the same)."""
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


class Store(EditingMixin):
    """All reads and writes of the followup database, over one sqlite3 connection.

    The connection comes from `db.open_db` (already migrated). Multi-row writes run inside
    `db.atomic`, so they hold all or nothing.
    """

    def __init__(
        self, conn: sqlite3.Connection, now: DateTime | None = None, source: str = "cli"
    ) -> None:
        self.conn = conn
        self._now = now
        #: Who writes through this store (`cli` or `dashboard`), and which run: the history
        #: keeps both, so each undoes only its own changes.
        self.source = source
        self.session = new_session()
        self.journal = Journal(conn)

    def recording(self, label: str) -> AbstractContextManager[Recording]:
        """A block whose writes are one change of the undo history (see history.py)."""
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

    # --- time ---------------------------------------------------------------------------

    def now(self) -> DateTime:
        """The moment written on new rows (fixed in tests and demos)."""
        return self._now if self._now is not None else pendulum.now()

    def _stamp(self) -> str:
        return datetime_text(self.now())

    # --- small helpers --------------------------------------------------------------------

    def _one(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None

    def _insert(self, table: str, values: dict[str, Any]) -> int:
        columns = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        cursor = self.conn.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(values.values())
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def insert_rows(self, table: str, rows: Sequence[dict[str, Any]]) -> None:
        """Bulk insert (the demo's large databases); all rows must have the same keys."""
        if not rows:
            return
        if table not in _BULK_TABLES:
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
            for table in reversed(_BULK_TABLES):
                self.conn.execute(f"DELETE FROM {table}")
            self.conn.execute("DELETE FROM changes")

    def is_demo(self) -> bool:
        """True when `followup demo` filled this database (it marks its own)."""
        return self._one("SELECT 1 FROM settings WHERE name = 'demo'") is not None

    def mark_demo(self, note: str) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO settings (name, value) VALUES ('demo', ?)", [note]
        )

    def data_version(self) -> int:
        """Changes whenever another connection commits: cheap to poll for outside edits."""
        return int(self._one("PRAGMA data_version"))

    # --- settings and templates -----------------------------------------------------------

    def settings(self) -> Settings:
        """The settings; a stored value the table refuses reads as its default."""
        return self.checked_settings()[0]

    def checked_settings(self) -> tuple[Settings, list[str]]:
        """The settings, and a warning for each stored value read as its default instead."""
        rows = self.conn.execute("SELECT name, value FROM settings").fetchall()
        return settings_table.read(dict(rows))

    def set_setting(self, name: str, value: str) -> None:
        """Store `value` for `name` once the settings table accepts it (else Invalid)."""
        try:
            text = settings_table.stored_text(name, value)
        except settings_table.SettingError as error:
            raise Invalid(str(error)) from None
        self.conn.execute(
            "INSERT INTO settings (name, value) VALUES (?, ?) "
            "ON CONFLICT(name) DO UPDATE SET value = excluded.value",
            [name, text],
        )

    def template(self, strategy: Strategy) -> tuple[str, str] | None:
        row = self.conn.execute(
            "SELECT subject, body FROM templates WHERE strategy = ?", [strategy.value]
        ).fetchone()
        return (row[0], row[1]) if row else None

    def templates(self) -> dict[Strategy, tuple[str, str]]:
        rows = self.conn.execute("SELECT strategy, subject, body FROM templates").fetchall()
        return {Strategy(r[0]): (r[1], r[2]) for r in rows if r[0] in set(Strategy)}

    def set_template(self, strategy: Strategy, subject: str, body: str) -> None:
        self.conn.execute(
            "INSERT INTO templates (strategy, subject, body, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(strategy) DO UPDATE SET subject = excluded.subject, "
            "body = excluded.body, updated_at = excluded.updated_at",
            [strategy.value, subject, body, self._stamp()],
        )

    def reset_template(self, strategy: Strategy) -> None:
        self.conn.execute("DELETE FROM templates WHERE strategy = ?", [strategy.value])

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

    # --- applications -------------------------------------------------------------------------

    def add_application(
        self,
        company: str,
        role: str,
        stage: Stage = Stage.APPLIED,
        applied_on: Date | None = None,
        response_by: Date | None = None,
        url: str | None = None,
        notes: str | None = None,
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
                    "created_at": self._stamp(),
                },
            )
            self._insert(
                "stage_history",
                {"application_id": app_id, "stage": stage.value, "at": self._stamp()},
            )
        return app_id

    def application(self, app_id: int) -> Application:
        row = self.conn.execute(_APPLICATION_SELECT + " WHERE a.id = ?", [app_id]).fetchone()
        if row is None:
            raise NotFound(f"no application with id {app_id}")
        return _application(row)

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

    # --- contacts ---------------------------------------------------------------------------

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
            contact_id = self._insert(
                "contacts",
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
                    "created_at": self._stamp(),
                },
            )
            for app_id in app_ids:
                self.link_contact(app_id, contact_id)
        return contact_id

    def link_contact(self, app_id: int, contact_id: int) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO application_contacts (application_id, contact_id) VALUES (?, ?)",
            [app_id, contact_id],
        )

    def contact(self, contact_id: int) -> Contact:
        row = self.conn.execute(_CONTACT_SELECT + " WHERE c.id = ?", [contact_id]).fetchone()
        if row is None:
            raise NotFound(f"no contact with id {contact_id}")
        return _contact(row)

    def set_linkedin_state(self, contact_id: int, state: LinkedInState) -> LinkedInState:
        previous = self.contact(contact_id).linkedin_state
        self.conn.execute(
            "UPDATE contacts SET linkedin_state = ? WHERE id = ?", [state.value, contact_id]
        )
        return previous

    # --- interviews, events, resources, messages -------------------------------------------

    def add_interview(
        self,
        app_id: int,
        starts_at: DateTime,
        participant_ids: Iterable[int] = (),
        kind: str | None = None,
        highlights: str | None = None,
        notes: str | None = None,
    ) -> int:
        self.application(app_id)
        people = list(dict.fromkeys(participant_ids))
        for contact_id in people:
            self.contact(contact_id)
        with atomic(self.conn):
            interview_id = self._insert(
                "interviews",
                {
                    "application_id": app_id,
                    "starts_at": datetime_text(starts_at),
                    "kind": kind,
                    "highlights": highlights,
                    "notes": notes,
                },
            )
            for contact_id in people:
                self.conn.execute(
                    "INSERT INTO interview_participants (interview_id, contact_id) VALUES (?, ?)",
                    [interview_id, contact_id],
                )
                # An interviewer belongs to the application: the LinkedIn rule reads this link.
                self.link_contact(app_id, contact_id)
        return interview_id

    def interview(self, interview_id: int) -> Interview:
        row = self.conn.execute(
            "SELECT id, application_id, starts_at, kind, highlights, notes FROM interviews "
            "WHERE id = ?",
            [interview_id],
        ).fetchone()
        if row is None:
            raise NotFound(f"no interview with id {interview_id}")
        people = self.conn.execute(
            "SELECT contact_id FROM interview_participants WHERE interview_id = ? "
            "ORDER BY contact_id",
            [interview_id],
        ).fetchall()
        return Interview(
            id=row[0],
            application_id=row[1],
            starts_at=parse_datetime(row[2]),
            kind=row[3],
            highlights=row[4],
            notes=row[5],
            participant_ids=tuple(p[0] for p in people),
        )

    def set_highlights(self, interview_id: int, highlights: str) -> None:
        self.interview(interview_id)
        self.conn.execute(
            "UPDATE interviews SET highlights = ? WHERE id = ?", [highlights, interview_id]
        )

    def add_event(
        self,
        name: str,
        on: Date,
        location: str | None = None,
        url: str | None = None,
        met: Iterable[int] = (),
        notes: str | None = None,
    ) -> int:
        if not name.strip():
            raise Invalid("an event needs a name")
        people = list(dict.fromkeys(met))
        for contact_id in people:
            self.contact(contact_id)
        with atomic(self.conn):
            event_id = self._insert(
                "events",
                {
                    "name": name.strip(),
                    "on_date": date_text(on),
                    "location": location,
                    "url": url,
                    "notes": notes,
                },
            )
            for contact_id in people:
                self.conn.execute(
                    "INSERT INTO event_contacts (event_id, contact_id) VALUES (?, ?)",
                    [event_id, contact_id],
                )
        return event_id

    def event(self, event_id: int) -> Event:
        row = self.conn.execute(
            "SELECT id, name, on_date, location, url, notes FROM events WHERE id = ?", [event_id]
        ).fetchone()
        if row is None:
            raise NotFound(f"no event with id {event_id}")
        return Event(row[0], row[1], parse_date(row[2]), row[3], row[4], row[5])

    def add_resource(
        self,
        title: str,
        url: str,
        app_id: int | None = None,
        company: str | None = None,
        note: str | None = None,
    ) -> int:
        if not title.strip() or not url.strip():
            raise Invalid("a resource needs a title and a URL")
        if app_id is None and not (company and company.strip()):
            raise Invalid("a resource belongs to an application (--application) or a company")
        with atomic(self.conn):
            company_id = None
            if app_id is not None:
                company_id = self.application(app_id).company_id
            if company and company.strip():
                company_id = self.ensure_company(company)
            return self._insert(
                "resources",
                {
                    "title": title.strip(),
                    "url": url.strip(),
                    "note": note,
                    "application_id": app_id,
                    "company_id": company_id,
                    "created_at": self._stamp(),
                },
            )

    def resource(self, resource_id: int) -> Resource:
        row = self.conn.execute(
            "SELECT id, title, url, note, application_id, company_id FROM resources WHERE id = ?",
            [resource_id],
        ).fetchone()
        if row is None:
            raise NotFound(f"no resource with id {resource_id}")
        return Resource(*row)

    def add_touch(
        self,
        direction: Direction,
        at: DateTime | None = None,
        contact_id: int | None = None,
        company_id: int | None = None,
        application_id: int | None = None,
        interview_id: int | None = None,
        event_id: int | None = None,
        resource_id: int | None = None,
        strategy: Strategy | None = None,
        channel: str | None = None,
        subject: str | None = None,
        body: str | None = None,
        note: str | None = None,
        action_key: str | None = None,
    ) -> int:
        """Log one interaction. The company is taken from the contact or application if unset."""
        if company_id is None and contact_id is not None:
            company_id = self.contact(contact_id).company_id
        if company_id is None and application_id is not None:
            company_id = self.application(application_id).company_id
        return self._insert(
            "touches",
            {
                "at": datetime_text(at or self.now()),
                "direction": direction.value,
                "contact_id": contact_id,
                "company_id": company_id,
                "application_id": application_id,
                "interview_id": interview_id,
                "event_id": event_id,
                "resource_id": resource_id,
                "strategy": strategy.value if strategy else None,
                "channel": channel,
                "subject": subject,
                "body": body,
                "note": note,
                "action_key": action_key,
            },
        )

    def add_message(
        self,
        contact_id: int,
        at: DateTime,
        subject: str | None = None,
        channel: str | None = "email",
        application_id: int | None = None,
    ) -> int:
        """An inbound message from a contact: it needs a reply and resets the follow-up wait."""
        self.contact(contact_id)
        return self.add_touch(
            Direction.IN,
            at=at,
            contact_id=contact_id,
            application_id=application_id,
            channel=channel,
            subject=subject,
        )

    def touch(self, touch_id: int) -> Touch:
        row = self.conn.execute(
            "SELECT id, at, direction, contact_id, company_id, application_id, interview_id, "
            "event_id, resource_id, strategy, channel, subject, body, note, action_key "
            "FROM touches WHERE id = ?",
            [touch_id],
        ).fetchone()
        if row is None:
            raise NotFound(f"no touch with id {touch_id}")
        return Touch(
            id=row[0],
            at=parse_datetime(row[1]),
            direction=Direction(row[2]),
            contact_id=row[3],
            company_id=row[4],
            application_id=row[5],
            interview_id=row[6],
            event_id=row[7],
            resource_id=row[8],
            strategy=Strategy(row[9]) if row[9] else None,
            channel=row[10],
            subject=row[11],
            body=row[12],
            note=row[13],
            action_key=row[14],
        )

    # --- actions: done, snooze, skip, undo ---------------------------------------------------

    def record_done(
        self,
        action: Action,
        subject: str | None = None,
        body: str | None = None,
        note: str | None = None,
    ) -> UndoToken:
        """Record the touch that completes `action` (and what it changes, e.g. LinkedIn state).

        Once per action key: the check runs inside the write transaction, so two programs
        marking the same action can't both record it; the second gets AlreadyDone.
        """
        with atomic(self.conn):
            if self.conn.execute(
                "SELECT 1 FROM touches WHERE action_key = ? LIMIT 1", [action.key]
            ).fetchone():
                raise AlreadyDone(f"{action.key} is already done")
            touch_id = self.add_touch(
                Direction.OUT,
                contact_id=action.contact_id,
                company_id=action.company_id,
                application_id=action.application_id,
                interview_id=action.interview_id,
                event_id=action.event_id,
                resource_id=action.resource_id,
                strategy=action.strategy,
                channel=STRATEGY_CHANNEL[action.strategy],
                subject=subject,
                body=body,
                note=note,
                action_key=action.key,
            )
            previous_state = None
            if action.strategy is Strategy.LINKEDIN and action.contact_id is not None:
                previous_state = self.set_linkedin_state(action.contact_id, LinkedInState.REQUESTED)
        return UndoToken(
            touch_id=touch_id,
            contact_id=action.contact_id if previous_state else None,
            previous_linkedin_state=previous_state,
        )

    def done_at(self, key: str) -> str | None:
        """When action `key` was marked done (its touch's moment), or None."""
        at = self._one("SELECT at FROM touches WHERE action_key = ? LIMIT 1", [key])
        return str(at) if at is not None else None

    def override(self, key: str) -> Override | None:
        row = self.conn.execute(
            "SELECT key, snoozed_until, skipped FROM action_overrides WHERE key = ?", [key]
        ).fetchone()
        return Override(row[0], opt_date(row[1]), bool(row[2])) if row else None

    def _set_override(self, key: str, until: Date | None, skipped: bool) -> UndoToken:
        previous = self.override(key)
        self.conn.execute(
            "INSERT INTO action_overrides (key, snoozed_until, skipped, at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET snoozed_until = excluded.snoozed_until, "
            "skipped = excluded.skipped, at = excluded.at",
            [key, date_text(until) if until else None, int(skipped), self._stamp()],
        )
        return UndoToken(override_key=key, previous_override=previous)

    def snooze(self, key: str, until: Date) -> UndoToken:
        return self._set_override(key, until, skipped=False)

    def skip(self, key: str) -> UndoToken:
        return self._set_override(key, None, skipped=True)

    def undo(self, token: UndoToken) -> None:
        """Reverse a done, snooze or skip recorded by this store."""
        with atomic(self.conn):
            if token.touch_id is not None:
                self.conn.execute("DELETE FROM touches WHERE id = ?", [token.touch_id])
            if token.contact_id is not None and token.previous_linkedin_state is not None:
                self.set_linkedin_state(token.contact_id, token.previous_linkedin_state)
            if token.override_key is not None:
                prev = token.previous_override
                if prev is None:
                    self.conn.execute(
                        "DELETE FROM action_overrides WHERE key = ?", [token.override_key]
                    )
                else:
                    self._set_override(prev.key, prev.snoozed_until, prev.skipped)

    # --- the playbook's facts ------------------------------------------------------------------

    def playbook_state(self, today: Date, horizon_days: int | None = None) -> PlaybookState:
        """The facts every rule reads, from a handful of set-based queries.

        `horizon_days` lets the store skip facts that can't become due by then; pass the
        same horizon to `playbook.actions`.
        """
        from followup_tui.state import playbook_state

        return playbook_state(self.conn, today, self.settings(), horizon_days)

    # --- dashboard lists: bounded pages, filtered in SQL ---------------------------------------

    def pipeline_rows(self, text: str = "", limit: int = 300) -> tuple[list[PipelineRow], int]:
        """Applications by stage (furthest along first) matching `text`, and how many match."""
        where, params = _like(text, "co.name", "a.role", "a.stage")
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
                app=_application(r),
                last_touch=opt_date(r[9]),
            )
            for r in rows
        ], int(total)

    def contact_rows(self, text: str = "", limit: int = 300) -> tuple[list[ContactRow], int]:
        """Contacts (most recently in touch first) matching `text`, and how many match."""
        where, params = _like(text, "c.name", "co.name", "c.title", "c.kind")
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
                contact=_contact(r),
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

    def search(self, text: str, limit: int = 20) -> list[tuple[str, int, str]]:
        """(kind, id, label) of applications and contacts whose names contain `text`."""
        found: list[tuple[str, int, str]] = []
        app_where, app_params = _like(text, "co.name", "a.role")
        for r in self.conn.execute(
            f"SELECT a.id, co.name, a.role FROM applications a "
            f"JOIN companies co ON co.id = a.company_id {app_where} ORDER BY a.id DESC "
            f"LIMIT {int(limit)}",
            app_params,
        ):
            found.append(("application", r[0], f"{r[1]} — {r[2]}"))
        contact_where, contact_params = _like(text, "c.name", "co.name")
        for r in self.conn.execute(
            f"SELECT c.id, c.name, co.name FROM contacts c "
            f"LEFT JOIN companies co ON co.id = c.company_id {contact_where} ORDER BY c.id DESC "
            f"LIMIT {int(limit)}",
            contact_params,
        ):
            found.append(("contact", r[0], f"{r[1]}" + (f" ({r[2]})" if r[2] else "")))
        return found

    # --- import and export ---------------------------------------------------------------
    # Whole-table reads for the exporters and the importers' merge indexes (an import of
    # thousands of rows matches in memory instead of querying per row), and fill-only updates
    # that never overwrite what the user typed.

    #: Contact columns an import may fill when they are empty.
    _FILLABLE_CONTACT = frozenset(
        {"company_id", "title", "email", "phone", "linkedin_url", "notes"}
    )
    #: Application columns an import may fill when they are empty.
    _FILLABLE_APPLICATION = frozenset({"applied_on", "response_by", "url", "notes"})

    def all_contacts(self) -> list[Contact]:
        """Every contact, oldest first."""
        rows = self.conn.execute(_CONTACT_SELECT + " ORDER BY c.id").fetchall()
        return [_contact(r) for r in rows]

    def all_applications(self) -> list[Application]:
        """Every application, oldest first."""
        rows = self.conn.execute(_APPLICATION_SELECT + " ORDER BY a.id").fetchall()
        return [_application(r) for r in rows]

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


#: The pipeline's order: furthest along first, closed applications last.
PIPELINE_ORDER = (
    Stage.OFFER,
    Stage.INTERVIEWING,
    Stage.SCREENING,
    Stage.APPLIED,
    Stage.WISHLIST,
    Stage.ACCEPTED,
    Stage.GHOSTED,
    Stage.REJECTED,
    Stage.WITHDRAWN,
)


def _like(text: str, *columns: str) -> tuple[str, list[str]]:
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


@dataclass(frozen=True)
class PipelineRow:
    app: Application
    last_touch: Date | None


@dataclass(frozen=True)
class ContactRow:
    contact: Contact
    last_touch: Date | None

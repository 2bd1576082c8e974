"""Interviews, events and resources: add, update, read."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pendulum import Date, DateTime

from followup_tui.db import atomic
from followup_tui.errors import Invalid, NotFound
from followup_tui.models import (
    Event,
    Interview,
    Resource,
    date_text,
    datetime_text,
    parse_date,
    parse_datetime,
)
from followup_tui.store.records import Records


def _own(people: list[int], own: Mapping[int, str] | None) -> dict[int, str]:
    """Each participant's own highlights, trimmed; text for someone not at the interview is
    refused rather than dropped."""
    strangers = sorted(set(own or {}) - set(people))
    if strangers:
        raise Invalid(f"contact {strangers[0]} is not one of the interview's participants")
    return {k: v.strip() for k, v in (own or {}).items() if v and v.strip()}


class Moments(Records):
    """Interviews (with their participants), events (with who was met), resources."""

    # --- interviews -------------------------------------------------------------------------
    def add_interview(
        self,
        app_id: int,
        starts_at: DateTime,
        participant_ids: Iterable[int] = (),
        kind: str | None = None,
        highlights: str | None = None,
        notes: str | None = None,
        open_questions: str | None = None,
        own_highlights: Mapping[int, str] | None = None,
    ) -> int:
        """`own_highlights`: what resonated with each participant (by contact id)."""
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
                    "open_questions": open_questions,
                },
            )
            own = _own(people, own_highlights)
            for contact_id in people:
                self.conn.execute(
                    "INSERT INTO interview_participants (interview_id, contact_id, highlights) "
                    "VALUES (?, ?, ?)",
                    [interview_id, contact_id, own.get(contact_id)],
                )
                # An interviewer belongs to the application: the LinkedIn rule reads this link.
                self.link_contact(app_id, contact_id)
        return interview_id

    def interview(self, interview_id: int) -> Interview:
        row = self.conn.execute(
            "SELECT id, application_id, starts_at, kind, highlights, notes, open_questions "
            "FROM interviews WHERE id = ?",
            [interview_id],
        ).fetchone()
        if row is None:
            raise NotFound(f"no interview with id {interview_id}")
        people = self.conn.execute(
            "SELECT contact_id, highlights FROM interview_participants WHERE interview_id = ? "
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
            open_questions=row[6],
            own_highlights=tuple((p[0], p[1]) for p in people if p[1] and p[1].strip()),
        )

    def update_interview(
        self,
        interview_id: int,
        starts_at: DateTime,
        kind: str | None,
        highlights: str | None,
        participant_ids: Iterable[int],
        *,
        open_questions: str | None,
        own_highlights: Mapping[int, str],
    ) -> None:
        """`own_highlights` replaces what resonated with each participant (by contact id)."""
        people = list(dict.fromkeys(participant_ids))
        own = _own(people, own_highlights)
        with atomic(self.conn):
            self._update(
                "interviews",
                interview_id,
                {
                    "starts_at": datetime_text(starts_at),
                    "kind": kind,
                    "highlights": highlights,
                    "open_questions": open_questions,
                },
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
                self._set_own_highlights(interview_id, contact_id, own.get(contact_id))

    def _set_own_highlights(self, interview_id: int, contact_id: int, text: str | None) -> None:
        # Only a real change writes (and enters the history).
        self.conn.execute(
            "UPDATE interview_participants SET highlights = ? "
            "WHERE interview_id = ? AND contact_id = ? AND highlights IS NOT ?",
            [text, interview_id, contact_id, text],
        )

    # --- events -------------------------------------------------------------------------

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

    # --- resources ----------------------------------------------------------------------

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

    def update_resource(
        self,
        resource_id: int,
        title: str,
        url: str,
        app_id: int | None,
        company_id: int | None,
        note: str | None,
    ) -> None:
        self._update(
            "resources",
            resource_id,
            {
                "title": title.strip(),
                "url": url.strip(),
                "note": note,
                "application_id": app_id,
                "company_id": company_id,
            },
        )

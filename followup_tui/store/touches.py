"""Touches, the interaction log: every message in or out, logged by hand or by an action."""

from __future__ import annotations

from pendulum import DateTime

from followup_tui.errors import NotFound
from followup_tui.models import Direction, Strategy, Touch, datetime_text, parse_datetime
from followup_tui.store.records import Records


class Touches(Records):
    """The interaction log: touches out and in, by hand or by an action."""

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
        recipient: str | None = None,
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
                "recipient": recipient,
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

    def touch(self, touch_id: int) -> Touch:
        row = self.conn.execute(
            "SELECT id, at, direction, contact_id, company_id, application_id, interview_id, "
            "event_id, resource_id, strategy, channel, subject, body, note, action_key, recipient "
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
            recipient=row[15],
        )

"""Actions: done (the touch that completes one), snooze, skip, and taking them back.

Done and skip end an action, and its edited draft (edits.py) with it: done records the edit
as what was sent unless told what was; a snooze keeps the edit for the day it comes back.
"""

from __future__ import annotations

from dataclasses import dataclass

from pendulum import Date

from followup_tui.db import atomic
from followup_tui.errors import AlreadyDone
from followup_tui.models import (
    Action,
    Direction,
    LinkedInState,
    Override,
    Strategy,
    date_text,
    opt_date,
)
from followup_tui.store.edits import DraftEdit, Edits
from followup_tui.store.touches import Touches

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


@dataclass(frozen=True)
class UndoToken:
    """Enough to reverse one done, snooze or skip."""

    touch_id: int | None = None
    override_key: str | None = None
    previous_override: Override | None = None
    contact_id: int | None = None
    previous_linkedin_state: LinkedInState | None = None
    #: The edited draft the done or skip dropped, to keep again.
    edit: DraftEdit | None = None


class Actions(Touches, Edits):
    """Done, snooze and skip: each one statement, each undone by its UndoToken."""

    def record_done(
        self,
        action: Action,
        subject: str | None = None,
        body: str | None = None,
        note: str | None = None,
    ) -> UndoToken:
        """Record the touch that completes `action` (and what it changes, e.g. LinkedIn state).

        What was sent is `subject` and `body`; given neither, the action's edited draft, if
        it has one. The edit is dropped, and the touch names its recipient as they are now.
        Once per action key: the check runs inside the write transaction, so two programs
        marking the same action can't both record it; the second gets AlreadyDone.
        """
        with atomic(self.conn):
            if self.conn.execute(
                "SELECT 1 FROM touches WHERE action_key = ? LIMIT 1", [action.key]
            ).fetchone():
                raise AlreadyDone(f"{action.key} is already done")
            edit = self.draft_edit(action.key)
            if edit is not None and subject is None and body is None:
                subject, body = edit.subject, edit.body
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
                recipient=self.recipient(action.contact_id),
            )
            if edit is not None:
                self.drop_edit(action.key)
            previous_state = None
            if action.strategy is Strategy.LINKEDIN and action.contact_id is not None:
                previous_state = self.set_linkedin_state(action.contact_id, LinkedInState.REQUESTED)
        return UndoToken(
            touch_id=touch_id,
            contact_id=action.contact_id if previous_state else None,
            previous_linkedin_state=previous_state,
            edit=edit,
        )

    def recipient(self, contact_id: int | None) -> str | None:
        """Who a message to `contact_id` goes to: `Name <address>`, or the name alone."""
        if contact_id is None:
            return None
        row = self.conn.execute(
            "SELECT name, email FROM contacts WHERE id = ?", [contact_id]
        ).fetchone()
        if row is None:
            return None
        name, email = row[0].strip(), (row[1] or "").strip()
        return f"{name} <{email}>" if email else name

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
        """Drop the action for good, and its edited draft with it."""
        with atomic(self.conn):
            token = self._set_override(key, None, skipped=True)
            edit = self.draft_edit(key)
            if edit is not None:
                self.drop_edit(key)
        return UndoToken(override_key=key, previous_override=token.previous_override, edit=edit)

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
            if token.edit is not None:
                edit = token.edit
                self.save_edit(
                    edit.key,
                    edit.subject,
                    edit.body,
                    title=edit.title,
                    contact_id=edit.contact_id,
                    application_id=edit.application_id,
                )

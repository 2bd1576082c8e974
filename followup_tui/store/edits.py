"""Drafts the user edited, kept per action key until the action is done or skipped.

An edit names its action by key (`ty-3-7`, `fu-4`, `re-12`), and the contact and the
application it concerns, so it goes with them when they are deleted (the foreign keys
cascade) and comes back with them on undo. It keeps the action's title too: an edit whose
action no longer exists (the data changed under it) is shown once by that title in the
detail view, then dropped. Each write here is one statement; the caller makes it a change
of the history (`recording`), as every other write.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from followup_tui.store.base import StoreBase

_COLUMNS = "key, subject, body, title, contact_id, application_id, saved_at"


@dataclass(frozen=True)
class DraftEdit:
    """One action's draft as the user edited it."""

    key: str
    subject: str
    body: str
    #: The action's title when the edit was saved.
    title: str
    contact_id: int | None
    application_id: int | None
    saved_at: str


def _edit(row: Any) -> DraftEdit:
    return DraftEdit(row[0], row[1], row[2], row[3], row[4], row[5], row[6])


class Edits(StoreBase):
    """The drafts edited per action: saved, read, dropped."""

    def save_edit(
        self,
        key: str,
        subject: str,
        body: str,
        *,
        title: str,
        contact_id: int | None = None,
        application_id: int | None = None,
    ) -> DraftEdit:
        """Keep `subject` and `body` as what action `key` sends (replacing an earlier edit)."""
        edit = DraftEdit(key, subject, body, title, contact_id, application_id, self._stamp())
        self.conn.execute(
            f"INSERT INTO draft_edits ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET subject = excluded.subject, body = excluded.body, "
            "title = excluded.title, contact_id = excluded.contact_id, "
            "application_id = excluded.application_id, saved_at = excluded.saved_at",
            [key, subject, body, title, contact_id, application_id, edit.saved_at],
        )
        return edit

    def draft_edits(self) -> dict[str, tuple[str, str]]:
        """Every stored edit: action key -> (subject, body)."""
        rows = self.conn.execute("SELECT key, subject, body FROM draft_edits ORDER BY key")
        return {row[0]: (row[1], row[2]) for row in rows}

    def draft_edit(self, key: str) -> DraftEdit | None:
        """The stored edit of action `key`, or None."""
        row = self.conn.execute(
            f"SELECT {_COLUMNS} FROM draft_edits WHERE key = ?", [key]
        ).fetchone()
        return _edit(row) if row else None

    def edits_about(
        self, contact_id: int | None = None, application_id: int | None = None
    ) -> list[DraftEdit]:
        """The edits of one contact's actions, or of one application's that concern no
        contact (the ones its detail view answers for), oldest first."""
        row_id: int | None = contact_id
        where = "contact_id = ?"
        if contact_id is None:
            row_id, where = application_id, "application_id = ? AND contact_id IS NULL"
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM draft_edits WHERE {where} ORDER BY saved_at, key", [row_id]
        )
        return [_edit(row) for row in rows]

    def drop_edit(self, key: str) -> bool:
        """Forget action `key`'s edit; False when it had none."""
        return self.drop_edits([key]) > 0

    def drop_edits(self, keys: Iterable[str]) -> int:
        """Forget the edits of these actions; how many there were."""
        dropped = 0
        for key in keys:
            dropped += self.conn.execute("DELETE FROM draft_edits WHERE key = ?", [key]).rowcount
        return dropped

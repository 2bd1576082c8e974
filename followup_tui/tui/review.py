"""The morning review's writes: done, snooze, skip, a draft's edit and undo, each one change
of the history.

The Today pane posts what was pressed (widgets/today.py); the app hands it here. After a
done, snooze or skip the row goes at once and the recompute waits for a pause in typing.
An edited draft is kept in the store per action (until it is done or skipped), so it
outlasts the dashboard.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from followup_tui.text import printable

if TYPE_CHECKING:
    from pendulum import Date

    from followup_tui.models import Action
    from followup_tui.tui.host import Host


def _label(action: Action, verb: str) -> str:
    """How a done, snooze or skip is named on `u` and in the history."""
    return f"{verb}: {action.title}"


def _after_change(host: Host, action: Action, verb: str) -> None:
    """Drop the row at once (the cursor lands on the next action), then recompute."""
    host.drop_action(action.key)
    host.push_undo(_label(action, verb), select=action.key)
    host.render_draft()
    host.update_bindings()
    host.notify(
        f"{verb.capitalize()}: {printable(action.title, keep_newlines=False)}", markup=False
    )
    host.refresh_soon()


def save_edit(host: Host, action: Action, text: str) -> tuple[str, str] | None:
    """Keep the editor's `text` as the action's draft; its (subject, body), or None when
    SQLite refused the write (the notice says so). `u` takes it back."""
    from followup_tui import drafts

    subject, body = drafts.parse_text(text)
    label = _label(action, "edited draft")
    kept = host.saved(
        lambda: host.store.save_edit(
            action.key,
            subject,
            body,
            title=action.title,
            contact_id=action.contact_id,
            application_id=action.application_id,
        ),
        label=label,
    )
    if kept is None:
        return None
    host.push_undo(label, select=action.key)
    host.refresh_soon()
    return subject, body


def mark_done(host: Host, action: Action) -> None:
    """Record the touch, with the draft as sent (as edited, if it was)."""
    from followup_tui import store as stored

    draft = host.draft_for(action)
    try:
        token = host.saved(
            lambda: host.store.record_done(
                action,
                subject=draft.subject if draft else None,
                body=draft.body if draft else None,
            ),
            label=_label(action, "done"),
        )
    except stored.AlreadyDone:
        # Another dashboard or `followup done` got there first: nothing more to record.
        host.drop_action(action.key)
        host.notify(f"Already done: {printable(action.title, keep_newlines=False)}", markup=False)
        host.refresh_soon()
        return
    if token is not None:
        _after_change(host, action, "done")


def snooze(host: Host, action: Action, until: Date) -> None:
    from followup_tui.dates import describe_day

    verb = f"snoozed to {describe_day(until)}"
    token = host.saved(lambda: host.store.snooze(action.key, until), label=_label(action, verb))
    if token is not None:
        _after_change(host, action, verb)


def skip(host: Host, action: Action) -> None:
    token = host.saved(lambda: host.store.skip(action.key), label=_label(action, "skipped"))
    if token is not None:
        _after_change(host, action, "skipped")


def undo(host: Host) -> None:
    """Take back the newest change of this dashboard's undo stack, through the history."""
    step = host.state.take_undo()
    if step is None:
        host.notify("Nothing to undo", severity="warning")
        return
    try:
        with host.db_lock:
            host.store.undo_change(step.change_id)
    except (sqlite3.Error, ValueError, LookupError) as error:
        # Refused (a later change touched the same records) or failed: nothing changed.
        # The next u goes on to the step before; this one stays in the history.
        host.notify(
            printable(
                f"Can't undo {step.what}: {error}. "
                f"It stays in the history: followup undo {step.change_id}",
                keep_newlines=False,
            ),
            severity="error",
            markup=False,
            timeout=10,
        )
        host.update_bindings()
        return
    host.state.select_next = step.select
    host.notify(f"Undone: {printable(step.what, keep_newlines=False)}", markup=False)
    host.update_bindings()
    host.refresh_data()

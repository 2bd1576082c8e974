"""The morning review's keys: done, snooze, skip, undo, copy and edit the draft.

A mixin of FollowupApp (app.py), like RecordKeys (records_keys.py): the app keeps the
panes, the data and the guarded writes; these are what a morning review presses.
"""

from __future__ import annotations

import os
import shlex
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from pendulum import Date
from textual.app import SuspendNotSupported

from followup_tui import dates
from followup_tui import store as stored
from followup_tui.models import Action
from followup_tui.text import printable
from followup_tui.tui import editing, modals
from followup_tui.tui.panes import ContactsTable, PipelineTable, TodayTable
from followup_tui.tui.part import AppPart
from followup_tui.tui.view import clean


def _label(action: Action, verb: str) -> str:
    """How a done, snooze or skip is named on `u` and in the history."""
    return f"{verb}: {action.title}"


class DailyKeys(AppPart):
    def _after_change(self, action: Action, verb: str) -> None:
        """Drop the row at once (the cursor lands on the next action), then recompute."""
        app = self.dashboard
        app.query_one(TodayTable).remove_key(action.key)
        app.push_undo(_label(action, verb), select=action.key)
        app.edited.pop(action.key, None)
        app.render_draft()
        app.update_bindings()
        app.notify(
            f"{verb.capitalize()}: {printable(action.title, keep_newlines=False)}", markup=False
        )
        app.refresh_soon()

    def action_done(self) -> None:
        app = self.dashboard
        action = app.selected_action()
        if action is None:
            return
        app._mark_done(action)

    def _mark_done(self, action: Action) -> None:
        app = self.dashboard
        draft = app.draft_for(action)
        try:
            token = app.saved(
                lambda: app.store.record_done(
                    action,
                    subject=draft.subject if draft else None,
                    body=draft.body if draft else None,
                ),
                label=_label(action, "done"),
            )
        except stored.AlreadyDone:
            # Another dashboard or `followup done` got there first: nothing more to record.
            app.query_one(TodayTable).remove_key(action.key)
            app.notify(
                f"Already done: {printable(action.title, keep_newlines=False)}", markup=False
            )
            app.refresh_soon()
            return
        if token is not None:
            app._after_change(action, "done")

    def action_snooze(self) -> None:
        app = self.dashboard
        action = app.selected_action()
        if action is None:
            return
        work_days = app.snapshot.settings.work_weekdays if app.snapshot else frozenset(range(5))
        app._snooze(action, dates.next_business_day(app.today, work_days))

    def _snooze(self, action: Action, until: Date) -> None:
        app = self.dashboard
        verb = f"snoozed to {dates.describe_day(until)}"
        token = app.saved(lambda: app.store.snooze(action.key, until), label=_label(action, verb))
        if token is not None:
            app._after_change(action, verb)

    def action_snooze_until(self) -> None:
        app = self.dashboard
        action = app.selected_action()
        if action is None:
            return
        work_days = app.snapshot.settings.work_weekdays if app.snapshot else frozenset(range(5))

        def chosen(day: Date | None) -> None:
            if day is not None:
                app._snooze(action, day)

        prompt = modals.DatePrompt(f"Snooze “{clean(action.title)}” until:", app.today, work_days)
        app.push_screen(modals.DateScreen(prompt), chosen)

    def action_skip(self) -> None:
        app = self.dashboard
        action = app.selected_action()
        if action is None:
            return
        token = app.saved(lambda: app.store.skip(action.key), label=_label(action, "skipped"))
        if token is not None:
            app._after_change(action, "skipped")

    def action_undo(self) -> None:
        app = self.dashboard
        if not app.undo_stack:
            app.notify("Nothing to undo", severity="warning")
            return
        undo = app.undo_stack.pop()
        try:
            with app.db_lock:
                app.store.undo_change(undo.change_id)
        except (sqlite3.Error, ValueError, LookupError) as error:
            # Refused (a later change touched the same records) or failed: nothing changed.
            # The next u goes on to the step before; this one stays in the history.
            app.notify(
                printable(
                    f"Can't undo {undo.what}: {error}. "
                    f"It stays in the history: followup undo {undo.change_id}",
                    keep_newlines=False,
                ),
                severity="error",
                markup=False,
                timeout=10,
            )
            app.update_bindings()
            return
        app.select_next = undo.select
        app.notify(f"Undone: {printable(undo.what, keep_newlines=False)}", markup=False)
        app.update_bindings()
        app.refresh_data()

    def action_copy(self) -> None:
        app = self.dashboard
        action = app.selected_action()
        if action is None:
            return
        draft = app.draft_for(action)
        if draft is None:
            app.notify("This action has no draft", severity="warning")
            return
        app.copy_text(draft.text)

    def action_edit(self) -> None:
        app = self.dashboard
        focused = app.focused
        if isinstance(focused, (PipelineTable, ContactsTable)):
            key = focused.selected_key()
            if key is not None and isinstance(focused, PipelineTable):
                editing.edit_application(app, int(key))
            elif key is not None:
                editing.edit_contact(app, int(key))
            return
        action = app.selected_action()
        draft = app.draft_for(action) if action else None
        if action is None or draft is None:
            return

        def edited(text: str | None) -> None:
            if text is not None:
                app.edited[action.key] = text
                app.render_draft()
                app.copy_text(text)

        app.push_screen(modals.DraftEditor(action.title, draft.text), edited)

    def action_edit_external(self) -> None:
        app = self.dashboard
        action = app.selected_action()
        draft = app.draft_for(action) if action else None
        if action is None or draft is None:
            return
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        fd, name = tempfile.mkstemp(prefix="followup-draft-", suffix=".txt")
        path = Path(name)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                file.write(draft.text)
            try:
                with app.suspend():
                    subprocess.run([*shlex.split(editor), str(path)], check=False)
            except SuspendNotSupported:
                app.notify(
                    "This terminal can't hand over to an editor; press e instead",
                    severity="warning",
                )
                return
            except OSError as error:
                app.notify(
                    f"Can't start {editor}: {error.strerror}", severity="error", markup=False
                )
                return
            text = path.read_text(encoding="utf-8")
        finally:
            path.unlink(missing_ok=True)
        app.edited[action.key] = text
        app.render_draft()
        app.copy_text(text)

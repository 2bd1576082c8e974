"""The Today pane: the ranked actions, and the morning review's keys on the selected one.

Done, snooze, skip, copy and the draft's edits are posted up as messages naming the action
(the app writes them); the rows and the actions behind them come down from the app.
Nothing here imports pendulum or the store at load time: the first screen is drawn first.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets.data_table import RowDoesNotExist

from followup_tui.text import clean
from followup_tui.tui.confirm import WINDOW, Confirmation, question
from followup_tui.tui.messages import (
    DetailsRequested,
    HighlightsRequested,
    RecordEditRequested,
    RecordRef,
    Selection,
)
from followup_tui.tui.view import TodayRow
from followup_tui.tui.widgets.palette import Palette
from followup_tui.tui.widgets.pane import RecordPane
from followup_tui.tui.widgets.table import Column

if TYPE_CHECKING:
    from pendulum import Date

    from followup_tui.models import Action, Draft

#: The morning review's keys: they act on the selected action, from any pane.
DAILY_KEYS: list[Binding] = [
    Binding(
        "d", "done", "Done", tooltip="mark the selected action done (records the touch)", id="done"
    ),
    Binding("c", "copy", "Copy draft", tooltip="copy the draft to the clipboard", id="copy"),
    Binding("s", "snooze", "Snooze", tooltip="snooze to the next business day", id="snooze"),
    Binding(
        "S",
        "snooze_until",
        "Snooze to…",
        show=False,
        tooltip="snooze to a day you type",
        id="snooze_until",
    ),
    Binding("x", "skip", "Skip", tooltip="skip this action for good", id="skip"),
    Binding(
        "f",
        "fill",
        "Fill in",
        show=False,
        tooltip="open what supplies the first thing the draft needs",
        id="fill",
    ),
    Binding(
        "ctrl+e",
        "edit_external",
        "Edit in $EDITOR",
        show=False,
        tooltip="edit the draft in $VISUAL or $EDITOR, then copy it",
        id="edit_external",
    ),
]


def no_drafts(_action: Action) -> Draft | None:
    return None


class TodayTable(RecordPane):
    """Ranked actions: due, strategy, who, company, why."""

    BINDING_GROUP_TITLE = "Today"

    BINDINGS: ClassVar[list[BindingType]] = [*DAILY_KEYS]
    COLUMNS = (
        Column("Due", 8),
        Column("Strategy", 9),
        Column("Who", 10, flex=2),
        Column("Company", 8, flex=2),
        Column("Why", 12, flex=4, optional=True),
    )
    #: The keys that need a selected action (dimmed in the key bar without one).
    NEED_ACTION = frozenset(binding.action for binding in DAILY_KEYS)

    @dataclass
    class ActionMessage(Message):
        """About one action of the pane."""

        today: TodayTable
        action: Action

        @property
        def control(self) -> TodayTable:
            return self.today

    @dataclass
    class ActionDone(ActionMessage):
        """`d`: the action is done (the app records the touch, with its draft)."""

    @dataclass
    class ActionSnoozed(ActionMessage):
        """`s` or `S`: the action waits until `until`."""

        until: Date = field(kw_only=True)

    @dataclass
    class ActionSkipped(ActionMessage):
        """`x`: the action is skipped for good."""

    @dataclass
    class DraftCopied(ActionMessage):
        """`c`: the draft (as edited, if it was) goes to the clipboard."""

        text: str = field(kw_only=True)

    @dataclass
    class DraftEdited(ActionMessage):
        """`e` or ctrl+e: the draft was edited; the app keeps the text and copies it."""

        text: str = field(kw_only=True)

    @dataclass
    class FillRequested(ActionMessage):
        """`f`: open what supplies the first thing the action's draft still needs."""

    @dataclass
    class CursorMoved(Message):
        """The cursor is on another action (the draft pane follows)."""

        today: TodayTable

        @property
        def control(self) -> TodayTable:
            return self.today

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        #: The actions behind the rows, by key (given by the app with the snapshot).
        self.actions: dict[str, Action] = {}
        #: Each action's draft as the app renders it (as edited, if it was).
        self.drafts: Callable[[Action], Draft | None] = no_drafts
        self.day: Date | None = None
        self.work_days: frozenset[int] = frozenset(range(5))
        #: The question c or d asks first of an action whose draft needs more, or held.
        self.confirm = Confirmation()

    # --- data down --------------------------------------------------------------------------

    def show(self, rows: Sequence[TodayRow], palette: Palette, select: str | None = None) -> None:
        selected = select or self.selected_key()
        self.reset()
        for row in rows:
            style = palette.tone(row.tone)
            cells = {
                "Due": row.due,
                "Strategy": row.strategy,
                "Who": row.who,
                "Company": row.company,
                "Why": row.why,
            }
            self.add_cells({k: Text(v, style=style) for k, v in cells.items()}, key=row.key)
        self.keep_cursor(selected)

    def remove_key(self, key: str) -> None:
        """Drop one row and leave the cursor on the row that followed it."""
        try:
            index = self.get_row_index(key)
        except RowDoesNotExist:
            return
        self.remove_row(key)
        if self.row_count:
            self.move_cursor(row=min(index, self.row_count - 1))

    def selected_action(self) -> Action | None:
        key = self.selected_key()
        return None if key is None else self.actions.get(key)

    def on_data_table_row_highlighted(self) -> None:
        self.post_message(self.CursorMoved(self))

    # --- what the cursor is on ------------------------------------------------------------------

    def selection(self) -> Selection:
        action = self.selected_action()
        if action is None:
            return Selection()
        return Selection(action.application_id, action.contact_id)

    def open_details(self) -> None:
        action = self.selected_action()
        if action and action.application_id is not None:
            self.post_message(
                DetailsRequested(self, RecordRef("application", action.application_id))
            )
        elif action and action.contact_id is not None:
            self.post_message(DetailsRequested(self, RecordRef("contact", action.contact_id)))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.NEED_ACTION:
            return True if self.selected_action() is not None else None
        return True

    # --- the morning review -----------------------------------------------------------------

    def confirmed(self, key: str, action: Action) -> bool:
        """True when `key` may act on `action` now; else say why a second press is wanted
        (confirm.py): the guard holds it, or its draft (as edited) still needs something."""
        reasons = [action.held] if action.held else []
        draft = self.drafts(action)
        if draft is not None and draft.needs:
            reasons.append("needs " + ", ".join(need.label for need in draft.needs))
        if self.confirm.ask(key, action.key, reasons):
            return True
        self.notify(question(key, reasons), severity="warning", markup=False, timeout=WINDOW)
        return False

    def action_done(self) -> None:
        action = self.selected_action()
        if action is not None and self.confirmed("d", action):
            self.post_message(self.ActionDone(self, action))

    def action_snooze(self) -> None:
        from followup_tui.dates import next_business_day

        action = self.selected_action()
        if action is not None and self.day is not None:
            until = next_business_day(self.day, self.work_days)
            self.post_message(self.ActionSnoozed(self, action, until=until))

    def action_snooze_until(self) -> None:
        from followup_tui.tui.screens.date_prompt import DatePrompt, DateScreen

        action = self.selected_action()
        if action is None or self.day is None:
            return

        def chosen(day: Date | None) -> None:
            if day is not None:
                self.post_message(self.ActionSnoozed(self, action, until=day))

        prompt = DatePrompt(f"Snooze “{clean(action.title)}” until:", self.day, self.work_days)
        self.app.push_screen(DateScreen(prompt), chosen)

    def action_skip(self) -> None:
        action = self.selected_action()
        if action is not None:
            self.post_message(self.ActionSkipped(self, action))

    def action_fill(self) -> None:
        action = self.selected_action()
        if action is not None:
            self.post_message(self.FillRequested(self, action))

    def action_copy(self) -> None:
        action = self.selected_action()
        if action is None:
            return
        draft = self.drafts(action)
        if draft is None:
            self.notify("This action has no draft", severity="warning")
            return
        if self.confirmed("c", action):
            self.post_message(self.DraftCopied(self, action, text=draft.text))

    def action_edit(self) -> None:
        from followup_tui.tui.screens.draft_editor import DraftEditor

        action = self.selected_action()
        draft = self.drafts(action) if action else None
        if action is None or draft is None:
            return

        def edited(text: str | None) -> None:
            if text is not None:
                self.post_message(self.DraftEdited(self, action, text=text))

        self.app.push_screen(DraftEditor(action.title, draft.text), edited)

    def action_edit_external(self) -> None:
        action = self.selected_action()
        draft = self.drafts(action) if action else None
        if action is None or draft is None:
            return
        text = self._in_editor(draft.text)
        if text is not None:
            self.post_message(self.DraftEdited(self, action, text=text))

    def _in_editor(self, text: str) -> str | None:
        """`text` after $VISUAL or $EDITOR had it; None (and a notice) if none could run."""
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        fd, name = tempfile.mkstemp(prefix="followup-draft-", suffix=".txt")
        path = Path(name)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                file.write(text)
            try:
                with self.app.suspend():
                    subprocess.run([*shlex.split(editor), str(path)], check=False)
            except SuspendNotSupported:
                self.notify(
                    "This terminal can't hand over to an editor; press e instead",
                    severity="warning",
                )
                return None
            except OSError as error:
                self.notify(
                    f"Can't start {editor}: {error.strerror}", severity="error", markup=False
                )
                return None
            return path.read_text(encoding="utf-8")
        finally:
            path.unlink(missing_ok=True)

    # --- the records behind the action ----------------------------------------------------------

    def action_highlights(self) -> None:
        action = self.selected_action()
        interview = action.interview_id if action else None
        application = action.application_id if action else None
        self.post_message(HighlightsRequested(self, interview, application))

    def action_edit_record(self) -> None:
        action = self.selected_action()
        record = None if action is None else record_behind(action)
        if record is not None:
            self.post_message(RecordEditRequested(self, record))

    def action_delete(self) -> None:
        self.notify(
            "Select an application (Pipeline) or a contact (Contacts) to delete",
            severity="warning",
        )


def record_behind(action: Action) -> RecordRef | None:
    """What `E` edits for an action: its event, resource, message, interview, application or
    company (the first it has)."""
    if action.event_id is not None:
        return RecordRef("event", action.event_id)
    if action.resource_id is not None:
        return RecordRef("resource", action.resource_id)
    if action.strategy.value == "reply":  # Strategy.REPLY, without loading models here
        return RecordRef("message", int(action.key.removeprefix("re-")))
    if action.interview_id is not None:
        return RecordRef("interview", action.interview_id)
    if action.application_id is not None:
        return RecordRef("application", action.application_id)
    if action.company_id is not None:
        return RecordRef("company", action.company_id)
    return None

"""The keys every pane has for its selected record: edit, add, stages, log, delete.

Each pane says what its cursor is on (`selection`, `record`); these actions turn a key into
a message naming it (messages.py), which the app turns into a form and a write. A key with
nothing to act on says so here, and posts nothing.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from followup_tui.tui.messages import (
    AddRequested,
    HighlightsRequested,
    RecordDeleteRequested,
    RecordEditRequested,
    RecordRef,
    Selection,
    StageMoveRequested,
    StagePickRequested,
    TouchLogRequested,
)
from followup_tui.tui.widgets.table import Table

EDIT = Binding(
    "e",
    "edit",
    "Edit",
    tooltip="edit the selected item: in Today its draft (then copy it with ctrl+s)",
    id="edit",
)
RECORD_KEYS: list[BindingType] = [
    EDIT,
    Binding(
        "a",
        "add",
        "Add",
        tooltip="add an application, contact, interview, message, …",
        id="add",
    ),
    Binding(
        "n",
        "add_child",
        "New child",
        show=False,
        tooltip="add an interview to the selected application, a message from the contact",
        id="add_child",
    ),
    Binding(
        "greater_than_sign",
        "stage(1)",
        "Stage →",
        show=False,
        key_display=">",
        tooltip="move the selected application to the next stage",
        id="stage_next",
    ),
    Binding(
        "less_than_sign",
        "stage(-1)",
        "Stage ←",
        show=False,
        key_display="<",
        tooltip="move the selected application back a stage",
        id="stage_back",
    ),
    Binding(
        "t",
        "pick_stage",
        "Set stage",
        show=False,
        tooltip="set the selected application's stage (rejected, ghosted, …)",
        id="pick_stage",
    ),
    Binding(
        "h",
        "highlights",
        "Highlights",
        show=False,
        tooltip="edit the interview behind the selection: date, interviewers, highlights",
        id="highlights",
    ),
    Binding(
        "E",
        "edit_record",
        "Edit record",
        show=False,
        tooltip="edit what is behind the selection: the company (Pipeline), the event, "
        "resource, message or interview of an action (Today)",
        id="edit_record",
    ),
    Binding(
        "l",
        "log",
        "Log",
        show=False,
        tooltip="log a call, a coffee chat, a message",
        id="log",
    ),
    Binding(
        "D",
        "delete",
        "Delete",
        show=False,
        tooltip="delete the selected application or contact (u brings it back)",
        id="delete",
    ),
]


class RecordPane(Table):
    """A pane whose rows stand for records (Today's for an action's records)."""

    BINDINGS: ClassVar[list[BindingType]] = RECORD_KEYS

    def selection(self) -> Selection:
        """The application and contact the cursor is on."""
        raise NotImplementedError

    def record(self) -> RecordRef | None:
        """The record the cursor's row is (None in Today, whose rows are actions)."""
        return None

    def action_add(self) -> None:
        self.post_message(AddRequested(self, self.selection()))

    def action_add_child(self) -> None:
        application = self.selection().application_id
        if application is None:
            self.notify("Select an application or a contact first", severity="warning")
            return
        self.post_message(AddRequested(self, Selection(application), "interview"))

    def _application(self) -> int | None:
        application = self.selection().application_id
        if application is None:
            self.notify("Select an application first (Pipeline, or an action)", severity="warning")
        return application

    def action_stage(self, step: int) -> None:
        application = self._application()
        if application is not None:
            self.post_message(StageMoveRequested(self, application, step))

    def action_pick_stage(self) -> None:
        application = self._application()
        if application is not None:
            self.post_message(StagePickRequested(self, application))

    def action_highlights(self) -> None:
        self.post_message(HighlightsRequested(self, None, self.selection().application_id))

    def action_log(self) -> None:
        self.post_message(TouchLogRequested(self, self.selection()))

    def action_edit(self) -> None:
        record = self.record()
        if record is not None:
            self.post_message(RecordEditRequested(self, record))

    def action_delete(self) -> None:
        record = self.record()
        if record is None:
            self.notify(
                "Select an application (Pipeline) or a contact (Contacts) to delete",
                severity="warning",
            )
            return
        self.post_message(RecordDeleteRequested(self, record))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """enter: the record's detail (a pane's own rows only; the message stops here)."""
        event.stop()
        self.open_details()

    def open_details(self) -> None:
        raise NotImplementedError

"""Pipeline and Contacts: panes whose rows are records, where Today's keys work too.

Selecting an application or a contact narrows Today to its actions, so `d` (or `s`, `x`,
`c`, ...) in a side pane acts on the selected Today action: the pane posts the key on to
Today (messages.TodayKeyPressed), with the same words in the key bar and the help.
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual.binding import Binding, BindingType

from followup_tui.tui.messages import (
    DetailsRequested,
    RecordFocused,
    RecordKind,
    RecordRef,
    TodayKeyPressed,
)
from followup_tui.tui.widgets.pane import RecordPane
from followup_tui.tui.widgets.today import DAILY_KEYS


def forwarded(keys: list[Binding]) -> list[BindingType]:
    """Today's keys as a side pane's: the same key and words, posted on to Today."""
    return [replace(key, action=f"today_key({key.action!r})") for key in keys]


class SidePane(RecordPane):
    """Pipeline or Contacts: rows that are records; Today's keys work here too, on the
    selected Today action (which this pane's cursor may have narrowed Today to)."""

    BINDINGS: ClassVar[list[BindingType]] = forwarded(DAILY_KEYS)
    #: What the rows are, for the details (enter), edit and delete messages.
    ROW_KIND: ClassVar[RecordKind] = "application"

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        #: Today has a selected action (given by the app): Today's keys are live.
        self.today_has_action = False

    def record(self) -> RecordRef | None:
        key = self.selected_key()
        return None if key is None else RecordRef(self.ROW_KIND, int(key))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "today_key":
            return True if self.today_has_action else None
        return True

    def action_today_key(self, action: str) -> None:
        self.post_message(TodayKeyPressed(self, action))

    def open_details(self) -> None:
        record = self.record()
        if record is not None:
            self.post_message(DetailsRequested(self, record))

    def _focused_record(self) -> None:
        record = self.record()
        if record is not None:
            self.post_message(RecordFocused(self, record))

    def on_data_table_row_highlighted(self) -> None:
        if self.has_focus:
            self._focused_record()

    def on_focus(self) -> None:
        self._focused_record()

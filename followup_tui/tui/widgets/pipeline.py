"""The Pipeline pane: applications by stage with the strategy strip, next action, last touch.

It owns the stage keys (`>`, `<`, `t`) and adding an interview (`n`), through RecordPane;
moving its cursor narrows Today to the application; Today's keys typed here go on to Today.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message

from followup_tui.tui.messages import (
    DetailsRequested,
    RecordFocused,
    RecordKind,
    RecordRef,
    Selection,
    TodayKeyPressed,
)
from followup_tui.tui.view import (
    DONE,
    DUE,
    NOT_APPLICABLE,
    OVERDUE,
    STRIP_HEADER,
    UPCOMING,
    PipelineLine,
)
from followup_tui.tui.widgets.palette import Palette
from followup_tui.tui.widgets.pane import RecordPane
from followup_tui.tui.widgets.table import Column
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


def strip_text(states: Sequence[str], palette: Palette) -> Text:
    """The eight strategies' states (in STRATEGY_ORDER) as coloured letters."""
    styles = {
        DONE: palette.success,
        DUE: palette.warning + Style(bold=True),
        OVERDUE: palette.error + Style(bold=True),
        UPCOMING: palette.accent,
        NOT_APPLICABLE: palette.muted + Style(dim=True),
    }
    text = Text(no_wrap=True)
    for letter, state in zip(STRIP_HEADER, states, strict=True):
        text.append(letter if state != NOT_APPLICABLE else "·", styles[state])
    return text


class PipelineTable(SidePane):
    """Applications by stage with the strategy strip, next action and last touch."""

    COLUMNS = (
        Column("Stage", 12),
        Column("Company", 9, flex=2),
        Column("Role", 9, flex=3),
        Column(STRIP_HEADER, 8),
        Column("Next", 14, flex=1, optional=True),
        Column("Last touch", 10, optional=True),
        Column("Days", 4, optional=True),
    )

    def show(self, lines: Sequence[PipelineLine], palette: Palette) -> None:
        selected = self.selected_key()
        self.reset()
        for line in lines:
            cells = {
                "Stage": Text(line.stage, style=palette.muted if line.closed else Style()),
                "Company": Text(line.company),
                "Role": Text(line.role),
                STRIP_HEADER: strip_text(line.strip, palette),
                "Next": Text(line.next, style=palette.error if line.next_overdue else Style()),
                "Last touch": Text(line.last_touch),
                "Days": Text(line.days, justify="right"),
            }
            self.add_cells(cells, key=line.key)
        self.keep_cursor(selected)

    @dataclass
    class CompanyEditRequested(Message):
        """`E`: edit the company of the selected application."""

        pipeline: PipelineTable
        application_id: int

        @property
        def control(self) -> PipelineTable:
            return self.pipeline

    def selection(self) -> Selection:
        key = self.selected_key()
        return Selection(int(key) if key else None, None)

    def action_edit_record(self) -> None:
        key = self.selected_key()
        if key is not None:
            self.post_message(self.CompanyEditRequested(self, int(key)))

"""The Pipeline pane: applications by stage with the strategy strip, next action, last touch.

It owns the stage keys (`>`, `<`, `t`) and adding an interview (`n`), through RecordPane;
moving its cursor narrows Today to the application; Today's keys typed here go on to Today.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.message import Message

from followup_tui.tui.messages import Selection
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
from followup_tui.tui.widgets.side_pane import SidePane
from followup_tui.tui.widgets.table import Column


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

    BINDING_GROUP_TITLE = "Pipeline"

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

"""Ask for a day in any friendly form (snooze until ...), showing the parsed date as you type."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from pendulum import Date
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from followup_tui.dates import DateParseError, describe_day, parse_day


@dataclass(frozen=True)
class DatePrompt:
    title: str
    today: Date
    work_days: frozenset[int]


class DateScreen(ModalScreen[Date | None]):
    """Ask for a day in any friendly form, showing the parsed date as you type."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, prompt: DatePrompt) -> None:
        super().__init__()
        self.prompt = prompt

    def compose(self) -> ComposeResult:
        with Vertical(id="date-dialog", classes="dialog"):
            yield Label(Content(self.prompt.title))
            yield Input(placeholder="tomorrow, +3d, +2bd, fri, 2026-12-01", id="date-input")
            yield Label("", id="date-preview")

    def _parse(self, text: str) -> Date:
        return parse_day(text, self.prompt.today, self.prompt.work_days)

    @on(Input.Changed)
    def preview(self, event: Input.Changed) -> None:
        label = self.query_one("#date-preview", Label)
        if not event.value.strip():
            label.update("")
            return
        try:
            day = self._parse(event.value)
        except DateParseError as error:
            label.update(Content(str(error)))
            label.set_class(True, "invalid")
            return
        label.set_class(day <= self.prompt.today, "invalid")
        suffix = "" if day > self.prompt.today else "  (must be after today)"
        label.update(Content(f"→ {describe_day(day)} {day.year}{suffix}"))

    @on(Input.Submitted)
    def submit(self, event: Input.Submitted) -> None:
        try:
            day = self._parse(event.value)
        except DateParseError:
            return
        if day > self.prompt.today:
            self.dismiss(day)

    def action_cancel(self) -> None:
        self.dismiss(None)

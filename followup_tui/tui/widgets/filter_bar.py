"""The filter bar: one line under the panes where `/` types a filter for one of them."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input


class FilterBar(Vertical):
    """Hidden until `/`; every change is posted up, enter keeps the filter."""

    @dataclass
    class Changed(Message):
        """The filter's text is now `text`."""

        bar: FilterBar
        text: str

        @property
        def control(self) -> FilterBar:
            return self.bar

    @dataclass
    class Kept(Message):
        """Enter: the filter stays, the bar goes."""

        bar: FilterBar

        @property
        def control(self) -> FilterBar:
            return self.bar

    def compose(self) -> ComposeResult:
        yield Input(
            placeholder="filter: type to narrow the pane, enter to keep, escape to clear",
            id="filter",
        )

    def open(self, pane: str, text: str) -> None:
        """Show the bar for `pane`, starting from its filter's `text`."""
        self.display = True
        field = self.query_one(Input)
        field.value = text
        field.placeholder = f"filter {pane}: type to narrow, enter keeps, escape clears"
        field.focus()

    def close(self, clear: bool = False) -> None:
        if clear:
            self.query_one(Input).value = ""
        self.display = False

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self, event.value))

    @on(Input.Submitted)
    def _kept(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Kept(self))

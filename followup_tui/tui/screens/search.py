"""Search everything as you type; enter opens the hit."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from followup_tui.text import clean


class SearchScreen(ModalScreen[tuple[str, int] | None]):
    """Search everything as you type; enter opens the hit."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close"),
        Binding("down", "down", "Down", show=False),
        Binding("up", "up", "Up", show=False),
    ]

    def __init__(self, search: Callable[[str], list[tuple[str, int, str, str]]]) -> None:
        super().__init__()
        self.search = search
        self.hits: list[tuple[str, int, str, str]] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="search", classes="dialog"):
            yield Static(
                Content.from_markup(
                    "[b]Search[/b]  companies, applications, people, notes and highlights"
                )
            )
            yield Input(placeholder="type words; the last one may be a prefix", id="search-input")
            yield OptionList(id="search-hits")

    @on(Input.Changed, "#search-input")
    def _typed(self, event: Input.Changed) -> None:
        self.hits = self.search(event.value)
        hits = self.query_one(OptionList)
        hits.clear_options()
        hits.add_options(
            [
                Option(Content(f"{kind:<12} {clean(label)}  ·  {clean(snippet)}"))
                for kind, _ref, label, snippet in self.hits
            ]
        )
        if self.hits:
            hits.highlighted = 0

    @on(Input.Submitted, "#search-input")
    def _enter(self) -> None:
        hits = self.query_one(OptionList)
        if self.hits and hits.highlighted is not None:
            kind, ref, _label, _snippet = self.hits[hits.highlighted]
            self.dismiss((kind, ref))

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        kind, ref, _label, _snippet = self.hits[event.option_index]
        self.dismiss((kind, ref))

    def action_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)

"""The help screen: every key and what it does (and, after an import, what went wrong)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

LEGEND = (
    "Strip letters (Pipeline): T thank-you, L LinkedIn, F follow-up, I share info, "
    "S social, E event, R reply, C check-in. Colour: green done, yellow due, red overdue, "
    "accent upcoming, · not applicable."
)


class HelpScreen(ModalScreen[None]):
    """Every key of the dashboard, from the bindings themselves."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def __init__(
        self, keys: Sequence[tuple[str, str]], title: str = "Keys", legend: str | None = LEGEND
    ) -> None:
        super().__init__()
        self.keys = keys
        self.heading = title
        self.legend = legend

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Content.from_markup("[b]$t[/b]  (escape closes)", t=self.heading))
            width = max((len(key) for key, _ in self.keys), default=0)
            yield Static(
                Content("\n".join(f"{key:>{width}}  {text}" for key, text in self.keys)),
                id="help-keys",
            )
            if self.legend:
                yield Static(Content(self.legend), id="help-legend")


#: What the help lists before the keys: moving about, which is Textual's and the tables'.
MOVING = [
    ("tab / shift+tab", "next / previous pane"),
    ("1 2 3", "Today, Pipeline, Contacts"),
    ("j k ↑ ↓", "move"),
    ("enter", "open the selected item's detail"),
]
PALETTE = ("ctrl+p", "command palette: every action; jump to a contact or application")


def key_lines(bindings: Iterable[Binding]) -> list[tuple[str, str]]:
    """The help's lines: moving about, then each key (its display and tooltip), the palette."""
    keys = [(b.key_display or b.key, b.tooltip or b.description) for b in bindings]
    return [*MOVING, *keys, PALETTE]

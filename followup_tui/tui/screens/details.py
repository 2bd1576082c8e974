"""An application's or a contact's detail: facts, where each strategy stands, the history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from pendulum import Date
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from followup_tui.dates import describe_day
from followup_tui.models import STRATEGY_ORDER, Action, Strategy
from followup_tui.text import clean, printable
from followup_tui.tui.view import SHOWN_CHARACTERS


@dataclass(frozen=True)
class StrategyLine:
    strategy: Strategy
    state: str
    action: Action | None


class DetailScreen(ModalScreen[str | None]):
    """An application's or contact's detail; `d` on a strategy line returns its action key."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close"),
        Binding("d", "done", "Mark done"),
        Binding("j", "down", "Down", show=False),
        Binding("k", "up", "Up", show=False),
    ]

    def __init__(
        self,
        heading: str,
        facts: Sequence[str],
        lines: Sequence[StrategyLine],
        history: Sequence[str],
        today: Date,
        orphans: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self.heading = heading
        self.facts = facts
        self.lines = lines
        #: Each entry one or more lines (a message sent: its heading, then its text indented).
        self.history = history
        self.today = today
        #: Edited drafts whose actions no longer exist, shown this once.
        self.orphans = orphans

    def compose(self) -> ComposeResult:
        with Vertical(id="detail", classes="dialog"):
            yield Static(
                Content.from_markup("[b]$h[/b]", h=clean(self.heading)), id="detail-heading"
            )
            yield Static(
                Content("d marks the selected line done · j/k move · escape closes"),
                id="detail-hint",
            )
            facts = "\n".join(printable(f[:SHOWN_CHARACTERS]) for f in self.facts)
            yield Static(Content(facts), id="detail-facts")
            if self.orphans:
                yield Static(Content(shown(self.orphans)), id="detail-orphans")
            options = [
                Option(Content(self._describe(line)), id=line.strategy.value) for line in self.lines
            ]
            if options:
                yield OptionList(*options, id="detail-strategies")
            with VerticalScroll(id="detail-history"):
                yield Static(Content(shown(self.history) or "No touches yet."))

    def _describe(self, line: StrategyLine) -> str:
        text = f"{line.strategy.label:<11} {line.state:<9}"
        if line.action is not None:
            text += f" {describe_day(line.action.due):<11} {clean(line.action.title)}"
        return text[:96]

    def action_close(self) -> None:
        self.dismiss(None)

    def action_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_done(self) -> None:
        if not self.lines:
            return
        index = self.query_one(OptionList).highlighted
        if index is None:
            return
        line = self.lines[index]
        if line.action is None:
            self.notify(
                f"Nothing to do for {line.strategy.label} now", severity="warning", markup=False
            )
            return
        self.dismiss(line.action.key)


#: How far a line of an entry may be indented (a message's text under its heading).
MAX_INDENT = 8


def shown(entries: Sequence[str]) -> str:
    """Entries of one or more lines as plain text: each line on one line, cleaned of
    control characters, its indentation kept."""
    lines = []
    for entry in entries:
        for line in entry.split("\n"):
            text = line.lstrip(" ")
            lines.append(" " * min(len(line) - len(text), MAX_INDENT) + clean(text))
    return "\n".join(lines)


def strategy_lines(states: dict[Strategy, str], actions: Sequence[Action]) -> list[StrategyLine]:
    first: dict[Strategy, Action] = {}
    for action in sorted(actions, key=lambda a: (a.due, a.key)):
        first.setdefault(action.strategy, action)
    return [StrategyLine(s, states[s], first.get(s)) for s in STRATEGY_ORDER]

"""Modal screens: help, a date prompt, the draft editor and the detail views.

Each modal returns a value through `dismiss`; the app decides what to save.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from pendulum import Date
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from followup_tui.dates import DateParseError, describe_day, parse_day
from followup_tui.models import STRATEGY_ORDER, Action, Strategy
from followup_tui.text import clean, printable
from followup_tui.tui.view import SHOWN_CHARACTERS

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


class DraftEditor(ModalScreen[str | None]):
    """Edit a draft before copying: ctrl+s copies the edited text, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Copy edited draft", priority=True),
        Binding("escape", "cancel", "Cancel", priority=True),
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="editor-dialog", classes="dialog"):
            yield Label(Content(f"Edit: {clean(self.title_text)}   (ctrl+s copy, escape cancel)"))
            yield TextArea(self.text, id="editor", soft_wrap=True)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)


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
    ) -> None:
        super().__init__()
        self.heading = heading
        self.facts = facts
        self.lines = lines
        self.history = history
        self.today = today

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
            options = [
                Option(Content(self._describe(line)), id=line.strategy.value) for line in self.lines
            ]
            if options:
                yield OptionList(*options, id="detail-strategies")
            with VerticalScroll(id="detail-history"):
                yield Static(
                    Content("\n".join(clean(h) for h in self.history) or "No touches yet.")
                )

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


def strategy_lines(states: dict[Strategy, str], actions: Sequence[Action]) -> list[StrategyLine]:
    first: dict[Strategy, Action] = {}
    for action in sorted(actions, key=lambda a: (a.due, a.key)):
        first.setdefault(action.strategy, action)
    return [StrategyLine(s, states[s], first.get(s)) for s in STRATEGY_ORDER]

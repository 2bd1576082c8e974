"""The dashboard's panes: Today, Pipeline and Contacts tables, the draft and the header.

Panes receive plain data (view.py, built by present.py) and never touch the store. Every
cell of user text is a `rich.text.Text`, so names such as `Smith [/] Ltd` are shown as they
are. Nothing here imports pendulum or the store: the first screen is drawn before they load.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.color import Color, ColorParseError
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Static
from textual.widgets.data_table import RowDoesNotExist

from followup_tui.tui.view import (
    DONE,
    DUE,
    ERROR,
    MUTED,
    NOT_APPLICABLE,
    OVERDUE,
    STRIP_HEADER,
    UPCOMING,
    ContactLine,
    DraftText,
    HeaderText,
    PipelineLine,
    TodayRow,
)


@dataclass(frozen=True)
class Palette:
    """Theme colours as Rich styles, refreshed when the theme changes."""

    error: Style
    warning: Style
    success: Style
    muted: Style
    accent: Style

    @classmethod
    def from_variables(cls, variables: Mapping[str, str]) -> Palette:
        def color(name: str, fallback: str) -> Style:
            try:
                return Style(color=Color.parse(variables.get(name, fallback)))
            except ColorParseError:
                return Style(color=fallback)

        return cls(
            error=color("error", "red"),
            warning=color("warning", "yellow"),
            success=color("success", "green"),
            muted=Style(dim=True),
            accent=color("accent", "cyan"),
        )

    def tone(self, name: str) -> Style:
        """The style of a row's tone (view.PLAIN, ERROR or MUTED)."""
        return {ERROR: self.error, MUTED: self.muted}.get(name, Style())


@dataclass(frozen=True)
class Column:
    label: str
    #: The width the column gets when space is short.
    width: int
    #: Share of the spare room; 0 keeps the width fixed.
    flex: int = 0
    #: Dropped (from the right) when even the minimum widths don't fit.
    optional: bool = False


def fit_columns(columns: Sequence[Column], available: int) -> list[tuple[Column, int]]:
    """Widths that fill `available` cells; optional columns go first when space is short."""
    chosen = list(columns)

    def needed(cols: Sequence[Column]) -> int:
        return sum(c.width + 2 for c in cols)

    while needed(chosen) > available and any(c.optional for c in chosen):
        drop = max(i for i, c in enumerate(chosen) if c.optional)
        chosen.pop(drop)
    spare = max(0, available - needed(chosen))
    weights = sum(c.flex for c in chosen)
    widths = []
    given = 0
    flex_columns = [c for c in chosen if c.flex]
    for column in chosen:
        extra = 0
        if column.flex and weights:
            extra = spare * column.flex // weights
            if column is flex_columns[-1]:
                extra = spare - given
            given += extra
        widths.append((column, column.width + extra))
    return widths


class Table(DataTable[Text]):
    """A row-cursor table with vim keys whose columns always fit its width."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_top", "Top", show=False),
        Binding("G", "scroll_bottom", "Bottom", show=False),
    ]
    COLUMNS: ClassVar[tuple[Column, ...]] = ()

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self._layout: list[tuple[Column, int]] = []

    def selected_key(self) -> str | None:
        if self.row_count == 0:
            return None
        row = min(self.cursor_row, self.row_count - 1)
        key = self.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value
        return key

    def reset(self) -> list[tuple[Column, int]]:
        """Clear the rows, refitting the columns to the current width first."""
        available = max(20, self.size.width - 1)
        layout = fit_columns(self.COLUMNS, available)
        if layout != self._layout:
            self.clear(columns=True)
            for column, width in layout:
                self.add_column(column.label, width=width, key=column.label)
            self._layout = layout
        else:
            self.clear()
        return layout

    def add_cells(self, cells: dict[str, Text], key: str) -> None:
        """Add a row from cells by column label, cut to the fitted widths."""
        row = []
        for column, width in self._layout:
            text = cells[column.label].copy()
            text.truncate(width, overflow="ellipsis")
            row.append(text)
        self.add_row(*row, key=key)

    def keep_cursor(self, key: str | None) -> None:
        if key is None or self.row_count == 0:
            return
        try:
            self.move_cursor(row=self.get_row_index(key))
        except RowDoesNotExist:
            self.move_cursor(row=min(self.cursor_row, self.row_count - 1))


class TodayTable(Table):
    """Ranked actions: due, strategy, who, company, why."""

    COLUMNS = (
        Column("Due", 8),
        Column("Strategy", 9),
        Column("Who", 10, flex=2),
        Column("Company", 8, flex=2),
        Column("Why", 12, flex=4, optional=True),
    )

    def show(self, rows: Sequence[TodayRow], palette: Palette, select: str | None = None) -> None:
        selected = select or self.selected_key()
        self.reset()
        for row in rows:
            style = palette.tone(row.tone)
            cells = {
                "Due": row.due,
                "Strategy": row.strategy,
                "Who": row.who,
                "Company": row.company,
                "Why": row.why,
            }
            self.add_cells({k: Text(v, style=style) for k, v in cells.items()}, key=row.key)
        self.keep_cursor(selected)

    def remove_key(self, key: str) -> None:
        """Drop one row and leave the cursor on the row that followed it."""
        try:
            index = self.get_row_index(key)
        except RowDoesNotExist:
            return
        self.remove_row(key)
        if self.row_count:
            self.move_cursor(row=min(index, self.row_count - 1))


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


class PipelineTable(Table):
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


class ContactsTable(Table):
    """People: company, kind, LinkedIn state, last touch and next due."""

    COLUMNS = (
        Column("Name", 10, flex=3),
        Column("Company", 8, flex=2),
        Column("Next due", 12, flex=1),
        Column("Last touch", 10, optional=True),
        Column("LinkedIn", 13, optional=True),
        Column("Kind", 14, optional=True),
    )

    def show(self, lines: Sequence[ContactLine], palette: Palette) -> None:
        selected = self.selected_key()
        self.reset()
        for line in lines:
            cells = {
                "Name": Text(line.name),
                "Company": Text(line.company),
                "Kind": Text(line.kind),
                "LinkedIn": Text(line.linkedin),
                "Last touch": Text(line.last_touch),
                "Next due": Text(line.next_due, style=palette.error if line.overdue else Style()),
            }
            self.add_cells(cells, key=line.key)
        self.keep_cursor(selected)


class DraftView(Static):
    """The selected action's draft: subject and body, as plain text."""

    def show(self, draft: DraftText | None) -> None:
        if draft is None:
            self.update(Content("Nothing selected. Nothing due means you are on top of it."))
            return
        lines = Content.from_markup(
            "[b]$title[/b]\n[dim]$why · due $due · deadline $deadline · key $key[/dim]\n",
            title=draft.title,
            why=draft.why,
            due=draft.due,
            deadline=draft.deadline,
            key=draft.key,
        )
        if draft.needs:
            lines = lines.append(
                Content.from_markup("[$warning]Needs: $needs[/]\n", needs=draft.needs)
            )
        if draft.body is None:
            self.update(lines.append(Content("\nNo draft for this action.")))
            return
        if draft.subject:
            lines = lines.append(
                Content.from_markup("\n[b]Subject:[/b] $subject\n", subject=draft.subject)
            )
        self.update(lines.append(Content("\n" + draft.body)))


class HeaderBar(Static):
    """The day and the counts: overdue, due today, upcoming this week."""

    def show(self, header: HeaderText) -> None:
        content = Content.from_markup(
            "[b]$title[/b]  $day  [$error]$overdue overdue[/]  [$warning]$due due today[/]"
            "  $upcoming upcoming this week",
            title=self.app.title,  # "followup", or "followup — demo"
            day=header.day,
            overdue=header.overdue,
            due=header.due,
            upcoming=header.upcoming,
        )
        if header.narrowed:
            content = content.append(
                Content.from_markup(
                    "   [$accent]showing: $what (esc clears)[/]", what=header.narrowed
                )
            )
        self.update(content)


class KeyBar(Widget):
    """The keys available now, on one line, as Textual's Footer shows them.

    The Footer mounts a widget per key and restyles each one whenever the bindings change,
    which costs more than drawing everything else on the first screen; this draws the same
    keys (disabled ones dimmed) as one line of text. Help, quit and the palette stay on the
    right at any width, the other keys fill what is left; hovering shows a key's tooltip
    and a click presses it.
    """

    ALLOW_SELECT = False
    #: Kept in view on the right however narrow the terminal: where to find everything else.
    PINNED = ("help", "quit")
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "keybar--key",
        "keybar--description",
        "keybar--palette",
    }
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .keybar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .keybar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .keybar--palette {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        #: (first column, last column + 1, binding, enabled) of each key drawn.
        self._spans: list[tuple[int, int, Binding, bool]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: Screen[object]) -> None:
        self.refresh()

    def _keys(self) -> list[tuple[Binding, bool]]:
        """The keys to show (but the palette's), in the bindings' order, with availability."""
        keys: list[tuple[Binding, bool]] = []
        seen: set[str] = set()
        palette = self.app.COMMAND_PALETTE_BINDING
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen or binding.key == palette:
                continue
            seen.add(binding.action)
            keys.append((binding, enabled))
        return keys

    def render(self) -> Text:
        key_style = self.get_component_rich_style("keybar--key")
        description_style = self.get_component_rich_style("keybar--description")
        app = self.app

        def key_text(binding: Binding, enabled: bool) -> Text:
            dim = Style() if enabled else Style(dim=True)
            return Text.assemble(
                (f" {app.get_key_display(binding)} ", key_style + dim),
                (f"{binding.description} ", description_style + dim),
            )

        keys = [(key_text(binding, enabled), binding, enabled) for binding, enabled in self._keys()]
        tail: list[tuple[Text, Binding, bool]] = []
        palette = self.screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
        if palette is not None and app.ENABLE_COMMAND_PALETTE:
            _node, binding, enabled, _tooltip = palette
            text = Text.assemble(
                ("▏", self.get_component_rich_style("keybar--palette")),
                (app.get_key_display(binding), key_style),
                (f" {binding.description}", description_style),
            )
            tail.append((text, binding, enabled))
        width = self.size.width

        def length(items: list[tuple[Text, Binding, bool]]) -> int:
            return sum(text.cell_len for text, _binding, _enabled in items)

        if length(keys) + length(tail) > width:
            # Too narrow for all: help and quit join the palette on the right, and the
            # other keys fill what is left (? lists them all).
            tail = [k for k in keys if k[1].action in self.PINNED] + tail
            keys = [k for k in keys if k[1].action not in self.PINNED]
            room = width - length(tail)
            while keys and length(keys) > room:
                keys.pop()
        line = Text(no_wrap=True, overflow="crop")
        spans: list[tuple[int, int, Binding, bool]] = []
        for index, (text, binding, enabled) in enumerate([*keys, *tail]):
            if index == len(keys):  # the palette's key ends a space from the right edge
                line.append(" " * max(0, width - length(keys) - length(tail) - 1))
            spans.append((line.cell_len, line.cell_len + text.cell_len, binding, enabled))
            line.append_text(text)
        if line.cell_len < width:
            line.append(" ", description_style)
        self._spans = spans
        return line

    def _at(self, x: int) -> tuple[Binding, bool] | None:
        for start, end, binding, enabled in self._spans:
            if start <= x < end:
                return binding, enabled
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        found = self._at(event.x)
        self.tooltip = (found[0].tooltip or found[0].description) if found else None

    def on_mouse_down(self, event: events.MouseDown) -> None:
        found = self._at(event.x)
        if found is None:
            return
        binding, enabled = found
        if enabled:
            self.app.simulate_key(binding.key)
        else:
            self.app.bell()

"""The dashboard's panes: Today, Pipeline and Contacts tables, the draft and the header.

Panes receive plain data (attributes down) and never touch the store. Every cell of user
text is a `rich.text.Text`, so names such as `Smith [/] Ltd` are shown as they are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from pendulum import Date
from rich.color import Color, ColorParseError
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Static
from textual.widgets.data_table import RowDoesNotExist

from followup_tui.dates import describe_day
from followup_tui.models import STRATEGY_ORDER, Action, Draft, Status, Strategy, printable
from followup_tui.store import ContactRow, PipelineRow

#: One letter per strategy for the pipeline's strip, in STRATEGY_ORDER.
STRIP_LETTERS = {
    Strategy.THANK_YOU: "T",
    Strategy.LINKEDIN: "L",
    Strategy.FOLLOW_UP: "F",
    Strategy.SHARE_INFO: "I",
    Strategy.SOCIAL: "S",
    Strategy.EVENT: "E",
    Strategy.REPLY: "R",
    Strategy.CHECK_IN: "C",
}
STRIP_HEADER = "".join(STRIP_LETTERS.values())
#: The most of one text (a draft, a detail's facts) a pane shows; the rest is summarised.
SHOWN_CHARACTERS = 20_000
#: Where a strategy stands for one application.
DONE, DUE, OVERDUE, UPCOMING, NOT_APPLICABLE = "done", "due", "overdue", "upcoming", "n/a"


def clean(text: str | None) -> str:
    """One line of user text without control characters."""
    return printable(text or "", keep_newlines=False)


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


def _when(action: Action, today: Date) -> str:
    if action.status(today) is Status.OVERDUE:
        late = today.toordinal() - action.deadline.toordinal()
        return f"{late}d late"
    if action.due <= today:
        return "today"
    return describe_day(action.due)


class TodayTable(Table):
    """Ranked actions: due, strategy, who, company, why."""

    COLUMNS = (
        Column("Due", 8),
        Column("Strategy", 9),
        Column("Who", 10, flex=2),
        Column("Company", 8, flex=2),
        Column("Why", 12, flex=4, optional=True),
    )

    def show(
        self, actions: Sequence[Action], today: Date, palette: Palette, select: str | None = None
    ) -> None:
        selected = select or self.selected_key()
        self.reset()
        for action in actions:
            style = Style()
            if action.held:
                style = palette.muted
            elif action.status(today) is Status.OVERDUE:
                style = palette.error
            why = action.held or action.why
            if action.needs and not action.held:
                why = f"{why} [{action.needs}]"
            cells = {
                "Due": _when(action, today),
                "Strategy": action.strategy.label,
                "Who": clean(action.contact_name) or "—",
                "Company": clean(action.company) or "—",
                "Why": clean(why),
            }
            self.add_cells({k: Text(v, style=style) for k, v in cells.items()}, key=action.key)
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


def strip_states(
    app_id: int,
    actions_by_app: Mapping[int, Sequence[Action]],
    done: frozenset[Strategy],
    today: Date,
) -> dict[Strategy, str]:
    """Where each of the eight strategies stands for one application."""
    states = {
        strategy: (DONE if strategy in done else NOT_APPLICABLE) for strategy in STRATEGY_ORDER
    }
    order = {OVERDUE: 0, DUE: 1, UPCOMING: 2}
    for action in actions_by_app.get(app_id, ()):
        status = action.status(today)
        state = {Status.OVERDUE: OVERDUE, Status.DUE: DUE, Status.UPCOMING: UPCOMING}[status]
        current = states[action.strategy]
        if current not in order or order[state] < order[current]:
            states[action.strategy] = state
    return states


def strip_text(states: Mapping[Strategy, str], palette: Palette) -> Text:
    styles = {
        DONE: palette.success,
        DUE: palette.warning + Style(bold=True),
        OVERDUE: palette.error + Style(bold=True),
        UPCOMING: palette.accent,
        NOT_APPLICABLE: palette.muted + Style(dim=True),
    }
    text = Text(no_wrap=True)
    for strategy in STRATEGY_ORDER:
        state = states[strategy]
        letter = STRIP_LETTERS[strategy] if state != NOT_APPLICABLE else "·"
        text.append(letter, styles[state])
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

    def show(
        self,
        rows: Sequence[PipelineRow],
        actions_by_app: Mapping[int, Sequence[Action]],
        done: Mapping[int, frozenset[Strategy]],
        today: Date,
        palette: Palette,
    ) -> None:
        selected = self.selected_key()
        self.reset()
        for row in rows:
            app = row.app
            coming = actions_by_app.get(app.id, ())
            following = min(coming, key=lambda a: (a.due, a.key), default=None)
            next_style = Style()
            if following is not None and following.status(today) is Status.OVERDUE:
                next_style = palette.error
            states = strip_states(app.id, actions_by_app, done.get(app.id, frozenset()), today)
            cells = {
                "Stage": Text(
                    app.stage.value, style=palette.muted if app.stage.closed else Style()
                ),
                "Company": Text(clean(app.company)),
                "Role": Text(clean(app.role)),
                STRIP_HEADER: strip_text(states, palette),
                "Next": Text(
                    f"{following.strategy.label} {_when(following, today)}" if following else "—",
                    style=next_style,
                ),
                "Last touch": Text(describe_day(row.last_touch) if row.last_touch else "—"),
                "Days": Text(
                    str(today.toordinal() - row.last_touch.toordinal()) if row.last_touch else "—",
                    justify="right",
                ),
            }
            self.add_cells(cells, key=str(app.id))
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

    def show(
        self,
        rows: Sequence[ContactRow],
        next_due: Mapping[int, Action],
        today: Date,
        palette: Palette,
    ) -> None:
        selected = self.selected_key()
        self.reset()
        for row in rows:
            contact = row.contact
            following = next_due.get(contact.id)
            due_style = Style()
            if following is not None and following.status(today) is Status.OVERDUE:
                due_style = palette.error
            cells = {
                "Name": Text(clean(contact.name)),
                "Company": Text(clean(contact.company) or "—"),
                "Kind": Text(contact.kind.value),
                "LinkedIn": Text(contact.linkedin_state.value),
                "Last touch": Text(describe_day(row.last_touch) if row.last_touch else "—"),
                "Next due": Text(
                    f"{following.strategy.label} {_when(following, today)}" if following else "—",
                    style=due_style,
                ),
            }
            self.add_cells(cells, key=str(contact.id))
        self.keep_cursor(selected)


class DraftView(Static):
    """The selected action's draft: subject and body, as plain text."""

    def show(self, action: Action | None, draft: Draft | None, today: Date) -> None:
        if action is None:
            self.update(Content("Nothing selected. Nothing due means you are on top of it."))
            return
        lines = Content.from_markup(
            "[b]$title[/b]\n[dim]$why · due $due · deadline $deadline · key $key[/dim]\n",
            title=clean(action.title),
            why=clean(action.held or action.why),
            due=describe_day(action.due),
            deadline=describe_day(action.deadline),
            key=action.key,
        )
        if action.needs:
            lines = lines.append(
                Content.from_markup("[$warning]Needs: $needs[/]\n", needs=action.needs)
            )
        if draft is None:
            self.update(lines.append(Content("\nNo draft for this action.")))
            return
        # A screenful is enough to read; wrapping a megabyte on every repaint is not.
        body = printable(draft.body[:SHOWN_CHARACTERS])
        if len(draft.body) > SHOWN_CHARACTERS:
            hidden = len(draft.body) - SHOWN_CHARACTERS
            body += f"\n… {hidden:,} more characters (c copies them all)"
        if draft.subject:
            lines = lines.append(
                Content.from_markup("\n[b]Subject:[/b] $subject\n", subject=clean(draft.subject))
            )
        self.update(lines.append(Content("\n" + body)))


class HeaderBar(Static):
    """The day and the counts: overdue, due today, upcoming this week."""

    def show(self, today: Date, counts: Mapping[Status, int], narrowed: str | None) -> None:
        content = Content.from_markup(
            "[b]followup[/b]  $day  [$error]$overdue overdue[/]  [$warning]$due due today[/]"
            "  $upcoming upcoming this week",
            day=f"{describe_day(today)} {today.year}",
            overdue=counts.get(Status.OVERDUE, 0),
            due=counts.get(Status.DUE, 0),
            upcoming=counts.get(Status.UPCOMING, 0),
        )
        if narrowed:
            content = content.append(
                Content.from_markup(
                    "   [$accent]showing: $what (esc clears)[/]", what=clean(narrowed)
                )
            )
        self.update(content)

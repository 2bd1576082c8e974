"""The table every pane is: a row cursor, vim keys, and columns that always fit its width."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.coordinate import Coordinate
from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist


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

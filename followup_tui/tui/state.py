"""The dashboard's own state: filters per pane, narrowing, the selection to restore after a
repaint and the undo stack. Plain Python, no Textual. (Edited drafts are kept in the store.)

Undo entries hold the store's change id: `u` asks the store to take back that change of its
history, so nothing but a name and a number is kept here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pendulum import Date

    from followup_tui.models import Action

#: The three panes a filter (/) can narrow, by their widget ids.
PANES = ("today", "pipeline", "contacts")


@dataclass(frozen=True)
class Narrow:
    """Today limited to one application's or contact's actions."""

    kind: str
    id: int
    label: str

    def keeps(self, action: Action) -> bool:
        if self.kind == "application":
            return action.application_id == self.id
        return action.contact_id == self.id


@dataclass(frozen=True)
class Undo:
    """One step `u` can take back: what it was, and its entry in the stored history."""

    what: str
    change_id: int
    #: The Today action to select afterwards (the one a done, snooze or skip removed).
    select: str | None = None


def today_title(total: int, shown: int) -> str:
    more = f", first {shown}" if total > shown else ""
    return f"Today ({total}{more})"


class DashboardState:
    """What the dashboard remembers between repaints (the data itself is the snapshot's)."""

    def __init__(self) -> None:
        self.filters = {pane: "" for pane in PANES}
        #: The pane the filter bar is typing into.
        self.filter_target = "today"
        self.narrow: Narrow | None = None
        #: A key to put the Today cursor on at the next repaint (the action an undo restored).
        self.select_next: str | None = None
        self.undo_stack: list[Undo] = []

    # --- filters -------------------------------------------------------------------------------

    def start_filter(self, pane: str | None) -> str:
        """Point the filter bar at `pane` (Today when it isn't one); the text it starts with."""
        self.filter_target = pane if pane in PANES else "today"
        return self.filters[self.filter_target]

    def set_filter(self, text: str) -> bool:
        """The filter bar's text for its pane; True when that pane is read from the store
        again (Pipeline, Contacts), False when Today is filtered from what is loaded."""
        self.filters[self.filter_target] = text
        return self.filter_target != "today"

    def clear_filters(self) -> bool:
        """Every filter emptied; True if any held text (the side panes need a new read)."""
        had = any(self.filters.values())
        self.filters = {pane: "" for pane in PANES}
        return had

    def filter_by_company(self, name: str) -> None:
        """The pipeline limited to one company (a search hit on the company)."""
        self.filters["pipeline"] = name

    # --- Today ---------------------------------------------------------------------------------

    def today_actions(self, actions: Iterable[Action], today: Date) -> list[Action]:
        """The actions Today lists: due by `today`, narrowed, matching every filter word."""
        words = self.filters["today"].casefold().split()
        chosen = []
        for action in actions:
            if action.due > today:
                continue
            if self.narrow is not None and not self.narrow.keeps(action):
                continue
            if words:
                haystack = " ".join(
                    [action.title, action.why, action.company or "", action.strategy.value]
                ).casefold()
                if not all(word in haystack for word in words):
                    continue
            chosen.append(action)
        return chosen

    def shows_everything_due(self) -> bool:
        """Today is neither narrowed nor filtered (its title may give the full count)."""
        return self.narrow is None and not self.filters["today"]

    def take_selection(self) -> str | None:
        """The key to select at this repaint, once."""
        key, self.select_next = self.select_next, None
        return key

    # --- undo ----------------------------------------------------------------------------------

    def offer_undo(self, what: str, change_id: int, select: str | None = None) -> None:
        self.undo_stack.append(Undo(what, change_id, select))

    def can_undo(self) -> bool:
        return bool(self.undo_stack)

    def take_undo(self) -> Undo | None:
        """The newest step, off the stack (a refused undo is not offered again)."""
        return self.undo_stack.pop() if self.undo_stack else None

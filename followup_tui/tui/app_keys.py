"""The app-wide keys: the panes, undo, search, settings, templates, filter, help, quit.

Every other key is a pane's own (widgets/); all of them are listed, in one order, by the
key bar, the help screen and the palette (key_order.py).
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

APP_KEYS: list[BindingType] = [
    Binding(
        "u",
        "undo",
        "Undo",
        tooltip="undo the last change: done, snooze, skip, add, edit, stage, delete, …",
        id="undo",
    ),
    Binding("ctrl+f", "search", "Search", show=False, tooltip="search everything", id="search"),
    Binding(
        "f2",
        "settings",
        "Settings",
        show=False,
        tooltip="your name, work days, cadences",
        id="settings",
    ),
    Binding(
        "f3",
        "templates",
        "Templates",
        show=False,
        tooltip="edit the drafts' templates",
        id="templates",
    ),
    Binding(
        "slash",
        "filter",
        "Filter",
        key_display="/",
        tooltip="filter the focused pane",
        id="filter",
    ),
    Binding(
        "escape",
        "clear",
        "Clear",
        show=False,
        tooltip="clear the filter and show all of Today again",
        id="clear",
    ),
    Binding("question_mark", "help", "Help", key_display="?", tooltip="this screen", id="help"),
    Binding("q", "quit", "Quit", tooltip="quit", id="quit"),
    Binding("1", "focus_pane('today')", "Today", show=False),
    Binding("2", "focus_pane('pipeline')", "Pipeline", show=False),
    Binding("3", "focus_pane('contacts')", "Contacts", show=False),
]

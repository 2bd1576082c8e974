"""Every key of the dashboard, declared once: the key bar, the help screen and the palette
are all built from this list."""

from __future__ import annotations

from textual.binding import Binding, BindingType

BINDINGS: list[BindingType] = [
    Binding("d", "done", "Done", tooltip="mark the selected action done (records the touch)"),
    Binding("c", "copy", "Copy draft", tooltip="copy the draft to the clipboard"),
    Binding("s", "snooze", "Snooze", tooltip="snooze to the next business day"),
    Binding("S", "snooze_until", "Snooze to…", show=False, tooltip="snooze to a day you type"),
    Binding("x", "skip", "Skip", tooltip="skip this action for good"),
    Binding(
        "u",
        "undo",
        "Undo",
        tooltip="undo the last change: done, snooze, skip, add, edit, stage, delete, …",
    ),
    Binding(
        "e",
        "edit",
        "Edit",
        tooltip="edit the selected item: in Today its draft (then copy it with ctrl+s)",
    ),
    Binding("a", "add", "Add", tooltip="add an application, contact, interview, message, …"),
    Binding(
        "n",
        "add_child",
        "New child",
        show=False,
        tooltip="add an interview to the selected application, a message from the contact",
    ),
    Binding(
        "greater_than_sign",
        "stage(1)",
        "Stage →",
        show=False,
        key_display=">",
        tooltip="move the selected application to the next stage",
    ),
    Binding(
        "less_than_sign",
        "stage(-1)",
        "Stage ←",
        show=False,
        key_display="<",
        tooltip="move the selected application back a stage",
    ),
    Binding(
        "t",
        "pick_stage",
        "Set stage",
        show=False,
        tooltip="set the selected application's stage (rejected, ghosted, …)",
    ),
    Binding(
        "h",
        "highlights",
        "Highlights",
        show=False,
        tooltip="edit the interview behind the selection: date, interviewers, highlights",
    ),
    Binding(
        "E",
        "edit_record",
        "Edit record",
        show=False,
        tooltip="edit what is behind the selection: the company (Pipeline), the event, "
        "resource, message or interview of an action (Today)",
    ),
    Binding("l", "log", "Log", show=False, tooltip="log a call, a coffee chat, a message"),
    Binding(
        "D",
        "delete",
        "Delete",
        show=False,
        tooltip="delete the selected application or contact (u brings it back)",
    ),
    Binding("ctrl+f", "search", "Search", show=False, tooltip="search everything"),
    Binding("f2", "settings", "Settings", show=False, tooltip="your name, work days, cadences"),
    Binding("f3", "templates", "Templates", show=False, tooltip="edit the drafts' templates"),
    Binding(
        "ctrl+e",
        "edit_external",
        "Edit in $EDITOR",
        show=False,
        tooltip="edit the draft in $VISUAL or $EDITOR, then copy it",
    ),
    Binding("slash", "filter", "Filter", key_display="/", tooltip="filter the focused pane"),
    Binding(
        "escape",
        "clear",
        "Clear",
        show=False,
        tooltip="clear the filter and show all of Today again",
    ),
    Binding("question_mark", "help", "Help", key_display="?", tooltip="this screen"),
    Binding("q", "quit", "Quit", tooltip="quit"),
    Binding("1", "focus_pane('today')", "Today", show=False),
    Binding("2", "focus_pane('pipeline')", "Pipeline", show=False),
    Binding("3", "focus_pane('contacts')", "Contacts", show=False),
]

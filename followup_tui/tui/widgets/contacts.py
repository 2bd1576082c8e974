"""The Contacts pane: people, their company, kind, LinkedIn state, last touch and next due.

It owns logging a touch (`l`) and adding a message received (`n`); moving its cursor
narrows Today to the person; Today's keys typed here go on to Today.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text

from followup_tui.tui.messages import AddRequested, RecordEditRequested, Selection
from followup_tui.tui.view import ContactLine
from followup_tui.tui.widgets.palette import Palette
from followup_tui.tui.widgets.side_pane import SidePane
from followup_tui.tui.widgets.table import Column


class ContactsTable(SidePane):
    """People: company, kind, LinkedIn state, last touch and next due."""

    BINDING_GROUP_TITLE = "Contacts"

    ROW_KIND = "contact"
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

    def selection(self) -> Selection:
        key = self.selected_key()
        return Selection(None, int(key) if key else None)

    def action_add_child(self) -> None:
        contact = self.selection().contact_id
        if contact is None:
            self.notify("Select an application or a contact first", severity="warning")
            return
        self.post_message(AddRequested(self, Selection(None, contact), "message"))

    def action_edit_record(self) -> None:
        record = self.record()
        if record is not None:
            self.post_message(RecordEditRequested(self, record))

"""What the panes show from the snapshot: Today narrowed and filtered, the pipeline, the
contacts, the header and the selected action's draft ("attributes down").

The app owns the snapshot and the dashboard's state; this turns them into the panes'
plain view data (present.py) and hands it to the widgets.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from pendulum import Date

from followup_tui import playbook
from followup_tui.models import Action, Draft, Need
from followup_tui.tui import present, snapshot
from followup_tui.tui.messages import RecordRef
from followup_tui.tui.snapshot import Snapshot
from followup_tui.tui.state import Narrow, today_title
from followup_tui.tui.widgets.contacts import ContactsTable
from followup_tui.tui.widgets.draft import DraftView
from followup_tui.tui.widgets.header import HeaderBar
from followup_tui.tui.widgets.palette import Palette
from followup_tui.tui.widgets.pipeline import PipelineTable
from followup_tui.tui.widgets.today import TodayTable

if TYPE_CHECKING:
    from followup_tui.tui.state import DashboardState


@dataclass(frozen=True)
class Panes:
    """The widgets the snapshot is drawn into."""

    today: TodayTable
    pipeline: PipelineTable
    contacts: ContactsTable
    draft: DraftView
    header: HeaderBar


class Painter:
    """Draws a snapshot and the dashboard's state into the panes."""

    def __init__(self, panes: Panes, state: DashboardState) -> None:
        self.panes = panes
        self.state = state
        self.snapshot: Snapshot | None = None
        self.day: Date | None = None
        self.palette = Palette.from_variables({})

    def load(self, data: Snapshot, day: Date) -> None:
        """A new snapshot: Today's pane gets the actions behind its rows."""
        self.snapshot = data
        self.day = day
        today = self.panes.today
        today.actions = {action.key: action for action in data.actions}
        today.day = day
        today.work_days = data.settings.work_weekdays

    def draft_for(self, action: Action) -> Draft | None:
        """The action's draft: as the user edited it (kept in the store), or from its
        template."""
        if self.snapshot is None or self.day is None:
            return None
        return present.draft_of(action, self.snapshot, self.day)

    def needs_of(self, action: Action) -> tuple[Need, ...]:
        """What the action's draft still needs (as edited, if it was)."""
        if self.snapshot is None or self.day is None:
            return ()
        return present.needs_of(action, self.snapshot, self.day)

    def keep_edit(self, key: str, subject: str, body: str) -> None:
        """An edit just saved: drawn at once, before the next read brings it from the store."""
        if self.snapshot is not None:
            edits = {**self.snapshot.edits, key: (subject, body)}
            self.snapshot = replace(self.snapshot, edits=edits)

    def all(self) -> None:
        data, day = self.snapshot, self.day
        if data is None or day is None:
            return
        self.today()
        pipeline, contacts = self.panes.pipeline, self.panes.contacts
        if data.complete:
            by_app: dict[int, list[Action]] = {}
            next_for_contact: dict[int, Action] = {}
            for action in data.actions:
                if action.application_id is not None:
                    by_app.setdefault(action.application_id, []).append(action)
                if action.contact_id is not None:
                    best = next_for_contact.get(action.contact_id)
                    if best is None or action.due < best.due:
                        next_for_contact[action.contact_id] = action
            lines = [present.pipeline_line(r, by_app, data.done, day) for r in data.pipeline]
            pipeline.show(lines, self.palette)
            pipeline.border_title = present.count_title(
                "Pipeline", len(data.pipeline), data.pipeline_total
            )
            people = [present.contact_line(r, next_for_contact, day) for r in data.contacts]
            contacts.show(people, self.palette)
            contacts.border_title = present.count_title(
                "Contacts", len(data.contacts), data.contacts_total
            )
        else:
            pipeline.border_title = "Pipeline (loading…)"
            contacts.border_title = "Contacts (loading…)"
        self.header()
        self.draft()

    def today(self) -> None:
        """Today's rows: narrowed and filtered, the first page of them."""
        data, day = self.snapshot, self.day
        assert data is not None and day is not None
        table = self.panes.today
        shown = self.state.today_actions(data.actions, day)
        page = shown[: snapshot.TODAY_PAGE]
        rows = present.today_rows(page, day, self.needs_of)
        table.show(rows, self.palette, self.state.take_selection())
        total = len(shown)
        if data.due_total is not None and self.state.shows_everything_due():
            total = data.due_total
        table.border_title = today_title(total, len(page))

    def header(self) -> None:
        data, day = self.snapshot, self.day
        if data is None or day is None:
            return
        counts = data.counts or playbook.counts(data.actions, day)
        narrowed = self.state.narrow.label if self.state.narrow else None
        self.panes.header.show(present.header_text(day, counts, narrowed))

    def draft(self) -> None:
        action = self.panes.today.selected_action()
        shown = None if action is None else present.draft_text(action, self.draft_for(action))
        self.panes.draft.show(shown)

    def narrow_to(self, record: RecordRef) -> None:
        """Today limited to the actions of the application or contact a side pane is on."""
        data = self.snapshot
        if data is None:
            return
        if record.kind == "application":
            row = next((r for r in data.pipeline if r.app.id == record.id), None)
            if row is not None:
                label = f"{row.app.company} — {row.app.role}"
                self.narrow(Narrow("application", row.app.id, label))
        else:
            person = next((r for r in data.contacts if r.contact.id == record.id), None)
            if person is not None:
                self.narrow(Narrow("contact", person.contact.id, person.contact.name))

    def narrow(self, narrow: Narrow | None) -> None:
        self.state.narrow = narrow
        if self.snapshot is None:
            return
        self.today()
        self.header()
        self.draft()

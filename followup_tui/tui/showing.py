"""What the panes show from the snapshot: Today narrowed and filtered, the pipeline, the
contacts, the header and the selected action's draft.

A mixin of FollowupApp (app.py): the app owns the snapshot and the widgets; this turns one
into the other, through present.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from followup_tui import drafts, models, playbook
from followup_tui.models import Action, Draft
from followup_tui.tui import present, snapshot
from followup_tui.tui.panes import (
    ContactsTable,
    DraftView,
    HeaderBar,
    PipelineTable,
    Table,
    TodayTable,
)
from followup_tui.tui.part import AppPart


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


def today_title(total: int, shown: int) -> str:
    more = f", first {shown}" if total > shown else ""
    return f"Today ({total}{more})"


class Showing(AppPart):
    def today_actions(self) -> list[Action]:
        app = self.dashboard
        if app.snapshot is None:
            return []
        text = app.filters["today"].casefold().split()
        chosen = []
        for action in app.snapshot.actions:
            if action.due > app.today:
                continue
            if app.narrow is not None and not app.narrow.keeps(action):
                continue
            if text:
                haystack = " ".join(
                    [action.title, action.why, action.company or "", action.strategy.value]
                ).casefold()
                if not all(word in haystack for word in text):
                    continue
            chosen.append(action)
        return chosen

    def render_all(self) -> None:
        app = self.dashboard
        data = app.snapshot
        if data is None:
            return
        app._show_today()
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
            pipeline = app.query_one(PipelineTable)
            lines = [present.pipeline_line(r, by_app, data.done, app.today) for r in data.pipeline]
            pipeline.show(lines, app.palette)
            pipeline.border_title = present.count_title(
                "Pipeline", len(data.pipeline), data.pipeline_total
            )
            contacts = app.query_one(ContactsTable)
            people = [present.contact_line(r, next_for_contact, app.today) for r in data.contacts]
            contacts.show(people, app.palette)
            contacts.border_title = present.count_title(
                "Contacts", len(data.contacts), data.contacts_total
            )
        else:
            app.query_one(PipelineTable).border_title = "Pipeline (loading…)"
            app.query_one(ContactsTable).border_title = "Contacts (loading…)"
        app.render_header()
        app.render_draft()

    def _show_today(self) -> None:
        """Today's rows: narrowed and filtered, the first page of them."""
        app = self.dashboard
        assert app.snapshot is not None
        table = app.query_one(TodayTable)
        shown = app.today_actions()
        page = shown[: snapshot.TODAY_PAGE]
        table.show(present.today_rows(page, app.today), app.palette, app.select_next)
        app.select_next = None
        total = len(shown)
        data = app.snapshot
        if data.due_total is not None and app.narrow is None and not app.filters["today"]:
            total = data.due_total
        table.border_title = today_title(total, len(page))

    def render_header(self) -> None:
        app = self.dashboard
        if app.snapshot is None:
            return
        counts = app.snapshot.counts or playbook.counts(app.snapshot.actions, app.today)
        narrowed = app.narrow.label if app.narrow else None
        app.query_one(HeaderBar).show(present.header_text(app.today, counts, narrowed))

    def selected_action(self) -> Action | None:
        app = self.dashboard
        key = app.query_one(TodayTable).selected_key()
        return None if key is None else app._by_key.get(key)

    def draft_for(self, action: Action) -> Draft | None:
        app = self.dashboard
        if app.snapshot is None:
            return None
        if action.key in app.edited:
            edited = app.edited[action.key]
            return models.Draft(subject="", body=edited)
        return drafts.render(action, app.snapshot.settings, app.today, app.snapshot.templates)

    def render_draft(self) -> None:
        app = self.dashboard
        action = app.selected_action()
        shown = None if action is None else present.draft_text(action, app.draft_for(action))
        app.query_one(DraftView).show(shown)

    def narrow_to(self, table: Table) -> None:
        """Selecting an application or a contact narrows Today to its actions."""
        app = self.dashboard
        if app.snapshot is None:
            return
        key = table.selected_key()
        if key is None:
            return
        if isinstance(table, PipelineTable):
            row = next((r for r in app.snapshot.pipeline if str(r.app.id) == key), None)
            if row is not None:
                app.set_narrow(
                    Narrow("application", row.app.id, f"{row.app.company} — {row.app.role}")
                )
        else:
            person = next((r for r in app.snapshot.contacts if str(r.contact.id) == key), None)
            if person is not None:
                app.set_narrow(Narrow("contact", person.contact.id, person.contact.name))

    def set_narrow(self, narrow: Narrow | None) -> None:
        app = self.dashboard
        app.narrow = narrow
        if app.snapshot is None:
            return
        app._show_today()
        app.render_header()
        app.render_draft()

"""The dashboard's screen: the panes, what they show, and where their messages go.

It composes the panes (widgets/), reads the snapshot in a worker and hands it down
(paint.py), and routes every message the panes post to the flow that writes it through
the store (review.py, record_flows.py, record_edits.py, detail_flows.py), on the app it
was given as a `Host` (host.py). The app keeps the start-up, the guarded writes and the
app-wide keys.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer

from followup_tui.models import Action
from followup_tui.tui import messages, review, snapshot
from followup_tui.tui.paint import Painter, Panes
from followup_tui.tui.snapshot import Snapshot
from followup_tui.tui.widgets.contacts import ContactsTable
from followup_tui.tui.widgets.draft import DraftView
from followup_tui.tui.widgets.filter_bar import FilterBar
from followup_tui.tui.widgets.header import HeaderBar
from followup_tui.tui.widgets.key_bar import KeyBar
from followup_tui.tui.widgets.pane import RecordPane
from followup_tui.tui.widgets.pipeline import PipelineTable
from followup_tui.tui.widgets.today import TodayTable

if TYPE_CHECKING:
    from followup_tui.tui.host import Host

#: After d, s, x or u the screen repaints at once; the recompute waits this long, so a
#: quick run of keys costs one recompute, not one per key.
SETTLE_SECONDS = 0.4


class DashboardScreen(Screen[None]):
    """Today and its draft over the pipeline and the contacts, a filter bar and the keys."""

    def __init__(self, host: Host) -> None:
        super().__init__(id="_default")
        self.host = host
        self.panes = Panes(
            TodayTable(id="today"),
            PipelineTable(id="pipeline"),
            ContactsTable(id="contacts"),
            DraftView(id="draft"),
            HeaderBar(id="header"),
        )
        self.painter = Painter(self.panes, host.state)
        self.panes.today.drafts = self.painter.draft_for
        self._settle: Timer | None = None
        self._bindings_signature: tuple[bool, bool] | None = None
        #: The name prompt was offered (or found skipped) in this session.
        self._name_asked = False

    def layout_panes(self) -> ComposeResult:
        """The panes, for the app's compose (which mounts them here before its on_mount)."""
        panes = self.panes
        yield panes.header
        with Horizontal(id="top"):
            yield panes.today
            with VerticalScroll(id="draft-pane", can_focus=False):
                yield panes.draft
        with Horizontal(id="bottom"):
            yield panes.pipeline
            yield panes.contacts
        yield FilterBar(id="filter-bar")
        yield KeyBar()

    # --- data ---------------------------------------------------------------------------------

    def compute(self) -> Snapshot:
        """Read everything the panes show; safe to run in a worker thread."""
        host = self.host
        filters = host.state.filters
        return snapshot.compute(
            host.store, host.today, host.db_lock, filters["pipeline"], filters["contacts"]
        )

    def refresh_data(self) -> None:
        """Recompute from the database and repaint every pane."""
        if self._settle is not None:
            self._settle.stop()
            self._settle = None
        if self.host.threaded:
            self._refresh_worker()
        else:
            self.host.apply(self.compute())

    def refresh_soon(self) -> None:
        """Recompute once the user pauses (the screen has already been updated by hand)."""
        if not self.host.threaded:
            self.refresh_data()
            return
        if self._settle is not None:
            self._settle.stop()
        self._settle = self.set_timer(SETTLE_SECONDS, self.refresh_data)

    @work(thread=True, exclusive=True, group="refresh", exit_on_error=False)
    def _refresh_worker(self) -> None:
        data = self.compute()
        self.app.call_from_thread(self.host.apply, data)

    def apply(self, data: Snapshot) -> None:
        """Paint what a read found (the app's `apply` brings every read here)."""
        if data.setting_warnings and data.setting_warnings != getattr(
            self.painter.snapshot, "setting_warnings", ()
        ):
            warned = "; ".join(data.setting_warnings)
            self.notify(f"Settings: {warned} (f2 fixes them)", severity="warning", markup=False)
        self.painter.load(data, self.host.today)
        self.render_all()
        self.update_bindings()
        if not data.complete:
            # After the first paint, so the full read doesn't compete with it.
            self.call_after_refresh(self.refresh_data)

    def on_resize(self) -> None:
        # Column widths follow the panes' sizes, known only after the new layout.
        self.call_after_refresh(self.render_all)

    # --- what the panes show --------------------------------------------------------------------

    def render_all(self) -> None:
        self.painter.palette = self.host.palette
        self.painter.all()

    def work_days(self) -> frozenset[int]:
        data = self.painter.snapshot
        return data.settings.work_weekdays if data else self.host.store.settings().work_weekdays

    def selected_action(self) -> Action | None:
        return self.panes.today.selected_action()

    def update_bindings(self) -> None:
        """Refresh the key bar (and the help, the palette) only when what is available changed."""
        has_action = self.selected_action() is not None
        self.panes.pipeline.today_has_action = has_action
        self.panes.contacts.today_has_action = has_action
        signature = (has_action, self.host.state.can_undo())
        if signature != self._bindings_signature:
            self._bindings_signature = signature
            self.refresh_bindings()

    def focus_pane(self, pane: str) -> None:
        self.query_one(f"#{pane}", RecordPane).focus()

    def key_pane(self) -> RecordPane:
        """The pane whose keys are live: the focused one, or Today."""
        focused = self.focused
        return focused if isinstance(focused, RecordPane) else self.panes.today

    def open_filter(self) -> None:
        focused = self.focused
        state = self.host.state
        text = state.start_filter(focused.id if focused is not None else None)
        self.query_one(FilterBar).open(state.filter_target, text)

    def clear(self) -> None:
        """escape: close the filter bar (clearing it); or clear every filter and narrowing."""
        bar = self.query_one(FilterBar)
        if bar.display:
            bar.close(clear=True)
            self.focus_pane(self.host.state.filter_target)
            return
        if self.host.state.clear_filters():
            self.refresh_data()
        self.painter.narrow(None)

    # --- what the panes ask for ---------------------------------------------------------------

    @on(FilterBar.Changed)
    def _filter_changed(self, event: FilterBar.Changed) -> None:
        if self.host.state.set_filter(event.text):
            self.refresh_data()
        else:
            self.painter.narrow(self.host.state.narrow)

    @on(FilterBar.Kept)
    def _filter_kept(self) -> None:
        self.query_one(FilterBar).close()
        self.focus_pane(self.host.state.filter_target)

    @on(TodayTable.CursorMoved)
    def _today_moved(self) -> None:
        if not self.app.is_running or not self.host.started:
            return  # a highlight queued while the app shuts down, or before it is ready
        self.painter.draft()
        self.update_bindings()

    @on(messages.TodayKeyPressed)
    async def _today_key(self, event: messages.TodayKeyPressed) -> None:
        await self.app.run_action(event.action, self.panes.today)

    @on(messages.RecordFocused)
    def _narrow(self, event: messages.RecordFocused) -> None:
        self.painter.narrow_to(event.record)

    def on_key(self, event: events.Key) -> None:
        """Any key but the one a question waits for cancels it (confirm.py); the first c, e
        or m with no name set asks for it instead (once per database)."""
        if event.key != "ctrl+p":  # the palette may run the same action again
            self.panes.today.confirm.cancel(event.key)
        if event.key in ("c", "e", "m") and self._asks_name():
            event.prevent_default()
            event.stop()

    def _asks_name(self) -> bool:
        from textual.widgets import Input

        data = self.painter.snapshot
        if data is None or data.settings.user_name.strip() or isinstance(self.focused, Input):
            return False
        if self.panes.today.selected_action() is None or self._name_asked:
            return False
        from followup_tui.tui import cache, setup_flows

        database = cache.database_file(self.host.store)
        self._name_asked = True
        if setup_flows.name_prompt_skipped(database):
            return False
        setup_flows.ask_name(self.host, database)
        return True

    @on(TodayTable.ActionDone)
    def _done(self, event: TodayTable.ActionDone) -> None:
        review.mark_done(self.host, event.action)

    @on(TodayTable.ActionSnoozed)
    def _snoozed(self, event: TodayTable.ActionSnoozed) -> None:
        review.snooze(self.host, event.action, event.until)

    @on(TodayTable.ActionSkipped)
    def _skipped(self, event: TodayTable.ActionSkipped) -> None:
        review.skip(self.host, event.action)

    @on(TodayTable.DraftCopied)
    def _copied(self, event: TodayTable.DraftCopied) -> None:
        self.host.copy_text(event.text)

    @on(TodayTable.DraftEdited)
    def _draft_edited(self, event: TodayTable.DraftEdited) -> None:
        kept = review.save_edit(self.host, event.action, event.text)
        if kept is None:
            # Not saved (the notice says why): what was typed goes to the clipboard still.
            self.host.copy_text(event.text)
            return
        self.painter.keep_edit(event.action.key, *kept)
        self.painter.draft()
        # Copied at once when complete; with a gap left, as the first c (the next copies).
        if self.panes.today.confirmed("c", event.action):
            self.host.copy_text(event.text)

    @on(TodayTable.FillRequested)
    def _fill(self, event: TodayTable.FillRequested) -> None:
        from followup_tui.tui import fill_flows  # imported when first used (app.py)

        needs = self.painter.needs_of(event.action)
        fill_flows.fill_in(self.host, event.action, needs, self.panes.today.action_edit)

    @on(messages.DetailsRequested)
    def _details(self, event: messages.DetailsRequested) -> None:
        from followup_tui.tui import detail_flows  # imported when first used (app.py)

        detail_flows.open_record(self.host, event.record)

    @on(messages.AddRequested)
    def _add(self, event: messages.AddRequested) -> None:
        from followup_tui.tui import record_flows  # imported when first used (app.py)

        record_flows.add_to(self.host, event.selection, event.kind)

    @on(messages.RecordEditRequested)
    def _edit(self, event: messages.RecordEditRequested) -> None:
        from followup_tui.tui import record_edits  # imported when first used (app.py)

        record_edits.edit(self.host, event.record)

    @on(PipelineTable.CompanyEditRequested)
    def _edit_company(self, event: PipelineTable.CompanyEditRequested) -> None:
        from followup_tui.tui import record_edits  # imported when first used (app.py)

        record_edits.edit_company(
            self.host, self.host.store.application(event.application_id).company_id
        )

    @on(messages.RecordDeleteRequested)
    def _delete(self, event: messages.RecordDeleteRequested) -> None:
        from followup_tui.tui import record_edits  # imported when first used (app.py)

        record_edits.delete_record(self.host, event.record)

    @on(messages.StageMoveRequested)
    def _stage_moved(self, event: messages.StageMoveRequested) -> None:
        from followup_tui.tui import record_edits  # imported when first used (app.py)

        record_edits.step_stage(self.host, event.application_id, event.step)

    @on(messages.StagePickRequested)
    def _stage_picked(self, event: messages.StagePickRequested) -> None:
        from followup_tui.tui import record_edits  # imported when first used (app.py)

        record_edits.pick_stage(self.host, event.application_id)

    @on(messages.TouchLogRequested)
    def _log(self, event: messages.TouchLogRequested) -> None:
        selection = event.selection
        from followup_tui.tui import record_edits  # imported when first used (app.py)

        record_edits.log_touch(self.host, selection.contact_id, selection.application_id)

    @on(messages.HighlightsRequested)
    def _highlights(self, event: messages.HighlightsRequested) -> None:
        from followup_tui.tui import record_edits  # imported when first used (app.py)

        record_edits.edit_highlights(self.host, event.interview_id, event.application_id)

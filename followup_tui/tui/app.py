"""FollowupApp: the morning dashboard over the store, the playbook and the clipboard.

The app starts up, owns the store and its guarded writes (`saved`, undo) and the app-wide
keys; its one screen (dashboard.py) composes the panes and routes what they post.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import ClassVar, TypeVar

from pendulum import Date
from textual.actions import ActionParseResult
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import BindingType
from textual.dom import DOMNode
from textual.screen import Screen

from followup_tui.models import Action, Draft
from followup_tui.store import Store
from followup_tui.text import printable
from followup_tui.tui import cache, messages, present, review, session, snapshot
from followup_tui.tui.app_keys import APP_KEYS
from followup_tui.tui.commands import JumpProvider, key_commands
from followup_tui.tui.copying import Copier, copy
from followup_tui.tui.dashboard import DashboardScreen
from followup_tui.tui.key_order import listed
from followup_tui.tui.snapshot import Preload, Snapshot
from followup_tui.tui.state import DashboardState, today_title
from followup_tui.tui.view import FirstScreen
from followup_tui.tui.widgets.draft import DraftView
from followup_tui.tui.widgets.header import HeaderBar
from followup_tui.tui.widgets.palette import Palette
from followup_tui.tui.widgets.today import TodayTable

# The flows behind keys and their screens are imported by the key that first needs them
# (here and in dashboard.py): measured, they cost every start ~30 ms (ARCHITECTURE.md).

POLL_SECONDS = 1.0
#: What a guarded write returns (see FollowupApp.saved).
Written = TypeVar("Written")


class FollowupApp(App[None]):
    """Today's actions, the pipeline and the contacts, with drafts one key away."""

    CSS_PATH = "app.tcss"
    TITLE = "followup"
    COMMANDS = App.COMMANDS | {JumpProvider}
    #: The app-wide keys; each pane declares its own (widgets/).
    BINDINGS: ClassVar[list[BindingType]] = APP_KEYS

    store: Store
    today: Date

    def __init__(
        self,
        store: Store,
        today: Date,
        *,
        copier: Copier | None = None,
        threaded: bool = True,
        first: FirstScreen | None = None,
        created: bool = False,
        preload: Preload | None = None,
    ) -> None:
        """The dashboard over `store` as of `today`.

        `first`, the first screen an earlier start kept (tui/cache.py, still exact), is
        painted at once, before the data is read; `created` says this start created the
        database (the first notice says so). With `threaded`, the data is read in worker
        threads: the first is `preload` when the command line started it before importing
        Textual (its lock then guards the store), else it starts here or once `first` is up.
        """
        super().__init__()
        self.store = store
        store.source = "dashboard"
        self.today = today
        self.first = first
        #: This start created the database: the first notice says so.
        self.created = created
        self._copier = copier
        #: False until the first snapshot is applied: keys wait for the data they act on.
        self.started = False
        self.threaded = threaded
        self.state = DashboardState()
        #: The history entry of the newest write `saved` made (None: it wrote nothing).
        self.last_change: int | None = None
        self.db_lock = preload.lock if preload is not None else threading.RLock()
        self.palette = Palette.from_variables({})
        self._theme_ready = False
        with self.db_lock:  # a first read may be at work on the connection already
            # Read before the first read starts, so no change made after it goes unnoticed.
            self._data_version = (
                preload.data_version if preload is not None else store.data_version()
            )
            self._theme = first.theme if first is not None else store.settings().theme
        #: The file whose first screen is kept ("" for a database in memory), and the key
        #: it is kept under (None: not known to be kept).
        self._kept_in = cache.database_file(store)
        self._kept: cache.Key | None = None
        if first is not None and self._kept_in:
            with self.db_lock:
                self._kept = cache.current_key(store, today.isoformat())
        #: The first read, started at once when there is no kept first screen to paint; with
        #: one, once it is painted (both would take turns on the GIL, delaying the paint).
        self._preload: Preload | None = preload
        if threaded and first is None and preload is None:
            self._preload = Preload(store, today, self.db_lock)

    def get_default_screen(self) -> DashboardScreen:
        self.dashboard = DashboardScreen(self)
        return self.dashboard

    def compose(self) -> ComposeResult:
        yield from self.dashboard.layout_panes()

    def on_load(self) -> None:
        session.exit_on_signals(self)

    def on_mount(self) -> None:
        self._dress(self._theme)
        if self.first is not None and self.threaded:
            self._paint_first(self.first)  # then reads the data
        elif self._preload is not None:
            self._first_snapshot(self._preload)
        else:
            self.refresh_data()
        self.set_interval(POLL_SECONDS, self._poll)

    def _dress(self, theme: str) -> None:
        """Theme, pane titles and focus: the frame of the first screen."""
        if theme in self.available_themes:
            self.theme = theme
        self._theme_ready = True
        self.palette = Palette.from_variables(self.get_css_variables())
        self.query_one("#today").border_title = "Today"
        self.query_one("#pipeline").border_title = "Pipeline (loading…)"
        self.query_one("#contacts").border_title = "Contacts (loading…)"
        self.query_one("#draft-pane").border_title = "Draft"
        self.query_one("#filter-bar").display = False
        self.query_one(TodayTable).focus()

    def _start(self) -> None:
        """The first snapshot is in: keys act from now on."""
        self.started = True
        session.greet(self)

    # --- the first screen ---------------------------------------------------------------------

    def _paint_first(self, first: FirstScreen) -> None:
        """Draw the kept first screen; the first snapshot replaces it when it is read."""
        if not self.is_running:
            return  # left already
        table = self.query_one(TodayTable)
        if not table.size.width:
            # Here before the first layout: columns are fitted to the pane's width.
            self.call_after_refresh(self._paint_first, first)
            return
        # What the pane can show; the rest of the page follows with the data.
        table.show(first.rows[: table.size.height], self.palette)
        table.border_title = today_title(first.total, len(first.rows))
        self.query_one(HeaderBar).show(first.header)
        self.query_one(DraftView).show(first.draft)
        self.call_after_refresh(self._read_first)

    def _read_first(self) -> None:
        """Start the first read, once the kept first screen is on the terminal."""
        if self.is_running and self._preload is None:
            self._preload = Preload(self.store, self.today, self.db_lock)
            self._first_snapshot(self._preload)

    def keep_first_screen(self, data: Snapshot) -> None:
        """Keep the first screen `data` makes for the next start, if its key is new."""
        key = cache.key_of(data.version, self.today.isoformat())
        if not self._kept_in or key is None or key == self._kept:
            return
        cache.write(Path(self._kept_in), key, present.first_screen(data, self.today))
        self._kept = key

    def on_unmount(self) -> None:
        """Keep the first screen as the database is now: changes made since the last
        snapshot (a key pressed just before quitting) would otherwise make the next start
        read everything again."""
        if not self.started or not self._kept_in:
            return
        try:
            with self.db_lock:
                if cache.current_key(self.store, self.today.isoformat()) == self._kept:
                    return
                data = snapshot.compute(self.store, self.today, self.db_lock, full=False)
        except (sqlite3.Error, OSError):
            return  # the file went away, or is busy: the next start reads it
        self.keep_first_screen(data)

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        if not self.started and action != "quit":
            return True  # the first screen is up but its data is still being read: ignore keys
        return await super().run_action(action, default_namespace, namespaces)

    def watch_theme(self, theme: str) -> None:
        if not self._theme_ready:
            return
        self.palette = Palette.from_variables(self.get_css_variables())
        # A look, not a change of the data: kept out of the undo history.
        self.saved(lambda: self.store.set_setting("theme", theme), record=False)
        self.dashboard.render_all()

    # --- data: read and drawn by the dashboard's screen (dashboard.py) ------------------------

    @property
    def snapshot(self) -> Snapshot | None:
        """What the panes show now (None until the first read)."""
        return self.dashboard.painter.snapshot

    def refresh_data(self) -> None:
        """Recompute from the database and repaint every pane."""
        self.dashboard.refresh_data()

    def refresh_soon(self) -> None:
        """Recompute once the user pauses (the screen has already been updated by hand)."""
        self.dashboard.refresh_soon()

    def apply(self, data: Snapshot) -> None:
        """Show what a read found; the first one lets the keys act and is kept for the
        next start."""
        if not self.started:
            self._start()
        elif data.own_writes is not None and data.own_writes != self.store.own_writes():
            # Read before a write of this dashboard (a done, in the second it took): showing
            # it would bring back what the write removed. A read after the write follows.
            self.refresh_soon()
            return
        self.dashboard.apply(data)
        self.keep_first_screen(data)

    def _first_snapshot(self, preload: Preload) -> None:
        """Apply the first read once it is in (None: it failed, read again the usual way)."""

        def deliver(data: Snapshot | None) -> None:
            if self.is_running:  # not left before the read was in ...
                with contextlib.suppress(RuntimeError):  # ... or just as it came in
                    if data is None:
                        self.call_from_thread(self.refresh_data)
                    else:
                        self.call_from_thread(self.apply, data)

        preload.hand_over(deliver)

    def _poll(self) -> None:
        """Pick up changes made elsewhere (the CLI in another terminal, another dashboard)."""
        if not self.db_lock.acquire(blocking=False):
            return
        try:
            version = self.store.data_version()
        except sqlite3.Error:
            return  # a passing fault (the file busy or away): the next tick tries again
        finally:
            self.db_lock.release()
        if version != self._data_version:
            self._data_version = version
            self.refresh_data()

    def render_draft(self) -> None:
        self.dashboard.painter.draft()

    def selected_action(self) -> Action | None:
        return self.dashboard.selected_action()

    def draft_for(self, action: Action) -> Draft | None:
        return self.dashboard.painter.draft_for(action)

    def drop_action(self, key: str) -> None:
        self.dashboard.panes.today.remove_key(key)

    def update_bindings(self) -> None:
        self.dashboard.update_bindings()

    def focus_pane(self, pane: str) -> None:
        self.dashboard.focus_pane(pane)

    def open_record(self, record: messages.RecordRef) -> None:
        from followup_tui.tui import detail_flows

        detail_flows.open_record(self, record)

    def work_days(self) -> frozenset[int]:
        return self.dashboard.work_days()

    # --- writes -----------------------------------------------------------------------------

    def saved(
        self,
        write: Callable[[], Written],
        label: str | Callable[[Written], str] = "change",
        record: bool = True,
    ) -> Written | None:
        """Run one write under the lock as one change of the history; None, and an error
        notice, if SQLite refused it (`last_change` names the change, for `push_undo`).

        A full disk, a file made read-only or a lock held too long by another program must
        not end the app: the row, the draft and any edit stay as they were, to retry.
        """
        self.last_change = None
        try:
            with self.db_lock:
                if not record:
                    return write()
                with self.store.recording(label if isinstance(label, str) else "") as recording:
                    result = write()
                    if not isinstance(label, str):  # named by what the write returned
                        recording.label = label(result)
            self.last_change = recording.change_id
            return result
        except sqlite3.Error as error:
            message = self.store.explain(error)
            self.notify(
                printable(f"Not saved: {message}", keep_newlines=False),
                severity="error",
                markup=False,
                timeout=15,
            )
            return None

    def push_undo(self, what: str, select: str | None = None) -> None:
        """Offer `u` for the change `saved` (or a form) just made, which the history names
        `what` too."""
        change_id, self.last_change = self.last_change, None
        if change_id is not None:
            self.offer_undo(what, change_id, select)

    def offer_undo(self, what: str, change_id: int, select: str | None = None) -> None:
        """Put a change of this dashboard's history (already named) on `u`'s stack."""
        self.state.offer_undo(what, change_id, select)
        self.update_bindings()

    def copy_text(self, text: str) -> None:
        """OSC 52 at once (also sets app.clipboard), the native tool in a worker thread."""
        copy(self, text, self._copier)

    # --- app-wide keys ----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # On the dashboard (not under a modal), undo is dimmed while there is nothing to undo.
        if action == "undo" and self.screen is self.screen_stack[0]:
            return True if self.state.can_undo() else None
        return True

    def action_focus_pane(self, pane: str) -> None:
        self.focus_pane(pane)

    def action_undo(self) -> None:
        review.undo(self)

    def action_search(self) -> None:
        from followup_tui.tui import detail_flows

        detail_flows.search(self)

    def action_settings(self) -> None:
        from followup_tui.tui import setup_flows

        setup_flows.edit_settings(self)

    def action_templates(self) -> None:
        from followup_tui.tui import setup_flows

        setup_flows.choose_template(self)

    def action_filter(self) -> None:
        self.dashboard.open_filter()

    def action_clear(self) -> None:
        self.dashboard.clear()

    def action_help(self) -> None:
        shown = [binding for _node, binding in listed(self.dashboard.key_pane())]
        from followup_tui.tui.screens.help import HelpScreen, key_lines

        self.push_screen(HelpScreen(key_lines(shown)))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from key_commands(self, self.dashboard.key_pane(), self.focus_pane)
        from followup_tui.tui import transfer_flows

        yield from transfer_flows.commands(self)

"""FollowupApp: the morning dashboard over the store, the playbook and the clipboard.

The app starts up, owns the store and its guarded writes (`saved`, undo) and the app-wide
keys; its one screen (dashboard.py) composes the panes and routes what they post.
"""

from __future__ import annotations

import contextlib
import gc
import pickle
import sqlite3
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, ClassVar, TypeVar

from rich.text import Text
from textual.actions import ActionParseResult
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import BindingType
from textual.dom import DOMNode
from textual.screen import Screen

from followup_tui.lazy import lazy, load
from followup_tui.text import printable
from followup_tui.tui import messages, review, session
from followup_tui.tui.app_keys import APP_KEYS
from followup_tui.tui.commands import JumpProvider, key_commands
from followup_tui.tui.copying import Copier, copy
from followup_tui.tui.dashboard import DashboardScreen
from followup_tui.tui.key_order import listed
from followup_tui.tui.state import DashboardState, today_title
from followup_tui.tui.view import FirstScreen
from followup_tui.tui.widgets.draft import DraftView
from followup_tui.tui.widgets.header import HeaderBar
from followup_tui.tui.widgets.palette import Palette
from followup_tui.tui.widgets.today import TodayTable

if TYPE_CHECKING:
    from pendulum import Date

    from followup_tui import db
    from followup_tui.models import Action, Draft
    from followup_tui.store import Store
    from followup_tui.tui import (
        detail_flows,
        setup_flows,
        snapshot,
        transfer_flows,
    )
    from followup_tui.tui.quick import QuickStart
    from followup_tui.tui.screens import help as help_screen
    from followup_tui.tui.snapshot import Preload, Snapshot
else:
    # Loaded once the first screen is drawn, or (screens behind a key) at first use: lazy.py.
    lazy("followup_tui.clipboard")  # the copy worker's, loaded before it starts
    db = lazy("followup_tui.db")
    snapshot = lazy("followup_tui.tui.snapshot")
    detail_flows = lazy("followup_tui.tui.detail_flows", on_first_use=True)
    help_screen = lazy("followup_tui.tui.screens.help", on_first_use=True)
    setup_flows = lazy("followup_tui.tui.setup_flows", on_first_use=True)
    transfer_flows = lazy("followup_tui.tui.transfer_flows", on_first_use=True)

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
        store: Store | None = None,
        today: Date | None = None,
        copier: Copier | None = None,
        threaded: bool = True,
        preload: Preload | None = None,
        lock: threading.RLock | None = None,
        quick: QuickStart | None = None,
        created: bool = False,
    ) -> None:
        """The dashboard over `store` as of `today`; or, with `quick`, a dashboard that draws
        the first screen another process computed, then opens the store itself."""
        super().__init__()
        if quick is None and (store is None or today is None):
            raise TypeError("FollowupApp needs a store and a day, or a quick start")
        self.preload = preload
        self.quick = quick
        #: This start created the database: the first notice says so.
        self.created = quick.created if quick is not None else created
        if store is not None:
            self.store = store
            store.source = "dashboard"
        if today is not None:
            self.today = today
        self._copier = copier
        #: False until the store is open and the modules the keys need are loaded.
        self.started = False
        self.threaded = threaded
        self.state = DashboardState()
        #: The history entry of the newest write `saved` made (None: it wrote nothing).
        self.last_change: int | None = None
        self.db_lock = lock or threading.RLock()
        self.palette = Palette.from_variables({})
        self._data_version = -1
        self._theme_ready = False

    def get_default_screen(self) -> DashboardScreen:
        self.dashboard = DashboardScreen(self)
        return self.dashboard

    def compose(self) -> ComposeResult:
        yield from self.dashboard.layout_panes()

    def on_load(self) -> None:
        session.exit_on_signals(self)

    def on_mount(self) -> None:
        if self.quick is not None:
            self._dress(self.quick.theme)
            self._receive_first()
            return
        load()
        self._dress(self.store.settings().theme)
        self._start()

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

    def _start(self, first: Snapshot | None = None) -> None:
        """The store is open: read the data and keep watching the file."""
        self._data_version = self.store.data_version()
        self.started = True
        session.greet(self)
        if first is not None:
            self.apply(first)
        elif self.preload is not None:
            self._first_snapshot()
        else:
            self.refresh_data()
        self.set_interval(POLL_SECONDS, self._poll)

    # --- quick start --------------------------------------------------------------------------

    def _receive_first(self) -> None:
        """Wait for the child's first screen and snapshot in a thread of its own.

        Not a Textual worker: those run in the event loop's executor, which the app waits
        for on the way out, and a child slow to answer must not hold up quitting (the
        caller kills it once the app has returned).
        """
        quick = self.quick
        assert quick is not None

        def receive() -> None:
            first = quick.first()
            payload = quick.snapshot() if first is not None else None
            if not self.is_running:
                return  # left before the child answered
            with contextlib.suppress(RuntimeError):  # ... or just as it did
                self.call_from_thread(self._paint_first, first, payload)

        threading.Thread(target=receive, name="first-screen", daemon=True).start()

    def _paint_first(self, first: FirstScreen | None, payload: bytes | None) -> None:
        """Draw the screen the other process computed, then load the rest behind it."""
        if not self.is_running:
            return
        table = self.query_one(TodayTable)
        if first is not None and not table.size.width:
            # Here before the first layout: columns are fitted to the pane's width.
            self.call_after_refresh(self._paint_first, first, payload)
            return
        if first is not None:
            # What the pane can show; the rest of the page follows with the full read.
            table.show(first.rows[: table.size.height], self.palette)
            table.border_title = today_title(first.total, len(first.rows))
            self.query_one(HeaderBar).show(first.header)
            self.query_one(DraftView).show(first.draft)
        self.call_after_refresh(self._finish_start, payload)

    def _finish_start(self, payload: bytes | None) -> None:
        assert self.quick is not None
        if not self.is_running:
            return  # quit before the first screen was up
        load()
        gc.freeze()  # what start-up made lives on: the collector need not walk it again
        gc.enable()
        try:
            self.store, self.today = self.quick.open()
        except (db.DatabaseProblem, sqlite3.Error, OSError) as error:
            # The file changed under us since the child opened it (moved, locked, damaged).
            said = db.user_message(error, self.quick.path) or str(error)
            self.exit(return_code=1, message=Text(printable(f"followup: {said}", False)))
            return
        first = None
        if payload is not None:
            loaded = pickle.loads(payload)
            if isinstance(loaded, snapshot.Snapshot):
                first = loaded
        self._start(first)

    def on_unmount(self) -> None:
        if self.quick is not None and self.started:
            # The store this app opened itself: closing it checkpoints the WAL into the
            # file (the collector, which start-up's objects were frozen out of, won't).
            with self.db_lock:
                self.store.conn.close()

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        if not self.started and action != "quit":
            return True  # the first screen is up but the store is still opening: ignore keys
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
        self.dashboard.apply(data)

    def _first_snapshot(self) -> None:
        assert self.preload is not None
        self.dashboard.first_snapshot(self.preload)
        self.preload = None

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
            message = db.explain(db.file_of(self.store.conn), error)
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
        detail_flows.search(self)

    def action_settings(self) -> None:
        setup_flows.edit_settings(self)

    def action_templates(self) -> None:
        setup_flows.choose_template(self)

    def action_filter(self) -> None:
        self.dashboard.open_filter()

    def action_clear(self) -> None:
        self.dashboard.clear()

    def action_help(self) -> None:
        shown = [binding for _node, binding in listed(self.dashboard.key_pane())]
        self.push_screen(help_screen.HelpScreen(help_screen.key_lines(shown)))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from key_commands(self, self.dashboard.key_pane(), self.focus_pane)
        yield from transfer_flows.commands(self)

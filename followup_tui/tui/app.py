"""FollowupApp: the morning dashboard over the store, the playbook and the clipboard."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, TypeVar

from pendulum import Date
from textual import events, on, work
from textual.actions import ActionParseResult
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Input

from followup_tui import clipboard, db
from followup_tui.models import Action
from followup_tui.store import Store
from followup_tui.text import printable
from followup_tui.tui import cache, modals, present, session, snapshot, transfer_keys
from followup_tui.tui.bindings import BINDINGS
from followup_tui.tui.commands import JumpProvider
from followup_tui.tui.daily_keys import DailyKeys
from followup_tui.tui.panes import (
    ContactsTable,
    DraftView,
    HeaderBar,
    KeyBar,
    Palette,
    PipelineTable,
    Table,
    TodayTable,
)
from followup_tui.tui.records_keys import RecordKeys
from followup_tui.tui.showing import Narrow, Showing, today_title
from followup_tui.tui.snapshot import Snapshot
from followup_tui.tui.view import FirstScreen

POLL_SECONDS = 1.0
#: After d, s, x or u the screen repaints at once; the recompute waits this long, so a
#: quick run of keys costs one recompute, not one per key.
SETTLE_SECONDS = 0.4
PANES = ("today", "pipeline", "contacts")
#: What a guarded write returns (see FollowupApp.saved).
Written = TypeVar("Written")


@dataclass(frozen=True)
class Undo:
    """One step `u` can take back: what it was, and its entry in the stored history."""

    what: str
    change_id: int
    #: The Today action to select afterwards (the one a done, snooze or skip removed).
    select: str | None = None


Copier = Callable[[str], clipboard.NativeResult]


class FollowupApp(DailyKeys, RecordKeys, Showing, App[None]):
    """Today's actions, the pipeline and the contacts, with drafts one key away."""

    CSS_PATH = "app.tcss"
    TITLE = "followup"
    COMMANDS = App.COMMANDS | {JumpProvider}
    BINDINGS: ClassVar[list[BindingType]] = BINDINGS
    #: Keys that act on the selected Today action.
    ACTION_KEYS = frozenset({"done", "copy", "snooze", "snooze_until", "skip", "edit_external"})

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
    ) -> None:
        """The dashboard over `store` as of `today`.

        `first`, the first screen an earlier start kept (tui/cache.py, still exact), is
        painted at once, before the data is read; `created` says this start created the
        database (the first notice says so). With `threaded`, the data is read in worker
        threads, the first read from here on, while Textual mounts the app.
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
        self.snapshot: Snapshot | None = None
        self.narrow: Narrow | None = None
        self.filters = {pane: "" for pane in PANES}
        self.filter_target = "today"
        self.undo_stack: list[Undo] = []
        #: The history entry of the newest write `saved` made (None: it wrote nothing).
        self.last_change: int | None = None
        #: A key to put the Today cursor on at the next repaint (the action an undo restored).
        self.select_next: str | None = None
        self.edited: dict[str, str] = {}
        self.db_lock = threading.RLock()
        self._settle: Timer | None = None
        self._bindings_signature: tuple[bool, bool] | None = None
        self._by_key: dict[str, Action] = {}
        self.palette = Palette.from_variables({})
        self._theme_ready = False
        # Read before the first read starts, so no change made after it can go unnoticed.
        self._data_version = store.data_version()
        self._theme = first.theme if first is not None else store.settings().theme
        #: The file whose first screen is kept ("" for a database in memory), and the key
        #: it is kept under (None: not known to be kept).
        self._kept_in = cache.database_file(store.conn)
        self._kept = None
        if first is not None and self._kept_in:
            self._kept = cache.current_key(store.conn, today.isoformat())
        #: The first read, started at once when there is no kept first screen to paint; with
        #: one, once it is painted (both would take turns on the GIL, delaying the paint).
        self._preload: snapshot.Preload | None = None
        if threaded and first is None:
            self._preload = snapshot.Preload(store, today, self.db_lock)

    # --- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield HeaderBar(id="header")
        with Horizontal(id="top"):
            yield TodayTable(id="today")
            with VerticalScroll(id="draft-pane", can_focus=False):
                yield DraftView(id="draft")
        with Horizontal(id="bottom"):
            yield PipelineTable(id="pipeline")
            yield ContactsTable(id="contacts")
        with Vertical(id="filter-bar"):
            yield Input(
                placeholder="filter: type to narrow the pane, enter to keep, escape to clear",
                id="filter",
            )
        yield KeyBar()

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
            self._preload = snapshot.Preload(self.store, self.today, self.db_lock)
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
                if cache.current_key(self.store.conn, self.today.isoformat()) == self._kept:
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
        self.render_all()

    # --- data ---------------------------------------------------------------------------------

    def compute(self) -> Snapshot:
        """Read everything the panes show; safe to run in a worker thread."""
        return snapshot.compute(
            self.store, self.today, self.db_lock, self.filters["pipeline"], self.filters["contacts"]
        )

    def refresh_data(self) -> None:
        """Recompute from the database and repaint every pane."""
        if self._settle is not None:
            self._settle.stop()
            self._settle = None
        if self.threaded:
            self._refresh_worker()
        else:
            self.apply(self.compute())

    def refresh_soon(self) -> None:
        """Recompute once the user pauses (the screen has already been updated by hand)."""
        if not self.threaded:
            self.refresh_data()
            return
        if self._settle is not None:
            self._settle.stop()
        self._settle = self.set_timer(SETTLE_SECONDS, self.refresh_data)

    def _first_snapshot(self, preload: snapshot.Preload) -> None:
        """Apply the first read once it is in, from a thread of its own.

        Not a Textual worker: those are waited for on the way out, and quitting must not
        wait for a read (the command line closes the store once the read lets go of it).
        """

        def deliver() -> None:
            try:
                data: Snapshot | None = preload.wait()
            except Exception:  # a passing fault (the file busy): read again the usual way
                data = None
            if not self.is_running:
                return  # left before the read was in
            with contextlib.suppress(RuntimeError):  # ... or just as it came in
                if data is None:
                    self.call_from_thread(self.refresh_data)
                else:
                    self.call_from_thread(self.apply, data)

        threading.Thread(target=deliver, name="first-read", daemon=True).start()

    @work(thread=True, exclusive=True, group="refresh", exit_on_error=False)
    def _refresh_worker(self) -> None:
        data = self.compute()
        self.call_from_thread(self.apply, data)

    def apply(self, data: Snapshot) -> None:
        if data.setting_warnings and data.setting_warnings != getattr(
            self.snapshot, "setting_warnings", ()
        ):
            warned = "; ".join(data.setting_warnings)
            self.notify(f"Settings: {warned} (f2 fixes them)", severity="warning", markup=False)
        self.snapshot = data
        self._by_key = {action.key: action for action in data.actions}
        if not self.started:
            self._start()
        self.render_all()
        self.update_bindings()
        self.keep_first_screen(data)
        if not data.complete:
            # After the first paint, so the full read doesn't compete with it.
            self.call_after_refresh(self.refresh_data)

    def on_resize(self) -> None:
        # Column widths follow the panes' sizes, known only after the new layout.
        self.call_after_refresh(self.render_all)

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

    # --- rendering ------------------------------------------------------------------------------

    @on(DataTable.RowHighlighted, "#today")
    def _today_moved(self) -> None:
        if not self.is_running or not self.started:
            return  # a highlight queued while the app shuts down, or before it is ready
        self.render_draft()
        self.update_bindings()

    def update_bindings(self) -> None:
        """Refresh the key bar (and the help, the palette) only when what is available changed."""
        signature = (self.selected_action() is not None, bool(self.undo_stack))
        if signature != self._bindings_signature:
            self._bindings_signature = signature
            self.refresh_bindings()

    @on(DataTable.RowHighlighted, "#pipeline,#contacts")
    def _side_moved(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.has_focus and isinstance(event.data_table, Table):
            self.narrow_to(event.data_table)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, (PipelineTable, ContactsTable)):
            self.narrow_to(event.widget)

    # --- keys ----------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not isinstance(self.screen, Screen) or self.screen is not self.screen_stack[0]:
            return True
        if action in self.ACTION_KEYS:
            return True if self.selected_action() is not None else None
        if action == "undo":
            return True if self.undo_stack else None
        return True

    def action_focus_pane(self, pane: str) -> None:
        self.query_one(f"#{pane}", Table).focus()

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
        self.undo_stack.append(Undo(what, change_id, select))
        self.update_bindings()

    # --- clipboard and editing ------------------------------------------------------------------

    def copy_text(self, text: str) -> None:
        """OSC 52 at once (also sets app.clipboard), the native tool in a worker thread."""
        self.copy_to_clipboard(text)
        self._copy_native(text)

    @work(thread=True, exclusive=True, group="clipboard", exit_on_error=False)
    def _copy_native(self, text: str) -> None:
        # OSC 52 went out on the UI thread (copy_text).
        native = self._copier or clipboard.copy_native
        message, good = clipboard.copy(text, lambda _text: True, native)
        self.call_from_thread(
            self.notify, message, severity="information" if good else "warning", markup=False
        )

    # --- filter, narrowing, help, detail ----------------------------------------------------

    def action_filter(self) -> None:
        focused = self.focused
        self.filter_target = focused.id if focused is not None and focused.id in PANES else "today"
        bar = self.query_one("#filter-bar")
        bar.display = True
        field_ = self.query_one("#filter", Input)
        field_.value = self.filters[self.filter_target]
        field_.placeholder = (
            f"filter {self.filter_target}: type to narrow, enter keeps, escape clears"
        )
        field_.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filters[self.filter_target] = event.value
        if self.filter_target == "today":
            self.set_narrow(self.narrow)
        else:
            self.refresh_data()

    @on(Input.Submitted, "#filter")
    def _filter_kept(self) -> None:
        self.query_one("#filter-bar").display = False
        self.action_focus_pane(self.filter_target)

    def action_clear(self) -> None:
        bar = self.query_one("#filter-bar")
        if bar.display:
            self.query_one("#filter", Input).value = ""
            bar.display = False
            self.action_focus_pane(self.filter_target)
            return
        if any(self.filters.values()):
            self.filters = {pane: "" for pane in PANES}
            self.refresh_data()
        self.set_narrow(None)

    def action_help(self) -> None:
        keys = [
            ("tab / shift+tab", "next / previous pane"),
            ("1 2 3", "Today, Pipeline, Contacts"),
            ("j k ↑ ↓", "move"),
            ("enter", "open the selected item's detail"),
        ]
        for binding in self.BINDINGS:
            assert isinstance(binding, Binding)
            if not binding.action.startswith("focus_pane"):
                keys.append(
                    (binding.key_display or binding.key, binding.tooltip or binding.description)
                )
        keys.append(("ctrl+p", "command palette: every action; jump to a contact or application"))
        self.push_screen(modals.HelpScreen(keys))

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value
        if key is None:
            return
        if event.data_table.id == "pipeline":
            self.open_application(int(key))
        elif event.data_table.id == "contacts":
            self.open_contact(int(key))
        else:
            action = self.selected_action()
            if action and action.application_id is not None:
                self.open_application(action.application_id)
            elif action and action.contact_id is not None:
                self.open_contact(action.contact_id)

    # --- command palette ----------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for binding in self.BINDINGS:
            assert isinstance(binding, Binding)
            if binding.action in ("quit",) or binding.action.startswith("focus_pane"):
                continue
            yield SystemCommand(
                f"action: {binding.description.lower()}",
                f"key: {binding.key_display or binding.key}",
                lambda action=binding.action: self.run_action(action),
            )
        for pane in PANES:
            yield SystemCommand(
                f"go to: {pane}",
                f"focus the {pane} pane",
                lambda pane=pane: self.action_focus_pane(pane),
            )
        yield from transfer_keys.commands(self)

"""FollowupApp: the morning dashboard over the store, the playbook and the clipboard."""

from __future__ import annotations

import os
import shlex
import sqlite3
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from pendulum import Date
from textual import events, on, work
from textual.app import App, ComposeResult, SuspendNotSupported, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Input

from followup_tui import clipboard, drafts, playbook
from followup_tui.dates import describe_day, next_business_day
from followup_tui.models import Action, Draft, Status, Strategy, printable
from followup_tui.store import Store, UndoToken
from followup_tui.tui import editing
from followup_tui.tui.commands import JumpProvider
from followup_tui.tui.forms import FormScreen, FormSpec
from followup_tui.tui.modals import (
    DatePrompt,
    DateScreen,
    DetailScreen,
    DraftEditor,
    HelpScreen,
    strategy_lines,
)
from followup_tui.tui.panes import (
    ContactsTable,
    DraftView,
    HeaderBar,
    Palette,
    PipelineTable,
    Table,
    TodayTable,
    clean,
    strip_states,
)
from followup_tui.tui.screens import (
    TEMPLATED,
    ChooseScreen,
    SearchScreen,
    TemplateScreen,
    changed_settings,
    settings_fields,
)
from followup_tui.tui.snapshot import TODAY_PAGE, Preload, Snapshot, compute

POLL_SECONDS = 1.0
#: After d, s, x or u the screen repaints at once; the recompute waits this long, so a
#: quick run of keys costs one recompute, not one per key.
SETTLE_SECONDS = 0.4
PANES = ("today", "pipeline", "contacts")


@dataclass(frozen=True)
class Undo:
    """One step `u` can take back: what it was, and how to reverse it."""

    what: str
    run: Callable[[], None]
    #: The Today action to select afterwards (the one a done, snooze or skip removed).
    select: str | None = None


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


Copier = Callable[[str], clipboard.NativeResult]


class FollowupApp(App[None]):
    """Today's actions, the pipeline and the contacts, with drafts one key away."""

    CSS_PATH = "app.tcss"
    TITLE = "followup"
    COMMANDS = App.COMMANDS | {JumpProvider}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "done", "Done", tooltip="mark the selected action done (records the touch)"),
        Binding("c", "copy", "Copy draft", tooltip="copy the draft to the clipboard"),
        Binding("s", "snooze", "Snooze", tooltip="snooze to the next business day"),
        Binding("S", "snooze_until", "Snooze to…", show=False, tooltip="snooze to a day you type"),
        Binding("x", "skip", "Skip", tooltip="skip this action for good"),
        Binding("u", "undo", "Undo", tooltip="undo the last done, snooze or skip"),
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
    #: Keys that act on the selected Today action.
    ACTION_KEYS = frozenset({"done", "copy", "snooze", "snooze_until", "skip", "edit_external"})

    def __init__(
        self,
        store: Store,
        today: Date,
        copier: Copier = clipboard.copy_native,
        threaded: bool = True,
        preload: Preload | None = None,
        lock: threading.RLock | None = None,
    ) -> None:
        super().__init__()
        self.preload = preload
        self.store = store
        self.today = today
        self.copier = copier
        self.threaded = threaded
        self.snapshot: Snapshot | None = None
        self.narrow: Narrow | None = None
        self.filters = {pane: "" for pane in PANES}
        self.filter_target = "today"
        self.undo_stack: list[Undo] = []
        #: A key to put the Today cursor on at the next repaint (the action an undo restored).
        self.select_next: str | None = None
        self.edited: dict[str, str] = {}
        self.db_lock = lock or threading.RLock()
        self._settle: Timer | None = None
        self._bindings_signature: tuple[bool, bool] | None = None
        self._by_key: dict[str, Action] = {}
        self.palette = Palette.from_variables({})
        self._data_version = -1
        self._theme_ready = False

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
        yield Footer()

    def on_mount(self) -> None:
        settings = self.store.settings()
        if settings.theme in self.available_themes:
            self.theme = settings.theme
        self._theme_ready = True
        self.palette = Palette.from_variables(self.get_css_variables())
        self.query_one("#today").border_title = "Today"
        self.query_one("#pipeline").border_title = "Pipeline"
        self.query_one("#contacts").border_title = "Contacts"
        self.query_one("#draft-pane").border_title = "Draft"
        self.query_one("#filter-bar").display = False
        self.query_one(TodayTable).focus()
        self._data_version = self.store.data_version()
        if self.preload is not None:
            self._first_snapshot()
        else:
            self.refresh_data()
        self.set_interval(POLL_SECONDS, self._poll)

    def watch_theme(self, theme: str) -> None:
        if not self._theme_ready:
            return
        self.palette = Palette.from_variables(self.get_css_variables())
        with self.db_lock:
            self.store.set_setting("theme", theme)
        self.render_all()

    # --- data ---------------------------------------------------------------------------------

    def compute(self) -> Snapshot:
        """Read everything the panes show; safe to run in a worker thread."""
        return compute(
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

    @work(thread=True, exclusive=True, group="refresh", exit_on_error=False)
    def _first_snapshot(self) -> None:
        assert self.preload is not None
        snapshot = self.preload.wait()
        self.preload = None
        self.call_from_thread(self.apply, snapshot)

    @work(thread=True, exclusive=True, group="refresh", exit_on_error=False)
    def _refresh_worker(self) -> None:
        snapshot = self.compute()
        self.call_from_thread(self.apply, snapshot)

    def apply(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self._by_key = {action.key: action for action in snapshot.actions}
        self.render_all()
        self.update_bindings()
        if not snapshot.complete:
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
        finally:
            self.db_lock.release()
        if version != self._data_version:
            self._data_version = version
            self.refresh_data()

    # --- rendering ------------------------------------------------------------------------------

    def today_actions(self) -> list[Action]:
        if self.snapshot is None:
            return []
        text = self.filters["today"].casefold().split()
        chosen = []
        for action in self.snapshot.actions:
            if action.due > self.today:
                continue
            if self.narrow is not None and not self.narrow.keeps(action):
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
        snapshot = self.snapshot
        if snapshot is None:
            return
        today_table = self.query_one(TodayTable)
        shown = self.today_actions()
        today_table.show(shown[:TODAY_PAGE], self.today, self.palette, self.select_next)
        self.select_next = None
        total = len(shown)
        if snapshot.due_total is not None and self.narrow is None and not self.filters["today"]:
            total = snapshot.due_total
        more = f", first {TODAY_PAGE}" if total > TODAY_PAGE else ""
        today_table.border_title = f"Today ({total}{more})"
        by_app: dict[int, list[Action]] = {}
        next_for_contact: dict[int, Action] = {}
        for action in snapshot.actions:
            if action.application_id is not None:
                by_app.setdefault(action.application_id, []).append(action)
            if action.contact_id is not None:
                best = next_for_contact.get(action.contact_id)
                if best is None or action.due < best.due:
                    next_for_contact[action.contact_id] = action
        if snapshot.complete:
            pipeline = self.query_one(PipelineTable)
            pipeline.show(snapshot.pipeline, by_app, snapshot.done, self.today, self.palette)
            pipeline.border_title = _count_title(
                "Pipeline", len(snapshot.pipeline), snapshot.pipeline_total
            )
            contacts = self.query_one(ContactsTable)
            contacts.show(snapshot.contacts, next_for_contact, self.today, self.palette)
            contacts.border_title = _count_title(
                "Contacts", len(snapshot.contacts), snapshot.contacts_total
            )
        else:
            self.query_one(PipelineTable).border_title = "Pipeline (loading…)"
            self.query_one(ContactsTable).border_title = "Contacts (loading…)"
        self.render_header()
        self.render_draft()

    def render_header(self) -> None:
        if self.snapshot is None:
            return
        counts = self.snapshot.counts or playbook.counts(self.snapshot.actions, self.today)
        self.query_one(HeaderBar).show(
            self.today, counts, self.narrow.label if self.narrow else None
        )

    def selected_action(self) -> Action | None:
        key = self.query_one(TodayTable).selected_key()
        return None if key is None else self._by_key.get(key)

    def draft_for(self, action: Action) -> Draft | None:
        if self.snapshot is None:
            return None
        if action.key in self.edited:
            edited = self.edited[action.key]
            return Draft(subject="", body=edited)
        return drafts.render(action, self.snapshot.settings, self.today, self.snapshot.templates)

    def render_draft(self) -> None:
        action = self.selected_action()
        self.query_one(DraftView).show(
            action, self.draft_for(action) if action else None, self.today
        )

    @on(DataTable.RowHighlighted, "#today")
    def _today_moved(self) -> None:
        self.render_draft()
        self.update_bindings()

    def update_bindings(self) -> None:
        """Refresh the footer only when what is available changed: it rebuilds every key."""
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

    def narrow_to(self, table: Table) -> None:
        """Selecting an application or a contact narrows Today to its actions."""
        if self.snapshot is None:
            return
        key = table.selected_key()
        if key is None:
            return
        if isinstance(table, PipelineTable):
            row = next((r for r in self.snapshot.pipeline if str(r.app.id) == key), None)
            if row is not None:
                self.set_narrow(
                    Narrow("application", row.app.id, f"{row.app.company} — {row.app.role}")
                )
        else:
            person = next((r for r in self.snapshot.contacts if str(r.contact.id) == key), None)
            if person is not None:
                self.set_narrow(Narrow("contact", person.contact.id, person.contact.name))

    def set_narrow(self, narrow: Narrow | None) -> None:
        self.narrow = narrow
        table = self.query_one(TodayTable)
        table.show(self.today_actions()[:TODAY_PAGE], self.today, self.palette)
        table.border_title = f"Today ({len(self.today_actions())})"
        self.render_header()
        self.render_draft()

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

    def _after_change(self, action: Action, token: UndoToken, verb: str) -> None:
        """Drop the row at once (the cursor lands on the next action), then recompute."""
        self.query_one(TodayTable).remove_key(action.key)
        self.push_undo(f"{verb}: {action.title}", lambda: self.store.undo(token), select=action.key)
        self.edited.pop(action.key, None)
        self.render_draft()
        self.update_bindings()
        self.notify(
            f"{verb.capitalize()}: {printable(action.title, keep_newlines=False)}", markup=False
        )
        self.refresh_soon()

    def action_done(self) -> None:
        action = self.selected_action()
        if action is None:
            return
        self._mark_done(action)

    def _mark_done(self, action: Action) -> None:
        draft = self.draft_for(action)
        with self.db_lock:
            token = self.store.record_done(
                action,
                subject=draft.subject if draft else None,
                body=draft.body if draft else None,
            )
        self._after_change(action, token, "done")

    def action_snooze(self) -> None:
        action = self.selected_action()
        if action is None:
            return
        work_days = self.snapshot.settings.work_weekdays if self.snapshot else frozenset(range(5))
        self._snooze(action, next_business_day(self.today, work_days))

    def _snooze(self, action: Action, until: Date) -> None:
        with self.db_lock:
            token = self.store.snooze(action.key, until)
        self._after_change(action, token, f"snoozed to {describe_day(until)}")

    def action_snooze_until(self) -> None:
        action = self.selected_action()
        if action is None:
            return
        work_days = self.snapshot.settings.work_weekdays if self.snapshot else frozenset(range(5))

        def chosen(day: Date | None) -> None:
            if day is not None:
                self._snooze(action, day)

        prompt = DatePrompt(f"Snooze “{clean(action.title)}” until:", self.today, work_days)
        self.push_screen(DateScreen(prompt), chosen)

    def action_skip(self) -> None:
        action = self.selected_action()
        if action is None:
            return
        with self.db_lock:
            token = self.store.skip(action.key)
        self._after_change(action, token, "skipped")

    def push_undo(self, what: str, run: Callable[[], None], select: str | None = None) -> None:
        self.undo_stack.append(Undo(what, run, select))
        self.update_bindings()

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify("Nothing to undo", severity="warning")
            return
        undo = self.undo_stack.pop()
        try:
            with self.db_lock:
                undo.run()
        except (sqlite3.Error, ValueError, LookupError) as error:
            self.notify(f"Can't undo {undo.what}: {error}", severity="error", markup=False)
            return
        self.select_next = undo.select
        self.notify(f"Undone: {printable(undo.what, keep_newlines=False)}", markup=False)
        self.update_bindings()
        self.refresh_data()

    # --- clipboard and editing ------------------------------------------------------------------

    def action_copy(self) -> None:
        action = self.selected_action()
        if action is None:
            return
        draft = self.draft_for(action)
        if draft is None:
            self.notify("This action has no draft", severity="warning")
            return
        self.copy_text(draft.text)

    def copy_text(self, text: str) -> None:
        """OSC 52 at once (also sets app.clipboard), the native tool in a worker thread."""
        self.copy_to_clipboard(text)
        self._copy_native(text)

    @work(thread=True, exclusive=True, group="clipboard", exit_on_error=False)
    def _copy_native(self, text: str) -> None:
        result = self.copier(text)
        saved = None
        if not result.ok:
            try:
                saved = clipboard.save_fallback(text)
            except OSError:
                saved = None
        message, good = clipboard.report(result, osc52_sent=True, saved=saved)
        self.call_from_thread(
            self.notify, message, severity="information" if good else "warning", markup=False
        )

    def action_edit(self) -> None:
        focused = self.focused
        if isinstance(focused, (PipelineTable, ContactsTable)):
            key = focused.selected_key()
            if key is not None and isinstance(focused, PipelineTable):
                editing.edit_application(self, int(key))
            elif key is not None:
                editing.edit_contact(self, int(key))
            return
        action = self.selected_action()
        draft = self.draft_for(action) if action else None
        if action is None or draft is None:
            return

        def edited(text: str | None) -> None:
            if text is not None:
                self.edited[action.key] = text
                self.render_draft()
                self.copy_text(text)

        self.push_screen(DraftEditor(action.title, draft.text), edited)

    def action_edit_external(self) -> None:
        action = self.selected_action()
        draft = self.draft_for(action) if action else None
        if action is None or draft is None:
            return
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        fd, name = tempfile.mkstemp(prefix="followup-draft-", suffix=".txt")
        path = Path(name)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                file.write(draft.text)
            try:
                with self.suspend():
                    subprocess.run([*shlex.split(editor), str(path)], check=False)
            except SuspendNotSupported:
                self.notify(
                    "This terminal can't hand over to an editor; press e instead",
                    severity="warning",
                )
                return
            except OSError as error:
                self.notify(
                    f"Can't start {editor}: {error.strerror}", severity="error", markup=False
                )
                return
            text = path.read_text(encoding="utf-8")
        finally:
            path.unlink(missing_ok=True)
        self.edited[action.key] = text
        self.render_draft()
        self.copy_text(text)

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
        self.push_screen(HelpScreen(keys))

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

    def _actions_where(self, keep: Callable[[Action], bool]) -> list[Action]:
        return [a for a in (self.snapshot.actions if self.snapshot else ()) if keep(a)]

    def open_application(self, app_id: int) -> None:
        with self.db_lock:
            app = self.store.application(app_id)
            contacts = self.store.contacts_of(app_id)
            interviews = self.store.interviews_of(app_id)
            touches = self.store.touches_for(app_id=app_id)
            history = self.store.stage_history(app_id)
            done = self.store.strategies_done([app_id]).get(app_id, frozenset())
        mine = self._actions_where(lambda a: a.application_id == app_id)
        states = strip_states(app_id, {app_id: mine}, done, self.today)
        facts = [
            f"Stage: {app.stage.value}"
            + (f" · applied {describe_day(app.applied_on)}" if app.applied_on else "")
            + (f" · they'll answer by {describe_day(app.response_by)}" if app.response_by else ""),
            f"URL: {app.url}" if app.url else "",
            "Contacts: "
            + (", ".join(f"{c.name} ({c.kind.value})" for c in contacts) or "none yet"),
        ]
        for interview in interviews:
            facts.append(
                f"Interview {describe_day(interview.starts_at.date())} {interview.kind or ''}: "
                + (interview.highlights or "no highlights noted")
            )
        lines = [f"{describe_day(at.date())}  stage → {stage.value}" for stage, at in history]
        lines += [_touch_line(t) for t in touches]
        lines.sort(reverse=True)
        self.push_screen(
            DetailScreen(
                f"{app.company} — {app.role}",
                [f for f in facts if f],
                strategy_lines(states, mine),
                lines,
                self.today,
            ),
            self._detail_done,
        )

    def open_contact(self, contact_id: int) -> None:
        with self.db_lock:
            contact = self.store.contact(contact_id)
            touches = self.store.touches_for(contact_id=contact_id)
        mine = self._actions_where(lambda a: a.contact_id == contact_id)
        facts = [
            f"{contact.title or contact.kind.value} at {contact.company or 'no company'}",
            " · ".join(x for x in (contact.email, contact.phone) if x),
            f"LinkedIn: {contact.linkedin_state.value}"
            + (f" · {contact.linkedin_url}" if contact.linkedin_url else ""),
            "Next: "
            + (
                "; ".join(
                    f"{a.title} ({describe_day(a.due)})" for a in sorted(mine, key=lambda a: a.due)
                )
                or "nothing planned"
            ),
        ]
        from followup_tui.tui.panes import DUE, OVERDUE, UPCOMING

        states = {s: "n/a" for s in Strategy}
        for action in mine:
            status = action.status(self.today)
            states[action.strategy] = {
                Status.OVERDUE: OVERDUE,
                Status.DUE: DUE,
                Status.UPCOMING: UPCOMING,
            }[status]
        self.push_screen(
            DetailScreen(
                contact.name,
                [f for f in facts if f],
                strategy_lines(states, mine),
                [_touch_line(t) for t in touches],
                self.today,
            ),
            self._detail_done,
        )

    def _detail_done(self, key: str | None) -> None:
        if key is None or self.snapshot is None:
            return
        action = next((a for a in self.snapshot.actions if a.key == key), None)
        if action is not None:
            self._mark_done(action)

    # --- running the job search: add, edit, stage, log, delete, settings, search ----------

    def work_days(self) -> frozenset[int]:
        if self.snapshot is not None:
            return self.snapshot.settings.work_weekdays
        return self.store.settings().work_weekdays

    def selection(self) -> tuple[int | None, int | None]:
        """The selected (application id, contact id), by the focused pane."""
        focused = self.focused
        if isinstance(focused, PipelineTable):
            key = focused.selected_key()
            return (int(key) if key else None), None
        if isinstance(focused, ContactsTable):
            key = focused.selected_key()
            return None, (int(key) if key else None)
        action = self.selected_action()
        if action is None:
            return None, None
        return action.application_id, action.contact_id

    def action_add(self) -> None:
        def chosen(kind: str | None) -> None:
            if kind:
                app_id, contact_id = self.selection()
                editing.add(self, kind, application=app_id, contact=contact_id)

        self.push_screen(ChooseScreen("Add…", editing.ADDABLE), chosen)

    def action_add_child(self) -> None:
        app_id, contact_id = self.selection()
        if isinstance(self.focused, ContactsTable) and contact_id is not None:
            editing.add(self, "message", contact=contact_id)
        elif app_id is not None:
            editing.add(self, "interview", application=app_id)
        else:
            self.notify("Select an application or a contact first", severity="warning")

    def _selected_application(self) -> int | None:
        app_id, _contact = self.selection()
        if app_id is None:
            self.notify("Select an application first (Pipeline, or an action)", severity="warning")
        return app_id

    def action_stage(self, step: int) -> None:
        app_id = self._selected_application()
        if app_id is not None:
            editing.step_stage(self, app_id, step)

    def action_pick_stage(self) -> None:
        app_id = self._selected_application()
        if app_id is not None:
            editing.pick_stage(self, app_id)

    def action_highlights(self) -> None:
        action = self.selected_action() if isinstance(self.focused, TodayTable) else None
        interview_id = action.interview_id if action else None
        if interview_id is None:
            app_id, _contact = self.selection()
            interviews = self.store.interviews_of(app_id) if app_id is not None else []
            interview_id = interviews[-1].id if interviews else None
        if interview_id is None:
            self.notify("No interview here: add one with n on an application", severity="warning")
            return
        editing.edit_interview(self, interview_id)

    def action_edit_record(self) -> None:
        focused = self.focused
        if isinstance(focused, PipelineTable):
            key = focused.selected_key()
            if key is not None:
                editing.edit_company(self, self.store.application(int(key)).company_id)
            return
        if isinstance(focused, ContactsTable):
            self.action_edit()
            return
        action = self.selected_action()
        if action is None:
            return
        if action.event_id is not None:
            editing.edit_event(self, action.event_id)
        elif action.resource_id is not None:
            editing.edit_resource(self, action.resource_id)
        elif action.strategy is Strategy.REPLY:
            editing.edit_message(self, int(action.key.removeprefix("re-")))
        elif action.interview_id is not None:
            editing.edit_interview(self, action.interview_id)
        elif action.application_id is not None:
            editing.edit_application(self, action.application_id)
        elif action.company_id is not None:
            editing.edit_company(self, action.company_id)

    def action_log(self) -> None:
        app_id, contact_id = self.selection()
        editing.log_touch(self, contact_id, app_id)

    def action_delete(self) -> None:
        focused = self.focused
        key = focused.selected_key() if isinstance(focused, Table) else None
        if key is None or isinstance(focused, TodayTable):
            self.notify(
                "Select an application (Pipeline) or a contact (Contacts) to delete",
                severity="warning",
            )
            return
        if isinstance(focused, PipelineTable):
            application = self.store.application(int(key))
            editing.delete(
                self, "applications", application.id, f"{application.company} — {application.role}"
            )
        else:
            contact = self.store.contact(int(key))
            editing.delete(self, "contacts", contact.id, contact.name)

    def action_settings(self) -> None:
        current = self.store.settings()

        def saved(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            changed = changed_settings(current, values)
            if not changed:
                return
            previous = {name: str(getattr(current, name)) for name in changed}
            with self.db_lock:
                for name, value in changed.items():
                    self.store.set_setting(name, value)

            def back() -> None:
                for name, value in previous.items():
                    self.store.set_setting(name, value)

            self.push_undo("settings", back)
            self.notify(f"Saved {len(changed)} setting(s); the playbook uses them now")
            self.refresh_data()

        spec = FormSpec("Settings", tuple(settings_fields(current)), self.today, self.work_days())
        self.push_screen(FormScreen(spec), saved)

    def action_templates(self) -> None:
        options = [(s.value, s.label) for s in TEMPLATED]
        self.push_screen(ChooseScreen("Edit the template of…", options), self._edit_template)

    def _edit_template(self, chosen: str | None) -> None:
        if chosen is None:
            return
        strategy = Strategy(chosen)
        subject, body = self.store.template(strategy) or drafts.BUILT_IN[strategy]
        sample = self.selected_action()
        if sample is None or sample.strategy is not strategy:
            sample = next(
                (
                    a
                    for a in (self.snapshot.actions if self.snapshot else ())
                    if a.strategy is strategy
                ),
                sample,
            )
        settings = self.store.settings()

        def preview(new_subject: str, new_body: str) -> str:
            if sample is None:
                return "(no action of this kind to preview with)"
            draft = drafts.render(sample, settings, self.today, {strategy: (new_subject, new_body)})
            return draft.text if draft else ""

        def done(result: tuple[str, str] | str | None) -> None:
            if result is None:
                return
            before = self.store.template(strategy)
            with self.db_lock:
                if result == "reset":
                    self.store.reset_template(strategy)
                    self.notify(f"{strategy.label}: back to the built-in template")
                else:
                    assert isinstance(result, tuple)
                    self.store.set_template(strategy, *result)
                    self.notify(f"{strategy.label}: template saved")

            def back() -> None:
                if before is None:
                    self.store.reset_template(strategy)
                else:
                    self.store.set_template(strategy, *before)

            self.push_undo(f"{strategy.label} template", back)
            self.refresh_data()

        self.push_screen(TemplateScreen(strategy, subject, body, preview), done)

    def action_search(self) -> None:
        def search(text: str) -> list[tuple[str, int, str, str]]:
            with self.db_lock:
                return self.store.search_everything(text)

        def chosen(hit: tuple[str, int] | None) -> None:
            if hit is None:
                return
            kind, ref = hit
            if kind == "application":
                self.open_application(ref)
            elif kind == "contact":
                self.open_contact(ref)
            elif kind == "interview":
                self.open_application(self.store.interview(ref).application_id)
            else:
                self.filters["pipeline"] = self.store.company(ref).name
                self.action_focus_pane("pipeline")
                self.refresh_data()

        self.push_screen(SearchScreen(search), chosen)

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


def _count_title(name: str, shown: int, total: int) -> str:
    return f"{name} ({total})" if shown >= total else f"{name} ({shown} of {total}; / filters)"


def _touch_line(touch: object) -> str:
    from followup_tui.models import Touch

    assert isinstance(touch, Touch)
    arrow = "→" if touch.direction.value == "out" else "←"
    what = touch.strategy.label if touch.strategy else (touch.channel or "touch")
    about = touch.subject or touch.note or ""
    return f"{describe_day(touch.at.date())}  {arrow} {what}" + (f": {about}" if about else "")

"""What the dashboard's flows need of the app that runs them, as a Protocol.

The flows (review.py, record_flows.py, record_edits.py, detail_flows.py, setup_flows.py,
transfer_flows.py) turn a pane's message into a form, a write and a repaint; they take the
app as a `Host`, so none of them imports the app module, and a test may hand them anything
that fits.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from pendulum import Date
    from textual.notifications import SeverityLevel
    from textual.screen import Screen
    from textual.worker import Worker

    from followup_tui.models import Action, Draft
    from followup_tui.store import Store
    from followup_tui.tui.snapshot import Snapshot
    from followup_tui.tui.state import DashboardState
    from followup_tui.tui.widgets.palette import Palette

Written = TypeVar("Written")
Result = TypeVar("Result")


class Host(Protocol):
    """The app as its flows see it: the store, the day, the guarded writes, the notices."""

    store: Store
    today: Date
    db_lock: threading.RLock
    threaded: bool
    state: DashboardState
    palette: Palette
    #: False until the store is open and the first snapshot is on its way.
    started: bool
    #: The history entry of the newest write `saved` made (None: it wrote nothing).
    last_change: int | None

    @property
    def snapshot(self) -> Snapshot | None: ...

    def saved(
        self,
        write: Callable[[], Written],
        label: str | Callable[[Written], str] = "change",
        record: bool = True,
    ) -> Written | None: ...

    def push_undo(self, what: str, select: str | None = None) -> None: ...

    def offer_undo(self, what: str, change_id: int, select: str | None = None) -> None: ...

    def refresh_data(self) -> None: ...

    def apply(self, data: Snapshot) -> None: ...

    def refresh_soon(self) -> None: ...

    def work_days(self) -> frozenset[int]: ...

    def selected_action(self) -> Action | None: ...

    def draft_for(self, action: Action) -> Draft | None: ...

    def update_bindings(self) -> None: ...

    def drop_action(self, key: str) -> None: ...

    def render_draft(self) -> None: ...

    def focus_pane(self, pane: str) -> None: ...

    def copy_text(self, text: str) -> None: ...

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None: ...

    def push_screen(
        self, screen: Screen[Result], callback: Callable[[Result | None], None] | None = None
    ) -> object: ...

    def call_from_thread(self, callback: Callable[..., Any], *args: Any) -> Any: ...

    def run_worker(
        self,
        work: Callable[[], Any],
        name: str | None = "",
        group: str = "default",
        description: str = "",
        exit_on_error: bool = True,
        start: bool = True,
        exclusive: bool = False,
        thread: bool = False,
    ) -> Worker[Any]: ...

    @property
    def screen(self) -> Screen[object]: ...

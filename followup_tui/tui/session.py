"""The dashboard's edges: what its first notice and title say of the file, and the signals
(SIGTERM, SIGHUP) that end it the way quitting does, so the terminal is restored."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from typing import TYPE_CHECKING, Any, Protocol

from textual.app import App

if TYPE_CHECKING:
    from followup_tui.store import Store


class Greeted(Protocol):
    """What the first notice needs of the app."""

    store: Store
    created: bool
    title: str

    def notify(
        self, message: str, *, markup: bool = True, timeout: float | None = None
    ) -> None: ...


#: The title while the database is one `followup demo` filled.
DEMO_TITLE = "followup — demo"

#: `kill` and service managers send SIGTERM; closing the terminal window sends SIGHUP.
SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def exit_on_signals(app: App[Any]) -> None:
    """Until the app's event loop closes, SIGTERM or SIGHUP asks `app` to exit, as `q` does.

    The handler runs on the event loop, between two of its callbacks: Textual then leaves
    the alternate screen and turns mouse reporting off, and a write under way (each runs
    whole on this loop, or in a worker inside its own transaction) is never cut short. The
    exit code is 128 plus the signal's number, as a shell reports a process a signal ended.
    """
    loop = asyncio.get_running_loop()
    for number in SIGNALS:
        # Only the main thread may take signals (not so under some test runners): then the
        # signal keeps its default meaning.
        with contextlib.suppress(ValueError, RuntimeError, NotImplementedError):
            loop.add_signal_handler(number, _leave, app, int(number))


def _leave(app: App[Any], number: int) -> None:
    app.exit(return_code=128 + number)


def greet(app: Greeted) -> None:
    """Once the store is open: the title says whether this is the demo, and a database this
    start created is announced (a mistyped --db shows here, not weeks later)."""
    from followup_tui.text import printable

    if app.store.is_demo():
        app.title = DEMO_TITLE
    if app.created:
        where = printable(app.store.where(), keep_newlines=False)
        app.notify(f"Created a new database at {where}", markup=False, timeout=10)

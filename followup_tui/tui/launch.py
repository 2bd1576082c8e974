"""Open the dashboard: start reading the database first, then import Textual meanwhile."""

from __future__ import annotations

import threading

from pendulum import Date

from followup_tui.db import DatabaseProblem, integrity_problem
from followup_tui.store import Store


def run_dashboard(store: Store, today: Date, where: str) -> None:
    """The command line's default command."""
    problem = integrity_problem(store.conn)
    if problem is not None:
        raise DatabaseProblem(f"{where} is damaged ({problem}); restore it from a backup")
    from followup_tui.tui.snapshot import Preload

    lock = threading.RLock()
    # SQLite releases the GIL while it works, so the first snapshot is read while Textual
    # (the slowest import) loads: the first screen comes up sooner.
    preload = Preload(store, today, lock)
    from followup_tui.tui.app import FollowupApp

    FollowupApp(store, today, preload=preload, lock=lock).run()

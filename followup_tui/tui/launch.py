"""Open the dashboard in this one process: the way in when the fast start (quick.py) can't
be taken (macOS, an in-memory database, no process to spare, ...)."""

from __future__ import annotations

import threading
from pathlib import Path

from pendulum import Date

from followup_tui.db import MEMORY, checked_integrity, damaged
from followup_tui.store import Store
from followup_tui.tui.snapshot import Preload


def run_dashboard(store: Store, today: Date, where: str) -> None:
    """The command line's default command."""
    problem = None
    if where != MEMORY:
        from followup_tui.paths import state_dir

        stamps = state_dir() / "checked-databases"
        problem = checked_integrity(store.conn, Path(where).expanduser(), stamps)
    if problem is not None:
        raise damaged(where, problem)
    lock = threading.RLock()
    # SQLite releases the GIL while it works, so the first read overlaps Textual's import.
    preload = Preload(store, today, lock)
    from followup_tui.tui.app import FollowupApp

    try:
        FollowupApp(store, today, preload=preload, lock=lock).run()
    finally:
        with lock:  # checkpoints the WAL into the file, as leaving should
            store.conn.close()

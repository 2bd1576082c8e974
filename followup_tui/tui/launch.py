"""Open the dashboard in this one process: the way in when the fast start (quick.py) can't
be taken (macOS, an in-memory database, no process to spare, ...)."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from followup_tui.db import MEMORY, checked_integrity, damaged
from followup_tui.startup import may_open_dashboard
from followup_tui.tui.snapshot import Preload

if TYPE_CHECKING:
    from followup_tui.cli import Env


def run_dashboard(env: Env) -> None:
    """The command line's default command (and the demo's, in a terminal)."""
    if not may_open_dashboard():  # before the database is opened, let alone created
        return
    where = str(env.db_path)
    created = where != MEMORY and not Path(where).expanduser().exists()
    # The dashboard runs its own integrity check (and says so in its own words).
    store = env.store(check=False, create=True)
    problem = None
    if where != MEMORY:
        from followup_tui.paths import state_dir

        stamps = state_dir() / "checked-databases"
        problem = checked_integrity(store.conn, Path(where).expanduser(), stamps)
    if problem is not None:
        raise damaged(where, problem)
    lock = threading.RLock()
    # SQLite releases the GIL while it works, so the first read overlaps Textual's import.
    preload = Preload(store, env.today, lock)
    from followup_tui.tui.app import FollowupApp

    app = FollowupApp(store, env.today, preload=preload, lock=lock, created=created)
    try:
        app.run()
    finally:
        with lock:  # checkpoints the WAL into the file, as leaving should
            store.conn.close()
    if app.return_code:  # a signal ended it, or the file went away under it
        sys.exit(app.return_code)

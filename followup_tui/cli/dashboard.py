"""`followup` with no command (and `followup demo` at a terminal): open the dashboard.

One way in: the start-up check first (completion, a terminal), then the database opened
and checked as every command does, then the first screen kept by the last start (if it is
still exact: tui/cache.py) handed to the app, which paints it at once and reads the
database in a thread while Textual mounts.
"""

from __future__ import annotations

import sys
from pathlib import Path

from followup_tui.cli.shared import Env
from followup_tui.db import MEMORY, checked_integrity, damaged
from followup_tui.startup import may_open_dashboard


def run_dashboard(env: Env) -> None:
    """The command line's default command (and the demo's, in a terminal)."""
    if not may_open_dashboard():  # before the database is opened, let alone created
        return
    where = str(env.db_path)
    created = where != MEMORY and not Path(where).expanduser().exists()
    # The dashboard runs its own integrity check (and says so in its own words).
    store = env.store(check=False, create=True)
    first = None
    if where != MEMORY:
        from followup_tui.paths import state_dir
        from followup_tui.tui import cache

        stamps = state_dir() / "checked-databases"
        problem = checked_integrity(store.conn, Path(where).expanduser(), stamps)
        if problem is not None:
            raise damaged(where, problem)
        key = cache.current_key(store, env.today.isoformat())
        first = cache.read(Path(where), key)
    preload = None
    if first is None:
        # No kept first screen: the first read starts now, before Textual is imported (the
        # read spends much of its time in SQLite, which lets the import go on meanwhile).
        import threading

        from followup_tui.tui.snapshot import Preload

        preload = Preload(store, env.today, threading.RLock())
    from followup_tui.tui.app import FollowupApp

    app = FollowupApp(store, env.today, first=first, created=created, preload=preload)
    try:
        app.run()
    finally:
        with app.db_lock:  # the first read may still be at work; closing checkpoints the WAL
            store.conn.close()
    if app.return_code:  # a signal ended it, or the file went away under it
        sys.exit(app.return_code)

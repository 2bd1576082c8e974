"""Open the dashboard: start reading the database first, then import Textual meanwhile."""

from __future__ import annotations

import os
import pickle
import sys
import threading
from pathlib import Path

from pendulum import Date

from followup_tui.db import MEMORY, checked_integrity, damaged, open_db
from followup_tui.store import Store
from followup_tui.tui.snapshot import Preload, Snapshot, compute


class ForkedPreload(Preload):
    """The first snapshot, computed by a forked child on the other core.

    Textual's import and the first computation are both CPU-bound Python: in one process
    they take turns on the GIL; in two they run side by side. The child opens its own
    connection (an open SQLite connection must not cross a fork) and sends the snapshot
    back pickled through a pipe.
    """

    def __init__(self, path: Path, today: Date) -> None:
        self.result = None
        self.error = None
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: compute, send, leave without running any cleanup
            os.close(read_end)
            try:
                snapshot = compute(Store(open_db(path)), today, threading.RLock(), full=False)
                payload = pickle.dumps(snapshot, protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException:
                payload = b""
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
            os._exit(0)
        os.close(write_end)
        self._pid = pid
        self._thread = threading.Thread(target=self._receive, args=(read_end,), daemon=True)
        self._thread.start()

    def _receive(self, read_end: int) -> None:
        with os.fdopen(read_end, "rb") as pipe:
            payload = pipe.read()
        os.waitpid(self._pid, 0)
        if payload:
            loaded = pickle.loads(payload)
            if isinstance(loaded, Snapshot):
                self.result = loaded


class FallbackPreload(Preload):
    """A forked preload that falls back to computing in this process if the child failed."""

    def __init__(self, forked: ForkedPreload, store: Store, today: Date, lock: threading.RLock):
        self.forked, self.store, self.today, self.lock = forked, store, today, lock

    def wait(self) -> Snapshot:
        self.forked._thread.join()
        if self.forked.result is not None:
            return self.forked.result
        return compute(self.store, self.today, self.lock, full=False)


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
    preload: Preload
    if where != MEMORY and hasattr(os, "fork") and sys.platform != "darwin":
        preload = FallbackPreload(ForkedPreload(Path(where), today), store, today, lock)
    else:
        # SQLite releases the GIL while it works, so a thread still overlaps with the import.
        preload = Preload(store, today, lock)
    from followup_tui.tui.app import FollowupApp

    try:
        FollowupApp(store, today, preload=preload, lock=lock).run()
    finally:
        with lock:  # checkpoints the WAL into the file, as leaving should
            store.conn.close()

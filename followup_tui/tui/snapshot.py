"""What the dashboard shows, computed in one go off the UI thread (no Textual here).

Kept free of Textual: the first read runs in a thread of its own (Preload) while Textual
mounts the app, and the command line reads the first-screen cache (cache.py) before
Textual is imported.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from pendulum import Date

from followup_tui import playbook
from followup_tui.models import Action, Settings, Strategy
from followup_tui.store import ContactRow, PipelineRow, Store

#: Actions further out than this are not shown anywhere (the strip's "upcoming").
HORIZON_DAYS = 30
#: No table holds more rows than these; the rest is reached by filtering (/).
TODAY_PAGE = 100
SIDE_PAGE = 60


@dataclass(frozen=True)
class Snapshot:
    settings: Settings
    templates: dict[Strategy, tuple[str, str]]
    #: Every action due within HORIZON_DAYS, ranked.
    actions: tuple[Action, ...]
    pipeline: tuple[PipelineRow, ...] = ()
    pipeline_total: int = 0
    contacts: tuple[ContactRow, ...] = ()
    contacts_total: int = 0
    done: dict[int, frozenset[Strategy]] = field(default_factory=dict)
    #: The drafts the user edited, by action key: (subject, body) as kept in the store.
    edits: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: False for the quick first read (Today only); the panes then say they are loading.
    complete: bool = True
    #: The quick read's header counts and number of due actions (it holds only a page).
    counts: playbook.Counts | None = None
    due_total: int | None = None
    #: Stored settings out of range, read as their defaults (the dashboard says so once).
    setting_warnings: tuple[str, ...] = ()
    #: The database's (identity, version, stamp) read before the data (db/version.py): a write
    #: during the read makes it older than the data, never newer, so a first screen kept
    #: under it (cache.py) can only miss, never be stale.
    version: tuple[str, int, str] | None = None
    #: The store's own writes when the read ended (Store.own_writes): the dashboard drops a
    #: read that a write of its own has made stale, rather than bring a done row back.
    own_writes: int | None = None


def compute(
    store: Store,
    today: Date,
    lock: threading.RLock,
    pipeline_filter: str = "",
    contacts_filter: str = "",
    full: bool = True,
) -> Snapshot:
    """Read what the panes show. `full=False` reads only what the first screen needs
    (Today and the header's counts for the week); a full read follows at once."""
    horizon = HORIZON_DAYS if full else 7
    with lock:
        version = store.db_version()
        state = store.playbook_state(today, horizon)
        found = playbook.actions(state, today, horizon_days=horizon)
        templates = store.templates()
        edits = store.draft_edits()
        warnings = tuple(store.checked_settings()[1])
        if not full:
            # Only what the first screen shows: the full read follows once it is up.
            due = [a for a in found if a.due <= today]
            return Snapshot(
                state.settings,
                templates,
                tuple(playbook.knowing(state, due[:TODAY_PAGE])),
                complete=False,
                counts=playbook.counts(found, today),
                due_total=len(due),
                edits=edits,
                setting_warnings=warnings,
                version=version,
                own_writes=store.own_writes(),
            )
        # Drafts are shown for any action, due or coming: all of them know their person.
        found = playbook.knowing(state, found)
        pipeline, pipeline_total = store.pipeline_rows(pipeline_filter, SIDE_PAGE)
        contacts, contacts_total = store.contact_rows(contacts_filter, SIDE_PAGE)
        done = store.strategies_done(row.app.id for row in pipeline)
        own_writes = store.own_writes()
    return Snapshot(
        settings=state.settings,
        templates=templates,
        actions=tuple(found),
        pipeline=tuple(pipeline),
        pipeline_total=pipeline_total,
        contacts=tuple(contacts),
        contacts_total=contacts_total,
        done=done,
        edits=edits,
        setting_warnings=warnings,
        version=version,
        own_writes=own_writes,
    )


class Preload:
    """Compute the first snapshot in a thread of its own: SQLite releases the GIL while it
    reads, so the read overlaps Textual's import (the command line starts it before
    importing the app) and the app's mounting. `lock` guards the store's connection; the
    app takes it as its own."""

    def __init__(self, store: Store, today: Date, lock: threading.RLock) -> None:
        self.lock = lock
        self.result: Snapshot | None = None
        self.error: BaseException | None = None
        with lock:
            #: The connection's data_version before the read: a commit by another
            #: connection after it is picked up by the app's poll.
            self.data_version = store.data_version()
        self._thread = threading.Thread(target=self._run, args=(store, today, lock), daemon=True)
        self._thread.start()

    def _run(self, store: Store, today: Date, lock: threading.RLock) -> None:
        try:
            self.result = compute(store, today, lock, full=False)
        except BaseException as error:
            self.error = error

    def wait(self) -> Snapshot:
        self._thread.join()
        if self.error is not None:
            raise self.error
        assert self.result is not None
        return self.result

    def hand_over(self, deliver: Callable[[Snapshot | None], None]) -> None:
        """Call `deliver` with the read once it is in (None if it failed: a passing fault,
        the file busy), from a thread of its own. Not a Textual worker: those are waited for
        on the way out, and quitting must not wait for a read."""

        def wait_and_deliver() -> None:
            try:
                data: Snapshot | None = self.wait()
            except Exception:
                data = None
            deliver(data)

        threading.Thread(target=wait_and_deliver, name="first-read", daemon=True).start()

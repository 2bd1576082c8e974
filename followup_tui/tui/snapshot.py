"""What the dashboard shows, computed in one go off the UI thread (no Textual here).

Kept free of Textual so the launcher can start reading the database while Textual itself
is still being imported.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from pendulum import Date

from followup_tui import playbook
from followup_tui.models import Action, Settings, Strategy
from followup_tui.store import ContactRow, PipelineRow, Store

#: Actions further out than this are not shown anywhere (the strip's "upcoming").
HORIZON_DAYS = 30
#: No table holds more rows than these; the rest is reached by filtering (/).
TODAY_PAGE = 200
SIDE_PAGE = 100


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


def compute(
    store: Store,
    today: Date,
    lock: threading.RLock,
    pipeline_filter: str = "",
    contacts_filter: str = "",
) -> Snapshot:
    with lock:
        state = store.playbook_state(today, HORIZON_DAYS)
        found = playbook.actions(state, today, horizon_days=HORIZON_DAYS)
        pipeline, pipeline_total = store.pipeline_rows(pipeline_filter, SIDE_PAGE)
        contacts, contacts_total = store.contact_rows(contacts_filter, SIDE_PAGE)
        done = store.strategies_done(row.app.id for row in pipeline)
        templates = store.templates()
    return Snapshot(
        settings=state.settings,
        templates=templates,
        actions=tuple(found),
        pipeline=tuple(pipeline),
        pipeline_total=pipeline_total,
        contacts=tuple(contacts),
        contacts_total=contacts_total,
        done=done,
    )


class Preload:
    """Compute the first snapshot in a thread, started before Textual is imported."""

    def __init__(self, store: Store, today: Date, lock: threading.RLock) -> None:
        self.result: Snapshot | None = None
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(store, today, lock), daemon=True)
        self._thread.start()

    def _run(self, store: Store, today: Date, lock: threading.RLock) -> None:
        try:
            self.result = compute(store, today, lock)
        except BaseException as error:
            self.error = error

    def wait(self) -> Snapshot:
        self._thread.join()
        if self.error is not None:
            raise self.error
        assert self.result is not None
        return self.result

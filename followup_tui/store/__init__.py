"""Every SQL statement of the app: reads return frozen dataclasses, writes are atomic.

One `Store`, assembled from modules by meaning: `records` (companies, applications,
contacts), `moments` (interviews, events, resources), `touches` (the interaction log),
`actions` (done, snooze, skip), `edits` (drafts edited per action), `config` (settings,
templates), `facts` (the playbook's facts, read by `reader` and `rules`), `lists` (the
dashboard's pages, pick lists, search),
`history` (the undo history, with `journal`, `changes` and `keys`), `bulk` (import, export,
the demo). Each builds on `base.StoreBase`: the connection, the clock, who writes.
"""

from followup_tui.db import atomic, backup, integrity_problem, private_folder
from followup_tui.errors import AlreadyDone, Invalid, NotFound
from followup_tui.store.actions import Actions, UndoToken
from followup_tui.store.bulk import Bulk
from followup_tui.store.changes import Change, Recording, UndoRefused, check_payload
from followup_tui.store.edits import DraftEdit
from followup_tui.store.facts import Facts
from followup_tui.store.history import Deleted, History
from followup_tui.store.lists import ContactRow, Lists, PipelineRow


class Store(Actions, Lists, Facts, History, Bulk):
    """All reads and writes of the followup database, over one sqlite3 connection.

    The connection comes from `db.open_db` (already migrated); `Store(conn, now, source)`.
    Multi-row writes run inside `atomic`, so they hold all or nothing.
    """


__all__ = [
    "AlreadyDone",
    "Change",
    "ContactRow",
    "Deleted",
    "DraftEdit",
    "Invalid",
    "NotFound",
    "PipelineRow",
    "Recording",
    "Store",
    "UndoRefused",
    "UndoToken",
    "atomic",
    "backup",
    "check_payload",
    "integrity_problem",
    "private_folder",
]

"""What every part of the store shares: the connection, the clock, who writes, the journal.

Each other module of the package adds one family of statements to `StoreBase`; `Store`
(in `__init__`) is all of them together.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Self

import pendulum
from pendulum import DateTime

from followup_tui.db import file_of, open_db, version
from followup_tui.errors import explain
from followup_tui.models import ACTIVE_STAGES, CLOSED_STAGES, STAGE_RANK, datetime_text
from followup_tui.store.journal import Journal, new_session

#: SQL lists of stage values, for `a.stage IN ...`: the active stages, and every stage an
#: application is still followed in (active or closed, not the wishlist nor accepted).
IN_ACTIVE = "(" + ",".join(f"'{s.value}'" for s in sorted(ACTIVE_STAGES)) + ")"
IN_TRACKED = "(" + ",".join(f"'{s.value}'" for s in sorted(ACTIVE_STAGES | CLOSED_STAGES)) + ")"
#: SQL for `STAGE_RANK` of the application alias `{0}` (0 for the stages it doesn't rank).
STAGE_RANK_SQL = (
    "CASE {0}.stage "
    + " ".join(f"WHEN '{stage.value}' THEN {rank}" for stage, rank in STAGE_RANK.items())
    + " ELSE 0 END"
)


class StoreBase:
    """The connection, the clock and who writes: what every family of statements uses.

    The connection comes from `db.open_db` (already migrated). Multi-row writes run inside
    `db.atomic`, so they hold all or nothing.
    """

    def __init__(
        self, conn: sqlite3.Connection, now: DateTime | None = None, source: str = "cli"
    ) -> None:
        self.conn = conn
        self._now = now
        #: Who writes through this store (`cli` or `dashboard`), and which run: the history
        #: keeps both, so each undoes only its own changes.
        self.source = source
        self.session = new_session()
        self.journal = Journal(conn)

    # --- time ---------------------------------------------------------------------------

    def now(self) -> DateTime:
        """The moment written on new rows (fixed in tests and demos)."""
        return self._now if self._now is not None else pendulum.now()

    def _stamp(self) -> str:
        return datetime_text(self.now())

    # --- small helpers --------------------------------------------------------------------

    def _one(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None

    def _insert(self, table: str, values: dict[str, Any]) -> int:
        columns = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        cursor = self.conn.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(values.values())
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def _update(self, table: str, row_id: int, values: dict[str, Any]) -> None:
        if not values:
            return
        assignments = ", ".join(f"{column} = ?" for column in values)
        self.conn.execute(
            f"UPDATE {table} SET {assignments} WHERE id = ?", [*values.values(), row_id]
        )

    def data_version(self) -> int:
        """Changes whenever another connection commits: cheap to poll for outside edits."""
        return int(self._one("PRAGMA data_version"))

    def own_writes(self) -> int:
        """Rows this connection has written since it opened: a read that ended at a lower
        count is older than one of its writes."""
        return self.conn.total_changes

    @classmethod
    def open(cls, path: str | Path, now: DateTime | None = None, source: str = "cli") -> Self:
        """A store on the database file at `path` (opened, checked and migrated: open_db)."""
        return cls(open_db(path), now=now, source=source)

    def where(self) -> str:
        """The database's file, for messages ("the database" for one in memory)."""
        return file_of(self.conn)

    def explain(self, error: sqlite3.Error) -> str:
        """What SQLite's refusal means for the user, in one line."""
        return explain(self.where(), error)

    def db_version(self) -> version.State | None:
        """(identity, counter, stamp) of this database's data (db/version.py): it names one
        state of one database, whichever connection or process wrote it; None before the
        counter's migration ran."""
        return version.read(self.conn)

    def database_path(self) -> Path | None:
        """The file behind the connection, or None for an in-memory database."""
        for _seq, name, file in self.conn.execute("PRAGMA database_list"):
            if name == "main":
                return Path(file) if file else None
        return None

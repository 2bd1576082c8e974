"""What every command shares: the Env (the database path and the day), the options' types
and the one-line failure; the area modules import it, never the group."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import click
from pendulum import Date, DateTime

from followup_tui.dates import fixed_now
from followup_tui.db import MEMORY, DatabaseProblem, checked_integrity, damaged, open_db
from followup_tui.store import Store

#: A row id: SQLite integers are 64-bit, so a larger number can't name anything.
ROW_ID = click.IntRange(1, 2**63 - 1)


@dataclass
class Env:
    """What every command shares: the database path and the day the world is seen from."""

    db_path: Path | str
    today: Date
    now: DateTime
    _store: Store | None = None
    #: Called with the store when it opens (a writing command starts its change there).
    on_open: Callable[[Store], object] | None = None
    #: The file `--db` named on the command line (not FOLLOWUP_DB's), if any.
    db_option: Path | None = None
    #: Set by the commands that add something (`add`, `import`): they may create the file.
    creates: bool = False

    def store(self, check: bool = True, create: bool = False) -> Store:
        """The store, opened once; `check` first runs `PRAGMA quick_check` on the file.
        Unless `create` (or `creates`), a file that does not exist is refused, not created:
        a mistyped --db must not start an empty database.

        Damage the day's queries don't reach would otherwise go unnoticed while backups
        rotate, and a write into a damaged file can spread the damage.
        """
        if self._store is None:
            if not (create or self.creates):
                refuse_missing(self.db_path)
            conn = open_db(self.db_path)
            problem = None
            if check and str(self.db_path) != MEMORY:
                from followup_tui.paths import state_dir

                stamps = state_dir() / "checked-databases"
                problem = checked_integrity(conn, Path(self.db_path).expanduser(), stamps)
            if problem is not None:
                conn.close()
                raise damaged(self.db_path, problem)
            self._store = Store(conn, now=fixed_now(self.today))
            if self.on_open is not None:
                self.on_open(self._store)
        return self._store


pass_env = click.make_pass_decorator(Env)


def current_env() -> Env:
    """The Env of the `followup` command being run (for commands that take no pass_env)."""
    env = click.get_current_context().find_object(Env)
    if env is None:  # only when a command is invoked outside the `followup` group
        raise click.UsageError("run this as a `followup` command")
    return env


def refuse_missing(db_path: Path | str) -> None:
    """DatabaseProblem, naming --db and FOLLOWUP_DB, when there is no file at `db_path`."""
    if str(db_path) != MEMORY and not Path(db_path).expanduser().exists():
        raise DatabaseProblem(
            f"{Path(db_path).expanduser()} does not exist: check --db and FOLLOWUP_DB "
            "(`followup` or `followup add ...` creates a new database)"
        )


def fail(message: str) -> NoReturn:
    raise click.ClickException(message)


def choice(enum: Any) -> click.Choice[str]:
    return click.Choice([member.value for member in enum], case_sensitive=False)

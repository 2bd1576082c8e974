"""The first screen of the last start, kept so the next start can paint it at once.

Exact, not a guess: it is used only when its key matches the database's (identity,
version, stamp) row (db/version.py), the day and the package's version, so any write from
anywhere (the dashboard, the command line, another program through SQLite), a new day or
an upgrade makes it miss. It is derived data: one JSON file per database in the private
state folder, never dumped, never in a backup; a missing, unreadable, foreign or damaged
file is ignored (and written again). JSON, never pickle: reading it runs no code.
Free of Textual, so the command line can read it before Textual is imported.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from followup_tui import __version__
from followup_tui.text import printable
from followup_tui.tui.view import DraftText, FirstScreen, HeaderText, TodayRow

if TYPE_CHECKING:
    from followup_tui.store import Store

FORMAT = 1
FOLDER = "first-screens"
Key = tuple[str, int, str, str, str]


def key_of(version: tuple[str, int, str] | None, today: str) -> Key | None:
    """The cache key for a database at `version` (Store.db_version), seen on `today`."""
    return None if version is None else (*version, today, __version__)


def current_key(store: Store, today: str) -> Key | None:
    return key_of(store.db_version(), today)


def database_file(store: Store) -> str:
    """The store's database file; "" for a database in memory (nothing to keep)."""
    path = store.database_path()
    return "" if path is None else str(path)


def cache_file(database: Path, state: Path | None = None) -> Path:
    """Where the first screen of `database` (a file path) is kept."""
    if state is None:
        from followup_tui.paths import state_dir

        state = state_dir()
    name = hashlib.sha256(_where(database).encode()).hexdigest()[:32]
    return state / FOLDER / f"{name}.json"


def _where(database: Path) -> str:
    return str(Path(database).expanduser().resolve())


def read(database: Path, key: Key | None) -> FirstScreen | None:
    """The kept first screen of `database` if its key is `key`; None for anything else."""
    if key is None:
        return None
    try:
        data = json.loads(cache_file(database).read_text(encoding="utf-8"))
        if (
            not isinstance(data, dict)
            or data.get("format") != FORMAT
            or data.get("database") != _where(database)
            or data.get("key") != list(key)
        ):
            return None
        return _screen(data["screen"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def write(database: Path, key: Key, screen: FirstScreen) -> None:
    """Keep `screen` as the first screen of `database` at `key` (0600, in a 0700 folder).

    Written beside and renamed over, so a reader never sees half a file; a failure only
    costs the next start its shortcut.
    """
    from followup_tui.store import private_folder

    target = cache_file(database)
    data = {"format": FORMAT, "database": _where(database), "key": list(key)}
    text = json.dumps({**data, "screen": asdict(screen)}, ensure_ascii=False)
    temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        private_folder(target.parent)
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, target)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()


def _text(value: Any, keep_newlines: bool = False) -> str:
    """Text as the panes were given it: cleaned when it was made, and cleaned again (of
    control characters), as anything read from a file is; one line unless `keep_newlines`."""
    if not isinstance(value, str) or (not keep_newlines and "\n" in value):
        raise TypeError("not one line of text")
    return printable(value)


def _optional(value: Any, keep_newlines: bool = False) -> str | None:
    return None if value is None else _text(value, keep_newlines)


def _count(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise TypeError("not a count")
    return value


def _screen(data: dict[str, Any]) -> FirstScreen:
    header = data["header"]
    draft = data["draft"]
    return FirstScreen(
        header=HeaderText(
            day=_text(header["day"]),
            overdue=_count(header["overdue"]),
            due=_count(header["due"]),
            upcoming=_count(header["upcoming"]),
            narrowed=_optional(header["narrowed"]),
            held=_count(header.get("held", 0)),
        ),
        rows=tuple(
            TodayRow(**{name: _text(row[name]) for name in TodayRow.__dataclass_fields__})
            for row in data["rows"]
        ),
        total=_count(data["total"]),
        draft=None
        if draft is None
        else DraftText(
            title=_text(draft["title"]),
            why=_text(draft["why"]),
            due=_text(draft["due"]),
            deadline=_text(draft["deadline"]),
            key=_text(draft["key"]),
            needs=_optional(draft["needs"]),
            subject=_optional(draft["subject"]),
            body=_optional(draft["body"], keep_newlines=True),
        ),
        theme=_text(data["theme"]),
    )

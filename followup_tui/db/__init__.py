"""The SQLite file: its schema and triggers, named migrations, private files and safe opening.

By job: `schema` (the tables), `triggers` (search index and activity columns kept by SQLite),
`migrations` (append-only, with the table rebuild), `files` (private creation, backups, the
integrity check and its cache), `transaction` (`atomic`), `connection` (`open_db`).
"""

from followup_tui.db.connection import MEMORY, file_of, open_db
from followup_tui.db.files import backup, checked_integrity, integrity_problem, private_folder
from followup_tui.db.schema import ACTIVITY_COLUMNS, DATA_TABLES, DERIVED_TABLES
from followup_tui.db.transaction import atomic, begin_immediate
from followup_tui.errors import DatabaseProblem, damaged, explain, user_message

__all__ = [
    "ACTIVITY_COLUMNS",
    "DATA_TABLES",
    "DERIVED_TABLES",
    "MEMORY",
    "DatabaseProblem",
    "atomic",
    "backup",
    "begin_immediate",
    "checked_integrity",
    "damaged",
    "explain",
    "file_of",
    "integrity_problem",
    "open_db",
    "private_folder",
    "user_message",
]

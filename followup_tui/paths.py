"""Where the database lives: `--db`, then `FOLLOWUP_DB`, then the platform's user data folder."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "followup-tui"


def default_db_path() -> Path:
    """The database file used when neither `--db` nor `FOLLOWUP_DB` names one."""
    env = os.environ.get("FOLLOWUP_DB")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "followup.db"


def demo_db_path() -> Path:
    """The demo's own database, beside the default one (FOLLOWUP_DB never moves it)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "followup-demo.db"


def state_dir() -> Path:
    """A private folder for files such as the last draft saved when no clipboard works."""
    from platformdirs import user_state_path

    return user_state_path(APP_NAME, appauthor=False)

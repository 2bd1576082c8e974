"""The `followup` command line: the one place that reads the clock and opens the database.

Commands live in modules by area; cli/group.py gathers them into `cli`.
"""

from followup_tui.cli.group import cli, main
from followup_tui.cli.shared import Env

__all__ = ["Env", "cli", "main"]

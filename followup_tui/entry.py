"""The `followup` command: the dashboard straight away, or the full command line.

Opening the dashboard is what people do every morning, so it skips the command line's
imports (click, the store, pendulum) until its first screen is up; see tui/quick.py.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    from followup_tui.tui import quick

    if quick.available():
        options = quick.dashboard_options(sys.argv[1:], dict(os.environ))
        if options is not None and quick.run(*options):
            return
    from followup_tui.cli import main as cli_main

    cli_main()

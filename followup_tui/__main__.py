"""Run the command as `python -m followup_tui`."""

from followup_tui.cli import main

main()

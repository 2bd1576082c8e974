"""The one check every way into the dashboard passes first: completion, then a terminal."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import TextIO

#: click's shell-completion variable for the program name `followup` (see cli.main).
COMPLETE_VAR = "_FOLLOWUP_COMPLETE"
#: The exit code of a dashboard refused for want of a terminal: click's, for a usage error.
NO_TERMINAL = 2
REFUSAL = (
    "followup: the dashboard needs a terminal (standard input, output and error); "
    "from a script, cron or a pipe use `followup today` (see: followup --help)"
)


def _is_terminal(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (ValueError, OSError):  # closed, or not a real file
        return False


def has_terminal() -> bool:
    """True when standard input, output and error are all terminals: Textual reads keys
    from the first and draws on the last, and anything printed must not land in a file."""
    return all(_is_terminal(stream) for stream in (sys.stdin, sys.stdout, sys.stderr))


def may_open_dashboard(environ: Mapping[str, str] | None = None) -> bool:
    """Call before anything else on the way to the dashboard (before any fork, any file).

    False when click must answer instead: the shell is asking for completions, and its
    stdout is a pipe. Without a terminal (cron, a pipe, nohup) the dashboard could only
    spin, so one line says what to run instead and the process exits 2.
    """
    if (os.environ if environ is None else environ).get(COMPLETE_VAR):
        return False
    if not has_terminal():
        print(REFUSAL, file=sys.stderr)
        sys.exit(NO_TERMINAL)
    return True

"""Copying a draft: OSC 52 at once, the native clipboard tool in a worker thread, a notice."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import App

if TYPE_CHECKING:
    from followup_tui import clipboard

Copier = Callable[[str], "clipboard.NativeResult"]


def copy(app: App[None], text: str, copier: Copier | None) -> None:
    """Send `text` to the terminal's clipboard (which also sets app.clipboard), then hand it
    to the native tool off the UI thread, saving it to a file if no clipboard works."""
    app.copy_to_clipboard(text)
    app.run_worker(
        lambda: _copy_native(app, text, copier),
        group="clipboard",
        exclusive=True,
        exit_on_error=False,
        thread=True,
    )


def _copy_native(app: App[None], text: str, copier: Copier | None) -> None:
    from followup_tui import clipboard

    result = (copier or clipboard.copy_native)(text)
    saved = None
    if not result.ok:
        try:
            saved = clipboard.save_fallback(text)
        except OSError:
            saved = None
    message, good = clipboard.report(result, osc52_sent=True, saved=saved)
    app.call_from_thread(
        app.notify, message, severity="information" if good else "warning", markup=False
    )

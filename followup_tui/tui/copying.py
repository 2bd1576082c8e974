"""Copying a draft: OSC 52 at once, the native clipboard tool in a worker thread, a notice."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App

from followup_tui import clipboard

Copier = Callable[[str], clipboard.NativeResult]


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
    # OSC 52 went out on the UI thread (copy): the rest of clipboard.copy's steps, here.
    message, good = clipboard.copy(text, lambda _text: True, copier or clipboard.copy_native)
    app.call_from_thread(
        app.notify, message, severity="information" if good else "warning", markup=False
    )

"""Render the README's screenshots from demo data at a fixed day and size.

Run from the project's root: `python screenshots/make_screenshots.py`.
The SVGs come from the same machinery as the snapshot tests, so they show the real app.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pendulum
from textual.widgets import Input

from followup_tui import clipboard
from followup_tui.db import open_db
from followup_tui.demo import build_demo
from followup_tui.store import Store
from followup_tui.tui.app import FollowupApp

TODAY = pendulum.Date(2026, 11, 25)
NOW = pendulum.datetime(2026, 11, 25, 9, 0, tz="UTC")
HERE = Path(__file__).parent

#: file name, terminal size, keys pressed before the shot
SHOTS = [
    ("dashboard.svg", (120, 36), []),
    ("dashboard-wide.svg", (200, 60), []),
    ("application-detail.svg", (120, 36), ["2", "enter"]),
    ("help.svg", (120, 36), ["question_mark"]),
    ("add-application.svg", (120, 36), ["a", "enter", *"Zenith Works", "tab", *"Data Engineer"]),
    ("add-interview.svg", (120, 36), ["2", "n", "tab", *"tomorrow 14:30"]),
    ("settings.svg", (120, 36), ["f2"]),
]


def no_clipboard(text: str) -> clipboard.NativeResult:
    return clipboard.NativeResult(False, "screenshots never touch the clipboard")


async def shoot(name: str, size: tuple[int, int], keys: list[str]) -> None:
    store = Store(open_db(":memory:"), now=NOW)
    build_demo(store, TODAY)
    app = FollowupApp(store, TODAY, copier=no_clipboard, threaded=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
        await pilot.pause()
        for field in app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause()
        app.save_screenshot(filename=name, path=str(HERE))
    print(f"wrote {HERE / name}")


async def main() -> None:
    for name, size, keys in SHOTS:
        await shoot(name, size, keys)


if __name__ == "__main__":
    asyncio.run(main())

"""Measure the dashboard on a 10,000-application database, against a bare Textual app.

Run by hand: `python benchmarks/bench_dashboard.py [--runs 5]` (needs tmux).

1. Start-up: the time from launching the command in tmux to the first screen that shows
   what matters (for followup: Today with its top action; for the bare app, a Header, a
   Static and a Footer: the Static's text), polled with `tmux capture-pane`. Median of runs.
2. Peak memory (max RSS) of each, from /usr/bin/time after quitting with q.
3. `d` in-process: how long from pressing d until Today has repainted without the action.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

TODAY = "2026-11-25"
BARE_APP = """
from textual.app import App
from textual.binding import Binding
from textual.widgets import Footer, Header, Static

class Bare(App[None]):
    BINDINGS = [Binding("q", "quit", "Quit")]
    def compose(self):
        yield Header()
        yield Static("bare app ready")
        yield Footer()

Bare().run()
"""


def _session(command: list[str]) -> str:
    """Start `command` in a fresh, private tmux server at 120x36; returns its socket name."""
    socket = f"bench-{uuid.uuid4().hex[:8]}"
    subprocess.run(
        [
            "tmux",
            "-L",
            socket,
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "b",
            "-x",
            "120",
            "-y",
            "36",
            *command,
        ],
        check=True,
    )
    return socket


def _wait_for(socket: str, ready: str, start: float, timeout: float = 30.0) -> float:
    """Seconds from `start` until `ready` is on the screen."""
    while time.perf_counter() - start < timeout:
        screen = subprocess.run(
            ["tmux", "-L", socket, "capture-pane", "-p", "-t", "b"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        if ready in screen:
            return time.perf_counter() - start
        time.sleep(0.005)
    raise RuntimeError(f"never saw {ready!r}")


def tmux_first_screen(command: list[str], ready: str) -> float:
    start = time.perf_counter()
    socket = _session(command)
    try:
        return _wait_for(socket, ready, start)
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], check=False)


def peak_memory_kb(command: list[str], ready: str) -> int:
    out = Path(tempfile.mkstemp(suffix=".rss")[1])
    socket = _session(["/usr/bin/time", "-o", str(out), "-f", "%M", *command])
    try:
        _wait_for(socket, ready, time.perf_counter())
        time.sleep(1.0)  # let the first refresh settle before quitting
        subprocess.run(["tmux", "-L", socket, "send-keys", "-t", "b", "q"], check=True)
        deadline = time.perf_counter() + 30
        while time.perf_counter() < deadline and not out.read_text().strip():
            time.sleep(0.05)
        return int(out.read_text().split()[-1])
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], check=False)
        out.unlink(missing_ok=True)


async def repaint_after_key(database: Path, presses: int) -> tuple[list[float], list[float]]:
    """CPU seconds spent from pressing a key until the app is idle with the screen repainted.

    `pilot.press` returns only after the app has handled the key and refreshed the screen,
    but its wall time is mostly the harness waiting for frames; the CPU time is the work
    the key costs (the recompute is deferred until the user pauses, so it isn't in it).
    `j`, which only moves the cursor, is measured the same way for comparison.
    """
    import pendulum

    from followup_tui import clipboard
    from followup_tui.db import open_db
    from followup_tui.store import Store
    from followup_tui.tui.app import FollowupApp
    from followup_tui.tui.panes import TodayTable

    store = Store(open_db(database))
    app = FollowupApp(
        store,
        pendulum.Date.fromisoformat(TODAY),
        copier=lambda text: clipboard.NativeResult(False, "benchmark"),
    )
    done, moved = [], []
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.query_one(TodayTable)
        for _ in range(presses):
            start = time.process_time()
            await pilot.press("j")
            moved.append(time.process_time() - start)
            key = table.selected_key()
            start = time.process_time()
            await pilot.press("d")
            done.append(time.process_time() - start)
            assert table.selected_key() != key
            await asyncio.sleep(0.6)  # let the deferred recompute run, as a person would
            await app.workers.wait_for_complete()
            await pilot.pause()
        while app.undo_stack:  # leave the benchmark database as it was
            await pilot.press("u")
            await app.workers.wait_for_complete()
    return done, moved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="Folder to keep the database in.")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="followup-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / f"demo-{args.applications}.db"
    followup_cli = [sys.executable, "-m", "followup_tui", "--db", str(database), "--today", TODAY]
    if not database.exists():
        subprocess.run(
            [*followup_cli, "demo", "--applications", str(args.applications)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    top = json.loads(
        subprocess.run(
            [*followup_cli, "today", "--json"], check=True, capture_output=True, text=True
        ).stdout
    )[0]
    marker = (top["contact"] or top["company"])[:10]
    bare_file = folder / "bare_app.py"
    bare_file.write_text(BARE_APP)
    bare = [sys.executable, str(bare_file)]

    bare_times = [tmux_first_screen(bare, "bare app ready") for _ in range(args.runs)]
    ours = [tmux_first_screen(followup_cli, marker) for _ in range(args.runs)]
    bare_start, our_start = statistics.median(bare_times), statistics.median(ours)
    print(
        f"start-up, median of {args.runs}: bare app {bare_start * 1000:.0f} ms, "
        f"followup {our_start * 1000:.0f} ms: {our_start / bare_start:.2f}x"
    )

    bare_rss = peak_memory_kb(bare, "bare app ready")
    our_rss = peak_memory_kb(followup_cli, marker)
    print(
        f"peak memory: bare app {bare_rss / 1024:.0f} MB, followup {our_rss / 1024:.0f} MB: "
        f"{our_rss / bare_rss:.2f}x"
    )

    done, moved = asyncio.run(repaint_after_key(database, presses=10))
    d_ms, j_ms = statistics.median(done) * 1000, statistics.median(moved) * 1000
    print(
        f"d to repaint, CPU time over {len(done)} presses: median {d_ms:.0f} ms "
        f"(max {max(done) * 1000:.0f}); j (a cursor move) {j_ms:.0f} ms"
    )


if __name__ == "__main__":
    main()

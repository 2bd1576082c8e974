"""Measure the dashboard on a 10,000-application database, against a bare Textual app.

Run by hand: `python benchmarks/bench_dashboard.py [--runs 5]` (needs tmux).

1. Start-up: the time from launching the command in tmux to the first screen that shows
   what matters (for followup: Today with its top action; for the bare app, a Header, a
   Static and a Footer: the Static's text), polled with `tmux capture-pane`. Median of runs,
   the two programs taking turns. The screen is read twice over: through one attached
   tmux client (the figure that counts: reading costs the measured programs nothing), and
   by starting a tmux client per look, which takes CPU from them as it polls.
2. Peak memory of each: the largest process's max RSS (/usr/bin/time), and the peak of all
   its processes' PSS together, sampled until a second after the first screen.
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
from collections.abc import Callable
from pathlib import Path

from installed import compile_package

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


def _capture_spawning(socket: str) -> Callable[[], str]:
    """Read the screen by running `tmux capture-pane` once per look (a process each time)."""

    def look() -> str:
        return subprocess.run(
            ["tmux", "-L", socket, "capture-pane", "-p", "-t", "b"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout

    return look


def _capture_attached(socket: str) -> Callable[[], str]:
    """Read the screen through one tmux control-mode client, attached once.

    Starting a tmux client per look costs a few milliseconds of CPU each time, taken from
    the two cores the measured program runs on; a command to an attached client doesn't.
    """
    client = subprocess.Popen(
        ["tmux", "-L", socket, "-C", "attach-session", "-f", "no-output,ignore-size", "-t", "b"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
    )
    assert client.stdin is not None and client.stdout is not None
    stdin, stdout = client.stdin, client.stdout

    def look() -> str:
        stdin.write("capture-pane -p -t b\n")
        stdin.flush()
        lines: list[str] = []
        for line in stdout:
            if line.startswith("%begin"):
                lines = []
            elif line.startswith(("%end", "%error")):
                break
            else:
                lines.append(line)
        return "".join(lines)

    return look


def _wait_for(look: Callable[[], str], ready: str, start: float, timeout: float = 30.0) -> float:
    """Seconds from `start` until `ready` is on the screen."""
    while time.perf_counter() - start < timeout:
        if ready in look():
            return time.perf_counter() - start
        time.sleep(0.005)
    raise RuntimeError(f"never saw {ready!r}")


def tmux_first_screen(command: list[str], ready: str, attached: bool = True) -> float:
    start = time.perf_counter()
    socket = _session(command)
    try:
        look = _capture_attached(socket) if attached else _capture_spawning(socket)
        return _wait_for(look, ready, start)
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], check=False, capture_output=True)


def _descendants(pid: int) -> list[int]:
    """`pid` and every process under it, from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, frontier = [pid], [pid]
    while frontier:
        frontier = [child for child, parent in parents.items() if parent in frontier]
        tree.extend(frontier)
    return tree


def _pss_kb(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def peak_memory_kb(command: list[str], ready: str) -> tuple[int, int]:
    """(max RSS of the largest process, peak summed PSS of all its processes), in kB.

    /usr/bin/time reports the largest single process; the tree's memory is sampled every
    10 ms as well (PSS counts pages shared between processes once, split between them), for
    a program that starts helpers.
    """
    out = Path(tempfile.mkstemp(suffix=".rss")[1])
    socket = _session(["/usr/bin/time", "-o", str(out), "-f", "%M", *command])
    peak_pss = 0
    try:
        root = int(
            subprocess.run(
                ["tmux", "-L", socket, "display", "-p", "-t", "b", "#{pane_pid}"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        look = _capture_attached(socket)
        start = time.perf_counter()
        seen = False
        while time.perf_counter() - start < 30 and not seen:
            peak_pss = max(peak_pss, _pss_kb(_descendants(root)))
            seen = ready in look()
        settle = time.perf_counter() + 1.0  # the full read that follows the first screen
        while time.perf_counter() < settle:
            peak_pss = max(peak_pss, _pss_kb(_descendants(root)))
            time.sleep(0.01)
        subprocess.run(["tmux", "-L", socket, "send-keys", "-t", "b", "q"], check=True)
        deadline = time.perf_counter() + 30
        while time.perf_counter() < deadline and not out.read_text().strip():
            time.sleep(0.05)
        return int(out.read_text().split()[-1]), peak_pss
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], check=False, capture_output=True)
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
    from followup_tui.tui.widgets.today import TodayTable

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
        while app.state.can_undo():  # leave the benchmark database as it was
            await pilot.press("u")
            await app.workers.wait_for_complete()
    return done, moved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="Folder to keep the database in.")
    args = parser.parse_args()
    compile_package()
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

    for attached, how in ((True, "one attached tmux client"), (False, "a tmux client per look")):
        bare_times, ours = [], []
        for _ in range(args.runs):  # alternate, so both see the same machine
            bare_times.append(tmux_first_screen(bare, "bare app ready", attached))
            ours.append(tmux_first_screen(followup_cli, marker, attached))
        bare_start, our_start = statistics.median(bare_times), statistics.median(ours)
        print(
            f"start-up, median of {args.runs}, screen read by {how}: "
            f"bare app {bare_start * 1000:.0f} ms, followup {our_start * 1000:.0f} ms: "
            f"{our_start / bare_start:.2f}x"
        )

    (bare_rss, bare_pss), (our_rss, our_pss) = (
        peak_memory_kb(bare, "bare app ready"),
        peak_memory_kb(followup_cli, marker),
    )
    print(
        f"peak memory, max RSS: bare app {bare_rss / 1024:.0f} MB, followup "
        f"{our_rss / 1024:.0f} MB: {our_rss / bare_rss:.2f}x; all processes (PSS): bare app "
        f"{bare_pss / 1024:.0f} MB, followup {our_pss / 1024:.0f} MB: {our_pss / bare_pss:.2f}x"
    )

    done, moved = asyncio.run(repaint_after_key(database, presses=10))
    d_ms, j_ms = statistics.median(done) * 1000, statistics.median(moved) * 1000
    print(
        f"d to repaint, CPU time over {len(done)} presses: median {d_ms:.0f} ms "
        f"(max {max(done) * 1000:.0f}); j (a cursor move) {j_ms:.0f} ms"
    )


if __name__ == "__main__":
    main()

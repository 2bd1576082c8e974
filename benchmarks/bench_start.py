"""Measure how fast the dashboard paints Today with its top action, warm and cold.

Run by hand (needs tmux): `python benchmarks/bench_start.py [--runs 7] [--old PATH]`.

Each program is started in a private tmux server at 120x36, and the screen is read through
ONE control-mode client (`tmux -C`) attached before the program starts: the client
watches the `%output` notifications and, whenever the program has written something, asks
for the screen (`capture-pane`) over the same connection. No tmux process is started per
look, so reading costs the measured programs nothing. The clock runs from the
`respawn-pane` that starts the program until the marker (for followup: the top action's
contact or company; for the bare app, its Static's text) is on the screen.

The programs take turns, run after run, so all of them see the same machine:
- bare: a Textual app of a Header, a Static and a Footer;
- warm: `followup` with its first-screen cache valid (tui/cache.py; the previous run left it);
- cold: `followup` right after a write (an UPDATE from another connection, which bumps the
  database's counter of changes): the cache misses, and the integrity check runs again;
- old: with `--old PATH`, the same command from a checkout of an older followup (the forked
  start of 0ef5067), on a copy of the database without the counter, also right after a write.
Both the demo database (12 applications) and a 10,000-application one are measured. Peak
memory (max RSS, /usr/bin/time) is measured once per program after the timings.
Finally `d` is timed in-process at 10,000 applications (benchmarks/bench_dashboard.py).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from bench_dashboard import BARE_APP, repaint_after_key
from installed import compile_package

TODAY = "2026-11-25"
READY_BARE = "bare app ready"
SIZE = ("120", "36")


class Screen:
    """A private tmux server with one pane, and one control-mode client attached to it."""

    def __init__(self) -> None:
        self.socket = f"bench-{uuid.uuid4().hex[:8]}"
        base = ["tmux", "-L", self.socket, "-f", "/dev/null"]
        subprocess.run(
            [*base, "new-session", "-d", "-s", "b", "-x", SIZE[0], "-y", SIZE[1], "sleep 600"],
            check=True,
        )
        subprocess.run([*base, "set", "-g", "remain-on-exit", "on"], check=True)
        self.client = subprocess.Popen(
            [*base, "-C", "attach-session", "-f", "ignore-size", "-t", "b"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
            errors="replace",
        )
        assert self.client.stdin is not None and self.client.stdout is not None
        self._in, self._out = self.client.stdin, self.client.stdout
        self._command("display -p ready")  # attached and answering

    def _command(self, command: str) -> tuple[list[str], bool]:
        """Send one command; its reply's lines, and whether %output came meanwhile."""
        self._in.write(command + "\n")
        self._in.flush()
        lines: list[str] = []
        inside, output = False, False
        for line in self._out:
            if line.startswith("%output"):
                output = True
            elif line.startswith("%begin"):
                inside, lines = True, []
            elif line.startswith(("%end", "%error")) and inside:
                return lines, output
            elif inside:
                lines.append(line)
        raise RuntimeError("tmux control client went away")

    def _next_output(self, timeout: float) -> bool:
        """Wait for the program to write something (a %output notification)."""
        import select

        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([self._out], [], [], 0.05)
            if ready:
                line = self._out.readline()
                if not line:
                    return False
                if line.startswith("%output"):
                    return True
        return False

    def start(self, argv: list[str]) -> float:
        """Start `argv` in the pane; the moment it was started."""
        command = " ".join(_quote(part) for part in argv)
        started = time.perf_counter()
        self._command(f"respawn-pane -k -t b {_quote(command)}")
        return started

    def wait_for(self, marker: str, started: float, timeout: float = 60.0) -> float:
        """Seconds from `started` until `marker` is on the screen."""
        while time.perf_counter() - started < timeout:
            lines, _ = self._command("capture-pane -p -t b")
            if marker in "".join(lines):
                return time.perf_counter() - started
            self._next_output(timeout=0.5)
        raise RuntimeError(f"never saw {marker!r}")

    def keys(self, keys: str) -> None:
        self._command(f"send-keys -t b {keys}")

    def pane_dead(self) -> bool:
        lines, _ = self._command("display -p -t b '#{pane_dead}'")
        return "".join(lines).strip() == "1"

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], check=False, capture_output=True)
        self.client.wait(timeout=10)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


@dataclass
class Program:
    name: str
    argv: list[str]
    marker: str
    #: Run before each start (outside the clock): a write, for the cold starts.
    before: list[Path] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    times: list[float] = field(default_factory=list)
    rss_kb: int = 0


def write_to(database: Path) -> None:
    """A write from another connection: every trigger-kept counter moves, no data does."""
    with sqlite3.connect(database) as conn:
        conn.execute("UPDATE settings SET value = value")
        if not conn.total_changes:
            conn.execute("INSERT INTO settings (name, value) VALUES ('bench', '1')")


def env_prefix(env: dict[str, str]) -> list[str]:
    return ["env", *(f"{k}={v}" for k, v in env.items())] if env else []


def first_paint(screen: Screen, program: Program) -> float:
    for database in program.before:
        write_to(database)
    started = screen.start([*env_prefix(program.env), *program.argv])
    seconds = screen.wait_for(program.marker, started)
    screen.keys("q")
    deadline = time.perf_counter() + 30
    while not screen.pane_dead() and time.perf_counter() < deadline:
        time.sleep(0.02)
    return seconds


def peak_rss_kb(screen: Screen, program: Program) -> int:
    out = Path(tempfile.mkstemp(suffix=".rss")[1])
    for database in program.before:
        write_to(database)
    argv = [*env_prefix(program.env), "/usr/bin/time", "-o", str(out), "-f", "%M", *program.argv]
    started = screen.start(argv)
    screen.wait_for(program.marker, started)
    time.sleep(1.0)  # the full read that follows the first screen
    screen.keys("q")
    deadline = time.perf_counter() + 30
    while time.perf_counter() < deadline and not out.read_text().strip():
        time.sleep(0.05)
    rss = int(out.read_text().split()[-1])
    out.unlink(missing_ok=True)
    return rss


def command(database: Path, *arguments: str) -> list[str]:
    """`followup --db DATABASE --today TODAY ARGUMENTS...`, run by this Python."""
    return [
        sys.executable,
        "-m",
        "followup_tui",
        "--db",
        str(database),
        "--today",
        TODAY,
        *arguments,
    ]


def build(folder: Path, applications: int) -> Path:
    database = folder / f"demo-{applications}.db"
    if not database.exists():
        subprocess.run(
            command(database, "demo", "--applications", str(applications), "--no-open"),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return database


def marker_of(database: Path) -> str:
    top = json.loads(
        subprocess.run(
            command(database, "today", "--json"),
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )[0]
    return str(top["contact"] or top["company"])[:10]


def without_counter(database: Path) -> Path:
    """A copy an older followup opens: the counter's migration, table and triggers removed."""
    copy = database.with_name(database.stem + "-old.db")
    shutil.copy(database, copy)
    with sqlite3.connect(copy) as conn:
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_db_version_%'"
        ).fetchall():
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute("DROP TABLE IF EXISTS db_version")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm005_db_version'")
    return copy


def measure(folder: Path, applications: int, runs: int, old: Path | None) -> None:
    database = build(folder, applications)
    marker = marker_of(database)
    state = folder / f"state-{applications}"
    env = {"XDG_STATE_HOME": str(state)}
    followup = [sys.executable, "-m", "followup_tui", "--db", str(database), "--today", TODAY]
    bare_file = folder / "bare_app.py"
    bare_file.write_text(BARE_APP)
    programs = [
        Program("bare", [sys.executable, str(bare_file)], READY_BARE),
        Program("warm", followup, marker, env=env),
        Program("cold", followup, marker, before=[database], env=env),
    ]
    if old is not None:
        old_db = without_counter(database)
        old_argv = [sys.executable, "-m", "followup_tui", "--db", str(old_db), "--today", TODAY]
        programs.append(
            Program(
                "old",
                old_argv,
                marker,
                before=[old_db],
                env={
                    "XDG_STATE_HOME": str(folder / f"state-old-{applications}"),
                    "PYTHONPATH": str(old),
                },
            )
        )
    screen = Screen()
    try:
        for program in programs:  # once each, unmeasured: files cached, the cache written
            first_paint(screen, program)
        for _ in range(runs):
            for program in programs:
                program.times.append(first_paint(screen, program))
        for program in programs:
            program.rss_kb = peak_rss_kb(screen, program)
    finally:
        screen.close()
    bare = programs[0]
    bare_median = statistics.median(bare.times)
    print(f"\n{applications} applications, median of {runs} (one control-mode tmux client):")
    for program in programs:
        median = statistics.median(program.times)
        print(
            f"  {program.name:<5} {median * 1000:6.0f} ms  {median / bare_median:5.2f}x"
            f"   peak RSS {program.rss_kb / 1024:5.0f} MB  "
            f"{program.rss_kb / bare.rss_kb:4.2f}x"
            f"   (runs: {', '.join(f'{t * 1000:.0f}' for t in program.times)})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="Folder to keep the databases in.")
    parser.add_argument(
        "--old", type=Path, help="A checkout of an older followup to compare (its root folder)."
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[12, 10_000])
    parser.add_argument("--no-keys", action="store_true", help="Skip the in-process `d` timing.")
    args = parser.parse_args()
    compile_package()
    if args.old is not None:
        import compileall

        compileall.compile_dir(args.old / "followup_tui", quiet=1)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="followup-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    os.environ.pop("FOLLOWUP_DB", None)
    for applications in args.sizes:
        measure(folder, applications, args.runs, args.old)
    if not args.no_keys:
        database = build(folder, max(args.sizes))
        done, moved = asyncio.run(repaint_after_key(database, presses=10))
        print(
            f"\n`d` to repaint at {max(args.sizes)} applications, CPU time over {len(done)} "
            f"presses: median {statistics.median(done) * 1000:.0f} ms "
            f"(max {max(done) * 1000:.0f}); j (a cursor move) "
            f"{statistics.median(moved) * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()

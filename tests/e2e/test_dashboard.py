"""End-to-end: the installed `followup` command, driven in tmux as a person would.

One test reads the screen; one, under Xvfb, presses `c` and reads the real X clipboard back.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

TODAY = "2026-11-25"
FOLLOWUP = str(Path(sys.executable).parent / "followup")
needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def run_followup(db: Path, *args: str) -> str:
    done = subprocess.run(
        [FOLLOWUP, "--db", str(db), "--today", TODAY, *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


class Tmux:
    """A private tmux server with one session running a command."""

    def __init__(
        self, command: list[str], env: dict[str, str], size: tuple[int, int] = (120, 36)
    ) -> None:
        self.socket = f"followup-test-{uuid.uuid4().hex[:8]}"
        exports = [f"-e{name}={value}" for name, value in env.items()]
        # The test runner may export COLUMNS and LINES, which would override the pane's size.
        server_env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        subprocess.run(
            [
                "tmux",
                "-L",
                self.socket,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                "t",
                "-x",
                str(size[0]),
                "-y",
                str(size[1]),
                *exports,
                *command,
            ],
            check=True,
            env=server_env,
        )
        subprocess.run(["tmux", "-L", self.socket, "set", "-g", "remain-on-exit", "on"], check=True)

    def screen(self) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, "capture-pane", "-p", "-t", "t"],
            capture_output=True,
            text=True,
            check=False,
        )
        return done.stdout

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "-L", self.socket, "send-keys", "-t", "t", *keys], check=True)
        # A person's pace: keys that move the focus must land before the next ones are typed.
        time.sleep(0.15)

    def wait_for(self, ready: Callable[[str], bool], timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if ready(screen):
                return screen
            time.sleep(0.2)
        raise AssertionError(f"timed out; the screen was:\n{screen}")

    def dead(self) -> bool:
        done = subprocess.run(
            ["tmux", "-L", self.socket, "display", "-p", "-t", "t", "#{pane_dead}"],
            capture_output=True,
            text=True,
            check=False,
        )
        return done.stdout.strip() == "1"

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], check=False, capture_output=True)


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    db = tmp_path / "demo.db"
    run_followup(db, "demo")
    return db


def dashboard_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        **extra,
    }


@needs_tmux
def test_dashboard_in_tmux_shows_panes_top_action_and_footer(demo_db: Path, tmp_path: Path) -> None:
    top = json.loads(run_followup(demo_db, "today", "--json"))[0]
    tmux = Tmux([FOLLOWUP, "--db", str(demo_db), "--today", TODAY], dashboard_env(tmp_path))
    try:
        screen = tmux.wait_for(lambda s: "Today (" in s and "Quit" in s)
        for title in ("Today (", "Pipeline (", "Contacts (", "Draft"):
            assert title in screen
        who = top["contact"] or top["company"]
        assert who[:8] in screen
        assert "overdue" in screen.splitlines()[0]
        assert "Done" in screen and "Copy draft" in screen
        tmux.keys("q")
        deadline = time.monotonic() + 10
        while not tmux.dead() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert tmux.dead(), "q did not quit"
    finally:
        tmux.close()


@needs_tmux
def test_done_then_quit_leaves_everything_in_the_file_itself(demo_db: Path, tmp_path: Path) -> None:
    """What the dashboard wrote is in the database file once it has quit: no -wal left to
    hold it, so a copy of the file alone is a whole backup."""
    top = json.loads(run_followup(demo_db, "today", "--json"))[0]
    tmux = Tmux([FOLLOWUP, "--db", str(demo_db), "--today", TODAY], dashboard_env(tmp_path))
    try:
        tmux.wait_for(lambda s: "Today (" in s and "Quit" in s and "loading" not in s)
        tmux.keys("d")  # the top reply needs your answer: the first d only says so
        tmux.wait_for(lambda s: "Press d again" in s)
        tmux.keys("d")
        tmux.wait_for(lambda s: "Done:" in s)
        tmux.keys("q")
        deadline = time.monotonic() + 10
        while not tmux.dead() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert tmux.dead(), "q did not quit"
    finally:
        tmux.close()
    assert not demo_db.with_name(demo_db.name + "-wal").exists()
    copy = tmp_path / "copy.db"
    copy.write_bytes(demo_db.read_bytes())
    with contextlib.closing(sqlite3.connect(copy)) as conn:
        done = conn.execute("SELECT at FROM touches ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert done.startswith(f"{TODAY}T23:59:59")  # seen from --today: the end of that day
    assert top["key"] not in run_followup(demo_db, "today")


@pytest.fixture
def xvfb() -> Iterator[str]:
    if not (shutil.which("Xvfb") and shutil.which("xclip") and shutil.which("tmux")):
        pytest.skip("Xvfb, xclip and tmux are needed for the real-clipboard test")
    display = f":{90 + os.getpid() % 50}"
    server = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "800x600x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            probe = subprocess.run(
                ["xclip", "-o", "-selection", "clipboard"],
                env={**os.environ, "DISPLAY": display},
                capture_output=True,
                text=True,
                check=False,
            )
            if "Can't open display" not in probe.stderr:
                break
            time.sleep(0.2)
        yield display
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_c_puts_the_top_draft_on_the_real_x_clipboard(
    demo_db: Path, tmp_path: Path, xvfb: str
) -> None:
    top = json.loads(run_followup(demo_db, "today", "--json"))[0]
    expected = run_followup(demo_db, "draft", top["key"]).rstrip("\n")
    tmux = Tmux(
        [FOLLOWUP, "--db", str(demo_db), "--today", TODAY],
        dashboard_env(tmp_path, DISPLAY=xvfb),
    )
    try:
        tmux.wait_for(lambda s: "Today (" in s and "Quit" in s)
        tmux.keys("c")  # the top reply needs your answer: the first c only says so
        tmux.wait_for(lambda s: "Press c again" in s)
        untouched = subprocess.run(
            ["xclip", "-o", "-selection", "clipboard"],
            env={**os.environ, "DISPLAY": xvfb},
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        assert untouched == ""
        tmux.keys("c")
        tmux.wait_for(lambda s: "Copied with xclip" in s)
        pasted = subprocess.run(
            ["xclip", "-o", "-selection", "clipboard"],
            env={**os.environ, "DISPLAY": xvfb},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert pasted == expected
        tmux.keys("q")
    finally:
        tmux.close()


@needs_tmux
def test_keys_only_first_morning_ends_with_a_thank_you_quoting_the_highlight(
    tmp_path: Path,
) -> None:
    db = tmp_path / "mine.db"
    env = dashboard_env(tmp_path)
    env.pop("DISPLAY", None)
    tmux = Tmux([FOLLOWUP, "--db", str(db), "--today", TODAY], env)
    highlight = "your plan to retire the nightly batch jobs"
    try:
        tmux.wait_for(lambda s: "Today (" in s and "Quit" in s)
        # An application: `a`, enter (the first choice), company, role, save.
        tmux.keys("a")
        tmux.wait_for(lambda s: "Add…" in s)
        tmux.keys("Enter")
        tmux.wait_for(lambda s: "Add an application" in s)
        tmux.keys("-l", "Zenith Works")
        tmux.keys("Tab")
        tmux.keys("-l", "Data Engineer")
        tmux.keys("C-s")
        tmux.wait_for(lambda s: "Pipeline (1)" in s)
        # A contact on it: the second choice; tick the application in the last field.
        tmux.keys("a")
        tmux.wait_for(lambda s: "Add…" in s)
        tmux.keys("j")
        tmux.keys("Enter")
        tmux.wait_for(lambda s: "Add a contact" in s)
        tmux.keys("-l", "Nora Quist")
        tmux.keys("Tab")
        tmux.keys("-l", "Zenith Works")
        for _ in range(7):
            tmux.keys("Tab")
        tmux.keys("Space")
        tmux.keys("C-s")
        tmux.wait_for(lambda s: "Contacts (1)" in s)
        # An interview today with her, and what resonated: `n` on the application.
        tmux.keys("2")
        tmux.keys("n")
        tmux.wait_for(lambda s: "Add an interview" in s)
        for _ in range(3):
            tmux.keys("Tab")
        tmux.keys("Space")
        tmux.keys("Tab")
        tmux.keys("Tab")
        tmux.keys("-l", highlight)
        tmux.keys("C-s")
        tmux.wait_for(lambda s: "Thank-you" in s)
        # Back to Today, find the thank-you, copy its draft.
        tmux.keys("1")
        tmux.keys("Escape")
        tmux.keys("/")
        tmux.keys("-l", "thank")
        tmux.keys("Enter")
        tmux.keys("c")  # no name yet: the first c asks for it, once
        tmux.wait_for(lambda s: "Your name, for the drafts" in s)
        tmux.keys("-l", "Sam Rivera")
        tmux.keys("C-s")
        tmux.wait_for(lambda s: "Saved 1 setting" in s)
        tmux.keys("c")
        tmux.wait_for(lambda s: "OSC 52" in s or "Copied" in s)
        saved = tmp_path / "state" / "followup-tui" / "last-draft.txt"
        deadline = time.monotonic() + 10
        while not saved.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        draft = saved.read_text()
        assert "Nora," in draft.split("\n\n")[1]  # greeted by first name
        assert draft.rstrip().endswith("Sam Rivera")
        assert highlight in draft
        tmux.keys("q")
    finally:
        tmux.close()

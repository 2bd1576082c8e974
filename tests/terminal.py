"""Run the real `followup` in a pseudo-terminal, as a person at a terminal would."""

from __future__ import annotations

import contextlib
import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from pathlib import Path

FOLLOWUP = str(Path(sys.executable).parent / "followup")
#: Textual's first and last words to a terminal: the alternate screen on, then off.
ENTER_ALT_SCREEN = b"\x1b[?1049h"
LEAVE_ALT_SCREEN = b"\x1b[?1049l"
MOUSE_ON = b"\x1b[?1000h"
MOUSE_OFF = b"\x1b[?1000l"
#: How long a run may take before the test calls it hung (a guard, never an assertion).
HANG = 60.0


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without the tester's own followup settings, with a real TERM."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FOLLOWUP_", "_FOLLOWUP"))}
    env.pop("TMUX", None)
    env["TERM"] = "xterm-256color"
    env.update(extra)
    return env


class Terminal:
    """A child process at a pseudo-terminal: standard input and error (where Textual draws)
    on one, kept in `output`; standard output on a second one of its own, kept in
    `printed`, so what it prints can be told from the screen. Each stream named in `pipes`
    is a pipe instead (stdin then reads nothing)."""

    def __init__(
        self,
        argv: Sequence[str],
        env: Mapping[str, str],
        *,
        pipes: Collection[str] = (),
        size: tuple[int, int] = (36, 120),
    ) -> None:
        self.master, slave = os.openpty()
        self.out_master, out_slave = os.openpty()
        for fd in (slave, out_slave):
            fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", size[0], size[1], 0, 0))
        self.process = subprocess.Popen(
            list(argv),
            stdin=subprocess.PIPE if "stdin" in pipes else slave,
            stdout=subprocess.PIPE if "stdout" in pipes else out_slave,
            stderr=subprocess.PIPE if "stderr" in pipes else slave,
            env=dict(env),
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        os.close(out_slave)
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.output = b""
        self.printed = b""
        self._open = {self.master, self.out_master}

    def _pump(self, wait: float) -> bool:
        """Read what is there (waiting up to `wait` s); False once both terminals closed."""
        if not self._open:
            return False
        ready, _, _ = select.select(list(self._open), [], [], wait)
        for fd in ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: every process holding the terminal has closed it
                chunk = b""
            if not chunk:
                self._open.discard(fd)
            elif fd == self.master:
                self.output += chunk
            else:
                self.printed += chunk
        return bool(self._open)

    def wait_for(self, seen: Callable[[bytes], bool], what: str) -> None:
        """Read until `seen(output)` holds; fail (not hang) if it never does."""
        deadline = time.monotonic() + HANG
        while not seen(self.output):
            if time.monotonic() > deadline:
                raise AssertionError(f"never saw {what}; got {self.output[-2000:]!r}")
            if not self._pump(0.2) and not seen(self.output):
                raise AssertionError(f"the terminal closed before {what}: {self.output[-2000:]!r}")

    def send(self, text: str) -> None:
        os.write(self.master, text.encode())

    def signal(self, number: int) -> None:
        self.process.send_signal(number)

    def finish(self) -> int:
        """Read everything until the terminals close, then wait for the process's exit."""
        deadline = time.monotonic() + HANG
        while self._pump(0.2):
            if time.monotonic() > deadline:
                raise AssertionError(f"still running; got {self.output[-2000:]!r}")
        return self.process.wait(timeout=HANG)

    def text(self, stream: str) -> str:
        """What went to `stream` ("stdout" or "stderr"), read from its pipe or terminal,
        with the terminal's line endings made plain again."""
        pipe = getattr(self.process, stream)
        if pipe is not None:
            return str(pipe.read().decode("utf-8", "replace"))
        raw = self.printed if stream == "stdout" else self.output
        return raw.decode("utf-8", "replace").replace("\r\n", "\n")

    def close(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()
        for fd in (self.master, self.out_master):
            with contextlib.suppress(OSError):
                os.close(fd)


@contextlib.contextmanager
def terminal(
    argv: Sequence[str], env: Mapping[str, str], pipes: Collection[str] = ()
) -> Iterator[Terminal]:
    term = Terminal(argv, env, pipes=pipes)
    try:
        yield term
    finally:
        term.close()


def run_in_terminal(
    argv: Sequence[str], env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `argv` to its end at a terminal, as subprocess.run(capture_output=True) would
    (for what the dashboard says when it can't open)."""
    with terminal(argv, clean_env() if env is None else env) as term:
        code = term.finish()
        return subprocess.CompletedProcess(
            list(argv), code, term.text("stdout"), term.text("stderr")
        )

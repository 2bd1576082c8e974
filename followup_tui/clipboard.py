"""Put a draft on the clipboard: the native tool (never on the UI thread), OSC 52, or a file.

On Linux the tools are called directly with their error output captured, because a stale
`DISPLAY` makes xclip print "Can't open display" straight onto the terminal, which would
scribble over the dashboard. macOS and Windows go through pyperclip (pbcopy, win32), which
prints nothing. OSC 52 asks the terminal itself to take the text: the only route over SSH.
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

TIMEOUT_SECONDS = 3.0
TMUX_TIP = "In tmux, enable it with: set -s set-clipboard on"


@dataclass(frozen=True)
class NativeResult:
    ok: bool
    #: The tool used ("xclip"), or why none could be used.
    detail: str


def is_remote() -> bool:
    return bool(os.environ.get("SSH_CONNECTION") or os.environ.get("SSH_TTY"))


def in_tmux() -> bool:
    return bool(os.environ.get("TMUX"))


def native_command() -> list[str] | None:
    """The Linux clipboard command for this session, or None when there is no local display."""
    if os.environ.get("WAYLAND_DISPLAY") and shutil.which("wl-copy"):
        return ["wl-copy"]
    if os.environ.get("DISPLAY"):
        if shutil.which("xclip"):
            return ["xclip", "-selection", "clipboard", "-in"]
        if shutil.which("xsel"):
            return ["xsel", "--clipboard", "--input"]
    return None


def _copy_with_pyperclip(text: str) -> NativeResult:
    import pyperclip

    try:
        pyperclip.copy(text)
    except pyperclip.PyperclipException as error:
        return NativeResult(False, f"no clipboard tool ({error.__class__.__name__})")
    return NativeResult(True, "pbcopy" if sys.platform == "darwin" else "the system clipboard")


def copy_native(text: str, timeout: float = TIMEOUT_SECONDS) -> NativeResult:
    """Copy with the machine's own clipboard. Blocks up to `timeout`: call it off the UI thread."""
    if sys.platform in ("darwin", "win32"):
        if is_remote():
            return NativeResult(False, "over SSH the local clipboard is out of reach")
        return _copy_with_pyperclip(text)
    command = native_command()
    if command is None:
        return NativeResult(False, "no DISPLAY or WAYLAND_DISPLAY, so no local clipboard")
    # Not stderr=PIPE: xclip forks a child that keeps the pipe open until the selection is
    # taken over, so reading the pipe would wait for the whole timeout.
    with tempfile.TemporaryFile() as errors:
        try:
            finished = subprocess.run(
                command,
                input=text.encode(),
                stdout=subprocess.DEVNULL,
                stderr=errors,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return NativeResult(False, f"{command[0]} did not answer within {timeout:g} s")
        except OSError as error:
            return NativeResult(False, f"{command[0]}: {error.strerror}")
        errors.seek(0)
        said = " ".join(errors.read().decode(errors="replace").split())
    if finished.returncode != 0:
        return NativeResult(False, f"{command[0]}: {said or f'exit {finished.returncode}'}")
    return NativeResult(True, command[0])


def osc52(text: str) -> str:
    """The escape sequence that asks the terminal to put `text` on its clipboard."""
    return f"\x1b]52;c;{base64.b64encode(text.encode()).decode()}\a"


def save_fallback(text: str) -> Path:
    """Write the draft to a private file, for when no clipboard works."""
    from followup_tui.db.files import private_folder
    from followup_tui.paths import state_dir

    folder = private_folder(state_dir())
    path = folder / "last-draft.txt"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(text)
    return path


def report(native: NativeResult, osc52_sent: bool, saved: Path | None = None) -> tuple[str, bool]:
    """What to tell the user, and whether it is good news."""
    if native.ok:
        return f"Copied with {native.detail}", True
    if osc52_sent:
        tip = f" {TMUX_TIP}" if in_tmux() else " If paste is empty, your terminal doesn't allow it."
        text = f"Sent to your terminal's clipboard (OSC 52).{tip}"
        if saved is not None:
            stop = "" if text.endswith(".") else "."
            text += f"{stop} Also saved to {saved}"
        return text, False
    where = f"; the draft is saved in {saved}" if saved else ""
    return f"No clipboard available ({native.detail}){where}", False


def send_to_tty(text: str) -> bool:
    """Write OSC 52 for `text` to the controlling terminal; False when there is none."""
    try:
        with open("/dev/tty", "w", encoding="utf-8") as tty:
            tty.write(osc52(text))
    except OSError:
        return False
    return True


def copy(
    text: str,
    send_osc52: Callable[[str], bool],
    native: Callable[[str], NativeResult] = copy_native,
) -> tuple[str, bool]:
    """Every step, in one order for the command line and the dashboard: the native tool,
    then OSC 52 (always: over SSH it is the only way to reach your own machine's
    clipboard, and `send_osc52` says whether it went out), then, when the native tool
    failed, a private file. Returns what to tell the user, and whether it is good news.

    Blocks up to the native tool's timeout: the dashboard calls it in a worker thread.
    """
    result = native(text)
    sent = send_osc52(text)
    saved = None
    if not result.ok:
        try:
            saved = save_fallback(text)
        except OSError:
            saved = None
    return report(result, sent, saved)

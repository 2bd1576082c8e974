"""Open the dashboard fast: a forked child reads the database while Textual loads here.

Loading Textual and reading the first screen out of a large database both cost CPU time in
Python; in one process they take turns, in two they run side by side. The child is forked
before anything heavy is imported; it opens and checks the database exactly as the command
line would, tells this process it may start ("open"), computes the first screen and sends
it as plain data ("first"), with the full snapshot behind it. This process draws that
screen, then loads the rest of the app and opens its own connection.

When the child can't open the database (a bad --today, a damaged or foreign file, a lock
held too long, ...) it sends the command line's one-line message, which this process prints
before any screen is drawn; if it fails in a way the command line wouldn't explain, or
dies, it sends nothing and the caller runs the command line instead. After "open", a child
that fails leaves this process to read the database itself.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import struct
import sys
import threading
from typing import IO, TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from pendulum import Date

    from followup_tui.store import Store
    from followup_tui.tui.view import FirstScreen

_LENGTH = struct.Struct("!I")


def available() -> bool:
    """Forking a process that has loaded nothing yet is safe on Linux and the BSDs; macOS
    forbids it once system frameworks are loaded, so it always takes the usual path."""
    return hasattr(os, "fork") and sys.platform != "darwin"


def dashboard_options(
    argv: list[str], environ: dict[str, str]
) -> tuple[str | None, str | None] | None:
    """(database, today) when `argv` only opens the dashboard; None for anything else.
    A database of None means the default one.

    Only `--db PATH` and `--today DAY` (each at most once, either form) qualify, with the
    same environment variables as the command line; everything else (a subcommand, --help,
    a typo, an in-memory database) goes to the command line.
    """
    values: dict[str, str] = {}
    rest = list(argv)
    while rest:
        name, equals, value = rest.pop(0).partition("=")
        if name not in ("--db", "--today") or name in values:
            return None
        if not equals:
            if not rest:
                return None
            value = rest.pop(0)
        if not value:
            return None
        values[name] = value
    database = values.get("--db") or environ.get("FOLLOWUP_DB") or None
    today = values.get("--today") or environ.get("FOLLOWUP_TODAY") or None
    if database == ":memory:":  # db.MEMORY: another process can't share it
        return None
    if database is not None and os.path.isdir(os.path.expanduser(database)):
        return None  # the command line's own check says what is wrong with it
    return database, today


class QuickStart:
    """The forked child and what it sent."""

    def __init__(self, database: str | None, today: str | None) -> None:
        """Fork the child; OSError if the system can't (then use the command line)."""
        read_end, write_end = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            raise
        if pid == 0:
            os.close(read_end)
            _child(write_end, database, today)
        os.close(write_end)
        self._pid: int | None = pid
        self._pipe: IO[bytes] | None = os.fdopen(read_end, "rb")
        self._closing = threading.RLock()
        self.path = ""
        self.today = ""
        self.theme = ""
        #: True when the child created the database (the dashboard's first notice says so).
        self.created = False
        #: The command line's one-line message when the child could not open the database.
        self.problem: str | None = None

    def ready(self) -> bool:
        """Wait until the child has opened and checked the database; False if it couldn't
        (with `problem` saying why, when the command line would have)."""
        message = self._receive()
        if not message or message[0] != "open":
            if message and message[0] == "problem" and isinstance(message[1], str):
                self.problem = message[1]
            self.close()
            return False
        _, self.path, self.today, self.theme, self.created = message
        return True

    def first(self) -> FirstScreen | None:
        """The first screen; None if the child failed."""
        message = self._receive()
        from followup_tui.tui.view import FirstScreen

        if message and message[0] == "first" and isinstance(message[1], FirstScreen):
            return message[1]
        self.close()
        return None

    def snapshot(self) -> bytes | None:
        """The pickled snapshot behind the first screen; None if the child failed."""
        message = self._receive()
        self.close()
        if message and message[0] == "snapshot" and isinstance(message[1], bytes):
            return message[1]
        return None

    def open(self) -> tuple[Store, Date]:
        """This process's own connection to the database, and the day, once loaded."""
        from pendulum import Date

        from followup_tui.dates import fixed_now
        from followup_tui.db import open_db
        from followup_tui.store import Store

        today = Date.fromisoformat(self.today)
        return Store(open_db(self.path), now=fixed_now(today), source="dashboard"), today

    def _receive(self) -> tuple[Any, ...] | None:
        if self._pipe is None:
            return None
        try:
            header = self._pipe.read(_LENGTH.size)
            if len(header) < _LENGTH.size:
                return None
            (length,) = _LENGTH.unpack(header)
            payload = self._pipe.read(length)
            if len(payload) < length:
                return None
            import pickle

            message = pickle.loads(payload)
        except (OSError, ValueError, EOFError, AttributeError, ImportError):
            return None
        return message if isinstance(message, tuple) else None

    def cancel(self) -> None:
        """Stop the child if it is still at work (the app was left before it finished).

        Under the lock that reaps it, so the process killed can only be the child.
        """
        with self._closing:
            if self._pid is not None:
                _stop(self._pid)
            self.close()

    def close(self) -> None:
        """Close the pipe and reap the child (from either thread, any number of times)."""
        with self._closing:
            if self._pipe is not None:
                self._pipe.close()
                self._pipe = None
            if self._pid is not None:
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(self._pid, 0)
                self._pid = None


def _stop(pid: int, grace: float = 0.5) -> None:
    """Ask the child to stop (it closes its connection, so SQLite tidies its -wal and -shm
    files away), and kill it if it hasn't within `grace` seconds."""
    import time

    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            if os.waitpid(pid, os.WNOHANG) != (0, 0):
                return
            time.sleep(0.005)
        os.kill(pid, signal.SIGKILL)


def _send(pipe: IO[bytes], message: tuple[Any, ...]) -> None:
    import pickle

    payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    pipe.write(_LENGTH.pack(len(payload)) + payload)
    pipe.flush()


def _leave(_signal: int, _frame: object) -> None:
    raise SystemExit(0)


def _child(write_end: int, database: str | None, today_text: str | None) -> NoReturn:
    """Open, check, compute, send; then leave at once, running no cleanup of the parent's."""
    # The terminal is the parent's: ctrl+c is its to answer, and nothing may print. Asked
    # to stop, leave through the ExitStack below, which closes the connection.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _leave)
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
    try:
        with os.fdopen(write_end, "wb") as pipe:
            _serve(pipe, database, today_text)
    except BaseException:
        pass
    os._exit(0)


def _serve(pipe: IO[bytes], database: str | None, today_text: str | None) -> None:
    import pickle
    from pathlib import Path

    from followup_tui.dates import read_today
    from followup_tui.db import checked_integrity, damaged, open_db, user_message
    from followup_tui.paths import default_db_path, state_dir
    from followup_tui.store import Store
    from followup_tui.tui.present import first_screen
    from followup_tui.tui.snapshot import compute

    database = database or str(default_db_path())
    created = not os.path.lexists(os.path.expanduser(database))
    # Closed on the way out whatever happens: SQLite removes its -wal and -shm files when
    # the last connection closes, and this process leaves without running any cleanup.
    with contextlib.ExitStack() as closing:
        try:
            today = read_today(today_text)
            conn = open_db(database)
            closing.callback(conn.close)
            stamps = state_dir() / "checked-databases"
            problem = checked_integrity(conn, Path(database).expanduser(), stamps)
            if problem is not None:
                raise damaged(database, problem)
            store = Store(conn)
            theme = store.settings().theme
        except Exception as error:
            message = user_message(error, database)
            if message is not None:  # what the command line would say; no need to retry
                _send(pipe, ("problem", message))
            return
        _send(pipe, ("open", database, today.isoformat(), theme, created))
        snapshot = compute(store, today, threading.RLock(), full=False)
        _send(pipe, ("first", first_screen(snapshot, today)))
        _send(pipe, ("snapshot", pickle.dumps(snapshot, protocol=pickle.HIGHEST_PROTOCOL)))


def run(database: str | None, today: str | None) -> bool:
    """Run the dashboard; False (having shown nothing) when the command line should."""
    from followup_tui.startup import may_open_dashboard

    if not may_open_dashboard():  # before the fork: nothing to undo when it says no
        return False
    # Start-up allocates hundreds of thousands of objects that live as long as the app, and
    # the cyclic collector would walk them again and again: it is off until the first
    # screen is up (the child never turns it back on), then those objects are frozen out
    # of its way (FollowupApp._finish_start).
    gc.disable()
    try:
        start = QuickStart(database, today)
    except OSError:  # no process to spare: the usual way, in one process
        gc.enable()
        return False
    try:
        from followup_tui.tui.app import FollowupApp  # Textual loads while the child reads

        if not start.ready():
            gc.enable()
            if start.problem is None:
                return False
            from followup_tui.text import printable

            print(f"followup: {printable(start.problem, keep_newlines=False)}", file=sys.stderr)
            sys.exit(1)
        app = FollowupApp(quick=start)
        app.run()
    except KeyboardInterrupt:  # ctrl+c before the dashboard took the keyboard
        print("followup: aborted", file=sys.stderr)
        sys.exit(130)
    finally:
        start.cancel()
    if app.return_code:
        sys.exit(app.return_code)
    return True

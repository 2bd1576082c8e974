"""Import, export and backup from the command palette: a file prompt, then a summary.

The work itself is followup_tui.transfer's (the same functions as the command line); this
module asks for the file, runs an import in a worker thread with a progress bar, and says
what happened.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pendulum import Date
from textual.app import SystemCommand
from textual.notifications import SeverityLevel
from textual.widgets import ProgressBar

from followup_tui.text import escaped, printable
from followup_tui.tui.screens.transfer import (
    PathForm,
    existing_file,
    path_prompt,
    summary_screen,
    writable_folder,
)

if TYPE_CHECKING:
    from followup_tui.store import Store
    from followup_tui.transfer import Summary
    from followup_tui.transfer.base import Progress
    from followup_tui.tui.host import Host

    Importer = Callable[[Store, Progress], Summary]

IMPORTS = {
    "linkedin": "LinkedIn Connections.csv or Invitations.csv",
    "csv": "applications from a CSV file",
    "json": "a followup JSON dump (into an empty database)",
}
EXPORTS = {
    "json": ("everything, as a JSON dump", "followup.json"),
    "csv": ("applications with stage history and contacts", "applications.csv"),
    "vcard": ("contacts as vCards", "contacts.vcf"),
    "ics": ("the next 30 days of actions, as a calendar", "followup.ics"),
}


def _write_asking(host: Host, path: Path, write: Callable[[bool], str], failed: str) -> None:
    """Run `write(force)`, which says what it did; a file already there is replaced only
    after a yes, and a file check_target refuses (the database's own) never."""
    from followup_tui import transfer
    from followup_tui.tui.screens.confirm import ConfirmScreen

    def attempt(force: bool) -> None:
        try:
            done = write(force)
        except transfer.TargetExists:
            question = f"{escaped(str(path))} exists. Replace it?"
            host.push_screen(ConfirmScreen(question), lambda yes: attempt(True) if yes else None)
            return
        except (transfer.TransferError, OSError, sqlite3.Error) as error:
            _say(host, f"{failed}: {error}", "error")
            return
        _say(host, done)

    attempt(False)


def _ask_path(
    host: Host,
    title: str,
    default: str,
    check: Callable[[str], str | None],
    then: Callable[[PathForm], None],
    preview: bool = False,
) -> None:
    prompt = path_prompt(title, default, check, host.today, host.work_days(), preview)
    host.push_screen(prompt, lambda chosen: then(chosen) if chosen else None)


def _say(host: Host, text: str, severity: SeverityLevel = "information") -> None:
    """A notice about files and rows: their names are user text, shown without controls."""
    host.notify(printable(text, keep_newlines=False), severity=severity, markup=False, timeout=8)


def _report(host: Host, summary: Summary) -> None:
    lines = [
        printable(line, keep_newlines=False) for line in (summary.line(), *summary.problem_lines())
    ]
    _say(host, lines[0])
    if summary.problems:
        host.push_screen(summary_screen(lines))


def _importer(kind: str, path: Path, today: Date, dry_run: bool) -> Importer:
    from followup_tui import transfer

    def run(store: Store, progress: Progress) -> Summary:
        if kind == "linkedin":
            return transfer.import_linkedin(store, path, dry_run=dry_run, progress=progress)
        if kind == "csv":
            return transfer.import_applications(
                store, path, today, dry_run=dry_run, progress=progress
            )
        return transfer.load_json(store, path, dry_run=dry_run, progress=progress)

    return run


def _import(host: Host, run: Importer, bar: ProgressBar | None, label: str | None = None) -> None:
    """Run the import on a connection of its own (in a worker thread, the dashboard keeps
    its connection and stays responsive); each batch moves the progress bar. The import is
    one change of this dashboard's history, which `u` takes back (but a dump, which fills an
    empty database with a history of its own)."""
    import contextlib

    from followup_tui import transfer
    from followup_tui.store import Recording, Store

    def on_ui(callback: Callable[..., object], *args: Any) -> None:
        if host.threaded:
            host.call_from_thread(callback, *args)
        else:
            callback(*args)

    def progress(done: int, total: int) -> None:
        if bar is not None:
            on_ui(lambda: bar.update(total=total, progress=done))

    def recorded(store: Store) -> contextlib.AbstractContextManager[Recording]:
        return store.spanning(label) if label else contextlib.nullcontext(Recording(""))

    database = host.store.database_path()
    change: int | None = None
    try:
        if database is None:  # in memory: one connection, shared under the dashboard's lock
            with host.db_lock, recorded(host.store) as recording:
                try:
                    summary = run(host.store, progress)
                finally:
                    change = recording.change_id
        else:
            store = Store.open(database, now=host.store.now(), source="dashboard")
            store.session = host.store.session
            try:
                with recorded(store) as recording:
                    try:
                        summary = run(store, progress)
                    finally:
                        change = recording.change_id
            finally:
                store.conn.close()
    except (transfer.TransferError, OSError, sqlite3.Error) as error:
        on_ui(_say, host, f"Nothing more imported: {error}", "error")
    else:
        on_ui(_report, host, summary)
    finally:
        if change is not None and label:  # what was written, even by an import stopped
            on_ui(host.offer_undo, label, change)
        if bar is not None:
            on_ui(bar.remove)
        on_ui(host.refresh_data)


def run_import(host: Host, kind: str) -> None:
    def go(chosen: PathForm) -> None:
        path = chosen.path
        run = _importer(kind, path, host.today, chosen.dry_run)
        label = None if kind == "json" else f"import {kind} {escaped(path.name)}"
        if not host.threaded:
            _import(host, run, None, label)
            return
        bar = ProgressBar(id="import-progress", show_eta=False)
        bar.styles.dock = "bottom"
        host.screen.mount(bar)
        host.run_worker(
            lambda: _import(host, run, bar, label),
            name="import",
            group="import",
            thread=True,
            exit_on_error=False,
        )

    default = str(Path("~/Downloads/Connections.csv" if kind == "linkedin" else "~").expanduser())
    _ask_path(host, f"Import {IMPORTS[kind]}", default, existing_file, go, preview=True)


def run_export(host: Host, kind: str) -> None:
    from followup_tui import transfer

    what, name = EXPORTS[kind]

    def go(chosen: PathForm) -> None:
        path = chosen.path
        database = host.store.database_path()

        def write(force: bool) -> str:
            transfer.check_target(path, database, force)
            with host.db_lock:
                if kind == "json":
                    text = transfer.dump_json(host.store)
                elif kind == "csv":
                    text = transfer.export_csv(host.store)
                elif kind == "vcard":
                    text = transfer.export_vcard(host.store)
                else:
                    text = transfer.export_ics(host.store, host.today, 30, host.store.now())
            transfer.write_file(path, text, database, force)
            return f"Exported {what} to {escaped(str(path))}"

        _write_asking(host, path, write, "Not exported")

    _ask_path(host, f"Export {what}", str(Path("~").expanduser() / name), writable_folder, go)


def run_backup(host: Host) -> None:
    from followup_tui import transfer

    database = host.store.database_path()
    if database is None:
        host.notify(
            "This database lives in memory: there is nothing to back up", severity="warning"
        )
        return
    default = str(transfer.default_backup_path(database, host.store.now()))

    def go(chosen: PathForm) -> None:
        path = chosen.path

        def write(force: bool) -> str:
            with host.db_lock:
                written = transfer.make_backup(host.store.conn, path, overwrite=force)
            return f"Backed up to {escaped(str(written))}"

        _write_asking(host, path, write, "No backup made")

    _ask_path(host, "Back up the database (safe while it is open)", default, writable_folder, go)


def commands(host: Host) -> Iterator[SystemCommand]:
    for kind, what in IMPORTS.items():
        yield SystemCommand(
            f"import: {what}", "with a preview first", lambda kind=kind: run_import(host, kind)
        )
    for kind, (what, _name) in EXPORTS.items():
        yield SystemCommand(
            f"export: {what}", "to a file you choose", lambda kind=kind: run_export(host, kind)
        )
    yield SystemCommand(
        "backup: copy the database", "consistent even while open", lambda: run_backup(host)
    )

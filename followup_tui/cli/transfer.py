"""The `import`, `export` and `backup` commands.

The work is in `followup_tui.transfer`, imported inside each command so that the everyday
commands never load the CSV, calendar and vCard machinery.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from followup_tui.cli.shared import Env, current_env, fail
from followup_tui.text import escaped, printable

if TYPE_CHECKING:
    from followup_tui.transfer import Summary

#: A FILE argument: a path, or `-` for standard input.
FILE = click.Path(dir_okay=False, allow_dash=True, path_type=Path)
DRY_RUN = click.option(
    "--dry-run", is_flag=True, help="Show what would be added, merged and skipped; write nothing."
)
OUTPUT = click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="Write to FILE (created readable by you alone) instead of standard output (`-`).",
)
FORCE = click.option("--force", is_flag=True, help="Replace the --output FILE if it exists.")


def _read(path: Path) -> tuple[bytes, str]:
    """The file's bytes and the name a summary shows; `-` reads standard input."""
    if str(path) == "-":
        return sys.stdin.buffer.read(), "stdin"
    try:
        return path.expanduser().read_bytes(), escaped(path.name)
    except FileNotFoundError:
        fail(f"{escaped(str(path))}: no such file")
    except OSError as error:
        fail(f"can't read {escaped(str(path))}: {error.strerror or error}")


def _env_for_import(dry_run: bool) -> Env:
    """The command's Env. A dry run never creates a database: on a file that does not exist
    yet it previews the import into an empty one in memory."""
    env = current_env()
    if dry_run and not Path(env.db_path).expanduser().exists():
        env.db_path = ":memory:"
    return env


def _run_import(path: Path, work: Callable[[bytes, str], Summary]) -> None:
    """Run one importer and report: a summary line, then one line per skipped row."""
    from followup_tui.transfer import TransferError

    data, name = _read(path)
    try:
        summary = work(data, name)
    except TransferError as error:
        fail(str(error))
    # Names in the file reach the terminal here: control characters never do.
    lines = [summary.line(), *summary.problem_lines()]
    click.echo("\n".join(printable(line, keep_newlines=False) for line in lines))


# --- import ---------------------------------------------------------------------------------


@click.group("import")
def import_group() -> None:
    """Bring data in: LinkedIn's export, applications from CSV, a JSON dump.

    Every import writes in short batches of whole records; an interrupted import is finished
    by running it again. A file that can't be read, or --dry-run, writes nothing.
    """
    current_env().creates = True  # the first import may be what starts a database


@import_group.command("linkedin")
@click.argument("file", type=FILE)
@DRY_RUN
def import_linkedin_command(file: Path, dry_run: bool) -> None:
    """Import LinkedIn's Connections.csv or Invitations.csv (told apart by their header).

    People are matched by their profile URL, else by name and company; what a contact
    lacks is filled in, nothing is overwritten, and importing a file again changes nothing.
    Connections become "connected"; people you invited, "requested".
    """
    from followup_tui.transfer import import_linkedin

    store = _env_for_import(dry_run).store()
    with store.spanning(f"import linkedin {escaped(file.name)}"):
        _run_import(
            file, lambda data, name: import_linkedin(store, data, dry_run=dry_run, name=name)
        )


@import_group.command("csv")
@click.argument("file", type=FILE, required=False)
@click.option("--template", is_flag=True, help="Print the columns and an example row, then stop.")
@DRY_RUN
def import_csv_command(file: Path | None, template: bool, dry_run: bool) -> None:
    """Import applications from CSV: columns company, role, stage, applied, response_by, url,
    notes (company and role required; any order; `--template` prints an example).

    An application already recorded (same company and role) gets only what it lacks.
    """
    from followup_tui import transfer

    if template:
        click.echo(transfer.template(), nl=False)
        return
    if file is None:
        raise click.UsageError("give the CSV FILE to import, or --template to see the columns")
    env = _env_for_import(dry_run)
    store = env.store()
    with store.spanning(f"import csv {escaped(file.name)}"):
        _run_import(
            file,
            lambda data, name: transfer.import_applications(
                store, data, env.today, dry_run=dry_run, name=name
            ),
        )


@import_group.command("json")
@click.argument("file", type=FILE)
@DRY_RUN
def import_json_command(file: Path, dry_run: bool) -> None:
    """Load a dump made by `followup export json` into an empty database."""
    from followup_tui.transfer import load_json

    store = _env_for_import(dry_run).store()
    _run_import(file, lambda data, name: load_json(store, data, dry_run=dry_run, name=name))


# --- export ---------------------------------------------------------------------------------


def _export(render: Callable[[], str], output: Path | None, force: bool) -> None:
    """Render an export and write it to `output` (see transfer.write_file) or standard output.

    The file is checked before the work of rendering, and again as it is written.
    """
    from followup_tui.transfer import TransferError, check_target, write_file

    if output is not None and str(output) == "-":
        output = None
    database = None if output is None else current_env().store().database_path()
    try:
        if output is not None:
            check_target(output, database, force)
        text = render()
        if output is not None:
            written = write_file(output, text, database, force)
    except TransferError as error:
        fail(str(error))
    if output is None:
        # A terminal shows the text; pipes and redirections get it byte for byte.
        click.echo(printable(text) if sys.stdout.isatty() else text, nl=False)
        return
    click.echo(f"Wrote {escaped(str(written))}", err=True)


@click.group("export")
def export_group() -> None:
    """Take data out: a JSON dump of everything, or CSV, vCard and iCalendar files."""


@export_group.command("json")
@OUTPUT
@FORCE
def export_json_command(output: Path | None, force: bool) -> None:
    """Everything, losslessly: load it into a new database with `followup import json`."""
    from followup_tui.transfer import dump_json

    store = current_env().store()
    _export(lambda: dump_json(store), output, force)


@export_group.command("csv")
@OUTPUT
@FORCE
def export_csv_command(output: Path | None, force: bool) -> None:
    """Applications, one row each, with their stage history and contacts."""
    from followup_tui.transfer import export_csv

    store = current_env().store()
    _export(lambda: export_csv(store), output, force)


@export_group.command("vcard")
@OUTPUT
@FORCE
def export_vcard_command(output: Path | None, force: bool) -> None:
    """Contacts as vCard 3.0, for your address book."""
    from followup_tui.transfer import export_vcard

    store = current_env().store()
    _export(lambda: export_vcard(store), output, force)


@export_group.command("ics")
@OUTPUT
@FORCE
@click.option(
    "--days",
    default=30,
    show_default=True,
    type=click.IntRange(0, 3650),
    help="Include actions due within this many days.",
)
def export_ics_command(output: Path | None, force: bool, days: int) -> None:
    """Upcoming actions as all-day calendar entries, each with its draft.

    What is due or overdue is placed on today. Importing a newer file updates the entries.
    """
    from followup_tui.transfer import export_ics

    env = current_env()
    store = env.store()
    _export(lambda: export_ics(store, env.today, days=days, now=env.now), output, force)


# --- backup ---------------------------------------------------------------------------------


@click.command("backup")
@click.argument("path", type=click.Path(path_type=Path), required=False)
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
def backup_command(path: Path | None, force: bool) -> None:
    """Copy the database to PATH (default: beside it, named by the time), safely while the
    dashboard is open; the copy is readable by you alone."""
    from followup_tui.transfer import TransferError, default_backup_path, make_backup

    env = current_env()
    db_path = Path(env.db_path).expanduser()
    if not db_path.exists():
        fail(
            f"{escaped(str(db_path))} does not exist: there is nothing to back up; "
            "check --db and FOLLOWUP_DB"
        )
    if path is not None and str(path) == "-":
        fail("a backup is a database file, not text for standard output: name a file or folder")
    store = env.store()
    if path is None:
        target = default_backup_path(db_path, env.now)
    elif path.expanduser().is_dir():
        target = default_backup_path(path.expanduser() / db_path.name, env.now)
    else:
        target = path
    try:
        written = make_backup(store.conn, target, overwrite=force)
    except TransferError as error:
        fail(str(error))
    click.echo(f"Backed up {escaped(str(db_path))} to {escaped(str(written))}")

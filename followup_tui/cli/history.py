"""`followup undo` takes back the newest change made from the command line, `followup
history` lists them all (each writing command is one change: cli/recording.py)."""

from __future__ import annotations

import json
from typing import Any

import click

from followup_tui.cli.shared import Env, pass_env
from followup_tui.store import Change, UndoRefused
from followup_tui.text import printable


def change_json(change: Change) -> dict[str, Any]:
    return {
        "id": change.id,
        "at": change.at,
        "source": change.source,
        "label": change.label,
        "undone_at": change.undone_at,
        "added": change.summary()["insert"],
        "changed": change.summary()["update"],
        "removed": change.summary()["delete"],
    }


@click.command("undo")
@click.argument("change_id", required=False, type=click.IntRange(1, 2**63 - 1))
@pass_env
def undo(env: Env, change_id: int | None) -> None:
    """Take back the newest change made from the command line (an add, done, import...),
    or the change CHANGE_ID of `followup history`, wherever it was made."""
    store = env.store()
    change: Change | None
    if change_id is not None:
        try:
            change = store.journal.change(change_id)
        except UndoRefused as error:
            raise click.ClickException(str(error)) from None
    else:
        change = store.journal.newest("cli")
    if change is None:
        raise click.ClickException("nothing to undo: no command-line change is recorded")
    try:
        store.undo_change(change.id)
    except UndoRefused as error:
        raise click.ClickException(f"can't undo “{change.label}”: {error}") from None
    click.echo(f"Undone: {printable(change.label, keep_newlines=False)}")


@click.command("history")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10_000))
@pass_env
def history(env: Env, as_json: bool, limit: int) -> None:
    """The recent changes from every source (command line and dashboard), newest first."""
    changes = env.store().journal.recent(limit)
    if as_json:
        click.echo(json.dumps([change_json(c) for c in changes], ensure_ascii=True, indent=2))
        return
    if not changes:
        click.echo("No changes recorded yet.")
        return
    for change in changes:
        counts = change.summary()
        parts = [
            f"{n} {word}"
            for n, word in (
                (counts["insert"], "added"),
                (counts["update"], "changed"),
                (counts["delete"], "removed"),
            )
            if n
        ]
        source = "dashboard" if change.source == "dashboard" else "cli"
        undone = "  (undone)" if change.undone_at else ""
        label = printable(change.label, keep_newlines=False)
        click.echo(
            f"{change.id:>5}  {change.at[:16].replace('T', ' ')}  {source:<9}  "
            f"{label}  [{', '.join(parts)}]{undone}"
        )

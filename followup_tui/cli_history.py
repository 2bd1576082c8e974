"""The command line's side of the undo history: each writing command is one change;
`followup undo` takes back the newest one, `followup history` lists them all."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any, TypeVar

import click

from followup_tui.store import Change, UndoRefused
from followup_tui.text import printable

Command = TypeVar("Command", bound=Callable[..., Any])


def label_of(ctx: click.Context) -> str:
    """What a command did, as `followup history` shows it: its name and what it named."""
    words = ctx.command_path.split()[1:]
    for name in ("key", "name", "title", "role", "application_id", "contact_id", "strategy"):
        value = ctx.params.get(name)
        if value not in (None, ""):
            words.append(str(value))
            break
    if ctx.params.get("stage"):
        words.append(str(ctx.params["stage"]))
    if ctx.params.get("value") is not None:
        words.append(str(ctx.params["value"]))
    return printable(" ".join(words), keep_newlines=False)[:200]


def recorded(command: Command) -> Command:
    """Run a command's writes as one change of the history (from its first use of the store).

    The store is opened by the command as usual (so a command that may not create a
    database still refuses to); the change begins as soon as it is opened and is committed
    when the command returns, or rolled back with everything it wrote if it fails.
    """
    return recorded_when(lambda params: True)(command)


def recorded_when(writes: Callable[[dict[str, Any]], bool]) -> Callable[[Command], Command]:
    """`recorded`, for a command that writes only with some options: with the others it only
    reads, and holds no write lock (`followup settings` shows, `settings NAME VALUE` sets)."""
    return lambda command: _recorded(command, writes)


def _recorded(command: Command, writes: Callable[[dict[str, Any]], bool]) -> Command:
    @functools.wraps(command)
    def wrapper(env: Any, *args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        if not writes(ctx.params):
            return command(env, *args, **kwargs)
        label = label_of(ctx)
        with ExitStack() as stack:
            env.on_open = lambda store: stack.enter_context(store.recording(label))
            if env._store is not None:
                env.on_open(env._store)
            try:
                return command(env, *args, **kwargs)
            finally:
                env.on_open = None

    return wrapper  # type: ignore[return-value]


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


def register(cli: click.Group, pass_env: Callable[[Callable[..., None]], Any]) -> None:
    """Add `undo` and `history` to `cli` (`pass_env` hands each its Env)."""

    @cli.command("undo")
    @click.argument("change_id", required=False, type=click.IntRange(1, 2**63 - 1))
    @pass_env
    def undo(env: Any, change_id: int | None) -> None:
        """Take back the newest change made from the command line (an add, done, import...),
        or the change CHANGE_ID of `followup history`, wherever it was made."""
        store = env.store()
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

    @cli.command("history")
    @click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
    @click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10_000))
    @pass_env
    def history(env: Any, as_json: bool, limit: int) -> None:
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

"""Each writing command is one change of the undo history (see cli/history.py)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any, TypeVar

import click

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

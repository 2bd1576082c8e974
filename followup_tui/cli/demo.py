"""The `followup demo` command: an invented job search, in a database of its own."""

from __future__ import annotations

import click

from followup_tui.cli.shared import Env, fail
from followup_tui.dates import describe_day
from followup_tui.models import Settings
from followup_tui.store import Store
from followup_tui.text import escaped


def _untouched(store: Store) -> bool:
    """Nothing in it at all: no records, no template, no setting changed."""
    return store.is_empty() and not store.templates() and store.settings() == Settings()


@click.command("demo")
@click.option("--applications", default=12, show_default=True, type=click.IntRange(1, 100_000))
@click.option("--seed", default=7, show_default=True, type=int, help="Same seed, same data.")
@click.option("--reset", is_flag=True, help="Rebuild the demo database from scratch.")
@click.option(
    "--open/--no-open",
    "open_dashboard",
    default=True,
    show_default=True,
    help="Then open the dashboard on it (only at a terminal).",
)
@click.pass_obj
def demo_command(env: Env, applications: int, seed: int, reset: bool, open_dashboard: bool) -> None:
    """Fill the demo database with an invented job search, then open the dashboard on it.

    The demo has a file of its own, followup-demo.db beside your database (FOLLOWUP_DB does
    not move it); --db names another. A database holding anything `followup demo` did not
    write is never touched. From a script, or with --no-open, it only fills the file.
    """
    from followup_tui.db import atomic
    from followup_tui.demo import build_demo
    from followup_tui.paths import demo_db_path
    from followup_tui.startup import has_terminal

    if env.db_option is None:
        env.db_path = demo_db_path()
    store = env.store(create=True)
    ours = store.is_demo()
    if not ours and not _untouched(store):
        fail(
            f"{escaped(str(env.db_path))} holds data that `followup demo` did not write, "
            "so it is not replaced; run `followup demo` without --db for the demo's own file, "
            "or give --db a new file"
        )
    if ours and not reset:
        click.echo(
            f"The demo in {escaped(str(env.db_path))} is kept as it was; "
            "`followup demo --reset` rebuilds it."
        )
    else:
        # One transaction: a failed build leaves the database as it was, not emptied.
        with atomic(store.conn):
            store.clear()
            summary = build_demo(store, env.today, applications=applications, seed=seed)
            store.mark_demo(f"seed {seed}, {applications} applications, as of {env.today}")
        click.echo(
            f"Demo data in {escaped(str(env.db_path))} "
            f"for {describe_day(env.today)} {env.today.year}: "
            f"{summary.applications} applications at {summary.companies} companies, "
            f"{summary.contacts} contacts, {summary.interviews} interviews, "
            f"{summary.touches} touches, {summary.events} events, {summary.resources} resources."
        )
    if open_dashboard and has_terminal():
        from followup_tui.cli.dashboard import run_dashboard

        run_dashboard(env)

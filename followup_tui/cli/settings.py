"""`followup settings` and `followup template`: the cadences, your name and signature,
and the drafts' templates."""

from __future__ import annotations

from typing import Any

import click

from followup_tui.cli.recording import recorded_when
from followup_tui.cli.shared import Env, fail, pass_env
from followup_tui.models import Settings, Strategy
from followup_tui.text import clean, printable


@click.command("settings")
@click.argument("name", required=False)
@click.argument("value", required=False)
@pass_env
@recorded_when(lambda p: p["value"] is not None)
def settings_command(env: Env, name: str | None, value: str | None) -> None:
    """Show every setting, or set NAME to VALUE (cadence numbers, your name, signature)."""
    from followup_tui import settings_table

    try:  # checked before the database is opened: a refused value changes nothing
        if name is not None:
            settings_table.spec(name)
        if name is not None and value is not None:
            settings_table.parse(name, value)
    except settings_table.SettingError as error:
        fail(str(error))
    store = env.store(create=value is not None and name in Settings.names())
    if name is not None and value is not None:
        store.set_setting(name, value)
    current = store.settings()
    names = [name] if name else list(Settings.names())
    for setting in names:
        click.echo(f"{setting} = {clean(str(getattr(current, setting)))}")


@click.command("template")
@click.argument(
    "strategy_name",
    metavar="STRATEGY",
    # Social actions copy the company's links: the one strategy without a template.
    type=click.Choice([s.value for s in Strategy if s is not Strategy.SOCIAL]),
)
@click.option("--subject", help="The subject line ($first_name, $role, ...).")
@click.option("--body", help="The message; `followup template STRATEGY` shows the current one.")
@click.option(
    "--body-file",
    type=click.File("r", encoding="utf-8"),
    help="Read the body from a file (- for standard input).",
)
@click.option("--reset", is_flag=True, help="Go back to the built-in template.")
@pass_env
@recorded_when(
    lambda p: any(p[k] not in (None, False) for k in ("subject", "body", "body_file", "reset"))
)
def template_command(
    env: Env,
    strategy_name: str,
    subject: str | None,
    body: str | None,
    body_file: Any,
    reset: bool,
) -> None:
    """Show or change the draft template of a strategy; a template that would not render
    right (unknown placeholders, {braces}, control characters) is refused with the reason."""
    from followup_tui import drafts

    strategy = Strategy(strategy_name)
    if body_file is not None:
        if body is not None:
            fail("give --body or --body-file, not both")
        # One character past the limit is enough to refuse it: never read a huge file whole.
        # Read before the database is opened: a change holds the write lock from then on.
        body = body_file.read(drafts.BODY_LIMIT + 1)
    store = env.store()
    if reset:
        store.reset_template(strategy)
        click.echo(f"The {strategy.value} template is the built-in one again.")
        return
    current_subject, current_body = store.template(strategy) or drafts.BUILT_IN[strategy]
    if subject is None and body is None:
        kind = "your" if store.template(strategy) else "the built-in"
        click.echo(f"# {kind} {strategy.value} template")
        click.echo(printable(f"Subject: {current_subject}\n\n{current_body}"))
        return
    subject = current_subject if subject is None else subject
    body = current_body if body is None else body
    problems = drafts.validate_template(subject, body)
    if problems:
        fail(f"template not saved: {'; '.join(problems)}")
    store.set_template(strategy, subject, body)
    click.echo(f"Saved your {strategy.value} template.")

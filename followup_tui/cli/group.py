"""The `followup` command group: global options, one-line errors, and every area's commands.

The areas (cli/daily.py, records.py, settings.py, transfer.py, history.py, demo.py) import
cli/shared.py, never this module; it adds their commands below. With no command, the group
opens the dashboard (cli/dashboard.py).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
import pendulum
from pendulum import Date

from followup_tui.cli import daily, history, records, settings, transfer
from followup_tui.cli.demo import demo_command
from followup_tui.cli.shared import Env, fail
from followup_tui.dates import DateParseError, fixed_now, read_today
from followup_tui.db import user_message
from followup_tui.text import printable

#: Raised when a group is called without a command; its message is the group's help.
_NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())


def _warn_about_settings(ctx: click.Context) -> None:
    """One line on stderr when a stored setting was out of range (and read as its default)."""
    env = ctx.find_object(Env)
    if env is None or env._store is None or ctx.invoked_subcommand is None:
        return
    from followup_tui.settings_table import warning_line

    try:
        line = warning_line(env._store.checked_settings()[1])
    except Exception:  # the command's own error, if any, is the one to report
        return
    if line is not None:
        click.echo(f"followup: {line}", err=True)


class FollowupGroup(click.Group):
    """A group whose errors are always one line on stderr, with no traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as error:
            # Bad input or an unusable file: one line on stderr, never a traceback.
            env = ctx.find_object(Env)
            message = user_message(error, env.db_path if env else "the database")
            if message is None:
                raise
            raise click.ClickException(message) from None
        finally:
            _warn_about_settings(ctx)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        standalone = kwargs.pop("standalone_mode", True)
        try:
            return super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[call-overload]
        except click.ClickException as error:
            if not standalone:
                raise
            if isinstance(error, _NO_ARGS_IS_HELP):
                error.show()
                sys.exit(error.exit_code)
            # Messages echo paths and names from outside: never a control character.
            message = printable(error.format_message(), keep_newlines=False)
            hint = ""
            if isinstance(error, click.UsageError) and error.ctx is not None:
                hint = f" (see: {error.ctx.command_path} --help)"
            click.echo(f"followup: {message}{hint}", err=True)
            sys.exit(error.exit_code)
        except click.Abort:
            if not standalone:
                raise
            click.echo("followup: aborted", err=True)
            sys.exit(130)


def _today(text: str | None) -> Date:
    try:
        return read_today(text)
    except DateParseError as error:
        fail(str(error))


@click.group(
    cls=FollowupGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--db",
    "db_path",
    envvar="FOLLOWUP_DB",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Database file (env FOLLOWUP_DB; default: followup.db in your user data folder).",
)
@click.option(
    "--today",
    "today_text",
    envvar="FOLLOWUP_TODAY",
    metavar="DATE",
    help="See the world as of this day (env FOLLOWUP_TODAY): YYYY-MM-DD, fri, +3d, ...",
)
@click.version_option(package_name="followup-tui", prog_name="followup")
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None, today_text: str | None) -> None:
    """Stay top-of-mind with the hiring managers you meet.

    With no command, opens the dashboard.
    """
    from followup_tui.paths import default_db_path

    today = _today(today_text)
    now = fixed_now(today) or pendulum.now()
    ctx.obj = Env(db_path=db_path or default_db_path(), today=today, now=now)
    if ctx.get_parameter_source("db_path") is click.core.ParameterSource.COMMANDLINE:
        ctx.obj.db_option = db_path
    if ctx.invoked_subcommand is None:
        from followup_tui.cli.dashboard import run_dashboard

        run_dashboard(ctx.obj)


for command in (
    daily.today,
    daily.draft,
    daily.done,
    daily.snooze,
    daily.skip,
    records.add,
    records.stage,
    settings.settings_command,
    settings.template_command,
    transfer.import_group,
    transfer.export_group,
    transfer.backup_command,
    history.undo,
    history.history,
    demo_command,
):
    cli.add_command(command)


def main() -> None:
    cli(prog_name="followup")

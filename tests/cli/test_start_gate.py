"""Every way into the dashboard passes one check first: shell completion goes to click, and
without a terminal (cron, a pipe, nohup) the dashboard refuses in one line instead of
spinning."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from followup_tui.cli import cli
from tests.terminal import ENTER_ALT_SCREEN, FOLLOWUP, HANG, LEAVE_ALT_SCREEN, clean_env, terminal

TODAY = "2026-11-25"
#: The two commands that start followup: the installed script and `python -m`.
STARTS = {"script": [FOLLOWUP], "module": [sys.executable, "-m", "followup_tui"]}


def piped(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run with standard input and output as pipes; a hang is a failure, not a wait."""
    return subprocess.run(
        argv,
        capture_output=True,
        text=True,
        env=env,
        timeout=HANG,
        input="",
        check=False,
    )


def refused_without_terminal(done: subprocess.CompletedProcess[str]) -> None:
    assert done.returncode == 2, (done.stdout[:300], done.stderr)
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("followup: ")
    assert "terminal" in lines[0]
    assert "followup today" in lines[0]
    assert "\x1b" not in done.stderr


@pytest.mark.parametrize("start", sorted(STARTS))
def test_completion_prints_the_script_though_stdout_is_a_pipe(start: str, tmp_path: Path) -> None:
    env = clean_env(_FOLLOWUP_COMPLETE="bash_source", XDG_DATA_HOME=str(tmp_path / "data"))
    done = piped(STARTS[start], env)
    assert done.returncode == 0, done.stderr
    assert "_followup_completion()" in done.stdout
    assert "complete -o nosort -F _followup_completion followup" in done.stdout
    assert ENTER_ALT_SCREEN.decode() not in done.stdout
    assert not (tmp_path / "data").exists()  # no database was opened, let alone created


@pytest.mark.parametrize(
    ("shell", "marker"),
    [
        ("bash", "complete -o nosort -F _followup_completion followup"),
        ("zsh", "#compdef followup"),
        ("fish", "complete --no-files --command followup"),
    ],
)
def test_each_shells_completion_script_is_printed_at_once(
    shell: str, marker: str, tmp_path: Path
) -> None:
    """As the README says to enable it: `eval "$(_FOLLOWUP_COMPLETE=bash_source followup)"`
    and the like, from a shell's start-up file, with no terminal for the command's output."""
    env = clean_env(
        _FOLLOWUP_COMPLETE=f"{shell}_source",
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_STATE_HOME=str(tmp_path / "state"),
    )
    done = piped([FOLLOWUP], env)
    assert done.returncode == 0, done.stderr
    assert marker in done.stdout
    assert done.stderr == ""
    assert ENTER_ALT_SCREEN.decode() not in done.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # nothing opened or created


def test_completion_completes_a_command_name(tmp_path: Path) -> None:
    env = clean_env(
        _FOLLOWUP_COMPLETE="bash_complete",
        COMP_WORDS="followup tod",
        COMP_CWORD="1",
        XDG_DATA_HOME=str(tmp_path / "data"),
    )
    done = piped([FOLLOWUP], env)
    assert done.returncode == 0, done.stderr
    assert "plain,today" in done.stdout.splitlines()


@pytest.mark.parametrize("start", sorted(STARTS))
@pytest.mark.parametrize(
    "where",
    [
        pytest.param([], id="default-database"),
        pytest.param(["--db", "{tmp}/f.db"], id="named-database"),
        pytest.param(["--db", ":memory:"], id="in-memory-one-process"),
        pytest.param(["--today", TODAY, "--db", "{tmp}/f.db"], id="with-a-day"),
    ],
)
def test_no_terminal_is_refused_in_one_line(start: str, where: list[str], tmp_path: Path) -> None:
    env = clean_env(XDG_DATA_HOME=str(tmp_path / "data"), XDG_STATE_HOME=str(tmp_path / "st"))
    argv = [*STARTS[start], *(part.format(tmp=tmp_path) for part in where)]
    refused_without_terminal(piped(argv, env))
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # nothing created anywhere


@pytest.mark.parametrize("pipe", ["stdin", "stdout", "stderr"])
def test_one_stream_that_is_not_a_terminal_is_refused(pipe: str, tmp_path: Path) -> None:
    """Output to a file (nohup), input from a pipe, or the screen (Textual draws on stderr)
    sent to a log: each would leave the dashboard drawing where nobody sees it."""
    env = clean_env(XDG_DATA_HOME=str(tmp_path / "data"), XDG_STATE_HOME=str(tmp_path / "st"))
    db = tmp_path / "f.db"
    with terminal([FOLLOWUP, "--db", str(db)], env, pipes={pipe}) as term:
        code = term.finish()
        done = subprocess.CompletedProcess([], code, term.text("stdout"), term.text("stderr"))
    refused_without_terminal(done)
    assert not db.exists()


def test_the_command_lines_dashboard_path_is_refused_too(tmp_path: Path) -> None:
    """The command line's own entry, called from Python and through click's test runner,
    checks the same, before it opens the database."""
    env = clean_env(XDG_DATA_HOME=str(tmp_path / "data"), XDG_STATE_HOME=str(tmp_path / "st"))
    db = tmp_path / "f.db"
    one_process = [sys.executable, "-c", "from followup_tui.cli import main; main()"]
    refused_without_terminal(piped([*one_process, "--db", str(db)], env))
    assert not db.exists()
    result = CliRunner().invoke(cli, ["--db", str(db)], prog_name="followup", input="")
    assert result.exit_code == 2
    assert "followup today" in result.stderr
    assert not db.exists()


def test_other_commands_still_work_from_a_pipe(tmp_path: Path) -> None:
    env = clean_env(XDG_DATA_HOME=str(tmp_path / "data"), XDG_STATE_HOME=str(tmp_path / "st"))
    db = str(tmp_path / "f.db")
    assert piped([FOLLOWUP, "--db", db, "add", "company", "--name", "Acme"], env).returncode == 0
    done = piped([FOLLOWUP, "--db", db, "--today", TODAY, "today"], env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Wed 25 Nov 2026:")


@pytest.mark.parametrize("start", sorted(STARTS))
def test_a_terminal_opens_the_dashboard(start: str, tmp_path: Path) -> None:
    env = clean_env(XDG_DATA_HOME=str(tmp_path / "data"), XDG_STATE_HOME=str(tmp_path / "st"))
    db = tmp_path / "f.db"
    with terminal([*STARTS[start], "--db", str(db), "--today", TODAY], env) as term:
        term.wait_for(lambda out: b"Today" in out and b"Pipeline" in out, "the dashboard")
        term.send("q")
        assert term.finish() == 0, term.text("stderr")
    assert LEAVE_ALT_SCREEN in term.output
    assert db.exists()

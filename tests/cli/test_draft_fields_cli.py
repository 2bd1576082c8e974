"""`followup add` takes what the drafts quote: why you fit, each interviewer's highlights, the
questions an interview left open, a resource's note; `followup draft` then says them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from followup_tui.cli import cli

TODAY = "2026-11-25"  # a Wednesday
LATER = "2026-12-09"

Run = Callable[..., str]


@pytest.fixture
def run(tmp_path: Path, cli_isolated: None) -> Run:
    """`followup --db … --today DAY ARGS`, its stdout (the command must succeed)."""
    db = tmp_path / "followup.db"

    def invoke(*args: str, day: str = TODAY) -> str:
        result: Result = CliRunner().invoke(cli, ["--db", str(db), "--today", day, *args])
        assert result.exit_code == 0, result.output
        return result.stdout.strip()

    return invoke


def draft(run: Run, key: str, day: str = TODAY) -> tuple[str, list[object]]:
    made = json.loads(run("draft", key, "--json", day=day))
    return str(made["body"]), list(made["needs"])


def add_panel(run: Run) -> tuple[str, str, str, str]:
    run("settings", "user_name", "Sam Rivera")
    app = run(
        "add", "application", "--company", "Acme", "--role", "SRE", "--stage", "interviewing",
        "--applied", "2026-11-02", "--why-fit", "I ran the pager for five years",
    )  # fmt: skip
    lena = run(
        "add", "contact", "--name", "Lena Park", "--kind", "hiring-manager", "--application", app
    )
    raj = run(
        "add", "contact", "--name", "Raj Patel", "--kind", "interviewer", "--application", app
    )
    interview = run(
        "add", "interview", "--application", app, "--at", "2026-11-24 10:00",
        "--with", lena, "--with", raj, "--highlights", "the streaming migration",
        "--highlight", raj, "his on-call rotation plan", "--open-questions", "my notice period",
    )  # fmt: skip
    return app, interview, lena, raj


def test_each_interviewer_gets_their_own_highlight(run: Run) -> None:
    _, interview, lena, raj = add_panel(run)
    to_raj, raj_needs = draft(run, f"ty-{interview}-{raj}")
    to_lena, lena_needs = draft(run, f"ty-{interview}-{lena}")
    assert "his on-call rotation plan" in to_raj and "streaming" not in to_raj
    assert "the streaming migration" in to_lena and "on-call" not in to_lena
    assert raj_needs == [] and lena_needs == []


def test_the_follow_up_says_why_you_fit_and_answers_the_open_questions(run: Run) -> None:
    app, *_ = add_panel(run)
    rows = json.loads(run("today", "--json", day=LATER))
    keys = [row["key"] for row in rows if row["key"].startswith(f"fu-{app}-")]
    assert keys, [row["key"] for row in rows]
    body, needs = draft(run, keys[0], day=LATER)
    assert "I ran the pager for five years" in body
    assert "my notice period" in body
    assert needs == []


def test_a_resource_note_is_quoted(run: Run) -> None:
    app, *_ = add_panel(run)
    run(
        "add", "resource", "--title", "Hedging requests", "--url", "https://example.com/h",
        "--application", app, "--note", "it covers the tail latency Lena mentioned",
    )  # fmt: skip
    rows = json.loads(run("today", "--json", day=LATER))
    shares = [row for row in rows if row["strategy"] == "share-info"]
    assert shares, [row["key"] for row in rows]
    assert "it covers the tail latency Lena mentioned" in shares[0]["draft"]["body"]


def test_a_highlight_for_someone_not_on_the_interview_is_refused(run: Run, tmp_path: Path) -> None:
    app, _, lena, _ = add_panel(run)
    result = CliRunner().invoke(
        cli,
        [
            "--db", str(tmp_path / "followup.db"), "--today", TODAY, "add", "interview",
            "--application", app, "--at", "2026-11-25 10:00", "--with", lena,
            "--highlight", "999", "x",
        ],
    )  # fmt: skip
    assert result.exit_code != 0
    assert "not one of the interview's participants" in result.output
    assert len(result.output.strip().splitlines()) == 1

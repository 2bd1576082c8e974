"""The `followup` command line, end to end over a real database file (DESIGN §4 and §8)."""

from __future__ import annotations

import base64
import contextlib
import gc
import hashlib
import json
import re
import sqlite3
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result

from followup_tui import drafts
from followup_tui.cli import cli
from followup_tui.db import open_db
from followup_tui.models import Direction, Stage, Strategy
from followup_tui.store import Store

TODAY = "2026-11-25"  # a Wednesday
FRIDAY = "2026-11-27"

#: The keys DESIGN §4 promises in every object of `today --json`.
JSON_KEYS = {
    "key",
    "strategy",
    "title",
    "due",
    "deadline",
    "status",
    "held",
    "contact",
    "contact_id",
    "company",
    "application_id",
    "draft",
}
STRATEGIES = {
    "thank-you",
    "linkedin",
    "follow-up",
    "share-info",
    "social",
    "event",
    "reply",
    "check-in",
}
#: DESIGN §2: thank-you > follow-up > event > linkedin > check-in > share-info > social.
WEIGHT = {
    "reply": 0,
    "thank-you": 1,
    "follow-up": 2,
    "event": 3,
    "linkedin": 4,
    "check-in": 5,
    "share-info": 6,
    "social": 7,
}
#: One line of `today`: key, when (late / today / a day), strategy, then the action.
LINE = re.compile(
    r"(?P<key>\S+) +(?P<when>! \d+d late|today|[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2}) +"
    r"(?P<strategy>[a-z-]+) +(?P<title>\S.*)"
)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No setting of the person running the tests leaks in, and nothing lands in their home."""
    for name in ("FOLLOWUP_DB", "FOLLOWUP_TODAY", "TMUX", "SSH_CONNECTION", "SSH_TTY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))


# --- helpers ------------------------------------------------------------------------------


def invoke(
    db: Path | None,
    *args: str,
    today: str | None = TODAY,
    env: dict[str, str | None] | None = None,
) -> Result:
    """Run `followup [--db DB] [--today TODAY] ARGS` in-process."""
    prefix: list[str] = []
    if db is not None:
        prefix += ["--db", str(db)]
    if today is not None and "--today" not in args:
        prefix += ["--today", today]
    return CliRunner().invoke(cli, [*prefix, *args], env=env, prog_name="followup")


def ok(db: Path | None, *args: str, **options: Any) -> Result:
    result = invoke(db, *args, **options)
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exc_info)
    return result


def new_id(db: Path, *args: str) -> int:
    stdout = ok(db, "add", *args).stdout
    assert re.fullmatch(r"\d+\n", stdout), repr(stdout)
    return int(stdout)


def listed(db: Path, today: str = TODAY, days: int = 0) -> list[dict[str, Any]]:
    result = ok(db, "today", "--json", "--days", str(days), today=today)
    found = json.loads(result.stdout)
    assert isinstance(found, list)
    return found


def keys(db: Path, today: str = TODAY, days: int = 0) -> list[str]:
    return [action["key"] for action in listed(db, today, days)]


@contextlib.contextmanager
def opened(db: Path) -> Iterator[Store]:
    conn = open_db(db)
    try:
        yield Store(conn)
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def settled(db: Path) -> str:
    """The file's hash once every connection is closed and the WAL is folded into it."""
    gc.collect()  # closes connections that finished commands left behind
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return digest(db)


def refused(result: Result, *fragments: str) -> str:
    """A clean refusal: non-zero exit, one `followup: ...` line on stderr, no traceback."""
    assert result.exit_code != 0, result.stdout
    # CliRunner swallows uncaught exceptions; a clean refusal ends in SystemExit.
    assert isinstance(result.exception, SystemExit), result.exc_info
    for text in (result.stdout, result.stderr, result.output):
        assert "Traceback" not in text
    assert result.stderr.endswith("\n") and result.stderr.count("\n") == 1, result.stderr
    line = result.stderr.rstrip("\n")
    assert line.startswith("followup: ")
    assert len(line) > len("followup: ") + 10
    for fragment in fragments:
        assert fragment in line
    assert result.stdout == ""
    return line


# --- a small job search, built through the command line -------------------------------------


@dataclass
class World:
    db: Path
    company: int
    application: int
    contact: int
    interview: int
    message: int
    event: int
    resource: int

    def key(self, strategy: str, today: str = TODAY) -> str:
        found = [a["key"] for a in listed(self.db, today, days=30) if a["strategy"] == strategy]
        assert found, f"no {strategy} action"
        return str(found[0])


@pytest.fixture
def world(tmp_path: Path) -> World:
    """Acme: applied 2 Nov, onsite Fri 20 Nov with Jane (thank-you now overdue), Jane wrote
    yesterday (a reply due today), a meetup next Friday, an article to share.

    Jane's message is from the day before, so a touch recorded today, at whatever time the
    tests run, comes after it."""
    db = tmp_path / "f.db"
    company = new_id(
        db, "company", "--name", "Acme Robotics", "--website", "https://acme.example",
        "--social", "https://social.example/acme",
    )  # fmt: skip
    application = new_id(
        db, "application", "--company", "Acme Robotics", "--role", "Data Engineer",
        "--applied", "2026-11-02",
    )  # fmt: skip
    contact = new_id(
        db, "contact", "--name", "Jane Doe", "--company", "Acme Robotics",
        "--kind", "hiring-manager", "--email", "jane@acme.example",
        "--application", str(application),
    )  # fmt: skip
    interview = new_id(
        db, "interview", "--application", str(application), "--at", "2026-11-20 10:00",
        "--with", str(contact), "--kind", "onsite", "--highlights", "the streaming pipeline",
    )  # fmt: skip
    message = new_id(
        db, "message", "--contact", str(contact), "--at", "2026-11-24 16:00",
        "--subject", "Next steps",
    )  # fmt: skip
    event = new_id(db, "event", "--name", "PyData Night", "--on", "2026-12-04")
    resource = new_id(
        db, "resource", "--title", "Exactly-once, explained", "--url",
        "https://blog.example/exactly-once", "--application", str(application),
    )  # fmt: skip
    return World(db, company, application, contact, interview, message, event, resource)


# --- add ------------------------------------------------------------------------------------


def test_add_company_prints_its_id(tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    first = new_id(
        db,
        "company",
        "--name",
        "Acme",
        "--social",
        "https://a.example",
        "--social",
        "https://b.example",
    )
    second = new_id(db, "company", "--name", "Globex", "--website", "https://globex.example")
    assert first != second
    with opened(db) as store:
        acme, globex = store.company(first), store.company(second)
    assert acme.name == "Acme" and acme.social == ("https://a.example", "https://b.example")
    assert globex.website == "https://globex.example"


def test_add_application_prints_its_id(tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    app_id = new_id(
        db, "application", "--company", "Initech", "--role", "SRE", "--stage", "screening",
        "--applied", "2026-11-16", "--response-by", "fri", "--url", "https://jobs.example/1",
    )  # fmt: skip
    default_id = new_id(db, "application", "--company", "initech", "--role", "Platform")
    with opened(db) as store:
        app, default = store.application(app_id), store.application(default_id)
    assert (app.company, app.role, app.stage) == ("Initech", "SRE", Stage.SCREENING)
    assert str(app.applied_on) == "2026-11-16"
    assert str(app.response_by) == FRIDAY  # "fri" counts from --today
    assert app.url == "https://jobs.example/1"
    # The company is found whatever the case, and the defaults are "applied", today.
    assert default.company_id == app.company_id
    assert (default.stage, str(default.applied_on)) == (Stage.APPLIED, TODAY)


def test_add_contact_prints_their_id(world: World) -> None:
    contact_id = new_id(
        world.db, "contact", "--name", "Raj Patel", "--title", "Staff Engineer",
        "--kind", "interviewer", "--linkedin", "https://linkedin.example/raj",
        "--application", str(world.application),
    )  # fmt: skip
    with opened(world.db) as store:
        contact = store.contact(contact_id)
        linked = [c.id for c in store.contacts_of(world.application)]
    assert (contact.name, contact.title, contact.kind.value) == (
        "Raj Patel",
        "Staff Engineer",
        "interviewer",
    )
    assert contact.company == "Acme Robotics"  # taken from the application
    assert contact.linkedin_url == "https://linkedin.example/raj"
    assert contact_id in linked


def test_add_interview_prints_its_id(world: World) -> None:
    interview_id = new_id(
        world.db, "interview", "--application", str(world.application),
        "--at", "2026-11-30 14:30", "--with", str(world.contact), "--kind", "technical",
    )  # fmt: skip
    with opened(world.db) as store:
        interview = store.interview(interview_id)
    assert interview.application_id == world.application
    assert interview.participant_ids == (world.contact,)
    assert interview.starts_at.strftime("%Y-%m-%d %H:%M") == "2026-11-30 14:30"
    assert interview.kind == "technical"
    # The world's own interview is there too, with what resonated.
    with opened(world.db) as store:
        assert store.interview(world.interview).highlights == "the streaming pipeline"


def test_add_message_prints_its_id_and_asks_for_a_reply(world: World) -> None:
    touch_id = new_id(
        world.db, "message", "--contact", str(world.contact), "--at", "today 09:15",
        "--subject", "One more question", "--channel", "linkedin",
    )  # fmt: skip
    with opened(world.db) as store:
        touch = store.touch(touch_id)
    assert touch.direction is Direction.IN and touch.contact_id == world.contact
    assert (touch.subject, touch.channel) == ("One more question", "linkedin")
    assert touch.at.strftime("%Y-%m-%d %H:%M") == f"{TODAY} 09:15"
    replies = [a for a in listed(world.db) if a["strategy"] == "reply"]
    assert [a["contact_id"] for a in replies] == [world.contact]


def test_add_event_prints_its_id(world: World) -> None:
    event_id = new_id(
        world.db, "event", "--name", "Data Council", "--on", "2026-11-10",
        "--location", "Berlin", "--met", str(world.contact),
    )  # fmt: skip
    with opened(world.db) as store:
        event = store.event(event_id)
    assert (event.name, str(event.on), event.location) == ("Data Council", "2026-11-10", "Berlin")
    with opened(world.db) as store:
        assert store.event(world.event).name == "PyData Night"


def test_add_resource_prints_its_id(world: World) -> None:
    by_company = new_id(
        world.db, "resource", "--title", "Robots at scale", "--url", "https://r.example",
        "--company", "Acme Robotics",
    )  # fmt: skip
    with opened(world.db) as store:
        resource, mine = store.resource(by_company), store.resource(world.resource)
    assert (resource.title, resource.url, resource.company_id) == (
        "Robots at scale",
        "https://r.example",
        world.company,
    )
    assert mine.application_id == world.application


# --- today ----------------------------------------------------------------------------------


def test_today_lists_the_worlds_actions(world: World) -> None:
    found = {a["strategy"]: a for a in listed(world.db)}
    assert {"reply", "thank-you"} <= set(found)
    assert found["thank-you"]["status"] == "overdue"  # Fri 20 Nov + 1 business day
    assert found["reply"]["status"] == "due"
    assert found["reply"]["contact_id"] == world.contact
    assert found["thank-you"]["application_id"] == world.application


def _table(stdout: str) -> tuple[str, str, list[re.Match[str]]]:
    header, columns, *rows = stdout.splitlines()
    matches = [LINE.fullmatch(row) for row in rows]
    assert all(matches), [row for row, m in zip(rows, matches, strict=True) if m is None]
    return header, columns, [m for m in matches if m is not None]


def _without_headings(stdout: str) -> list[str]:
    """The lines of `today --days N` but its blank lines and section headings."""
    heading = re.compile(
        r"Due now|Nothing overdue or due today\.|[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2}"
    )
    return [line for line in stdout.splitlines() if line and not heading.fullmatch(line)]


def test_today_human_output(world: World) -> None:
    result = ok(world.db, "today", env={"COLUMNS": "80"})
    header, columns, rows = _table(result.stdout)
    assert header.startswith("Wed 25 Nov 2026: ")
    assert re.search(r"\d+ overdue, \d+ due today, \d+ upcoming", header)
    assert columns.split() == ["KEY", "DUE", "STRATEGY", "ACTION"]
    expected = listed(world.db)
    assert [row["key"] for row in rows] == [a["key"] for a in expected]
    for row, action in zip(rows, expected, strict=True):
        assert row["strategy"] == action["strategy"]
        if action["status"] == "overdue":
            assert row["when"].endswith("late")
        else:
            assert row["when"] == "today"
    thank_you = next(r for r in rows if r["strategy"] == "thank-you")
    assert thank_you["when"] == "! 2d late"
    assert result.stderr == ""


def test_today_header_counts_the_week(world: World) -> None:
    header = ok(world.db, "today").stdout.splitlines()[0]
    week = Counter(a["status"] for a in listed(world.db, days=7))
    counts = re.search(r"(\d+) overdue, (\d+) due today, (\d+) upcoming this week", header)
    assert counts is not None
    assert tuple(int(n) for n in counts.groups()) == (
        week["overdue"],
        week["due"],
        week["upcoming"],
    )
    assert week["upcoming"] > 0


def test_today_days_adds_upcoming_actions(world: World) -> None:
    now = listed(world.db)
    week = listed(world.db, days=7)
    assert all(a["status"] in ("overdue", "due") and a["due"] <= TODAY for a in now)
    upcoming = [a for a in week if a["status"] == "upcoming"]
    assert upcoming and all(TODAY < a["due"] <= "2026-12-02" for a in upcoming)
    assert {a["key"] for a in now} < {a["key"] for a in week}
    # The event on Fri 4 Dec asks for preparation from Fri 27 Nov.
    prepare = [a for a in upcoming if a["strategy"] == "event"]
    assert [a["due"] for a in prepare] == [FRIDAY]

    human = ok(world.db, "today", "--days", "7", env={"COLUMNS": "80"}).stdout
    # Under --days, rows come under "Due now" and a heading per later day.
    _, _, rows = _table("\n".join(_without_headings(human)))
    by_day = sorted(week, key=lambda a: max(a["due"], TODAY))  # stable: ranked within a day
    assert [r["key"] for r in rows] == [a["key"] for a in by_day]
    shown = {r["key"]: r["when"] for r in rows}
    assert shown[prepare[0]["key"]] == "Fri 27 Nov"
    assert prepare[0]["key"] not in ok(world.db, "today").stdout


@pytest.mark.parametrize("columns", [80, 120])
def test_today_fits_the_terminal(tmp_path: Path, columns: int) -> None:
    db = tmp_path / "f.db"
    ok(db, "demo")
    for args in (["today"], ["today", "--days", "7"]):
        stdout = ok(db, *args, env={"COLUMNS": str(columns)}).stdout
        lines = stdout.splitlines()
        assert len(lines) > 10
        too_long = [line for line in lines if len(line) > columns]
        assert not too_long


def test_today_keeps_columns_apart_for_long_overdue_actions(world: World) -> None:
    """An unanswered message from months ago: "! 176d late" must not run into the strategy."""
    contact = new_id(world.db, "contact", "--name", "Old Friend", "--company", "Acme Robotics")
    new_id(world.db, "message", "--contact", str(contact), "--at", "2026-06-01")
    lines = ok(world.db, "today", env={"COLUMNS": "80"}).stdout.splitlines()
    old = [line for line in lines if "Old Friend" in line]
    assert len(old) == 1
    assert re.search(r" ! \d{3}d late +reply +Reply to Old Friend", old[0]), old[0]
    _table("\n".join(lines))


def test_today_on_an_empty_database(tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    open_db(db).close()  # `today` never creates one
    lines = ok(db, "today").stdout.splitlines()
    assert lines[0] == "Wed 25 Nov 2026: 0 overdue, 0 due today, 0 upcoming this week"
    assert lines[1].startswith("Nothing to do")
    assert json.loads(ok(db, "today", "--json").stdout) == []


def _rank(action: dict[str, Any]) -> tuple[object, ...]:
    return (
        action["held"] is not None,
        action["strategy"] != "reply",
        action["status"] != "overdue",
        WEIGHT[action["strategy"]],
        action["deadline"],
    )


def _check_json_action(action: dict[str, Any]) -> None:
    assert set(action) >= JSON_KEYS, JSON_KEYS - set(action)
    assert isinstance(action["key"], str) and action["key"] and " " not in action["key"]
    assert action["strategy"] in STRATEGIES
    assert isinstance(action["title"], str) and action["title"]
    assert ISO_DATE.fullmatch(action["due"]) and ISO_DATE.fullmatch(action["deadline"])
    assert action["due"] <= action["deadline"]
    assert action["status"] in ("overdue", "due", "upcoming")
    if action["status"] == "overdue":
        assert action["deadline"] < TODAY
    elif action["status"] == "due":
        assert action["due"] <= TODAY <= action["deadline"]
    else:
        assert action["due"] > TODAY
    assert action["held"] is None or isinstance(action["held"], str)
    assert action["contact"] is None or isinstance(action["contact"], str)
    assert action["contact_id"] is None or isinstance(action["contact_id"], int)
    assert (action["contact"] is None) == (action["contact_id"] is None)
    assert action["company"] is None or isinstance(action["company"], str)
    assert action["application_id"] is None or isinstance(action["application_id"], int)
    draft = action["draft"]
    assert draft is None or (
        set(draft) == {"subject", "body", "needs"}
        and isinstance(draft["subject"], str)
        and isinstance(draft["body"], str)
        and all(set(need) == {"id", "label"} for need in draft["needs"])
        and {need["id"] for need in draft["needs"]} <= set(drafts.NEEDS)
    )
    assert "needs" not in action  # what a draft lacks is the draft's to say


def test_today_json_shape_and_ranking(tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    ok(db, "demo")
    result = ok(db, "today", "--json", "--days", "7")
    assert result.stderr == ""
    found = json.loads(result.stdout)
    assert isinstance(found, list) and len(found) > 10
    for action in found:
        _check_json_action(action)
    assert len({a["key"] for a in found}) == len(found)
    assert found[0]["strategy"] == "reply"
    strategies = [a["strategy"] for a in found]
    replies = strategies.count("reply")
    assert strategies[:replies] == ["reply"] * replies
    ranks = [_rank(a) for a in found]
    assert ranks == sorted(ranks)
    for action in found:
        if action["strategy"] in ("thank-you", "follow-up", "reply", "check-in"):
            assert action["draft"] is not None and action["draft"]["body"].strip()


def test_today_json_matches_the_world(world: World) -> None:
    found = listed(world.db)
    for action in found:
        _check_json_action(action)
    reply = found[0]
    assert reply["strategy"] == "reply"
    assert (reply["contact"], reply["contact_id"]) == ("Jane Doe", world.contact)
    assert reply["company"] == "Acme Robotics"
    assert reply["draft"]["subject"].endswith("Next steps")
    thank_you = next(a for a in found if a["strategy"] == "thank-you")
    assert "the streaming pipeline" in thank_you["draft"]["body"]
    assert thank_you["held"] is None


# --- draft ----------------------------------------------------------------------------------


def test_draft_prints_the_draft(world: World) -> None:
    key = world.key("thank-you")
    expected = next(a for a in listed(world.db) if a["key"] == key)["draft"]
    result = ok(world.db, "draft", key)
    assert expected["subject"] in result.stdout
    assert expected["body"] in result.stdout
    # What the draft lacks goes to stderr, so stdout stays the draft alone.
    if expected["needs"]:
        assert result.stderr.startswith("This draft needs ")
        assert all(need["label"] in result.stderr for need in expected["needs"])
    else:
        assert result.stderr == ""


@pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="the Linux clipboard path")
def test_draft_copy_uses_the_native_clipboard(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("followup_tui.clipboard.native_command", lambda: ["cat"])
    key = world.key("reply")
    result = ok(world.db, "draft", key, "--copy", "--force")  # a reply needs your answer
    assert "Copied with cat" in result.stderr
    assert result.stdout == ok(world.db, "draft", key).stdout


def test_draft_json_says_what_the_draft_needs(world: World) -> None:
    key = world.key("reply")
    shown = json.loads(ok(world.db, "draft", key, "--json").stdout)
    assert set(shown) == {"subject", "body", "needs"}
    assert [need["id"] for need in shown["needs"]] == ["answer", "user_name"]
    assert "[your answer]" in shown["body"] and "[your name]" in shown["body"]
    ok(world.db, "settings", "user_name", "Sam Rivera")
    key = world.key("thank-you")
    complete = json.loads(ok(world.db, "draft", key, "--json").stdout)
    assert complete["needs"] == []
    assert "[" not in complete["body"]


@pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="the Linux clipboard path")
def test_draft_copy_refuses_a_draft_that_needs_more(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []

    def native() -> list[str]:
        calls.append("asked")
        return ["cat"]

    monkeypatch.setattr("followup_tui.clipboard.native_command", native)
    key = world.key("reply")
    result = invoke(world.db, "draft", key, "--copy")
    assert result.exit_code == 1
    assert "not copied: the draft needs your answer, your name" in result.stderr
    assert "--force" in result.stderr
    assert calls == []  # the clipboard was never touched
    assert "Copied" not in result.stderr
    forced = ok(world.db, "draft", key, "--copy", "--force")
    assert "Copied with cat" in forced.stderr


def _keep_edit(db: Path, key: str, subject: str, body: str) -> None:
    """An edit saved in the dashboard (one change of its history)."""
    found = next(a for a in listed(db, days=30) if a["key"] == key)
    with opened(db) as store, store.recording(f"edited draft: {found['title']}"):
        store.save_edit(
            key,
            subject,
            body,
            title=found["title"],
            contact_id=found["contact_id"],
            application_id=found["application_id"],
        )


EDITED_BODY = "Hi Jane,\n\nYes, Tuesday at ten works for me.\n\n[your name]"


@pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="the Linux clipboard path")
def test_draft_prints_the_edit_kept_from_the_dashboard(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = world.key("reply")
    _keep_edit(world.db, key, "Re: Next steps", EDITED_BODY)
    result = ok(world.db, "draft", key)
    assert result.stdout == f"Subject: Re: Next steps\n\n{EDITED_BODY}\n"
    assert "as you edited it in the dashboard" in result.stderr
    # The answer is written in: only the marker left in the text is still needed.
    assert "This draft needs your name (settings: user_name)." in result.stderr
    assert "your answer" not in result.stderr
    shown = json.loads(ok(world.db, "draft", key, "--json").stdout)
    assert (shown["subject"], shown["body"]) == ("Re: Next steps", EDITED_BODY)
    assert [need["id"] for need in shown["needs"]] == ["user_name"]
    listed_draft = next(a for a in listed(world.db) if a["key"] == key)["draft"]
    assert listed_draft == shown
    monkeypatch.setattr("followup_tui.clipboard.native_command", lambda: ["cat"])
    assert "your name" in invoke(world.db, "draft", key, "--copy").stderr
    assert "Copied with cat" in ok(world.db, "draft", key, "--copy", "--force").stderr


def test_done_records_the_edit_as_sent_to_its_recipient(world: World) -> None:
    key = world.key("reply")
    _keep_edit(world.db, key, "Re: Next steps", EDITED_BODY)
    result = ok(world.db, "done", key)
    assert result.stdout.startswith("Done: ")
    assert "as you edited it in the dashboard" in result.stderr
    with opened(world.db) as store:
        row = store.conn.execute(
            "SELECT subject, body, recipient FROM touches WHERE action_key = ?", [key]
        ).fetchone()
        assert row == ("Re: Next steps", EDITED_BODY, "Jane Doe <jane@acme.example>")
        assert store.draft_edits() == {}
    # Undone, the action is back with its edit.
    ok(world.db, "undo")
    assert "as you edited it" in ok(world.db, "draft", key).stderr


def test_done_without_an_edit_records_the_draft_and_its_recipient(world: World) -> None:
    key = world.key("thank-you")
    expected = next(a for a in listed(world.db) if a["key"] == key)["draft"]
    result = ok(world.db, "done", key)
    assert "edited" not in result.stderr
    with opened(world.db) as store:
        row = store.conn.execute(
            "SELECT subject, body, recipient FROM touches WHERE action_key = ?", [key]
        ).fetchone()
    assert row == (expected["subject"], expected["body"], "Jane Doe <jane@acme.example>")


def _block_tty(monkeypatch: pytest.MonkeyPatch, tty: Path | None) -> None:
    """Route the command's /dev/tty to `tty`, or make it unavailable (None)."""
    real_open = open

    def fake_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if file == "/dev/tty":
            if tty is None:
                raise OSError(6, "No such device or address", file)
            return real_open(tty, *args, **kwargs)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("followup_tui.clipboard.open", fake_open, raising=False)


def _saved_path(stderr: str, tmp_path: Path) -> Path:
    words = [w.rstrip(".;,") for w in stderr.split() if w.startswith(str(tmp_path))]
    assert len(words) == 1, stderr
    return Path(words[0])


@pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="the Linux clipboard path")
def test_draft_copy_without_a_display_saves_a_file(
    world: World, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    _block_tty(monkeypatch, None)
    ok(world.db, "settings", "user_name", "Sam Rivera")  # a complete draft copies at once
    key = world.key("thank-you")
    result = ok(world.db, "draft", key, "--copy")
    assert result.stderr.count("\n") == 1
    saved = _saved_path(result.stderr, tmp_path)
    assert saved.is_relative_to(tmp_path / "state")
    assert saved.read_text(encoding="utf-8") + "\n" == result.stdout
    assert saved.stat().st_mode & 0o777 == 0o600


@pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="the Linux clipboard path")
def test_draft_copy_without_a_display_also_asks_the_terminal(
    world: World, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    tty = tmp_path / "tty"
    _block_tty(monkeypatch, tty)
    key = world.key("reply")
    result = ok(world.db, "draft", key, "--copy", "--force")
    assert "OSC 52" in result.stderr
    saved = _saved_path(result.stderr, tmp_path)
    text = saved.read_text(encoding="utf-8")
    assert text + "\n" == result.stdout
    sequence = tty.read_text(encoding="utf-8")
    assert sequence == f"\x1b]52;c;{base64.b64encode(text.encode()).decode()}\a"


# --- done, snooze, skip, stage -----------------------------------------------------------------


def test_done_records_the_touch(world: World) -> None:
    key = world.key("thank-you")
    draft = next(a for a in listed(world.db) if a["key"] == key)["draft"]
    result = ok(world.db, "done", key, "--note", "sent from my phone")
    assert result.stdout.startswith("Done: Thank Jane Doe")
    assert key not in keys(world.db, days=30)
    with opened(world.db) as store:
        touches = [t for t in store.touches_for(contact_id=world.contact) if t.action_key == key]
    assert len(touches) == 1
    touch = touches[0]
    assert touch.direction is Direction.OUT
    assert touch.strategy is Strategy.THANK_YOU
    assert touch.note == "sent from my phone"
    assert touch.interview_id == world.interview
    assert touch.subject == draft["subject"]
    # Doing it again is an error: the action is gone.
    refused(invoke(world.db, "done", key), key)


def test_done_answers_a_reply(world: World) -> None:
    key = world.key("reply")
    ok(world.db, "done", key)
    assert "reply" not in {a["strategy"] for a in listed(world.db, days=30)}


def test_held_actions_come_last_and_say_why(world: World) -> None:
    ok(world.db, "done", world.key("linkedin"))
    week = listed(world.db, days=7)
    held = [a for a in week if a["held"] is not None]
    assert held, "a second message to Jane so soon should be held back"
    assert week[-len(held) :] == held
    for action in held:
        assert action["contact_id"] == world.contact
        assert "Jane" in action["held"]
    human = ok(world.db, "today", "--days", "7", env={"COLUMNS": "120"}).stdout
    # Held shows in the DUE column, so it survives any cut; the reason follows the title.
    held_lines = [
        line for line in human.splitlines() if line.split()[:1] in ([a["key"]] for a in held)
    ]
    assert len(held_lines) == len(held)
    for line in held_lines:
        assert line.split()[1] == "held"
        assert "(you wrote to" in line or line.endswith("…")


def test_snooze_on_a_friday_brings_it_back_on_monday(world: World) -> None:
    key = world.key("reply", today=FRIDAY)
    assert key in keys(world.db, FRIDAY)
    result = ok(world.db, "snooze", key, today=FRIDAY)
    assert result.stdout.startswith("Snoozed until Mon 30 Nov")
    for day in (FRIDAY, "2026-11-28", "2026-11-29"):
        assert key not in keys(world.db, day), day
    assert key in keys(world.db, "2026-11-30")
    # Hidden from today, not forgotten: it shows as upcoming on Monday.
    ahead = {a["key"]: a for a in listed(world.db, FRIDAY, days=7)}
    assert (ahead[key]["status"], ahead[key]["due"]) == ("upcoming", "2026-11-30")


def test_snooze_until_a_relative_date(world: World) -> None:
    key = world.key("reply")
    ok(world.db, "snooze", key, "--until", "+3d")
    for day in (TODAY, "2026-11-26", FRIDAY):
        assert key not in keys(world.db, day), day
    assert key in keys(world.db, "2026-11-28")


def test_skip_drops_the_action_for_good(world: World) -> None:
    key = world.key("reply")
    result = ok(world.db, "skip", key)
    assert result.stdout.startswith("Skipped: ")
    assert key not in keys(world.db, days=30)
    assert key not in keys(world.db, "2027-01-04", days=30)
    assert key not in ok(world.db, "today", "--days", "30").stdout
    refused(invoke(world.db, "draft", key), key)


def test_stage_changes_the_stage(world: World) -> None:
    result = ok(world.db, "stage", str(world.application), "offer")
    assert result.stdout == f"Application {world.application}: applied -> offer\n"
    ok(world.db, "stage", str(world.application), "Interviewing")
    with opened(world.db) as store:
        assert store.application(world.application).stage is Stage.INTERVIEWING
        history = [stage for stage, _at in store.stage_history(world.application)]
    assert history == [Stage.APPLIED, Stage.OFFER, Stage.INTERVIEWING]


# --- global options through the environment ----------------------------------------------------


def test_env_vars_work_like_the_options(tmp_path: Path) -> None:
    db = tmp_path / "env.db"
    env: dict[str, str | None] = {"FOLLOWUP_DB": str(db), "FOLLOWUP_TODAY": TODAY}
    stdout = ok(None, "add", "company", "--name", "Envy", today=None, env=env).stdout
    assert re.fullmatch(r"\d+\n", stdout)
    assert db.exists()
    app = ok(None, "add", "application", "--company", "Envy", "--role", "Dev", today=None, env=env)
    with opened(db) as store:
        assert str(store.application(int(app.stdout)).applied_on) == TODAY
    by_env = ok(None, "today", "--json", "--days", "30", today=None, env=env).stdout
    by_options = ok(db, "today", "--json", "--days", "30").stdout
    assert by_env == by_options
    friday = ok(None, "today", today=None, env={**env, "FOLLOWUP_TODAY": FRIDAY}).stdout
    assert friday.startswith("Fri 27 Nov 2026: ")


def test_options_win_over_env_vars(tmp_path: Path) -> None:
    db, other = tmp_path / "f.db", tmp_path / "other.db"
    env: dict[str, str | None] = {"FOLLOWUP_DB": str(other), "FOLLOWUP_TODAY": FRIDAY}
    ok(db, "add", "company", "--name", "Acme", env=env)
    assert db.exists() and not other.exists()
    stdout = ok(db, "today", env=env).stdout
    assert stdout.startswith("Wed 25 Nov 2026: ")
    assert db.exists() and not other.exists()


def test_bad_followup_today_env_var(tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    env: dict[str, str | None] = {"FOLLOWUP_TODAY": "someday"}
    refused(invoke(db, "today", today=None, env=env), "someday")
    assert not db.exists()


# --- demo -------------------------------------------------------------------------------------


def test_demo_shows_all_eight_strategies(tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    result = ok(db, "demo")
    assert result.stdout.startswith(f"Demo data in {db}")
    assert {a["strategy"] for a in listed(db)} == STRATEGIES
    assert len(ok(db, "today").stdout.splitlines()) > 10


def test_demo_refuses_a_database_with_data(world: World) -> None:
    before = settled(world.db)
    refused(invoke(world.db, "demo"), "--db")
    assert settled(world.db) == before
    with opened(world.db) as store:
        assert store.company(world.company).name == "Acme Robotics"


def test_demo_reset_replaces_everything(tmp_path: Path) -> None:
    demo = tmp_path / "demo.db"
    ok(demo, "demo")
    ok(demo, "add", "company", "--name", "Acme Robotics")
    ok(demo, "demo", "--reset")
    with opened(demo) as store:
        assert store.company_by_name("Acme Robotics") is None
    fresh = tmp_path / "fresh.db"
    ok(fresh, "demo")
    assert listed(demo, days=7) == listed(fresh, days=7)


# --- bad input: one line on stderr, no traceback, nothing changed --------------------------------

#: (arguments, what the message must name). "{app}", "{contact}", "{reply}" are the world's.
BAD_INPUT = [
    pytest.param(["stage", "999", "offer"], ["999"], id="stage-unknown-application"),
    pytest.param(
        ["add", "interview", "--application", "999", "--at", "2026-11-20 10:00"],
        ["999"],
        id="interview-unknown-application",
    ),
    pytest.param(
        ["add", "contact", "--name", "Sam Roe", "--application", "999"],
        ["999"],
        id="contact-unknown-application",
    ),
    pytest.param(
        ["add", "resource", "--title", "T", "--url", "https://t.example", "--application", "999"],
        ["999"],
        id="resource-unknown-application",
    ),
    pytest.param(
        ["stage", "99999999999999999999", "offer"], ["99999999999999999999"], id="stage-huge-id"
    ),
    pytest.param(
        ["add", "message", "--contact", "999", "--at", "2026-11-24"],
        ["999"],
        id="message-unknown-contact",
    ),
    pytest.param(
        ["add", "interview", "--application", "{app}", "--at", "2026-11-30 10:00", "--with", "999"],
        ["999"],
        id="interview-unknown-contact",
    ),
    pytest.param(
        ["add", "event", "--name", "Meetup", "--on", "2026-12-01", "--met", "999"],
        ["999"],
        id="event-unknown-contact",
    ),
    pytest.param(["done", "nope"], ["nope"], id="done-unknown-key"),
    pytest.param(["draft", "nope"], ["nope"], id="draft-unknown-key"),
    pytest.param(["snooze", "nope"], ["nope"], id="snooze-unknown-key"),
    pytest.param(["skip", "nope"], ["nope"], id="skip-unknown-key"),
    pytest.param(
        ["add", "application", "--company", "Newco", "--role", "Dev", "--applied", "someday"],
        ["someday"],
        id="applied-bad-date",
    ),
    pytest.param(["--today", "2026-13-45", "today"], ["2026-13-45"], id="today-bad-date"),
    pytest.param(
        ["snooze", "{reply}", "--until", "yesterday"], ["--until"], id="snooze-until-the-past"
    ),
    pytest.param(
        ["snooze", "{reply}", "--until", "whenever"], ["whenever"], id="snooze-until-bad-date"
    ),
    pytest.param(
        ["add", "interview", "--application", "{app}", "--at", "2026-11-30 25:00"],
        ["25:00"],
        id="interview-bad-time",
    ),
    pytest.param(
        ["add", "event", "--name", "Meetup", "--on", "the 32nd"], ["the 32nd"], id="event-bad-date"
    ),
    pytest.param(["stage", "{app}", "bogus"], ["bogus"], id="unknown-stage"),
    pytest.param(
        ["add", "application", "--company", "Newco", "--role", "Dev", "--stage", "bogus"],
        ["bogus"],
        id="application-unknown-stage",
    ),
    pytest.param(["add", "contact", "--name", "X", "--kind", "boss"], ["boss"], id="unknown-kind"),
    pytest.param(["add", "company"], ["--name"], id="company-missing-name"),
    pytest.param(
        ["add", "interview", "--application", "{app}"], ["--at"], id="interview-missing-at"
    ),
    pytest.param(["add", "message", "--at", "today"], ["--contact"], id="message-missing-contact"),
    pytest.param(["stage", "{app}"], ["STAGE"], id="stage-missing-stage"),
    pytest.param(["draft"], ["KEY"], id="draft-missing-key"),
    pytest.param(["stage", "one", "offer"], ["one"], id="stage-id-not-a-number"),
    pytest.param(["today", "--days", "-1"], ["--days"], id="today-negative-days"),
    pytest.param(["add", "company", "--name", "  "], ["name"], id="company-blank-name"),
    pytest.param(
        ["add", "company", "--name", "acme robotics"], ["already exists"], id="company-twice"
    ),
    pytest.param(
        ["add", "resource", "--title", "T", "--url", "https://t.example"],
        ["--application"],
        id="resource-without-owner",
    ),
    pytest.param(["settings", "bogus", "3"], ["bogus"], id="unknown-setting"),
    pytest.param(["settings", "guard_bd", "soon"], ["guard_bd"], id="setting-not-a-number"),
    pytest.param(["demo"], ["--db"], id="demo-over-data"),
    pytest.param(["frobnicate"], ["frobnicate"], id="unknown-command"),
]


@pytest.mark.parametrize(("args", "fragments"), BAD_INPUT)
def test_bad_input_is_refused_and_changes_nothing(
    world: World, args: list[str], fragments: list[str]
) -> None:
    names = {"app": str(world.application), "contact": str(world.contact)}
    if any("{reply}" in arg for arg in args):
        names["reply"] = world.key("reply")
    argv = [arg.format(**names) for arg in args]
    before = settled(world.db)
    result = invoke(world.db, *argv)
    refused(result, *fragments)
    del result
    gc.collect()
    assert digest(world.db) == before
    assert settled(world.db) == before


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    content = "Things to do\n" * 200
    path.write_text(content, encoding="utf-8")
    for args in (["today"], ["add", "company", "--name", "Acme"], ["demo"]):
        refused(invoke(path, *args), str(path))
        gc.collect()
        assert path.read_text(encoding="utf-8") == content


def test_a_database_of_another_program(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO photos (name) VALUES ('cat.jpg')")
        conn.commit()
    content = path.read_bytes()
    for args in (["today"], ["add", "company", "--name", "Acme"]):
        refused(invoke(path, *args), str(path))
        gc.collect()
        assert path.read_bytes() == content


def test_a_database_from_a_newer_version(world: World) -> None:
    settled(world.db)
    with contextlib.closing(sqlite3.connect(world.db)) as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('followup', 'm999_future', 'x')"
        )
        conn.commit()
    before = settled(world.db)
    content = world.db.read_bytes()
    stage = ["stage", str(world.application), "offer"]
    for args in (["today"], ["add", "company", "--name", "Globex"], stage):
        line = refused(invoke(world.db, *args), "newer")
        assert "m999_future" in line
        gc.collect()
        assert world.db.read_bytes() == content
    assert settled(world.db) == before


def test_a_damaged_database(world: World) -> None:
    settled(world.db)
    with contextlib.closing(sqlite3.connect(world.db)) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        (root,) = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'touches'"
        ).fetchone()
    data = bytearray(world.db.read_bytes())
    start = (root - 1) * page_size
    data[start : start + page_size] = b"\x5a" * page_size
    world.db.write_bytes(bytes(data))
    for args in (["today"], ["today", "--json"]):
        refused(invoke(world.db, *args), str(world.db))
        gc.collect()
        assert world.db.read_bytes() == data


def test_a_folder_as_database(tmp_path: Path) -> None:
    refused(invoke(tmp_path, "today"), "folder")


# --- help -------------------------------------------------------------------------------------


def _command_paths(command: click.Command, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield path
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from _command_paths(sub, (*path, name))


COMMAND_PATHS = list(_command_paths(cli))


@pytest.mark.parametrize(
    "path", COMMAND_PATHS, ids=[" ".join(p) or "followup" for p in COMMAND_PATHS]
)
def test_help_on_every_command(tmp_path: Path, path: Sequence[str]) -> None:
    db = tmp_path / "f.db"
    result = invoke(db, *path, "--help")
    assert result.exit_code == 0, result.stderr
    usage = " ".join(["Usage: followup", *path])
    assert result.stdout.startswith(usage + " "), result.stdout[:200]
    assert result.stderr == ""
    assert not db.exists()


def test_every_command_is_covered_by_help() -> None:
    names = {" ".join(p) for p in COMMAND_PATHS}
    assert {"demo", "today", "draft", "done", "snooze", "skip", "stage", "add"} <= names
    for kind in ("company", "application", "contact", "interview", "message", "event", "resource"):
        assert f"add {kind}" in names


def test_add_without_a_kind_shows_the_kinds(tmp_path: Path) -> None:
    result = invoke(tmp_path / "f.db", "add")
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    listed_kinds = {line.split()[0] for line in result.stderr.splitlines() if line.startswith("  ")}
    assert {"company", "application", "contact", "interview", "message", "event", "resource"} <= (
        listed_kinds
    )


# --- terminal safety --------------------------------------------------------------------------


def test_control_characters_never_reach_the_terminal(tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    app = new_id(
        db, "application", "--company", "Evil\x9b31m\u202e Corp", "--role", "Dev\x1b[2J",
        "--applied", "2026-11-02",
    )  # fmt: skip
    contact = new_id(db, "contact", "--name", "Eve\x1b[31mRed\x07", "--application", str(app))
    new_id(
        db, "message", "--contact", str(contact), "--at", "2026-11-25 08:00",
        "--subject", "Hi\x1b]0;owned\x07",
    )  # fmt: skip
    dirty = ("\x1b", "\x07", "\x9b", "\u202e")
    human = ok(db, "today", "--days", "30").stdout
    assert "Eve[31mRed" in human
    for text in (human, ok(db, "today", "--json", "--days", "30").stdout):
        assert not any(char in text for char in dirty), repr(text)
    found = listed(db, days=30)
    # JSON escapes what it carries, so the data stays intact for programs.
    assert found[0]["contact"] == "Eve\x1b[31mRed\x07"
    reply = found[0]["key"]
    for args in (["draft", reply], ["done", reply]):
        stdout = ok(db, *args).stdout
        assert not any(char in stdout for char in dirty), repr(stdout)

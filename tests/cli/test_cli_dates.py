"""Dates on the command line: every date option (and --today) reads what the dashboard's
forms read, and stage changes are stamped on the day the world is seen from."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pendulum
import pytest
from click.testing import CliRunner, Result

from followup_tui.cli import cli
from followup_tui.dates import parse_day, parse_moment
from followup_tui.db import open_db
from followup_tui.models import Stage
from followup_tui.store import Store

TODAY = "2026-11-25"  # a Wednesday
DAY = pendulum.Date(2026, 11, 25)


pytestmark = pytest.mark.usefixtures("cli_isolated")


def run(db: Path, *args: str, today: str | None = TODAY) -> Result:
    prefix = ["--db", str(db)] + (["--today", today] if today else [])
    return CliRunner().invoke(cli, [*prefix, *args], prog_name="followup")


def ok(db: Path, *args: str, **options: Any) -> str:
    result = run(db, *args, **options)
    assert result.exit_code == 0, (result.output, result.exc_info)
    return result.stdout


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = open_db(db)
    try:
        return [tuple(r) for r in conn.execute(sql).fetchall()]
    finally:
        conn.close()


def test_moving_a_wishlist_application_to_applied_fills_applied_on(tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    app = ok(db, "add", "application", "--company", "Acme", "--role", "Dev", "--stage", "wishlist")
    app_id = app.strip()
    assert rows(db, "SELECT applied_on FROM applications") == [(None,)]
    ok(db, "stage", app_id, "applied")
    assert rows(db, "SELECT applied_on FROM applications") == [(TODAY,)]
    # The follow-up of an application nobody answered comes a week later.
    found = json.loads(ok(db, "today", "--json", "--days", "7"))
    follow_ups = [a for a in found if a["strategy"] == "follow-up"]
    assert [(a["application_id"], a["due"]) for a in follow_ups] == [(int(app_id), "2026-12-02")]
    # The stage history is stamped on the day --today names, not the clock's day.
    stamps = rows(db, "SELECT stage, substr(at, 1, 10) FROM stage_history ORDER BY id")
    assert stamps == [("wishlist", TODAY), ("applied", TODAY)]


def test_applied_on_is_kept_once_set_and_filled_for_later_stages(tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    first = ok(db, "add", "application", "--company", "A", "--role", "R", "--applied", "2026-11-02")
    ok(db, "stage", first.strip(), "wishlist")
    ok(db, "stage", first.strip(), "screening", today="2026-11-30")
    second = ok(db, "add", "application", "--company", "B", "--role", "R", "--stage", "wishlist")
    ok(db, "stage", second.strip(), "rejected")
    assert rows(db, "SELECT applied_on FROM applications ORDER BY id") == [("2026-11-02",), (None,)]
    ok(db, "stage", second.strip(), "interviewing", today="2026-11-30")
    third = ok(db, "add", "application", "--company", "C", "--role", "R", "--stage", "wishlist")
    ok(db, "stage", third.strip(), "offer", today="2026-12-01")
    assert rows(db, "SELECT applied_on FROM applications ORDER BY id") == [
        ("2026-11-02",),
        ("2026-11-30",),
        ("2026-12-01",),
    ]


def test_the_store_fills_applied_on_with_its_own_clock() -> None:
    now = pendulum.datetime(2026, 3, 2, 23, 59, 59, tz="UTC")
    store = Store(open_db(":memory:"), now=now)
    app_id = store.add_application("Acme", "Dev", Stage.WISHLIST)
    store.set_stage(app_id, Stage.APPLIED)
    assert str(store.application(app_id).applied_on) == "2026-03-02"
    assert [at.date() for _stage, at in store.stage_history(app_id)] == [now.date(), now.date()]


def test_touches_are_stamped_on_the_today_day(tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    contact = ok(db, "add", "contact", "--name", "Jane Doe").strip()
    ok(db, "add", "message", "--contact", contact, "--at", "yesterday 10:00")
    key = next(a["key"] for a in json.loads(ok(db, "today", "--json")) if a["strategy"] == "reply")
    ok(db, "done", key)
    touches = rows(db, "SELECT direction, substr(at, 1, 16) FROM touches ORDER BY id")
    assert touches == [("in", "2026-11-24T10:00"), ("out", f"{TODAY}T23:59")]


@pytest.mark.parametrize(
    "text", ["today", "tomorrow", "fri", "friday", "+3d", "+2bd", "+1w", "2026-12-24", "yesterday"]
)
def test_today_reads_what_the_forms_read(tmp_path: Path, text: str) -> None:
    db = tmp_path / "f.db"
    ok(db, "settings", "user_name", "Ada")  # `today` reads an existing database only
    expected = parse_day(text, pendulum.today().date())
    header = ok(db, "today", today=text).splitlines()[0]
    assert header.startswith(f"{expected:%a} {expected.day} {expected:%b} {expected.year}: ")


def test_a_bad_today_is_one_line(tmp_path: Path) -> None:
    result = run(tmp_path / "f.db", "today", today="someday")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "--today" in result.stderr
    assert "fri" in result.stderr  # it lists the forms that work


def test_date_options_are_relative_to_today_and_count_the_work_days(tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    ok(db, "settings", "work_days", "mon,tue,wed,thu,fri,sat")
    work = frozenset(range(6))
    app = ok(
        db, "add", "application", "--company", "A", "--role", "R",
        "--applied", "+3bd", "--response-by", "next fri",
    ).strip()  # fmt: skip
    event = ok(db, "add", "event", "--name", "Meetup", "--on", "+2bd").strip()
    contact = ok(db, "add", "contact", "--name", "Jo Bloggs").strip()
    interview = ok(db, "add", "interview", "--application", app, "--at", "+1bd 14:30").strip()
    ok(db, "add", "message", "--contact", contact, "--at", "tod 08:05")
    assert rows(db, f"SELECT applied_on, response_by FROM applications WHERE id = {app}") == [
        (str(parse_day("+3bd", DAY, work)), "2026-11-27")
    ]
    assert rows(db, "SELECT applied_on FROM applications") == [("2026-11-28",)]  # Sat counts
    assert rows(db, f"SELECT on_date FROM events WHERE id = {event}") == [("2026-11-27",)]
    at = rows(db, f"SELECT starts_at FROM interviews WHERE id = {interview}")[0][0]
    assert at == parse_moment("+1bd 14:30", DAY, work_days=work).isoformat(timespec="seconds")
    assert at.startswith("2026-11-26T14:30")
    assert rows(db, "SELECT substr(at, 1, 16) FROM touches") == [(f"{TODAY}T08:05",)]


def test_snooze_reads_a_weekday_from_today(tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    contact = ok(db, "add", "contact", "--name", "Jane Doe").strip()
    ok(db, "add", "message", "--contact", contact, "--at", "yesterday")
    key = json.loads(ok(db, "today", "--json"))[0]["key"]
    assert ok(db, "snooze", key, "--until", "mon", today="2026-11-27").startswith(
        "Snoozed until Mon 30 Nov"
    )

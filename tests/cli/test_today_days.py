"""`followup today --days N`: what is due now, then one heading per later day, each in
ranking order; the JSON stays one flat list."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pendulum

from followup_tui.dates import describe_day
from tests.cli.test_cli import LINE, TODAY, World, _isolated, listed, ok, world  # noqa: F401

DAY_HEADING = re.compile(r"[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2}")


def sections(stdout: str) -> list[tuple[str, list[re.Match[str]]]]:
    """(heading, rows) for each section after the header and the column titles."""
    _header, columns, *rest = stdout.splitlines()
    assert columns.split() == ["KEY", "DUE", "STRATEGY", "ACTION"]
    found: list[tuple[str, list[re.Match[str]]]] = []
    for line in rest:
        if not line or line == "Nothing overdue or due today.":
            continue
        if line == "Due now" or DAY_HEADING.fullmatch(line):
            found.append((line, []))
            continue
        held = re.fullmatch(r"(?P<key>\S+) +held +(?P<strategy>[a-z-]+) +(?P<title>\S.*)", line)
        match = LINE.fullmatch(line) or held
        assert match is not None and found, line
        found[-1][1].append(match)
    return found


def test_days_prints_due_now_then_a_heading_per_day(tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    ok(db, "demo")
    actions = listed(db, days=7)
    stdout = ok(db, "today", "--days", "7", env={"COLUMNS": "100"}).stdout
    found = sections(stdout)
    day = pendulum.Date.fromisoformat(TODAY)
    later = sorted({a["due"] for a in actions if a["due"] > TODAY})
    assert len(later) >= 3
    headings = ["Due now"] + [describe_day(pendulum.Date.fromisoformat(d)) for d in later]
    assert [heading for heading, _rows in found] == headings
    assert [r["key"] for r in found[0][1]] == [a["key"] for a in actions if a["due"] <= TODAY]
    assert {a["status"] for a in actions if a["due"] <= TODAY} == {"overdue", "due"}
    for (heading, rows), due in zip(found[1:], later, strict=True):
        assert heading == describe_day(pendulum.Date.fromisoformat(due))
        assert [r["key"] for r in rows] == [a["key"] for a in actions if a["due"] == due]
        assert pendulum.Date.fromisoformat(due) > day
    # Sections are set apart by a blank line.
    assert "\n\nDue now\n" in stdout
    # The JSON is still one list in ranking order.
    flat = json.loads(ok(db, "today", "--json", "--days", "7").stdout)
    assert [a["key"] for a in flat] == [a["key"] for a in actions]
    assert [a["due"] for a in flat] != sorted(a["due"] for a in flat)


def test_held_actions_sit_in_their_day_and_say_why(world: World) -> None:  # noqa: F811
    ok(world.db, "done", world.key("linkedin"))
    actions = listed(world.db, days=7)
    held = {a["key"]: a for a in actions if a["held"] is not None}
    assert held
    stdout = ok(world.db, "today", "--days", "7", env={"COLUMNS": "200"}).stdout
    shown = {r["key"]: (heading, r) for heading, rows in sections(stdout) for r in rows}
    assert set(shown) == {a["key"] for a in actions}
    for key, action in held.items():
        heading, row = shown[key]
        due = pendulum.Date.fromisoformat(action["due"])
        assert heading == ("Due now" if action["due"] <= TODAY else describe_day(due))
        assert "held" in row.group(0).split()[1]
        assert "(you wrote to" in row["title"]


def test_nothing_due_in_the_next_days(tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    ok(db, "add", "company", "--name", "Acme")
    lines = ok(db, "today", "--days", "3").stdout.splitlines()
    assert lines == [
        "Wed 25 Nov 2026: 0 overdue, 0 due today, 0 upcoming this week",
        "Nothing due in the next 3 days.",
    ]
    assert ok(db, "today", "--days", "1").stdout.splitlines()[1] == "Nothing due in the next day."


def test_only_later_actions_still_head_due_now(tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    ok(db, "add", "event", "--name", "Meetup", "--on", "2026-12-04")
    stdout = ok(db, "today", "--days", "3").stdout
    found = sections(stdout)
    assert [heading for heading, _ in found] == ["Due now", "Fri 27 Nov"]
    assert found[0][1] == []
    assert "Due now\nNothing overdue or due today.\n" in stdout
    assert [r["strategy"] for r in found[1][1]] == ["event"]

"""The demo database: every strategy on the dashboard any day, deterministic, scalable, atomic."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup_tui import drafts, playbook
from followup_tui.db import DATA_TABLES, open_db
from followup_tui.demo import DemoSummary, build_demo
from followup_tui.models import Action, Status, Strategy
from followup_tui.store import Store

TABLES = DATA_TABLES[: DATA_TABLES.index("touches") + 1]
DAYS = {
    "saturday": pendulum.date(2026, 11, 21),
    "sunday": pendulum.date(2026, 11, 22),
    "monday": pendulum.date(2026, 11, 23),
    "wednesday": pendulum.date(2026, 11, 25),
    "friday": pendulum.date(2026, 11, 27),
    "new year": pendulum.date(2027, 1, 1),
}


def _built(today: pendulum.Date, applications: int = 12, seed: int = 7) -> Store:
    store = Store(open_db(":memory:"))
    build_demo(store, today, applications, seed)
    return store


def _dump(conn: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in TABLES}


def _count(conn: sqlite3.Connection, table: str) -> int:
    return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _assert_dashboard_shows_everything(store: Store, today: pendulum.Date) -> list[Action]:
    state = store.playbook_state(today)
    due = playbook.actions(state, today)
    free = {a.strategy for a in due if a.held is None}
    assert free == set(Strategy), f"not due, or only held, on {today}: {set(Strategy) - free}"
    statuses = {a.status(today) for a in due}
    assert statuses == {Status.OVERDUE, Status.DUE}
    week = playbook.actions(state, today, horizon_days=7)
    assert any(a.status(today) is Status.UPCOMING for a in week)
    return due


@pytest.mark.parametrize("today", DAYS.values(), ids=DAYS.keys())
def test_every_strategy_is_due_and_not_held(today: pendulum.Date) -> None:
    due = _assert_dashboard_shows_everything(_built(today), today)
    overdue = [a for a in due if a.status(today) is Status.OVERDUE]
    assert len(overdue) < len(due), "not everything is overdue"


@given(st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31)))
@settings(max_examples=40, deadline=None)
def test_every_strategy_is_due_on_any_day(day: dt.date) -> None:
    today = pendulum.date(day.year, day.month, day.day)
    _assert_dashboard_shows_everything(_built(today, seed=day.toordinal()), today)


def test_showcase_covers_the_cases_the_dashboard_has_to_show() -> None:
    today = DAYS["monday"]
    store = _built(today)
    due = playbook.actions(store.playbook_state(today), today)
    mine = store.settings()
    assert mine.user_name, "the demo's drafts sign with an invented name"

    def needs(action: Action) -> set[str]:
        made = drafts.render(action, mine, today)
        return {need.id for need in made.needs} if made else set()

    assert any(a.strategy is Strategy.THANK_YOU and "highlights" in needs(a) for a in due), (
        "an interview without highlights"
    )
    assert any(a.strategy is Strategy.THANK_YOU and a.highlights for a in due)
    assert any(a.strategy is Strategy.EVENT and a.contact is None for a in due), "prepare"
    assert any(a.strategy is Strategy.EVENT and a.contact is not None for a in due), "met"
    week = pendulum.date(2026, 11, 30).isoformat()
    assert store.conn.execute(
        "SELECT 1 FROM events WHERE on_date BETWEEN ? AND ?", [today.isoformat(), week]
    ).fetchone()
    assert store.conn.execute(
        "SELECT 1 FROM events e JOIN event_contacts ec ON ec.event_id = e.id WHERE e.on_date < ?",
        [today.isoformat()],
    ).fetchone()
    stages = {r[0] for r in store.conn.execute("SELECT stage FROM applications")}
    wanted = {"applied", "screening", "interviewing", "offer", "rejected", "ghosted", "wishlist"}
    assert wanted <= stages


def test_default_size_summary_matches_the_tables() -> None:
    store = Store(open_db(":memory:"))
    summary = build_demo(store, DAYS["friday"])
    assert summary == DemoSummary(
        companies=_count(store.conn, "companies"),
        applications=12,
        contacts=_count(store.conn, "contacts"),
        interviews=_count(store.conn, "interviews"),
        touches=_count(store.conn, "touches"),
        events=_count(store.conn, "events"),
        resources=_count(store.conn, "resources"),
    )
    assert summary.events >= 3 and summary.resources >= 2 and summary.touches >= 60


def test_same_seed_and_day_give_the_same_database() -> None:
    today = DAYS["wednesday"]
    first, second = _built(today, 60), _built(today, 60)
    assert _dump(first.conn) == _dump(second.conn)
    assert _dump(_built(today, 60, seed=8).conn) != _dump(first.conn)


def test_values_are_stored_in_the_documented_formats() -> None:
    today = DAYS["saturday"]
    conn = _built(today, 200).conn
    for table in ("companies", "applications", "contacts", "resources"):
        for (text,) in conn.execute(f"SELECT created_at FROM {table}"):
            assert text.endswith("+00:00") and pendulum.parse(text)
    for (text,) in conn.execute("SELECT starts_at FROM interviews"):
        assert text.endswith("+00:00") and pendulum.parse(text)
    for (text,) in conn.execute("SELECT at FROM touches"):
        assert text.endswith("+00:00") and text[:10] <= today.isoformat(), "no touch after today"
    for (text,) in conn.execute(
        "SELECT applied_on FROM applications WHERE applied_on IS NOT NULL "
        "UNION SELECT on_date FROM events"
    ):
        assert pendulum.Date.fromisoformat(text).isoformat() == text
    socials = [json.loads(r[0]) for r in conn.execute("SELECT social FROM companies")]
    assert all(isinstance(links, list) for links in socials)
    assert any(link.startswith("https://www.linkedin.com/company/") for s in socials for link in s)
    assert not conn.execute(
        "SELECT 1 FROM touches t JOIN contacts c ON c.id = t.contact_id "
        "WHERE c.company_id IS NOT NULL AND t.company_id IS NOT c.company_id"
    ).fetchone()
    strategies = {r[0] for r in conn.execute("SELECT DISTINCT strategy FROM touches")}
    assert strategies - {None} <= {s.value for s in Strategy}
    assert not conn.execute(
        "SELECT 1 FROM applications a WHERE a.id NOT IN (SELECT application_id FROM stage_history)"
    ).fetchone()
    assert not conn.execute(
        "SELECT 1 FROM applications a WHERE a.stage != (SELECT h.stage FROM stage_history h "
        "WHERE h.application_id = a.id ORDER BY h.at DESC, h.id DESC LIMIT 1)"
    ).fetchone(), "every application's history ends in its stage"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_larger_build_scales_in_proportion() -> None:
    today = DAYS["monday"]
    store = Store(open_db(":memory:"))
    summary = build_demo(store, today, applications=500)
    assert summary.applications == 500
    assert 2.0 <= summary.contacts / 500 <= 3.5
    assert 1.0 <= summary.interviews / 500 <= 2.0
    assert 6 <= summary.touches / 500 <= 12
    assert 30 <= summary.events <= 100
    assert 150 <= summary.resources <= 350
    assert 200 <= summary.companies < 500
    closed = store.conn.execute(
        "SELECT count(*) FROM applications WHERE stage IN ('rejected', 'ghosted', 'withdrawn')"
    ).fetchone()[0]
    assert closed > 300, "most of a long search is behind you"
    _assert_dashboard_shows_everything(store, today)


def test_a_failure_mid_build_leaves_the_database_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(open_db(":memory:"))
    insert = store.insert_rows

    def failing(table: str, rows: Any) -> None:
        if table == "touches":
            raise sqlite3.OperationalError("disk I/O error")
        insert(table, rows)

    monkeypatch.setattr(store, "insert_rows", failing)
    with pytest.raises(sqlite3.OperationalError):
        build_demo(store, DAYS["friday"], applications=40)
    assert all(_count(store.conn, table) == 0 for table in TABLES)
    assert store.is_empty()


def test_ten_thousand_applications_build(tmp_path: Path) -> None:
    # How long it takes is measured by benchmarks/bench_today.py, not asserted here.
    store = Store(open_db(tmp_path / "big.db"))
    summary = build_demo(store, DAYS["wednesday"], applications=10_000)
    assert summary.applications == _count(store.conn, "applications") == 10_000
    assert summary.touches == _count(store.conn, "touches")


def test_a_negative_size_is_refused() -> None:
    with pytest.raises(ValueError):
        build_demo(Store(open_db(":memory:")), DAYS["monday"], applications=-1)

"""Moments written with different UTC offsets are compared as instants, not as text."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from pathlib import Path

import pendulum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup_tui import playbook
from followup_tui.db import open_db
from followup_tui.db.triggers import ACTIVITY_INDEXES, ACTIVITY_TRIGGER_NAMES, recompute_activity
from followup_tui.models import Direction, Strategy, parse_datetime
from followup_tui.store import Store
from tests import FIXTURES_ROOT, TODAY

NOW = pendulum.datetime(2026, 11, 25, 9, 0, tz="UTC")
V1 = FIXTURES_ROOT / "schemas" / "v1.db"


@st.composite
def moments(draw: st.DrawFn) -> pendulum.DateTime:
    """An instant in the weeks before TODAY, written with an offset from -12:00 to +14:00."""
    seconds = draw(st.integers(0, 3 * 86400))
    offset = draw(st.integers(-12 * 4, 14 * 4)) * 15 * 60
    instant = pendulum.datetime(2026, 11, 20, tz="UTC").add(seconds=seconds)
    return instant.in_timezone(pendulum.FixedTimezone(offset))


#: (direction, with a person, moment) of each touch at one company.
touch_lists = st.lists(
    st.tuples(st.sampled_from([Direction.IN, Direction.OUT]), st.booleans(), moments()),
    min_size=1,
    max_size=12,
)


def newest(rows: list[tuple[int, str]]) -> tuple[int, str] | None:
    """The (id, text) with the latest instant, the newer id on a tie: as Python compares."""
    return max(rows, key=lambda r: (parse_datetime(r[1]), r[0]), default=None)


def activity(conn: sqlite3.Connection) -> tuple[object, ...]:
    contact = conn.execute("SELECT last_in_at, last_out_at FROM contacts WHERE id = 1").fetchone()
    company = conn.execute(
        "SELECT last_touch_id, last_touch_at, last_in_at FROM companies WHERE id = 1"
    ).fetchone()
    return (*contact, *company)


def expected(conn: sqlite3.Connection) -> tuple[object, ...]:
    rows = conn.execute("SELECT id, at, direction, contact_id FROM touches").fetchall()
    person_in = newest([(i, at) for i, at, d, c in rows if c and d == "in"])
    person_out = newest([(i, at) for i, at, d, c in rows if c and d == "out"])
    people = newest([(i, at) for i, at, d, c in rows if c])
    company_in = newest([(i, at) for i, at, d, c in rows if d == "in"])
    return (
        person_in and person_in[1],
        person_out and person_out[1],
        people and people[0],
        people and people[1],
        company_in and company_in[1],
    )


def new_store() -> Store:
    store = Store(open_db(":memory:"), now=NOW)
    store.add_company("Acme")
    store.add_contact("Ann Lee", company="Acme")
    return store


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(touch_lists, st.data())
def test_activity_columns_hold_the_latest_instant(
    touches: list[tuple[Direction, bool, pendulum.DateTime]], data: st.DataObject
) -> None:
    store = new_store()
    ids = [
        store.add_touch(direction, at=at, contact_id=1 if person else None, company_id=1)
        for direction, person, at in touches
    ]
    assert activity(store.conn) == expected(store.conn)  # the insert trigger
    moved = data.draw(st.sampled_from(ids))
    store.conn.execute(
        "UPDATE touches SET at = ? WHERE id = ?", [data.draw(moments()).isoformat(), moved]
    )
    assert activity(store.conn) == expected(store.conn)  # the update trigger
    gone = data.draw(st.lists(st.sampled_from(ids), unique=True))
    for touch_id in gone:
        store.conn.execute("DELETE FROM touches WHERE id = ?", [touch_id])
    assert activity(store.conn) == expected(store.conn)  # the delete trigger
    store.conn.execute("UPDATE contacts SET last_in_at = NULL, last_out_at = NULL")
    store.conn.execute("UPDATE companies SET last_touch_id = NULL, last_touch_at = NULL")
    recompute_activity(store.conn)
    assert activity(store.conn) == expected(store.conn)  # restoring the columns


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.tuples(st.booleans(), moments()), min_size=1, max_size=8))
def test_the_reply_fact_is_the_latest_message_in_time(
    touches: list[tuple[bool, pendulum.DateTime]],
) -> None:
    store = new_store()
    for inbound, at in touches:
        store.add_touch(Direction.IN if inbound else Direction.OUT, at=at, contact_id=1)
    rows = store.conn.execute("SELECT id, at, direction FROM touches").fetchall()
    latest_in = newest([(i, at) for i, at, d in rows if d == "in"])
    latest_out = newest([(i, at) for i, at, d in rows if d == "out"])
    owed = latest_in is not None and (
        latest_out is None or parse_datetime(latest_in[1]) > parse_datetime(latest_out[1])
    )
    replies = store.playbook_state(TODAY).replies
    assert [fact.touch_id for fact in replies] == ([latest_in[0]] if owed and latest_in else [])
    if owed and latest_in:
        assert replies[0].on == parse_datetime(latest_in[1]).date()  # the day the user saw


def test_a_reply_is_owed_for_a_newer_message_whose_text_sorts_lower() -> None:
    store = new_store()
    # Sent 2026-11-19 19:00 UTC from +14:00; the answer came at 2026-11-20 01:00 UTC, read
    # in New York the evening before: its text sorts lower, its instant is later.
    store.add_touch(Direction.OUT, at=parse_datetime("2026-11-20T09:00:00+14:00"), contact_id=1)
    store.add_message(1, parse_datetime("2026-11-19T20:00:00-05:00"), subject="Re: chat")
    found = playbook.actions(store.playbook_state(TODAY), TODAY, horizon_days=None)
    replies = [a for a in found if a.strategy is Strategy.REPLY]
    assert [(a.contact_id, a.title) for a in replies] == [(1, replies[0].title)]
    assert store.conn.execute("SELECT last_in_at FROM contacts").fetchone() == (
        "2026-11-19T20:00:00-05:00",
    )


def test_the_replies_rule_walks_the_partial_index() -> None:
    store = new_store()
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    store.playbook_state(TODAY)
    store.conn.set_trace_callback(None)
    (replies,) = [s for s in statements if "JOIN touches t ON t.id" in s]
    plan = " ".join(row[3] for row in store.conn.execute("EXPLAIN QUERY PLAN " + replies))
    assert "USING INDEX idx_contacts_awaiting" in plan


def test_contacts_list_puts_the_latest_instant_first() -> None:
    store = new_store()
    store.add_contact("Bo Chen", company="Acme")
    store.add_touch(Direction.OUT, at=parse_datetime("2026-11-20T09:00:00+14:00"), contact_id=1)
    store.add_touch(Direction.OUT, at=parse_datetime("2026-11-19T20:00:00-05:00"), contact_id=2)
    rows, _total = store.contact_rows()
    assert [(r.contact.name, r.last_touch) for r in rows] == [
        ("Bo Chen", pendulum.Date(2026, 11, 19)),
        ("Ann Lee", pendulum.Date(2026, 11, 20)),
    ]
    assert [name for _id, name in store.contact_choices()] == ["Bo Chen (Acme)", "Ann Lee (Acme)"]


def definitions(path: Path) -> dict[str, str]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL"))


def test_a_file_with_the_old_triggers_gets_the_new_ones_on_open(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(V1, path)
    wanted = {**ACTIVITY_TRIGGER_NAMES, **ACTIVITY_INDEXES}
    old = definitions(path)
    assert {name for name, sql in wanted.items() if old[name] != sql} >= {
        "touches_activity_insert",
        "touches_activity_delete",
        "idx_contacts_awaiting",
        "idx_contacts_recent",
    }
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        contact = conn.execute("SELECT id FROM contacts ORDER BY id LIMIT 1").fetchone()[0]
        conn.execute("DELETE FROM touches WHERE contact_id = ?", [contact])
        for at, direction in (
            ("2026-11-20T09:00:00+14:00", "out"),
            ("2026-11-19T20:00:00-05:00", "in"),
        ):
            conn.execute(
                "INSERT INTO touches (at, direction, contact_id) VALUES (?, ?, ?)",
                [at, direction, contact],
            )
        # The old triggers compared text: the answer looks older than the message it answers.
        assert conn.execute(
            "SELECT last_in_at > last_out_at FROM contacts WHERE id = ?", [contact]
        ).fetchone() == (0,)
    open_db(path).close()
    found = definitions(path)
    assert {name: found.get(name) for name in wanted} == wanted
    with contextlib.closing(sqlite3.connect(path)) as conn:
        assert conn.execute(
            "SELECT last_in_at, last_out_at FROM contacts WHERE id = ?", [contact]
        ).fetchone() == ("2026-11-19T20:00:00-05:00", "2026-11-20T09:00:00+14:00")
    store = Store(open_db(path), now=NOW)
    assert contact in [fact.contact.id for fact in store.playbook_state(TODAY).replies]

"""What the drafts quote, as stored: why you fit, open questions, each interviewer's highlights,
a resource's note; kept by the store, read by the rules, carried by the dump."""

from __future__ import annotations

import contextlib
import json
import shutil
from pathlib import Path

import pendulum
import pytest

from followup_tui.db import open_db
from followup_tui.demo import build_demo
from followup_tui.models import ContactKind, Stage
from followup_tui.store import Invalid, Store
from followup_tui.transfer import dump_json, load_json
from tests import FIXTURES_ROOT
from tests.store.test_draft_facts import START, actions, at, body, fresh, one


def panel(store: Store) -> tuple[int, int, int, int]:
    """An application with a panel interview of two, on START + 2; (app, interview, lena, raj)."""
    app = store.add_application(
        "Acme Robotics", "Platform Engineer", Stage.INTERVIEWING, applied_on=START
    )
    lena = store.add_contact("Lena Park", kind=ContactKind.HIRING_MANAGER, application_ids=[app])
    raj = store.add_contact("Raj Patel", kind=ContactKind.INTERVIEWER, application_ids=[app])
    interview = store.add_interview(
        app,
        at(START.add(days=2)),
        [lena, raj],
        highlights="the migration to streaming",
        own_highlights={raj: "his plan for the on-call rotation"},
    )
    return app, interview, lena, raj


def test_each_interviewer_is_thanked_for_what_resonated_with_them() -> None:
    store = fresh()
    _, interview, lena, raj = panel(store)
    day = START.add(days=2)
    to_raj = body(one(store, day, f"ty-{interview}-{raj}"), day)
    to_lena = body(one(store, day, f"ty-{interview}-{lena}"), day)
    assert "his plan for the on-call rotation" in to_raj
    assert "the migration to streaming" not in to_raj
    # Without a line of her own, Lena's note falls back to the interview's highlights.
    assert "the migration to streaming" in to_lena and "on-call" not in to_lena


def test_an_interview_reads_back_with_its_own_highlights_and_open_questions() -> None:
    store = fresh()
    _, interview, lena, raj = panel(store)
    store.update_interview(
        interview,
        at(START.add(days=2)),
        "onsite",
        "the migration to streaming",
        [lena, raj],
        open_questions="whether I have run Kafka in production",
        own_highlights={lena: "  the data contracts  "},
    )
    read = store.interview(interview)
    # The update replaces every participant's line: Raj's is gone, Lena's is trimmed.
    assert read.own_highlights == ((lena, "the data contracts"),)
    assert read.open_questions == "whether I have run Kafka in production"


def test_a_line_for_someone_not_at_the_interview_is_refused_and_nothing_changes() -> None:
    store = fresh()
    app, interview, lena, raj = panel(store)
    stranger = store.add_contact("Mo Stranger", application_ids=[app])
    with pytest.raises(Invalid, match="not one of the interview's participants"):
        store.add_interview(app, at(START.add(days=3)), [lena], own_highlights={stranger: "x"})
    assert len(store.interviews_of(app)) == 1
    with pytest.raises(Invalid):
        store.update_interview(
            interview, at(START.add(days=2)), None, None, [lena, raj],
            open_questions=None, own_highlights={stranger: "x"},
        )  # fmt: skip
    assert dict(store.interview(interview).own_highlights) == {
        raj: "his plan for the on-call rotation"
    }


def test_the_follow_up_after_an_interview_answers_its_open_questions() -> None:
    store = fresh()
    app = store.add_application(
        "Acme Robotics",
        "Platform Engineer",
        Stage.INTERVIEWING,
        applied_on=START,
        why_fit="eight years of payments infrastructure",
    )
    jane = store.add_contact("Jane Smith", kind=ContactKind.HIRING_MANAGER, application_ids=[app])
    store.add_interview(
        app, at(START.add(days=1)), [jane], highlights="x", open_questions="my notice period"
    )
    day = START.add(days=30)
    text = body(one(store, day, f"fu-{app}-"), day)
    assert "my notice period" in text
    assert "eight years of payments infrastructure" in text


def test_an_application_says_why_you_fit_and_an_edit_keeps_it_unless_changed() -> None:
    store = fresh()
    app = store.add_application("Acme", "SRE", why_fit="I ran the pager for five years")
    assert store.application(app).why_fit == "I ran the pager for five years"
    current = store.application(app)
    store.update_application(
        app,
        current.company_id,
        "SRE II",
        current.applied_on,
        None,
        None,
        None,
        why_fit=current.why_fit,
    )
    assert store.application(app).why_fit == "I ran the pager for five years"
    state_apps = [a for a in actions(store, START.add(days=40)) if a.application_id == app]
    assert state_apps and all(a.why_fit == "I ran the pager for five years" for a in state_apps)


def test_a_resource_keeps_its_note_through_an_edit() -> None:
    store = fresh()
    app = store.add_application("Acme", "SRE")
    resource = store.add_resource("Hedging", "https://example.com/h", app_id=app, note="latency")
    store.update_resource(resource, "Hedging", "https://example.com/h", app, None, "tail latency")
    assert store.resource(resource).note == "tail latency"


def test_the_draft_fields_make_the_round_trip_through_the_dump() -> None:
    store = fresh(pendulum.date(2026, 12, 4))
    build_demo(store, pendulum.date(2026, 12, 4), applications=30)
    text = dump_json(store)
    tables = json.loads(text)["tables"]
    for table, column in [
        ("applications", "why_fit"),
        ("interviews", "open_questions"),
        ("interview_participants", "highlights"),
        ("resources", "note"),
    ]:
        assert any(row[column] for row in tables[table]), (table, column)
    copy = fresh()
    load_json(copy, text.encode(), name="dump.json")
    assert dump_json(copy) == text
    held = copy.conn.execute(
        "SELECT count(*) FROM interview_participants WHERE highlights IS NOT NULL"
    ).fetchone()[0]
    assert held == sum(1 for row in tables["interview_participants"] if row["highlights"])


def test_a_released_file_gains_the_columns_empty(tmp_path: Path) -> None:
    newest = sorted((FIXTURES_ROOT / "schemas").glob("v*.db"))[-1]
    path = tmp_path / "followup.db"
    shutil.copy(newest, path)
    with contextlib.closing(open_db(path)) as conn:
        for table, column in [
            ("applications", "why_fit"),
            ("interviews", "open_questions"),
            ("interview_participants", "highlights"),
        ]:
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0, table
            filled = conn.execute(f"SELECT count({column}) FROM {table}").fetchone()[0]
            assert filled == 0, (table, column)

"""Full-text search, and the triggers that keep it (and the activity columns) current."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest
from sqlite_utils import Database

from followup_tui.db import open_db
from followup_tui.models import ContactKind, Direction
from followup_tui.store import Store
from followup_tui.store.lists import fts_query

NOW = pendulum.datetime(2026, 11, 25, 9, 0, tz="UTC")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(open_db(tmp_path / "s.db"), now=NOW)
    app = s.add_application("Zenith C++ Works", "Data Engineer", notes="kafka and flink")
    jane = s.add_contact(
        "Jane Doe",
        company="Zenith C++ Works",
        kind=ContactKind.HIRING_MANAGER,
        application_ids=[app],
    )
    s.add_interview(app, NOW.subtract(days=1), [jane], highlights="retiring the nightly batch")
    return s


def kinds(store: Store, text: str) -> set[tuple[str, int]]:
    return {(kind, ref) for kind, ref, _label, _snippet in store.search(text)}


def test_finds_companies_roles_people_notes_and_highlights(store: Store) -> None:
    assert ("company", 1) in kinds(store, "zenith")
    assert ("application", 1) in kinds(store, "flink")
    assert ("contact", 1) in kinds(store, "jane")
    assert ("interview", 1) in kinds(store, "nightly batch")
    assert ("interview", 1) in kinds(store, "retir")  # the last word is a prefix


@pytest.mark.parametrize("text", ["C++", "AND", '"', 'foo"bar', "NEAR(", "*", "jane OR", "-x"])
def test_user_text_is_always_literal(store: Store, text: str) -> None:
    store.search(text)  # never a syntax error
    assert fts_query(text).count('"') % 2 == 0


def test_edits_and_deletes_update_the_index(store: Store) -> None:
    store.update_application(1, 1, "Platform Engineer", None, None, None, "terraform", why_fit=None)
    assert ("application", 1) in kinds(store, "terraform")
    assert ("application", 1) not in kinds(store, "flink")
    deleted = store.delete("applications", 1)
    assert kinds(store, "terraform") == set()
    store.restore(deleted)
    assert ("application", 1) in kinds(store, "terraform")


def test_a_table_rebuild_that_drops_triggers_is_repaired_on_open(
    tmp_path: Path, store: Store
) -> None:
    path = tmp_path / "s.db"
    store.conn.close()
    # sqlite-utils' transform() rebuilds the table and silently drops its triggers.
    with Database(path) as db:
        db["contacts"].transform(types={"phone": str})
        names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert "contacts_search_insert" not in names
        db.execute(
            "INSERT INTO contacts (name, kind, linkedin_state, created_at) "
            "VALUES ('Quinn Added Meanwhile', 'other', 'not connected', 'x')"
        )
        db.conn.commit()
    again = Store(open_db(path), now=NOW)
    assert ("contact", 2) in kinds(again, "quinn")
    # And the triggers work again for what comes next.
    again.add_contact("Rhea Later", company="Zenith C++ Works")
    assert kinds(again, "rhea")
    touch = again.log_touch(1, Direction.IN, NOW, "call", None)
    assert again.contact(1).id == 1
    last_in = again.conn.execute("SELECT last_in_at FROM contacts WHERE id = 1").fetchone()[0]
    assert last_in == again.touch(touch).at.isoformat(timespec="seconds")


def test_names_only_finds_applications_and_contacts_by_their_names(store: Store) -> None:
    """The palette's quick jump: every word in a name, no snippet, newest first."""
    second = store.add_application("Orbit Labs", "Data Engineer")
    assert store.search("data eng", names_only=True) == [
        ("application", second, "Orbit Labs — Data Engineer", ""),
        ("application", 1, "Zenith C++ Works — Data Engineer", ""),
    ]
    assert store.search("jane zenith", names_only=True) == [
        ("contact", 1, "Jane Doe (Zenith C++ Works)", "")
    ]
    # Notes and highlights are not names; LIKE wildcards in the text are literal.
    assert store.search("flink", names_only=True) == []
    assert store.search("%", names_only=True) == []
    assert store.search("data", limit=1, names_only=True) == [
        ("application", second, "Orbit Labs — Data Engineer", "")
    ]

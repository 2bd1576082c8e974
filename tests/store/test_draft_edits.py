"""Edited drafts kept per action: saved, read, dropped by done and skip, kept by snooze,
gone with their record and back with its undo; and who each message sent went to."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest

from followup_tui import playbook
from followup_tui.db import open_db
from followup_tui.demo import build_demo
from followup_tui.models import Action, Direction
from followup_tui.store import Store
from tests import NOW, TODAY


@pytest.fixture
def demo(store: Store) -> Store:
    build_demo(store, TODAY)
    return store


def due(store: Store, key: str | None = None) -> Action:
    """A due action with a contact (the one with `key`, if given)."""
    found = [
        a
        for a in playbook.actions(store.playbook_state(TODAY), TODAY)
        if a.contact_id is not None and (key is None or a.key == key)
    ]
    assert found
    return found[0]


def save(store: Store, action: Action, subject: str, body: str) -> int:
    """Save an edit as the dashboard does: one change of the history; its id."""
    with store.recording(f"edited draft: {action.title}") as change:
        store.save_edit(
            action.key,
            subject,
            body,
            title=action.title,
            contact_id=action.contact_id,
            application_id=action.application_id,
        )
    assert change.change_id is not None
    return change.change_id


def sent(store: Store, key: str) -> tuple[str | None, str | None, str | None]:
    row = store.conn.execute(
        "SELECT subject, body, recipient FROM touches WHERE action_key = ? AND direction = ?",
        [key, Direction.OUT.value],
    ).fetchone()
    assert row is not None
    return row[0], row[1], row[2]


def test_an_edit_is_saved_read_replaced_and_dropped(demo: Store) -> None:
    action = due(demo)
    assert demo.draft_edits() == {} and demo.draft_edit(action.key) is None
    save(demo, action, "Thanks", "My own words")
    assert demo.draft_edits() == {action.key: ("Thanks", "My own words")}
    edit = demo.draft_edit(action.key)
    assert edit is not None
    assert (edit.title, edit.contact_id, edit.application_id) == (
        action.title,
        action.contact_id,
        action.application_id,
    )
    assert edit.saved_at == NOW.isoformat()
    save(demo, action, "Thanks again", "Better words")
    assert demo.draft_edits() == {action.key: ("Thanks again", "Better words")}
    assert demo.drop_edit(action.key) is True
    assert demo.drop_edit(action.key) is False
    assert demo.draft_edits() == {}


def test_undo_of_a_save_brings_back_the_text_before(demo: Store) -> None:
    action = due(demo)
    first = save(demo, action, "First", "first words")
    second = save(demo, action, "Second", "second words")
    demo.undo_change(second)
    assert demo.draft_edits() == {action.key: ("First", "first words")}
    demo.undo_change(first)
    assert demo.draft_edits() == {}


def test_done_records_the_edit_as_sent_with_its_recipient_and_drops_it(demo: Store) -> None:
    action = due(demo)
    contact = demo.contact(action.contact_id or 0)
    save(demo, action, "My subject", "My body")
    with demo.recording(f"done: {action.title}") as change:
        demo.record_done(action)
    assert sent(demo, action.key) == ("My subject", "My body", f"{contact.name} <{contact.email}>")
    assert demo.draft_edit(action.key) is None
    # The done's undo brings the edit back with the action.
    assert change.change_id is not None
    demo.undo_change(change.change_id)
    assert demo.draft_edits() == {action.key: ("My subject", "My body")}


def test_done_given_what_was_sent_records_that_and_still_drops_the_edit(demo: Store) -> None:
    action = due(demo)
    save(demo, action, "Edited", "edited body")
    demo.record_done(action, subject="Given", body="given body")
    assert sent(demo, action.key)[:2] == ("Given", "given body")
    assert demo.draft_edits() == {}


def test_the_recipient_is_the_name_alone_without_an_address(demo: Store) -> None:
    action = due(demo)
    contact_id = action.contact_id
    assert contact_id is not None
    demo.conn.execute("UPDATE contacts SET email = NULL WHERE id = ?", [contact_id])
    demo.record_done(action, subject="s", body="b")
    assert sent(demo, action.key)[2] == demo.contact(contact_id).name
    assert demo.touch(demo._one("SELECT max(id) FROM touches")).recipient == (
        demo.contact(contact_id).name
    )


def test_skip_drops_the_edit_and_its_undo_brings_it_back(demo: Store) -> None:
    action = due(demo)
    save(demo, action, "s", "b")
    with demo.recording("skipped") as change:
        demo.skip(action.key)
    assert demo.draft_edits() == {}
    assert change.change_id is not None
    demo.undo_change(change.change_id)
    assert demo.draft_edits() == {action.key: ("s", "b")}


def test_the_tokens_of_done_and_skip_give_the_edit_back_too(demo: Store) -> None:
    first, second = [
        a for a in playbook.actions(demo.playbook_state(TODAY), TODAY) if a.contact_id
    ][:2]
    save(demo, first, "one", "first body")
    save(demo, second, "two", "second body")
    demo.undo(demo.record_done(first))
    demo.undo(demo.skip(second.key))
    assert demo.draft_edits() == {
        first.key: ("one", "first body"),
        second.key: ("two", "second body"),
    }


def test_snooze_keeps_the_edit(demo: Store) -> None:
    action = due(demo)
    save(demo, action, "s", "b")
    demo.snooze(action.key, pendulum.Date(2026, 11, 30))
    assert demo.draft_edits() == {action.key: ("s", "b")}


@pytest.mark.parametrize("table", ["contacts", "applications"])
def test_an_edit_goes_with_its_record_and_comes_back_with_the_undo(demo: Store, table: str) -> None:
    action = due(demo)
    record = action.contact_id if table == "contacts" else action.application_id
    assert record is not None
    save(demo, action, "s", "b")
    with demo.recording(f"delete {table}") as change:
        demo.delete(table, record)
    assert demo.draft_edits() == {}
    assert change.change_id is not None
    demo.undo_change(change.change_id)
    assert demo.draft_edits() == {action.key: ("s", "b")}


def test_edits_about_a_contact_or_an_application_alone(demo: Store) -> None:
    action = due(demo)
    save(demo, action, "s", "b")
    demo.save_edit("so-4-19", "", "posts", title="Engage", contact_id=None, application_id=4)
    assert [e.key for e in demo.edits_about(contact_id=action.contact_id)] == [action.key]
    assert [e.key for e in demo.edits_about(application_id=4)] == ["so-4-19"]
    assert demo.drop_edits(["so-4-19", action.key, "never"]) == 2


def test_another_connection_sees_an_edit_once_saved(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    mine = Store(open_db(path), now=NOW)
    build_demo(mine, TODAY)
    other = Store(open_db(path), now=NOW)
    action = due(mine)
    before = other.db_version()
    save(mine, action, "Subject", "Saved here")
    assert other.draft_edits() == {action.key: ("Subject", "Saved here")}
    # The counter of changes moved: a first screen kept before is not shown again.
    assert other.db_version() != before
    other.record_done(due(other, action.key))
    assert mine.draft_edits() == {}
    assert sent(mine, action.key)[:2] == ("Subject", "Saved here")

"""The undo history: each change reverses exactly what it wrote, across programs and ids."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pendulum
import pytest
from click.testing import CliRunner

from followup_tui import playbook
from followup_tui.cli import cli
from followup_tui.db import open_db
from followup_tui.demo import build_demo
from followup_tui.models import ContactKind, Direction, Stage, Strategy
from followup_tui.store import AlreadyDone, Store, UndoRefused
from tests import FIXTURES_ROOT, TODAY

NOW = pendulum.datetime(2026, 11, 25, 9, 0, tz="UTC")


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """A demo database on disk, so that two connections can share it."""
    file = tmp_path / "shared.db"
    store = Store(open_db(file), now=NOW)
    build_demo(store, TODAY)
    store.conn.close()
    return file


def two(path: Path) -> tuple[Store, Store]:
    """Two programs on one file: `mine` records its changes, `other` writes as it likes."""
    return Store(open_db(path), now=NOW), Store(open_db(path), now=NOW)


def rows(store: Store, table: str) -> list[tuple[Any, ...]]:
    return store.conn.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()


def one(store: Store, sql: str, params: list[Any] | None = None) -> Any:
    return store.conn.execute(sql, params or []).fetchone()[0]


# --- 1. undo reverses exactly what its change wrote ------------------------------------------


def test_undo_of_an_add_keeps_rows_another_program_added_meanwhile(path: Path) -> None:
    mine, other = two(path)
    with mine.recording("add contact") as change:
        added = mine.add_contact("Ada Lovelace", company="Analytical Engines")
    for n in range(200):  # an import from another terminal, between the add and the undo
        other.add_contact(f"Imported {n}", company=f"Imported Co {n}")
    contacts_before_undo = one(mine, "SELECT count(*) FROM contacts")
    assert change.change_id is not None
    mine.undo_change(change.change_id)
    assert one(mine, "SELECT count(*) FROM contacts") == contacts_before_undo - 1
    assert one(mine, "SELECT count(*) FROM contacts WHERE id = ?", [added]) == 0
    assert one(mine, "SELECT count(*) FROM companies WHERE name = 'Analytical Engines'") == 0
    assert one(mine, "SELECT count(*) FROM contacts WHERE name LIKE 'Imported %'") == 200


def test_undo_of_an_edit_sets_back_only_its_columns_and_never_the_activity(path: Path) -> None:
    mine, other = two(path)
    contact = mine.contact(1)
    with mine.recording("edit contact") as change:
        mine.update_contact(
            1,
            contact.name,
            contact.company_id,
            "Head of Platform",
            contact.kind,
            contact.email,
            contact.phone,
            contact.linkedin_url,
            contact.linkedin_state,
            [],
            contact.notes,
        )
    # Another program records a touch and changes another column of the same contact.
    other.log_touch(1, Direction.OUT, NOW.add(hours=1), "email", "sent the deck")
    other.conn.execute("UPDATE contacts SET phone = '+44 1234' WHERE id = 1")
    last_out = one(other, "SELECT last_out_at FROM contacts WHERE id = 1")
    assert last_out is not None
    assert change.change_id is not None
    mine.undo_change(change.change_id)
    after = mine.contact(1)
    assert after.title == contact.title
    assert after.phone == "+44 1234"
    assert one(mine, "SELECT last_out_at FROM contacts WHERE id = 1") == last_out


def test_undo_of_an_edit_refuses_when_its_columns_changed_since(path: Path) -> None:
    mine, other = two(path)
    with mine.recording("rename") as change:
        mine.conn.execute("UPDATE companies SET website = 'https://one.example' WHERE id = 1")
    other.conn.execute("UPDATE companies SET website = 'https://two.example' WHERE id = 1")
    before = rows(mine, "companies")
    assert change.change_id is not None
    with pytest.raises(UndoRefused, match="changed since"):
        mine.undo_change(change.change_id)
    assert rows(mine, "companies") == before
    assert mine.journal.change(change.change_id).undone_at is None


def test_undo_of_add_interview_removes_the_link_it_made(path: Path) -> None:
    mine, _ = two(path)
    app_id = 1
    links_before = rows(mine, "application_contacts")
    with mine.recording("add interview") as change:
        stranger = mine.add_contact("Stranger", kind=ContactKind.INTERVIEWER)
        mine.add_interview(app_id, NOW, [stranger], kind="onsite", highlights="")
    assert len(rows(mine, "application_contacts")) > len(links_before)
    assert change.change_id is not None
    mine.undo_change(change.change_id)
    assert rows(mine, "application_contacts") == links_before


def test_undo_of_a_stage_change_leaves_another_programs_history(path: Path) -> None:
    mine, other = two(path)
    with mine.recording("stage") as change:
        mine.set_stage(1, Stage.OFFER)
    other.set_stage(2, Stage.REJECTED)
    theirs = rows(other, "stage_history")[-1]
    assert change.change_id is not None
    mine.undo_change(change.change_id)
    assert rows(mine, "stage_history")[-1] == theirs
    assert mine.application(1).stage is not Stage.OFFER


def test_undo_refuses_to_cascade_into_what_others_added(path: Path) -> None:
    mine, other = two(path)
    with mine.recording("add contact") as change:
        added = mine.add_contact("New Person")
    other.add_message(added, NOW, subject="hello")
    assert change.change_id is not None
    with pytest.raises(UndoRefused, match="added or linked since"):
        mine.undo_change(change.change_id)
    assert one(mine, "SELECT count(*) FROM touches WHERE contact_id = ?", [added]) == 1
    assert one(mine, "SELECT count(*) FROM contacts WHERE id = ?", [added]) == 1


def test_undo_of_a_delete_puts_back_rows_links_and_overrides(path: Path) -> None:
    mine, _ = two(path)
    mine.skip("li-1")
    before = {t: rows(mine, t) for t in ("contacts", "touches", "action_overrides")}
    with mine.recording("delete") as change:
        mine.delete("contacts", 1)
    assert mine.override("li-1") is None  # the delete took the skip along
    assert change.change_id is not None
    mine.undo_change(change.change_id)
    assert {t: rows(mine, t) for t in before} == before


# --- 2. one stored list ----------------------------------------------------------------------


def test_undo_refuses_while_a_later_change_touched_the_same_rows(path: Path) -> None:
    mine, other = two(path)
    with mine.recording("first") as first:
        mine.conn.execute("UPDATE contacts SET title = 'A' WHERE id = 2")
    with other.recording("second"):
        other.conn.execute("UPDATE contacts SET title = 'B' WHERE id = 2")
    assert first.change_id is not None
    with pytest.raises(UndoRefused, match="later change"):
        mine.undo_change(first.change_id)
    assert one(mine, "SELECT title FROM contacts WHERE id = 2") == "B"


def test_history_keeps_source_and_session(path: Path) -> None:
    cli_store, dashboard = two(path)
    dashboard.source = "dashboard"
    with cli_store.recording("from the cli"):
        cli_store.add_company("Cli Co")
    with dashboard.recording("from the dashboard"):
        dashboard.add_company("Dash Co")
    newest = cli_store.journal.recent(2)
    assert [(c.source, c.label) for c in newest] == [
        ("dashboard", "from the dashboard"),
        ("cli", "from the cli"),
    ]
    assert cli_store.newest_change() is not None
    assert cli_store.newest_change().label == "from the cli"  # type: ignore[union-attr]
    other_dashboard = Store(open_db(path), now=NOW, source="dashboard")
    assert other_dashboard.newest_change(mine=True) is None


def test_a_block_that_fails_records_nothing(path: Path) -> None:
    mine, _ = two(path)
    before = rows(mine, "companies")
    with pytest.raises(RuntimeError), mine.recording("half"):
        mine.add_company("Half Done")
        raise RuntimeError("stop")
    assert rows(mine, "companies") == before
    assert one(mine, "SELECT count(*) FROM changes") == 0


def run(path: Path, *args: str) -> Any:
    return CliRunner().invoke(
        cli, ["--db", str(path), "--today", TODAY.isoformat(), *args], catch_exceptions=False
    )


def test_cli_undo_and_history(path: Path) -> None:
    first = run(path, "add", "company", "--name", "Undo Me")
    assert first.exit_code == 0, first.output
    second = run(path, "add", "contact", "--name", "Keep Me")
    assert second.exit_code == 0, second.output
    listed = run(path, "history")
    assert "add contact Keep Me" in listed.output and "add company Undo Me" in listed.output
    undone = run(path, "undo")
    assert undone.exit_code == 0 and "Undone: add contact Keep Me" in undone.output
    store = Store(open_db(path))
    assert store.company_by_name("Undo Me") is not None
    assert one(store, "SELECT count(*) FROM contacts WHERE name = 'Keep Me'") == 0
    assert run(path, "undo").exit_code == 0
    assert store.company_by_name("Undo Me") is None
    nothing = run(path, "undo")
    assert nothing.exit_code == 1
    assert "nothing to undo" in nothing.output
    import json

    listed_json = json.loads(run(path, "history", "--json").output)
    assert [c["label"] for c in listed_json] == ["add contact Keep Me", "add company Undo Me"]
    assert all(c["undone_at"] for c in listed_json)
    assert listed_json[0]["source"] == "cli" and listed_json[0]["added"] == 1


def test_cli_undo_leaves_dashboard_changes_alone(path: Path) -> None:
    dashboard = Store(open_db(path), now=NOW, source="dashboard")
    with dashboard.recording("dashboard add"):
        dashboard.add_company("Dashboard Co")
    assert run(path, "undo").exit_code == 1
    assert dashboard.company_by_name("Dashboard Co") is not None


# --- 3. ids are never reused -------------------------------------------------------------------


def test_ids_are_never_handed_out_twice(path: Path) -> None:
    mine, _ = two(path)
    adders: tuple[tuple[str, Callable[[], int]], ...] = (
        ("contacts", lambda: mine.add_contact("Temp")),
        ("companies", lambda: mine.add_company("Temp Co")),
        ("applications", lambda: mine.add_application("Temp Co 2", "Role")),
    )
    for table, add in adders:
        newest = add()
        mine.delete(table, newest)
        assert add() > newest, table


def test_a_skip_does_not_carry_over_to_a_new_contact(path: Path) -> None:
    mine, _ = two(path)
    app_id = mine.add_application("Fresh Co", "Engineer", stage=Stage.APPLIED)
    contact = mine.add_contact("Fresh Person", company="Fresh Co", application_ids=[app_id])
    mine.skip(f"li-{contact}")
    mine.delete("contacts", contact)
    again = mine.add_contact("Another Person", company="Fresh Co", application_ids=[app_id])
    assert again != contact
    keys = {a.key for a in playbook.actions(mine.playbook_state(TODAY), TODAY, horizon_days=30)}
    assert f"li-{again}" in keys
    assert mine.override(f"li-{contact}") is None


def test_a_restore_refuses_when_an_id_exists_again(path: Path) -> None:
    mine, other = two(path)
    with mine.recording("delete") as change:
        mine.delete("companies", 1)
    # Only a program writing ids by hand can bring one back; the restore then refuses.
    other.conn.execute(
        "INSERT INTO companies (id, name, created_at) VALUES (1, 'Squatter', '2026-01-01')"
    )
    assert change.change_id is not None
    with pytest.raises(UndoRefused, match="exists again"):
        mine.undo_change(change.change_id)
    assert one(mine, "SELECT name FROM companies WHERE id = 1") == "Squatter"


def test_old_files_get_autoincrement_and_keep_every_row(tmp_path: Path) -> None:
    import shutil

    file = tmp_path / "v1.db"
    shutil.copy(FIXTURES_ROOT / "schemas" / "v1.db", file)
    raw = sqlite3.connect(file)
    counts = {
        t: raw.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("companies", "contacts", "touches")
    }
    raw.close()
    conn = open_db(file)
    for table, n in counts.items():
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == n
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
        assert "AUTOINCREMENT" in sql
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


# --- 4. done is idempotent -------------------------------------------------------------------


def test_done_from_two_programs_records_one_touch(path: Path) -> None:
    mine, other = two(path)
    action = next(a for a in playbook.actions(mine.playbook_state(TODAY), TODAY) if a.held is None)
    seen_by_other = playbook.find(other.playbook_state(TODAY), TODAY, action.key)
    assert seen_by_other is not None
    mine.record_done(action)
    with pytest.raises(AlreadyDone):
        other.record_done(seen_by_other)
    assert one(mine, "SELECT count(*) FROM touches WHERE action_key = ?", [action.key]) == 1


def test_cli_done_twice_says_already_done(path: Path) -> None:
    store = Store(open_db(path))
    action = next(
        a
        for a in playbook.actions(store.playbook_state(TODAY), TODAY)
        if a.strategy is not Strategy.SOCIAL
    )
    assert run(path, "done", action.key).exit_code == 0
    again = run(path, "done", action.key)
    assert again.exit_code == 1
    assert "already done" in again.output
    assert one(store, "SELECT count(*) FROM touches WHERE action_key = ?", [action.key]) == 1


def test_undo_of_a_stage_change_clears_the_applied_date_it_filled(path: Path) -> None:
    mine, _ = two(path)
    wish = mine.add_application("Wishful Co", "Engineer", stage=Stage.WISHLIST)
    assert mine.application(wish).applied_on is None
    with mine.recording("stage") as change:
        mine.set_stage(wish, Stage.APPLIED)
    assert mine.application(wish).applied_on is not None
    assert change.change_id is not None
    mine.undo_change(change.change_id)
    undone = mine.application(wish)
    assert (undone.stage, undone.applied_on) == (Stage.WISHLIST, None)

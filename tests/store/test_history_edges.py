"""Undo at the edges: clashes, broken references, old schemas, read-only commands."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from followup_tui.cli import cli
from followup_tui.db import open_db
from followup_tui.store import Store, UndoRefused
from followup_tui.transfer.base import TransferError
from followup_tui.transfer.dump import dump_json, load_json
from tests import FIXTURES_ROOT, TODAY
from tests.store.test_history import NOW, one, path, rows, run, two

__all__ = ["path"]
V1 = FIXTURES_ROOT / "schemas" / "v1.db"


def test_an_undo_that_would_point_at_a_deleted_record_is_refused_and_releases_the_file(
    path: Path,
) -> None:
    mine, other = two(path)
    alpha = mine.add_company("Alpha Co")
    beta = mine.add_company("Beta Co")
    zed = mine.add_contact("Zed", company="Alpha Co")
    with mine.recording("move Zed") as change:
        mine.conn.execute("UPDATE contacts SET company_id = ? WHERE id = ?", [beta, zed])
    other.conn.execute("DELETE FROM companies WHERE id = ?", [alpha])
    assert change.change_id is not None
    with pytest.raises(UndoRefused, match="deleted since"):
        mine.undo_change(change.change_id)
    assert not mine.conn.in_transaction
    assert one(mine, "SELECT company_id FROM contacts WHERE id = ?", [zed]) == beta
    other.add_company("After The Refusal")  # the file is not left locked
    mine.add_company("Still Saving")
    assert Store(open_db(path)).company_by_name("Still Saving") is not None


def test_an_undo_that_clashes_with_a_name_taken_since_is_refused(path: Path) -> None:
    mine, other = two(path)
    with mine.recording("delete") as change:
        mine.delete("companies", mine.add_company("Unique Name Co"))
    other.add_company("Unique Name Co")
    assert change.change_id is not None
    with pytest.raises(UndoRefused, match="clash"):
        mine.undo_change(change.change_id)


def test_nothing_left_to_undo_is_said_not_claimed(path: Path) -> None:
    mine, other = two(path)
    with mine.recording("add") as change:
        added = mine.add_company("Gone Co")
    other.conn.execute("DELETE FROM companies WHERE id = ?", [added])
    assert change.change_id is not None
    with pytest.raises(UndoRefused, match="left to undo"):
        mine.undo_change(change.change_id)


def test_quoted_ids_from_sqlite_utils_transform_get_autoincrement(tmp_path: Path) -> None:
    import sqlite_utils

    file = tmp_path / "v1.db"
    shutil.copy(V1, file)
    sqlite_utils.Database(file).table("events").transform(types={"notes": str})
    conn = open_db(file)
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'events'").fetchone()[0]
    assert "AUTOINCREMENT" in sql
    store = Store(conn, now=NOW)
    newest = conn.execute("SELECT max(id) FROM events").fetchone()[0]
    store.delete("events", newest)
    assert store.add_event("Again", TODAY) > newest


def test_an_old_file_with_a_broken_reference_still_upgrades(tmp_path: Path) -> None:
    file = tmp_path / "v1.db"
    shutil.copy(V1, file)
    raw = sqlite3.connect(file)  # foreign keys off, as in the sqlite3 shell
    event = raw.execute("SELECT event_id FROM event_contacts LIMIT 1").fetchone()[0]
    raw.execute("DELETE FROM events WHERE id = ?", [event])
    raw.commit()
    raw.close()
    conn = open_db(file)
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'events'").fetchone()[0]
    assert "AUTOINCREMENT" in sql


def test_followup_undo_id_undoes_a_dashboard_change(path: Path) -> None:
    dashboard = Store(open_db(path), now=NOW, source="dashboard")
    with dashboard.recording("dashboard add") as change:
        dashboard.add_company("From The Dashboard")
    result = run(path, "undo", str(change.change_id))
    assert result.exit_code == 0, result.output
    assert dashboard.company_by_name("From The Dashboard") is None
    again = run(path, "undo", str(change.change_id))
    assert again.exit_code == 1 and "already undone" in again.output


def test_a_refusal_names_the_change_to_undo_first(path: Path) -> None:
    assert run(path, "add", "company", "--name", "Blocked").exit_code == 0
    store = Store(open_db(path), now=NOW, source="dashboard")
    with store.recording("dashboard edit") as later:
        store.conn.execute("UPDATE companies SET website = 'x' WHERE name = 'Blocked'")
    refused = run(path, "undo")
    assert refused.exit_code == 1
    assert f"followup undo {later.change_id}" in refused.output


def test_showing_settings_or_a_template_takes_no_write_lock(path: Path) -> None:
    holder = sqlite3.connect(path, timeout=0.1, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        for args in (["settings"], ["template", "follow-up"]):
            result = CliRunner().invoke(cli, ["--db", str(path), *args])
            assert result.exit_code == 0, (args, result.output)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_dump_whose_history_is_not_row_operations_is_refused(path: Path) -> None:
    mine, _ = two(path)
    with mine.recording("add"):
        mine.add_company("Dumped")
    document = json.loads(dump_json(mine))
    document["tables"]["changes"][0]["payload"] = '[{"op": "update", "table": "contacts"}]'
    target = Store(open_db(path.with_name("target.db")), now=NOW)
    with pytest.raises(TransferError, match="payload"):
        load_json(target, json.dumps(document).encode(), name="dump.json")
    assert rows(target, "companies") == []


def test_a_history_entry_edited_by_hand_is_listed_and_refused_without_a_traceback(
    path: Path,
) -> None:
    assert run(path, "add", "company", "--name", "Hand Edited").exit_code == 0
    raw = sqlite3.connect(path)
    raw.execute("UPDATE changes SET payload = '{not json'")
    raw.commit()
    raw.close()
    listed = run(path, "history")
    assert listed.exit_code == 0 and "add company Hand Edited" in listed.output
    refused = CliRunner().invoke(cli, ["--db", str(path), "undo"])
    assert refused.exit_code == 1 and "left to undo" in refused.output

"""The counter of changes (db_version): one row, a random identity, bumped by every write to
a data table from any connection, kept out of the undo history and out of the dump."""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
from pathlib import Path

import pendulum

from followup_tui.db import open_db
from followup_tui.db import version as db_version
from followup_tui.models import Strategy
from followup_tui.store import Store
from followup_tui.transfer import dump_json, load_json
from tests import FIXTURES_ROOT

NOW = pendulum.datetime(2026, 11, 25, 9, 0, tz="UTC")


def version(conn: sqlite3.Connection) -> int:
    found = db_version.read(conn)
    assert found is not None
    return found[1]


def new_store(path: Path | str = ":memory:") -> Store:
    return Store(open_db(path), now=NOW)


def test_a_new_database_has_one_row_with_a_random_identity() -> None:
    first, second = new_store(), new_store()
    rows = first.conn.execute("SELECT id, identity, version FROM db_version").fetchall()
    assert len(rows) == 1
    identity = rows[0][1]
    assert len(identity) == 32 and int(identity, 16) >= 0
    assert db_version.read(first.conn) != db_version.read(second.conn)


def test_every_data_table_has_its_three_triggers_and_nothing_else_does() -> None:
    store = new_store()
    tables = db_version.counted_tables(store.conn)
    for table in ("settings", "templates", "action_overrides", "touches", "companies"):
        assert table in tables
    for table in ("changes", "db_version", "_sqlite_migrations", "search", "search_data"):
        assert table not in tables
    triggers = dict(
        store.conn.execute(
            "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' "
            "AND name LIKE '%_db_version_%'"
        ).fetchall()
    )
    assert triggers == {
        db_version.trigger_name(table, operation): table
        for table in tables
        for operation in db_version.OPERATIONS
    }


def test_every_kind_of_write_bumps_it() -> None:
    store = new_store()
    seen = [version(store.conn)]

    def bumped() -> None:
        seen.append(version(store.conn))
        assert seen[-1] > seen[-2]

    company = store.add_company("Acme")
    bumped()
    store.add_application("Acme", "Engineer")
    bumped()
    store.set_setting("user_name", "Sam")
    bumped()
    store.set_template(Strategy.THANK_YOU, "Thanks", "Thank you, $first_name.")
    bumped()
    store.snooze("fu-1-1", pendulum.Date(2026, 12, 1))
    bumped()
    store.conn.execute("DELETE FROM companies WHERE id = ?", [company])
    bumped()


def test_a_write_from_another_connection_is_seen(tmp_path: Path) -> None:
    path = tmp_path / "f.db"
    reader, writer = new_store(path), new_store(path)
    before = db_version.read(reader.conn)
    writer.add_company("Acme")
    after = db_version.read(reader.conn)
    assert before is not None and after is not None
    assert after[0] == before[0] and after[1] > before[1]


def test_an_undo_is_not_refused_because_of_the_counter() -> None:
    """The counter moves with the change and with its undo; the history journals only the
    data tables, so the undo finds just what the change did."""
    store = new_store()
    with store.recording("add company Acme") as recording:
        store.add_company("Acme")
    assert recording.change_id is not None
    change = store.journal.change(recording.change_id)
    assert {op["table"] for op in change.ops} == {"companies"}
    before = version(store.conn)
    store.undo_change(recording.change_id)
    assert store.conn.execute("SELECT count(*) FROM companies").fetchone() == (0,)
    assert version(store.conn) > before


def test_the_dump_carries_no_counter_and_a_load_starts_its_own() -> None:
    store = new_store()
    store.add_company("Acme")
    text = dump_json(store)
    assert "db_version" not in text
    assert "db_version" not in json.loads(text)["tables"]
    copy = new_store()
    load_json(copy, text.encode())
    mine, theirs = db_version.read(store.conn), db_version.read(copy.conn)
    assert mine is not None and theirs is not None
    assert mine[0] != theirs[0]


def test_an_old_file_gets_the_counter_when_it_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    shutil.copy(FIXTURES_ROOT / "schemas" / "v1.db", path)
    with contextlib.closing(open_db(path)) as conn:
        assert db_version.read(conn) is not None
        assert db_version.restore(conn) == []  # every trigger in place
        before = version(conn)
        conn.execute("UPDATE settings SET value = value")
        assert version(conn) > before


def test_triggers_a_rebuild_dropped_come_back_and_count(tmp_path: Path) -> None:
    path = tmp_path / "f.db"
    with contextlib.closing(open_db(path)) as conn:
        conn.execute(f"DROP TRIGGER {db_version.trigger_name('contacts', 'update')}")
        before = version(conn)
    with contextlib.closing(open_db(path)) as conn:
        assert db_version.restore(conn) == []
        # Writes made while it was missing went uncounted: the counter moved on opening.
        assert version(conn) > before


def test_a_file_put_back_from_a_backup_never_repeats_a_state_it_did_not_have(
    tmp_path: Path,
) -> None:
    """A backup copies the row: restored and written as often as the original was since,
    the file reaches the original's (identity, version), but not its state."""
    path, saved = tmp_path / "f.db", tmp_path / "backup.db"
    store = new_store(path)
    store.add_company("Acme")
    store.conn.close()
    shutil.copy(path, saved)
    store = new_store(path)
    seen = []
    for name in ("Beta", "Gamma"):
        store.add_company(name)
        seen.append(db_version.read(store.conn))
    store.conn.close()
    shutil.copy(saved, path)
    restored = new_store(path)
    for name in ("Delta", "Epsilon"):  # other data, as many writes
        restored.add_company(name)
    now = db_version.read(restored.conn)
    assert now is not None and seen[-1] is not None
    assert now[:2] == seen[-1][:2]  # what the counter alone could not tell apart
    assert now not in seen

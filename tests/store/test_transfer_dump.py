"""The JSON dump: complete, lossless, byte-stable, and loaded only whole into an empty database."""

from __future__ import annotations

import json
from typing import Any

import pendulum
import pytest

from followup_tui import playbook
from followup_tui.db import DERIVED_TABLES, open_db
from followup_tui.demo import build_demo
from followup_tui.models import Direction, Strategy
from followup_tui.store import Store
from followup_tui.transfer import TransferError, dump, dump_json, load_json
from followup_tui.transfer.dump import FORMAT, SEQUENCE, VERSION, dumped_tables
from tests import FIXTURES_ROOT, NOW, TODAY

#: Columns the triggers keep: after a load they must equal the original's.
ACTIVITY = [
    "SELECT id, last_touch_at, last_touch_id, last_in_at FROM companies ORDER BY id",
    "SELECT id, last_in_at, last_out_at FROM contacts ORDER BY id",
    "SELECT interview_id, contact_id, thanked FROM interview_participants ORDER BY 1, 2",
]


def new_store() -> Store:
    return Store(open_db(":memory:"), now=NOW)


@pytest.fixture(scope="module")
def demo_dump() -> tuple[Store, str]:
    store = new_store()
    build_demo(store, TODAY, applications=60)
    # Rows the demo doesn't make: overrides, templates, settings, and awkward text.
    store.snooze("ty-1-1", pendulum.Date(2026, 11, 30))
    store.skip("li-3")
    store.set_template(Strategy.CHECK_IN, "Checking in", "Hi $first_name,\n\n…")
    store.set_setting("user_name", "Ada \x1b[31mLovelace\u202e")
    contact = store.add_contact("[bold]Smith[/] \u200fLtd", notes="line\nbreak\ttab \x07 bell")
    store.add_touch(Direction.IN, at=NOW.subtract(days=1), contact_id=contact, subject="é ✓ 😀")
    # An edited draft kept, and one done: the message sent names its recipient.
    due = playbook.actions(store.playbook_state(TODAY), TODAY)
    kept, sent = [action for action in due if action.contact_id][:2]
    for action, body in ((kept, "Kept \x1b[1mfor later\u202e"), (sent, "Sent as edited")):
        store.save_edit(
            action.key,
            "Edited subject",
            body,
            title=action.title,
            contact_id=action.contact_id,
            application_id=action.application_id,
        )
    store.record_done(sent)
    return store, dump_json(store)


def counts(store: Store) -> dict[str, int]:
    return {
        t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in store.data_tables()
    }


def test_every_table_is_dumped() -> None:
    """A table added by a later migration fails this until the dump knows it.

    Virtual tables (a full-text index) and their shadow tables are derived by triggers from
    the tables that are dumped, so they are rebuilt on load rather than carried; so is the
    counter of changes (db_version), which a new database starts afresh.
    """
    store = new_store()
    found = store.conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_%' AND name NOT IN ('_sqlite_migrations', 'db_version')"
    ).fetchall()
    virtual = {name for name, sql in found if sql.upper().startswith("CREATE VIRTUAL TABLE")}
    tables = {
        name
        for name, _ in found
        if name not in virtual and not any(name.startswith(f"{v}_") for v in virtual)
    }
    assert set(store.data_tables()) == tables
    assert dumped_tables(store) == (*store.data_tables(), SEQUENCE)


#: A table a later migration could add: it refers to an application and hands out ids.
LATER_TABLE = (
    "CREATE TABLE reminders (id INTEGER PRIMARY KEY AUTOINCREMENT, "
    "application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE, "
    "remind_on TEXT NOT NULL, note TEXT)"
)
#: A dump written before the undo history and the id counters were dumped (same version 1),
#: by the code of that time; see tests/fixtures/dumps/README.md.
OLDER_DUMP = FIXTURES_ROOT / "dumps" / "v1-before-history.json"


def later_store() -> Store:
    store = new_store()
    store.conn.execute(LATER_TABLE)
    return store


def test_a_table_added_later_is_dumped_and_loaded_with_no_change_to_the_dump() -> None:
    store = later_store()
    build_demo(store, TODAY, applications=3)
    store.conn.execute(
        "INSERT INTO reminders (application_id, remind_on, note) "
        "VALUES (2, '2026-12-01', 'call back'), (1, '2026-12-02', NULL)"
    )
    store.conn.execute("DELETE FROM reminders WHERE id = 2")  # its id must stay unused
    store.conn.execute("UPDATE db_version SET version = 42")  # derived: never dumped
    text = dump_json(store)
    tables = json.loads(text)["tables"]
    assert tables["reminders"] == [
        {"id": 1, "application_id": 2, "remind_on": "2026-12-01", "note": "call back"}
    ]
    assert {"name": "reminders", "seq": 2} in tables[SEQUENCE]
    assert "db_version" in DERIVED_TABLES and "db_version" not in tables
    assert not set(tables) & set(DERIVED_TABLES)
    order = dumped_tables(store)
    assert order.index("applications") < order.index("reminders") < order.index(SEQUENCE)

    copy = later_store()
    summary = load_json(copy, text.encode(), name="dump.json")
    assert summary.by_table["reminders"] == 1
    assert dump_json(copy) == text
    # The copy keeps its own counter of changes (db/version.py): another identity.
    mine, theirs = copy.db_version(), store.db_version()
    assert mine is not None and theirs is not None and mine[0] != theirs[0]
    copy.conn.execute("INSERT INTO reminders (application_id, remind_on) VALUES (1, '2027-01-04')")
    assert copy.conn.execute("SELECT max(id) FROM reminders").fetchone()[0] == 3
    # A database without the table refuses the dump whole.
    with pytest.raises(TransferError, match="unknown table 'reminders'"):
        load_json(new_store(), text.encode(), name="dump.json")


def test_a_dump_from_before_the_history_was_dumped_still_loads() -> None:
    data = OLDER_DUMP.read_bytes()
    document = json.loads(data)
    assert (document["format"], document["version"]) == (FORMAT, VERSION)
    assert "changes" not in document["tables"] and SEQUENCE not in document["tables"]
    store = new_store()
    summary = load_json(store, data, name=OLDER_DUMP.name)
    expected = {t: len(document["tables"].get(t, [])) for t in store.data_tables()}
    assert summary.by_table == expected == counts(store)
    assert summary.added == sum(expected.values()) > 0
    again = json.loads(dump_json(store))["tables"]
    for table, rows in document["tables"].items():
        # Columns added since the older dump was made come back empty; the rest unchanged.
        assert len(again[table]) == len(rows), table
        for row, old in zip(again[table], rows, strict=True):
            assert {k: row[k] for k in old} == old, table
            assert all(row[k] is None for k in row.keys() - old.keys()), table
    assert again["changes"] == []


def test_every_column_but_the_derived_ones(demo_dump: tuple[Store, str]) -> None:
    store, text = demo_dump
    document = json.loads(text)
    assert (document["format"], document["version"]) == (FORMAT, VERSION)
    for table in store.data_tables():
        columns = {row[1] for row in store.conn.execute(f"PRAGMA table_info({table})")}
        expected = columns - store.derived_columns(table)
        rows = document["tables"][table]
        assert len(rows) == counts(store)[table], table
        assert all(set(row) == expected for row in rows), table


def test_export_import_export_is_byte_identical(demo_dump: tuple[Store, str]) -> None:
    store, text = demo_dump
    copy = new_store()
    summary = load_json(copy, text.encode(), name="dump.json")
    assert summary.added == sum(counts(store).values())
    assert summary.by_table == counts(store)
    assert dump_json(copy) == text
    # The edited drafts and the recipients of what was sent come along.
    assert copy.draft_edits() == store.draft_edits() != {}
    recipients = "SELECT id, recipient FROM touches WHERE recipient IS NOT NULL ORDER BY id"
    assert copy.conn.execute(recipients).fetchall() == store.conn.execute(recipients).fetchall()
    assert copy.conn.execute(recipients).fetchall()
    for query in ACTIVITY:
        assert copy.conn.execute(query).fetchall() == store.conn.execute(query).fetchall()


def test_the_dump_is_stable_sorted_and_terminal_safe(demo_dump: tuple[Store, str]) -> None:
    store, text = demo_dump
    assert dump_json(store) == text
    assert text.endswith("}\n")
    assert "\x1b" not in text and "\u202e" not in text and "\u200f" not in text
    assert "\\u001b" in text and "\\u202e" in text
    assert "😀" in text  # readable text stays readable
    ids = [row["id"] for row in json.loads(text)["tables"]["touches"]]
    assert ids == sorted(ids)


def test_the_dump_is_what_json_dumps_would_write(demo_dump: tuple[Store, str]) -> None:
    """Built a row at a time, it is still the canonical form: sorted keys, indent 2."""
    _, text = demo_dump
    canonical = json.dumps(json.loads(text), sort_keys=True, indent=2, ensure_ascii=False)
    unsafe = dump._TERMINAL_UNSAFE
    assert text == unsafe.sub(lambda m: f"\\u{ord(m[0]):04x}", canonical) + "\n"
    empty = dump_json(new_store())
    assert empty == json.dumps(json.loads(empty), sort_keys=True, indent=2) + "\n"


def test_a_dump_loads_only_into_an_empty_database(demo_dump: tuple[Store, str]) -> None:
    _, text = demo_dump
    target = new_store()
    target.set_setting("theme", "nord")
    with pytest.raises(TransferError, match=r"already holds data \(1 settings\)"):
        load_json(target, text.encode())
    assert counts(target)["contacts"] == 0


def test_dry_run_writes_nothing(demo_dump: tuple[Store, str]) -> None:
    store, text = demo_dump
    target = new_store()
    summary = load_json(target, text.encode(), dry_run=True)
    assert summary.dry_run and summary.added == sum(counts(store).values())
    assert sum(counts(target).values()) == 0


def _with(text: str, change: Any) -> bytes:
    document = json.loads(text)
    change(document)
    return json.dumps(document).encode()


def _set(table: str, column: str, value: object, index: int = 0) -> Any:
    def change(document: dict[str, Any]) -> None:
        document["tables"][table][index][column] = value

    return change


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (None, "not valid JSON"),
        (lambda d: d.update(format="other"), 'lacks "format": "followup-tui"'),
        (lambda d: d.update(version=2), "version 2; this followup reads version 1"),
        (lambda d: d.update(version="1"), "version '1'"),
        (lambda d: d.update(tables=[]), '"tables" must be an object'),
        (lambda d: d["tables"].update(secrets=[]), "unknown table 'secrets'"),
        (lambda d: d["tables"].update(touches={}), "touches must be a list of objects"),
        (_set("contacts", "password", "x"), "unknown column 'password'"),
        (_set("contacts", "last_in_at", "2026-01-01"), "unknown column 'last_in_at'"),
        (_set("applications", "stage", "hired"), "stage can't be 'hired'"),
        (_set("applications", "applied_on", "2026-13-01"), "applied_on can't be"),
        (_set("touches", "at", "yesterday"), "at can't be 'yesterday'"),
        (_set("companies", "social", "{}"), "social can't be"),
        (_set("contacts", "name", ["a"]), "name must be text or null"),
        (_set("contacts", "company_id", True), "company_id must be a whole number"),
        (_set("contacts", "company_id", 2**70), "company_id must be a whole number"),
        (_set("contacts", "name", None), "NOT NULL constraint failed: contacts.name"),
        (_set("contacts", "company_id", 99_999), "FOREIGN KEY constraint failed"),
        (_set("contacts", "id", 2, index=0), "UNIQUE constraint failed"),
        (_set("contacts", "name", "\ud800"), "contacts row 1"),
    ],
)
def test_a_bad_dump_loads_nothing(demo_dump: tuple[Store, str], change: Any, message: str) -> None:
    _, text = demo_dump
    data = b"{not json" if change is None else _with(text, change)
    target = new_store()
    with pytest.raises(TransferError, match=message):
        load_json(target, data, name="dump.json")
    assert sum(counts(target).values()) == 0

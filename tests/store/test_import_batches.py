"""Long imports write in short batches: other writers get in, a killed run is finished by
running it again, a dry run writes nothing, and busy writers retry."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pendulum

from followup_tui.db import atomic, open_db
from followup_tui.store import Store
from followup_tui.transfer import (
    Summary,
    dump_json,
    import_applications,
    import_linkedin,
    load_json,
)
from tests import TODAY

NOW = pendulum.datetime(2026, 11, 25, 9, 0, tz="UTC")
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def connections(count: int) -> bytes:
    rows = [
        f"Person{i},Surname{i},https://www.linkedin.com/in/person-{i},p{i}@example.com,"
        f"Company {i % 400},Engineer {i % 7},08 Feb 2026\n"
        for i in range(count)
    ]
    return (HEADER + "".join(rows)).encode()


def rows_of(path: Path, skip: frozenset[str] = frozenset({"created_at"})) -> dict[str, Any]:
    """Every row of every data table, without the moments each run stamps for itself (nor
    the undo history, where a killed and a finished run are two imports, one run one)."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "AND name NOT LIKE 'search%' "
                "AND name NOT IN ('_sqlite_migrations', 'changes', 'db_version') "
                "ORDER BY name"
            )
        ]
        found = {}
        for table in tables:
            columns = [
                r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] not in skip
            ]
            found[table] = sorted(
                conn.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall(), key=repr
            )
        return found


def holds_write_lock(path: Path) -> bool:
    """True while another connection holds the write lock (this one doesn't wait)."""
    with contextlib.closing(sqlite3.connect(path, timeout=0, isolation_level=None)) as conn:
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            return True
        conn.execute("ROLLBACK")
        return False


def test_another_connection_writes_while_a_large_import_runs(tmp_path: Path) -> None:
    path = tmp_path / "db.db"
    open_db(path).close()
    data = connections(8000)
    results: list[Summary] = []

    def run() -> None:
        store = Store(open_db(path), now=NOW)
        results.append(import_linkedin(store, data, name="Connections.csv"))
        store.conn.close()

    importer = threading.Thread(target=run)
    importer.start()
    while importer.is_alive() and not holds_write_lock(path):
        time.sleep(0.005)
    assert importer.is_alive(), "the import ended before it could be watched"
    # The other dashboard's `d`: a write with a one-second busy timeout, no retries.
    other = sqlite3.connect(path, timeout=1.0, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute(
        "INSERT INTO companies (name, created_at) VALUES ('Written meanwhile', '2026-11-25')"
    )
    other.execute("COMMIT")
    still_importing = importer.is_alive()
    importer.join()
    other.close()
    assert still_importing, "the other write only got in after the import"
    assert (results[0].added, results[0].skipped) == (8000, 0)
    found = rows_of(path)
    assert len(found["contacts"]) == 8000
    assert any(row[1] == "Written meanwhile" for row in found["companies"])


def cli(path: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "followup_tui", "--db", str(path), "--today", "2026-11-25", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def count(path: Path, table: str) -> int:
    with contextlib.closing(sqlite3.connect(path, timeout=5)) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_a_killed_import_leaves_whole_records_and_a_rerun_finishes_it(tmp_path: Path) -> None:
    source = tmp_path / "Connections.csv"
    source.write_bytes(connections(8000))
    whole, killed = tmp_path / "whole.db", tmp_path / "killed.db"
    for path in (whole, killed):
        open_db(path).close()
    assert cli(whole, "import", "linkedin", str(source)).wait() == 0

    process = cli(killed, "import", "linkedin", str(source))
    while process.poll() is None and count(killed, "contacts") == 0:
        time.sleep(0.01)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    written = count(killed, "contacts")
    assert 0 < written < 8000, f"killed with {written} contacts written"
    # Whole records only: each contact written is as the uninterrupted run wrote it.
    complete = {row[0]: row for row in rows_of(whole)["contacts"]}
    for row in rows_of(killed)["contacts"]:
        assert row == complete[row[0]]
    with contextlib.closing(sqlite3.connect(killed)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)

    rerun = cli(killed, "import", "linkedin", str(source))
    out, _err = rerun.communicate()
    assert rerun.returncode == 0
    assert f"{8000 - written} added" in out.decode()
    assert rows_of(killed) == rows_of(whole)


def test_a_dry_run_writes_nothing_and_counts_what_the_import_does(tmp_path: Path) -> None:
    path = tmp_path / "db.db"
    store = Store(open_db(path), now=NOW)
    import_linkedin(store, connections(300), name="first.csv")
    before = rows_of(path, frozenset())
    wal = path.with_name(path.name + "-wal")
    wal_before = wal.read_bytes()
    data = connections(600)
    csv = b"company,role,stage\nCompany 3,Engineer,applied\nNew Co,Designer,applied\n"
    dry = import_linkedin(store, data, dry_run=True, name="more.csv")
    dry_csv = import_applications(store, csv, TODAY, dry_run=True, name="apps.csv")
    assert rows_of(path, frozenset()) == before
    assert wal.read_bytes() == wal_before
    real = import_linkedin(store, data, name="more.csv")
    real_csv = import_applications(store, csv, TODAY, name="apps.csv")
    for preview, done in ((dry, real), (dry_csv, real_csv)):
        assert preview.dry_run and not done.dry_run
        assert (preview.added, preview.merged, preview.unchanged, preview.skipped) == (
            done.added,
            done.merged,
            done.unchanged,
            done.skipped,
        )
    assert (real.added, real.unchanged) == (300, 300)


def test_an_interrupted_dump_load_is_finished_by_loading_it_again(tmp_path: Path) -> None:
    import json

    source = Store(open_db(tmp_path / "source.db"), now=NOW)
    import_linkedin(source, connections(50), name="c.csv")
    import_applications(
        source, b"company,role\nCompany 1,Engineer\nCompany 2,Designer\n", TODAY, name="a.csv"
    )
    dump = dump_json(source).encode()
    # What a load killed half way leaves: every table before contacts, half the contacts.
    partial = json.loads(dump)
    tables = partial["tables"]
    tables["contacts"] = tables["contacts"][:25]
    for later in ("application_contacts", "touches", "action_overrides", "templates", "settings"):
        tables.pop(later, None)
    target = Store(open_db(tmp_path / "target.db"), now=NOW)
    load_json(target, json.dumps(partial).encode(), name="part.json")
    summary = load_json(target, dump, name="dump.json")
    # Every row counts once, added or unchanged; SQLite's id counters are not rows of data.
    assert summary.added + summary.unchanged == sum(
        len(r) for t, r in json.loads(dump)["tables"].items() if t != "sqlite_sequence"
    )
    assert summary.unchanged > 0
    assert dump_json(target) == dump_json(source)


def test_a_writer_retries_when_the_lock_is_held_past_its_busy_timeout(tmp_path: Path) -> None:
    path = tmp_path / "db.db"
    open_db(path).close()
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    held = threading.Event()

    def release() -> None:
        held.wait()
        time.sleep(0.2)
        holder.execute("COMMIT")

    releaser = threading.Thread(target=release)
    releaser.start()
    writer = open_db(path)
    writer.execute("PRAGMA busy_timeout = 50")
    held.set()
    with atomic(writer):  # waits 50 ms, then retries with a growing pause
        writer.execute("INSERT INTO settings (name, value) VALUES ('user_name', 'Ann')")
    releaser.join()
    assert writer.execute("SELECT value FROM settings").fetchall() == [("Ann",)]
    writer.close()
    holder.close()

"""Crash safety: a process killed with SIGKILL in the middle of a bulk write loses nothing.

Each test starts the real command in a subprocess, waits until SQLite's write-ahead log
shows the write under way, kills the process without warning and then checks that the file
passes `PRAGMA integrity_check`, holds all or none of the write, and that the next command
starts cleanly.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

TODAY = "2026-11-25"
BIG = 10_000
#: What `followup demo --applications 10000 --seed 7` writes (the demo is deterministic).
BIG_COMPANIES = 6005
SMALL_COMPANIES = 12

pytestmark = pytest.mark.slow


def followup(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "followup_tui", "--db", str(db), "--today", TODAY, *args]


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        followup(db, *args),
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return -1


@contextlib.contextmanager
def started(db: Path, *args: str) -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen(
        followup(db, *args),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)
        if process.stderr is not None:
            process.stderr.close()


def kill_when(process: subprocess.Popen[bytes], watched: Path, beyond: int) -> int:
    """SIGKILL `process` as soon as `watched` grows past `beyond` bytes; returns its size."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        seen = size(watched)
        if seen > beyond:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
            return seen
        if process.poll() is not None:
            stderr = process.stderr.read().decode() if process.stderr else ""
            pytest.fail(f"the write finished before {watched.name} passed {beyond} bytes: {stderr}")
        time.sleep(0.005)
    pytest.fail(f"{watched.name} never passed {beyond} bytes")


def check_clean(db: Path) -> int:
    """Assert the file is sound; return how many companies it holds."""
    with contextlib.closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        companies = int(conn.execute("SELECT count(*) FROM companies").fetchone()[0])
    return companies


def check_next_start(db: Path) -> None:
    result = run(db, "today")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith("Wed 25 Nov 2026:")


@pytest.mark.parametrize("beyond_mb", [2, 12])
def test_demo_killed_while_writing_leaves_nothing_half_written(
    tmp_path: Path, beyond_mb: int
) -> None:
    db = tmp_path / "followup.db"
    with started(db, "demo", "--applications", str(BIG)) as process:
        seen = kill_when(process, db.with_name("followup.db-wal"), beyond_mb * 1_000_000)
    assert process.returncode == -signal.SIGKILL
    assert seen > beyond_mb * 1_000_000
    assert check_clean(db) in (0, BIG_COMPANIES)
    check_next_start(db)
    # The interrupted write can simply be run again.
    assert run(db, "demo", "--applications", "12", "--reset").returncode == 0
    assert check_clean(db) == SMALL_COMPANIES


def test_demo_force_killed_while_writing_keeps_the_old_data(tmp_path: Path) -> None:
    db = tmp_path / "followup.db"
    assert run(db, "demo", "--applications", "12").returncode == 0
    with contextlib.closing(sqlite3.connect(db)) as conn:
        before = {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("companies", "applications", "contacts", "touches", "interviews")
        }
    with started(db, "demo", "--applications", str(BIG), "--reset") as process:
        kill_when(process, db.with_name("followup.db-wal"), 8_000_000)
    assert check_clean(db) in (SMALL_COMPANIES, BIG_COMPANIES)
    with contextlib.closing(sqlite3.connect(db)) as conn:
        after = {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in before
        }
    # SIGKILL came long before the end of a 10,000-application build: the old data stands.
    assert after == before
    check_next_start(db)


def test_killed_while_checkpointing_keeps_the_whole_committed_write(tmp_path: Path) -> None:
    """After the commit, closing copies the log into the file; a kill there loses nothing."""
    db = tmp_path / "followup.db"
    with started(db, "demo", "--applications", "1500") as process:
        # The main file grows only once the log is copied into it, after the commit.
        kill_when(process, db, 2_000_000)
    check_clean(db)
    with contextlib.closing(sqlite3.connect(db)) as conn:
        applications = conn.execute("SELECT count(*) FROM applications").fetchone()[0]
    assert applications == 1500
    check_next_start(db)


def _applications_csv(rows: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["company", "role", "stage", "applied", "response_by", "url", "notes"])
    for i in range(rows):
        writer.writerow(
            [
                f"Company {i:05d}",
                "Data Engineer",
                "applied",
                "2026-11-02",
                "",
                f"https://jobs.example.com/{i}",
                "imported",
            ]
        )
    return out.getvalue().encode()


def test_import_killed_while_writing_leaves_whole_records_and_a_rerun_finishes(
    tmp_path: Path,
) -> None:
    db = tmp_path / "followup.db"
    help_text = run(db, "import", "csv", "--help")
    if help_text.returncode != 0:
        pytest.skip("this version has no `followup import csv`")
    rows = 40_000
    source = tmp_path / "applications.csv"
    source.write_bytes(_applications_csv(rows))
    # The schema exists before the import starts (`today` would not create the file).
    assert run(db, "settings", "user_name", "Ada Lovelace").returncode == 0
    with started(db, "import", "csv", str(source)) as process:
        kill_when(process, db.with_name("followup.db-wal"), 3_000_000)
    assert 0 <= check_clean(db) <= rows
    # Imports write in batches of whole records: every company has its application, whole.
    with contextlib.closing(sqlite3.connect(db)) as conn:
        assert conn.execute(
            "SELECT count(*) FROM companies co LEFT JOIN applications a ON a.company_id = co.id "
            "WHERE a.id IS NULL OR a.url IS NULL OR a.notes IS NULL OR a.applied_on IS NULL"
        ).fetchone() == (0,)
    check_next_start(db)
    rerun = run(db, "import", "csv", str(source))
    assert rerun.returncode == 0, rerun.stderr
    assert check_clean(db) == rows

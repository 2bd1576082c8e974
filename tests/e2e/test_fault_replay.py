"""Two dashboards in tmux and a command-line loop on one database for a minute.

Each actor presses or runs what a clumsy user would: done, undo, snooze, skip, edits,
deletes, adds, imports, stage changes. Every write is an entry of the stored history (source,
session, the rows it wrote), which is the actors' log. At the end the file must be sound,
no action may hold two done touches, and the database must equal the first copy with the
logged changes that were not undone replayed on it: nothing lost, nothing attached to
another record, nothing written that no log holds.
"""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from followup_tui.db import ACTIVITY_COLUMNS, DATA_TABLES
from tests.e2e.test_dashboard import FOLLOWUP, TODAY, Tmux, dashboard_env, needs_tmux

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SECONDS = 60.0
DASHBOARD_KEYS = [
    ["d"],
    ["d"],
    ["u"],
    ["u"],
    ["s"],
    ["x"],
    ["j"],
    ["j", "j"],
    ["k"],
    ["1"],
    ["2", "j", "e", "End", " (edited)", "C-s"],
    ["3", "j", "e", "End", " jr", "C-s"],
    ["3", "j", "j", "D", "y"],
    ["2", "j", "j", "j", "D", "y"],
    ["2", "j", ">"],
    ["escape"],
]


def cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [FOLLOWUP, "--db", str(db), "--today", TODAY, *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def cli_step(db: Path, rng: random.Random, log: list[tuple[str, int]]) -> None:
    """One command a person would type, logged with its exit code."""
    choice = rng.randrange(9)
    if choice == 8:
        sheet = db.with_name(f"import-{len(log)}.csv")
        lines = ["company,role,url"] + [
            f"Import Co {rng.randrange(30)},Role {rng.randrange(5)},https://jobs.example/{n}"
            for n in range(rng.randrange(5, 40))
        ]
        sheet.write_text("\n".join(lines) + "\n")
        log.append((f"import csv {sheet.name}", cli(db, "import", "csv", str(sheet)).returncode))
        return
    if choice in (0, 1):
        keys = [a["key"] for a in json.loads(cli(db, "today", "--json").stdout or "[]")]
        if keys:
            verb = rng.choice(["done", "done", "snooze", "skip"])
            args = [verb, rng.choice(keys[:5])]
        else:
            args = ["add", "company", "--name", f"Cli Co {rng.randrange(10**6)}"]
    elif choice == 2:
        args = [
            "add",
            "contact",
            "--name",
            f"Cli Person {rng.randrange(10**6)}",
            "--company",
            rng.choice(["Northbeam", f"Cli Co {rng.randrange(10)}"]),
        ]
    elif choice == 3:
        args = ["add", "message", "--contact", str(rng.randrange(1, 12)), "--at", TODAY]
    elif choice == 4:
        args = ["stage", str(rng.randrange(1, 12)), rng.choice(["screening", "interviewing"])]
    else:
        args = ["undo"]
    log.append((" ".join(args), cli(db, *args).returncode))


def data(conn: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows without the columns triggers derive."""
    result = {}
    for table in DATA_TABLES:
        columns = [
            row[1]
            for row in conn.execute(f"PRAGMA table_info({table})")
            if row[1] not in ACTIVITY_COLUMNS.get(table, ())
        ]
        result[table] = conn.execute(
            f"SELECT {', '.join(columns)} FROM {table} ORDER BY {', '.join(columns)}"
        ).fetchall()
    return result


def replay(first: Path, changes: list[dict[str, Any]]) -> dict[str, list[tuple[Any, ...]]]:
    """The first copy with each logged change that stands applied, row by row (on a copy
    of the copy: `first` itself stays as it was)."""
    scratch = first.with_name(first.name + ".replay")
    shutil.copy(first, scratch)
    conn = sqlite3.connect(scratch)
    conn.execute("PRAGMA foreign_keys = OFF")  # the log holds the cascades as rows of their own
    keys = {
        table: [
            r[1]
            for r in sorted(conn.execute(f"PRAGMA table_info({table})"), key=lambda r: r[5])
            if r[5]
        ]
        for table in DATA_TABLES
    }
    for change in changes:
        for op in change["ops"]:
            table = op["table"]
            where = " AND ".join(f"{name} = ?" for name in keys[table])
            if op["op"] == "insert":
                row = op["row"]
                marks = ", ".join("?" for _ in row)
                conn.execute(
                    f"INSERT INTO {table} ({', '.join(row)}) VALUES ({marks})", list(row.values())
                )
            elif op["op"] == "delete":
                conn.execute(f"DELETE FROM {table} WHERE {where}", op["key"])
            else:
                sets = ", ".join(f"{c} = ?" for c in op["new"])
                conn.execute(
                    f"UPDATE {table} SET {sets} WHERE {where}", [*op["new"].values(), *op["key"]]
                )
    conn.commit()
    try:
        return data(conn)
    finally:
        conn.close()


@needs_tmux
def test_two_dashboards_and_a_cli_loop_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    assert cli(db, "demo").returncode == 0
    first = tmp_path / "first.db"
    shutil.copy(db, first)
    rng = random.Random(20261203)
    dashboards = [
        Tmux([FOLLOWUP, "--db", str(db), "--today", TODAY], dashboard_env(tmp_path / f"d{n}"))
        for n in range(2)
    ]
    log: list[tuple[str, int]] = []
    try:
        for tmux in dashboards:
            tmux.wait_for(lambda s: "Today (" in s and "Quit" in s)
        deadline = time.monotonic() + SECONDS
        while time.monotonic() < deadline:
            for tmux in dashboards:
                tmux.keys(*rng.choice(DASHBOARD_KEYS))
            cli_step(db, rng, log)
        # A key sequence may have stopped in a form or a dialog: close what is open, then quit.
        stop = time.monotonic() + 30
        while not all(t.dead() for t in dashboards) and time.monotonic() < stop:
            for tmux in dashboards:
                if not tmux.dead():
                    tmux.keys("escape")
                    tmux.keys("n")  # "No" to a confirmation
                    tmux.keys("escape")
                    tmux.keys("q")
            time.sleep(2)
        assert all(t.dead() for t in dashboards), [t.screen() for t in dashboards]
    finally:
        for tmux in dashboards:
            tmux.close()
    # A traceback would be a failed command, not a refusal: every exit is 0 or 1.
    assert all(code in (0, 1) for _, code in log), log
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        doubled = conn.execute(
            "SELECT action_key, count(*) FROM touches WHERE action_key IS NOT NULL "
            "GROUP BY action_key HAVING count(*) > 1"
        ).fetchall()
        assert doubled == []
        rows = conn.execute("SELECT source, payload, undone_at FROM changes ORDER BY id").fetchall()
        final = data(conn)
    finally:
        conn.close()
    sources = {source for source, _, _ in rows}
    assert sources == {"cli", "dashboard"}, sources  # both kinds of actor wrote
    assert any(undone for _, _, undone in rows)  # and some of it was undone
    standing = [{"ops": json.loads(payload)} for _, payload, undone in rows if undone is None]
    print(
        f"{len(log)} commands ({sum(code == 0 for _, code in log)} ok); {len(rows)} changes: "
        + ", ".join(f"{s} {sum(r[0] == s for r in rows)}" for s in sorted(sources))
        + f"; {sum(1 for r in rows if r[2])} undone"
    )
    assert replay(first, standing) == final

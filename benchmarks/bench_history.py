"""What the undo history costs: `d` (record_done) with and without the journal, an undo, and
converting an older file's ids to AUTOINCREMENT, on a 10,000-application database.

Run by hand: `python benchmarks/bench_history.py [--db FILE] [--presses N]`. With `--old FILE`
(a database written before the history existed), it also times the one-time upgrade on open.
Reports medians of in-process times in milliseconds, the two kinds of `d` alternating.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import pendulum

from followup_tui import playbook
from followup_tui.db import open_db
from followup_tui.demo import build_demo
from followup_tui.store import Store

TODAY = pendulum.Date(2026, 11, 25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, help="a 10,000-application demo database to reuse")
    parser.add_argument("--old", type=Path, help="a database from before the history")
    parser.add_argument("--presses", type=int, default=40)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="followup-bench-"))
    db = folder / "bench.db"
    if args.db:
        shutil.copy(args.db, db)
    else:
        store = Store(open_db(db))
        build_demo(store, TODAY, applications=10_000)
        store.conn.close()
    store = Store(open_db(db))
    actions = [a for a in playbook.actions(store.playbook_state(TODAY), TODAY) if a.held is None]
    plain: list[float] = []
    journaled: list[float] = []
    undo: list[float] = []
    for index, action in enumerate(actions[: 2 * args.presses]):
        started = time.perf_counter()
        if index % 2:
            with store.recording("done") as change:
                store.record_done(action)
            journaled.append(time.perf_counter() - started)
            started = time.perf_counter()
            assert change.change_id is not None
            store.undo_change(change.change_id)
            undo.append(time.perf_counter() - started)
        else:
            store.record_done(action)
            plain.append(time.perf_counter() - started)
    ms = lambda values: f"{statistics.median(values) * 1000:.2f} ms"  # noqa: E731
    print(f"d without the journal: median {ms(plain)} over {len(plain)}")
    print(f"d as one recorded change: median {ms(journaled)} over {len(journaled)}")
    print(f"undo of that change: median {ms(undo)}")
    print(f"ratio recorded / plain: {statistics.median(journaled) / statistics.median(plain):.2f}x")
    if args.old:
        copies = []
        for n in range(3):
            copy = folder / f"old{n}.db"
            shutil.copy(args.old, copy)
            started = time.perf_counter()
            open_db(copy).close()
            copies.append(time.perf_counter() - started)
            started = time.perf_counter()
            open_db(copy).close()
            copies.append(-(time.perf_counter() - started))
        first = [t for t in copies if t > 0]
        later = [-t for t in copies if t < 0]
        print(f"opening an older file the first time (upgrade): median {ms(first)}")
        print(f"opening it again: median {ms(later)}")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Property: whatever two programs write and undo, the file equals its first state with the
standing history replayed, and undoing everything that may be undone gives the first state."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

import pendulum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup_tui.db import open_db
from followup_tui.demo import build_demo
from followup_tui.models import Direction, Stage
from followup_tui.store import Store, UndoRefused
from tests import TODAY
from tests.e2e.test_fault_replay import data, replay

NOW = pendulum.datetime(2026, 11, 25, 9, 0, tz="UTC")
_TEMPLATE: list[Path] = []


def template() -> Path:
    """One demo file, built once and copied for every example."""
    if not _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="followup-history-"))
        store = Store(open_db(folder / "demo.db"), now=NOW)
        build_demo(store, TODAY)
        store.conn.close()
        _TEMPLATE.append(folder / "demo.db")
    return _TEMPLATE[0]


step = st.one_of(
    st.tuples(st.just("add_contact"), st.integers(0, 1), st.integers(0, 3)),
    st.tuples(st.just("title"), st.integers(0, 1), st.integers(1, 8), st.text(max_size=5)),
    st.tuples(st.just("touch"), st.integers(0, 1), st.integers(1, 8)),
    st.tuples(st.just("stage"), st.integers(0, 1), st.integers(1, 8), st.sampled_from(Stage)),
    st.tuples(st.just("delete"), st.integers(0, 1), st.integers(1, 8)),
    st.tuples(st.just("skip"), st.integers(0, 1), st.integers(1, 8)),
    st.tuples(st.just("undo"), st.integers(0, 1), st.integers(0, 5)),
)


@settings(
    max_examples=int(os.environ.get("FOLLOWUP_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(step, min_size=1, max_size=25))
def test_history_replays_to_the_file_and_undoes_to_the_start(
    steps: list[tuple[object, ...]],
) -> None:
    folder = Path(tempfile.mkdtemp(prefix="followup-history-"))
    try:
        path = folder / "shared.db"
        shutil.copy(template(), path)
        first = folder / "first.db"
        shutil.copy(template(), first)
        stores = [Store(open_db(path), now=NOW), Store(open_db(path), now=NOW, source="dashboard")]
        made: list[list[int]] = [[], []]
        for kind, who, *args in steps:
            store = stores[int(who)]  # type: ignore[call-overload]
            try:
                with store.recording(str(kind)) as change:
                    if kind == "add_contact":
                        store.add_contact(f"P{args[0]}", company=f"Co {args[0]}")
                    elif kind == "title":
                        store.conn.execute(
                            "UPDATE contacts SET title = ? WHERE id = ?", [args[1], args[0]]
                        )
                    elif kind == "touch":
                        store.log_touch(int(args[0]), Direction.IN, NOW, "call", None)  # type: ignore[call-overload]
                    elif kind == "stage":
                        store.set_stage(int(args[0]), args[1])  # type: ignore[arg-type, call-overload]
                    elif kind == "delete":
                        store.delete("contacts", int(args[0]))  # type: ignore[call-overload]
                    elif kind == "skip":
                        store.skip(f"li-{args[0]}")
                if change.change_id is not None:
                    made[int(who)].append(change.change_id)  # type: ignore[call-overload]
            except (LookupError, ValueError):
                pass  # a row another step deleted: refused, nothing written
            if kind == "undo" and made[int(who)]:  # type: ignore[call-overload]
                target = made[int(who)][-1 - int(args[0]) % len(made[int(who)])]  # type: ignore[call-overload]
                with contextlib.suppress(UndoRefused):
                    store.undo_change(target)
        reader = stores[0].conn
        rows = reader.execute("SELECT payload, undone_at FROM changes ORDER BY id").fetchall()
        import json

        standing = [{"ops": json.loads(p)} for p, undone in rows if undone is None]
        assert replay(first, standing) == data(reader)
        # Undo everything still standing, newest first: each is allowed, and the start is back.
        for (change_id,) in reader.execute(
            "SELECT id FROM changes WHERE undone_at IS NULL ORDER BY id DESC"
        ).fetchall():
            stores[0].undo_change(change_id)
        start = Store(open_db(first)).conn
        assert data(reader) == data(start)
        for store in stores:
            store.conn.close()
        start.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)

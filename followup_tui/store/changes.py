"""What a change of the undo history is: its row operations, their keys and their checks.

A change's payload is a JSON list of operations, oldest first, each naming a table and the
key of a row: `insert` (with the row), `update` (the columns it set: `old` and `new`) or
`delete` (with the row as it was). journal.py records and undoes them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from followup_tui.db import DATA_TABLES


class UndoRefused(ValueError):
    """An undo that would reverse more, or less, than its change wrote; says why."""


Key = tuple[str, tuple[Any, ...]]


@dataclass
class Recording:
    """What a `recording` block is writing: its label may be set until the block ends."""

    label: str
    change_id: int | None = None


@dataclass(frozen=True)
class Change:
    """One entry of the history."""

    id: int
    at: str
    source: str
    session: str
    label: str
    undone_at: str | None
    ops: tuple[dict[str, Any], ...] = field(repr=False)

    def keys(self) -> set[Key]:
        return {key_of(op) for op in self.ops}

    def summary(self) -> dict[str, int]:
        """How many rows it created, changed and removed."""
        counts = {"insert": 0, "update": 0, "delete": 0}
        for op in self.ops:
            counts[op["op"]] += 1
        return counts


def key_of(op: dict[str, Any]) -> Key:
    return (op["table"], tuple(op["key"]))


def check_ops(change: Change, columns: dict[str, list[str]]) -> None:
    """Refuse a payload that names tables or columns the schema lacks (a hand-edited dump)."""
    for op in change.ops:
        known = columns.get(op.get("table", ""), [])
        names = [*op.get("row", {}), *op.get("new", {}), *op.get("old", {})]
        if (
            op.get("op") not in ("insert", "update", "delete")
            or not known
            or not all(name in known for name in names)
        ):
            raise UndoRefused(f"change #{change.id} is not one this version can undo")


def check_payload(text: str) -> None:
    """ValueError unless `text` is a change's payload: a JSON list of row operations."""
    ops = json.loads(text)
    if not isinstance(ops, list):
        raise ValueError("not a list of row operations")
    for op in ops:
        if not (
            isinstance(op, dict)
            and op.get("op") in ("insert", "update", "delete")
            and op.get("table") in DATA_TABLES
            and isinstance(op.get("key"), list)
            and (op["op"] == "update") == ("new" in op and "old" in op)
            and all(isinstance(op.get(k, {}), dict) for k in ("row", "old", "new"))
            and (op["op"] == "update" or isinstance(op.get("row"), dict))
        ):
            raise ValueError("not a list of row operations")


def cancel_rewrites(ops: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop a row deleted and inserted again as it was (links rewritten by an edit)."""
    kept: list[dict[str, Any] | None] = list(ops)
    deleted: dict[Key, int] = {}
    for index, op in enumerate(ops):
        key = key_of(op)
        if op["op"] == "delete":
            deleted[key] = index
        elif op["op"] == "insert" and key in deleted:
            earlier = deleted.pop(key)
            if ops[earlier]["row"] == op["row"]:
                kept[earlier] = kept[index] = None
        elif op["op"] == "update":
            deleted.pop(key, None)
    return [op for op in kept if op is not None]


def json_row(alias: str, columns: Sequence[str]) -> str:
    return "json_object(" + ", ".join(f"'{c}', {alias}.{c}" for c in columns) + ")"


def inverse(op: str) -> str:
    return {"insert": "delete", "delete": "insert", "update": "update"}[op]


def where_from(source: str) -> str:
    return "dashboard" if source == "dashboard" else "command line"


def row_name(op: dict[str, Any]) -> str:
    table, key = op["table"], op["key"]
    return f"{table} {'/'.join(str(k) for k in key)}"

"""Fuzzing the importers: any file gives a Summary or TransferError, never half an import.

Random bytes, random CSV under each header the importers recognise, and random damage to a
real dump. After a refusal every table holds what it held; after an import the rows added
are exactly the ones the summary counts.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from followup_tui.db import open_db
from followup_tui.demo import build_demo
from followup_tui.models import LinkedInState
from followup_tui.store import Store
from followup_tui.transfer import (
    Summary,
    TransferError,
    dump_json,
    import_applications,
    import_linkedin,
    load_json,
)
from tests import NOW, TODAY

FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

CONNECTIONS = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position"]
INVITATIONS = ["From", "To", "Sent At", "Message", "inviterProfileUrl", "inviteeProfileUrl"]
APPLICATIONS = ["stage", "applied", "response_by", "url", "notes", "id", "contacts"]

#: Cell text: anything, and the kinds of values the importers read specially.
CELLS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            "Acme, Inc.",
            "https://www.linkedin.com/in/Same-Person/?x=1",
            "https://uk.linkedin.com/in/same-person",
            "linkedin.com/in/%E2%9C%93",
            "08 Feb 2026",
            "1/29/26, 2:37 PM",
            "OUTGOING",
            "INCOMING",
            "applied",
            "wishlist",
            "2026-02-30",
            "+3d",
            "'=1+1",
            '"quoted"',
            "line\nbreak",
            "\x1b[31m",
            "\ufeff",
        ]
    ),
)


def seeded() -> Store:
    """A database with a little of everything an import could match or collide with."""
    store = Store(open_db(":memory:"), now=NOW)
    store.add_application("Acme, Inc.", "applied")
    store.add_contact("Same Person", company="acme, inc.")
    store.add_contact("A B", linkedin_url="https://www.linkedin.com/in/same-person")
    store.add_contact("Connected One", linkedin_state=LinkedInState.CONNECTED)
    return store


def counts(store: Store) -> dict[str, int]:
    return {
        t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in store.data_tables()
    }


def outcome(store: Store, run: Callable[[], Summary], table: str) -> None:
    """The one property: a Summary whose additions are the new rows, or nothing changed."""
    before = counts(store)
    snapshot = dump_json(store)
    try:
        summary = run()
    except TransferError:
        event("refused")
        assert counts(store) == before
        assert dump_json(store) == snapshot
        return
    event(f"imported {summary.kind}" + (", rows added" if summary.added else ""))
    assert summary.skipped == len(summary.problems)
    assert all(line >= 1 for line, _ in summary.problems)
    if summary.dry_run:
        assert dump_json(store) == snapshot
    elif summary.kind in ("connections", "invitations", "applications"):
        assert counts(store)[table] == before[table] + summary.added


def linkedin(store: Store, data: bytes, dry_run: bool) -> Callable[[], Summary]:
    return lambda: import_linkedin(store, data, dry_run=dry_run, name="fuzz.csv")


def applications(store: Store, data: bytes, dry_run: bool) -> Callable[[], Summary]:
    return lambda: import_applications(store, data, TODAY, dry_run=dry_run, name="fuzz.csv")


@FUZZ
@given(data=st.binary(max_size=600), dry_run=st.booleans())
def test_random_bytes(data: bytes, dry_run: bool) -> None:
    store = seeded()
    outcome(store, linkedin(store, data, dry_run), "contacts")
    outcome(store, applications(store, data, dry_run), "applications")
    outcome(store, lambda: load_json(store, data, dry_run=dry_run), "contacts")


def as_csv(
    header: list[str], rows: list[list[str]], preamble: bool, bom: bool, delimiter: str
) -> bytes:
    out = io.StringIO()
    if preamble:
        out.write('Notes:\n"When exporting your connection data, ..."\n\n')
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode()


@st.composite
def csv_files(draw: st.DrawFn, kind: str) -> bytes:
    if kind == "connections":
        extra = draw(st.lists(st.sampled_from(CONNECTIONS), unique=True))
        header = draw(st.permutations(["First Name", "Last Name", "Connected On", *extra]))
    elif kind == "invitations":
        extra = draw(st.lists(st.sampled_from(INVITATIONS), unique=True))
        header = draw(st.permutations(["From", "To", "Direction", *extra]))
    elif kind == "applications":
        extra = draw(st.lists(st.sampled_from(APPLICATIONS), unique=True))
        header = draw(st.permutations(["company", "role", *extra]))
    else:
        header = draw(st.lists(CELLS, max_size=6))
    # Mostly as wide as the header, sometimes short or too wide.
    width = st.just(len(header)) | st.integers(0, len(header) + 2)
    rows = draw(st.lists(width.flatmap(lambda n: st.lists(CELLS, min_size=n, max_size=n))))
    return as_csv(
        header,
        rows,
        preamble=draw(st.booleans()),
        bom=draw(st.booleans()),
        delimiter=draw(st.sampled_from([",", ",", ";"])),
    )


@FUZZ
@given(
    data=st.sampled_from(["connections", "invitations", "other"]).flatmap(csv_files),
    dry_run=st.booleans(),
)
def test_random_linkedin_csv(data: bytes, dry_run: bool) -> None:
    store = seeded()
    outcome(store, linkedin(store, data, dry_run), "contacts")
    # Importing the same file again adds nobody.
    before = counts(store)["contacts"]
    try:
        again = import_linkedin(store, data, name="fuzz.csv")
    except TransferError:
        return
    assert again.added == 0 or dry_run
    assert counts(store)["contacts"] == before + again.added


@FUZZ
@given(
    data=st.sampled_from(["applications", "other"]).flatmap(csv_files),
    dry_run=st.booleans(),
)
def test_random_applications_csv(data: bytes, dry_run: bool) -> None:
    store = seeded()
    outcome(store, applications(store, data, dry_run), "applications")


_DUMP_STORE = Store(open_db(":memory:"), now=NOW)
build_demo(_DUMP_STORE, TODAY, applications=3)
DUMP = json.loads(dump_json(_DUMP_STORE))
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | CELLS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=5,
)


@st.composite
def damaged_dumps(draw: st.DrawFn) -> bytes:
    document: dict[str, Any] = json.loads(json.dumps(DUMP))
    for _ in range(draw(st.integers(1, 3))):
        table = draw(
            st.sampled_from([t for t in _DUMP_STORE.data_tables() if document["tables"][t]])
        )
        rows = document["tables"][table]
        row = draw(st.sampled_from(rows))
        column = draw(st.sampled_from([*row, "extra"]))
        action = draw(st.sampled_from(["set", "delete", "drop-row", "duplicate-row"]))
        if action == "set":
            row[column] = draw(JSON_VALUES)
        elif action == "delete":
            row.pop(column, None)
        elif action == "drop-row":
            rows.remove(row)
        else:
            rows.append(dict(row))
    return json.dumps(document).encode()


@FUZZ
@given(data=damaged_dumps(), dry_run=st.booleans())
def test_damaged_dumps_load_whole_or_not_at_all(data: bytes, dry_run: bool) -> None:
    store = Store(open_db(":memory:"), now=NOW)
    try:
        summary = load_json(store, data, dry_run=dry_run)
    except TransferError:
        event("refused")
        assert sum(counts(store).values()) == 0
        return
    event("loaded")
    loaded = counts(store)
    if dry_run:
        assert sum(loaded.values()) == 0
    else:
        assert loaded == summary.by_table

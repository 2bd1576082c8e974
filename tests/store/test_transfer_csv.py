"""Applications in from CSV, applications out as CSV, and the formula guard between them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pendulum
import pytest

from followup_tui.db import open_db
from followup_tui.demo import build_demo
from followup_tui.models import Stage
from followup_tui.store import Store
from followup_tui.transfer import (
    Summary,
    TransferError,
    dump_json,
    export_csv,
    guard_cell,
    import_applications,
    template,
)
from followup_tui.transfer.exports import CSV_COLUMNS
from tests import FIXTURES_ROOT, NOW, TODAY

FIXTURES = FIXTURES_ROOT / "csv"


def load(store: Store, source: Path | bytes, dry_run: bool = False) -> Summary:
    return import_applications(store, source, TODAY, dry_run=dry_run, name="apps.csv")


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_the_template_imports(store: Store) -> None:
    text = template()
    assert text.splitlines()[0] == "company,role,stage,applied,response_by,url,notes"
    summary = load(store, text.encode())
    assert (summary.added, summary.skipped) == (1, 0)
    [app] = store.all_applications()
    assert (app.company, app.role, app.stage) == (
        "Northwind Analytics",
        "Data Engineer",
        Stage.APPLIED,
    )
    assert app.response_by == pendulum.Date(2026, 11, 24)


def test_rows_are_validated_and_reported_by_line(store: Store) -> None:
    summary = load(store, FIXTURES / "applications.csv")
    assert (summary.added, summary.merged, summary.unchanged, summary.skipped) == (3, 0, 1, 4)
    reasons = dict(summary.problems)
    assert sorted(reasons) == [6, 7, 8, 9]
    assert reasons[6].startswith("unknown stage 'hired': use one of wishlist, applied")
    assert reasons[7].startswith("applied: can't read the date 'next thursday-ish'")
    assert reasons[8] == "no company"
    assert reasons[9] == "no role"
    apps = {app.role: app for app in store.all_applications()}
    kite = apps["Platform Engineer"]
    assert kite.company == "Kite, Larch & Partners"
    assert kite.stage is Stage.INTERVIEWING
    assert kite.notes == "Two rounds so far,\nnext one on site"
    assert apps["Staff Engineer"].applied_on is None  # a wishlist entry: not applied yet
    # Line 11 named line 2's application again: its URL was already there, so it stays.
    assert apps["Data Engineer"].url == "https://jobs.example.com/1"
    assert apps["Data Engineer"].stage is Stage.APPLIED
    # A skipped row creates no company.
    assert store.company_by_name("Quill Payments") is None


def test_semicolons_and_a_byte_order_mark(store: Store) -> None:
    summary = load(store, FIXTURES / "applications_semicolon.csv")
    assert (summary.added, summary.skipped) == (2, 0)
    companies = sorted(app.company for app in store.all_applications())
    assert companies == ["Umber Media; Europe", "Zephyr Cloud"]


def test_importing_twice_changes_nothing_and_merge_fills_gaps(store: Store) -> None:
    load(store, FIXTURES / "applications.csv")
    before = dump_json(store)
    again = load(store, FIXTURES / "applications.csv")
    assert (again.added, again.merged, again.unchanged) == (0, 0, 4)
    assert dump_json(store) == before
    more = b"company,role,url,notes\nBLUEFIN ROBOTICS,staff engineer,https://jobs.example.com/b,\n"
    merged = load(store, more)
    assert (merged.added, merged.merged) == (0, 1)
    assert {a.role: a.url for a in store.all_applications()}["Staff Engineer"] == (
        "https://jobs.example.com/b"
    )


def test_dry_run_writes_nothing(store: Store) -> None:
    before = dump_json(store)
    preview = load(store, FIXTURES / "applications.csv", dry_run=True)
    assert preview.added == 3 and preview.dry_run
    assert dump_json(store) == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "has no header"),
        (b"Northwind,Data Engineer,applied\n", "has no header"),
        (b"company,role,salary\nA,B,100\n", "unknown column 'salary'"),
        (b'company,role\n"A,B\n', "not valid CSV"),
        (b"\xff\xfec\x00o\x00", "binary data"),
        (b"company,r\xf4le\n", "not UTF-8"),
    ],
)
def test_structural_errors_import_nothing(store: Store, data: bytes, message: str) -> None:
    store.add_application("Existing", "Role")
    before = dump_json(store)
    with pytest.raises(TransferError, match=message):
        load(store, data)
    assert dump_json(store) == before


# --- export csv -------------------------------------------------------------------------------


def test_export_has_history_and_contacts() -> None:
    store = Store(open_db(":memory:"), now=NOW)
    build_demo(store, TODAY)
    exported = rows(export_csv(store))
    assert list(exported[0]) == list(CSV_COLUMNS)
    assert len(exported) == len(store.all_applications())
    first = exported[0]
    assert first["stage_history"].split("; ")[0].endswith(" applied")
    assert first["contacts"] and "(" in first["contacts"]


@pytest.mark.parametrize(
    ("value", "guarded"),
    [
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+1 555 0100", "'+1 555 0100"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Acme = good", "Acme = good"),
        ("", ""),
        (None, ""),
        (12, "12"),
    ],
)
def test_formula_guard(value: object, guarded: str) -> None:
    assert guard_cell(value) == guarded


def test_export_guards_formulas_and_import_takes_them_back(store: Store) -> None:
    store.add_application(
        "=cmd|' /C calc'!A0", "@Engineer", notes="-5 on the offer\nsecond line", url="+x"
    )
    text = export_csv(store)
    [row] = rows(text)
    assert row["company"] == "'=cmd|' /C calc'!A0"
    assert row["role"] == "'@Engineer"
    assert row["notes"] == "'-5 on the offer\nsecond line"
    assert row["url"] == "'+x"
    # The export is itself an import file: the guard comes off again.
    other = Store(open_db(":memory:"), now=NOW)
    summary = import_applications(other, text.encode(), TODAY, name="export.csv")
    assert summary.added == 1
    [app] = other.all_applications()
    assert (app.company, app.role, app.notes, app.url) == (
        "=cmd|' /C calc'!A0",
        "@Engineer",
        "-5 on the offer\nsecond line",
        "+x",
    )


def test_an_export_imports_into_another_database() -> None:
    source = Store(open_db(":memory:"), now=NOW)
    build_demo(source, TODAY, applications=40)
    target = Store(open_db(":memory:"), now=NOW)
    summary = import_applications(target, export_csv(source).encode(), TODAY, name="x.csv")
    assert summary.skipped == 0

    def shape(store: Store) -> list[tuple[object, ...]]:
        return sorted(
            (a.company, a.role, a.stage, a.applied_on, a.response_by, a.url, a.notes)
            for a in store.all_applications()
        )

    # Duplicate (company, role) pairs in the source merge into one in the target.
    assert set(shape(target)) <= set(shape(source))
    assert {(a[0], a[1]) for a in shape(target)} == {(a[0], a[1]) for a in shape(source)}

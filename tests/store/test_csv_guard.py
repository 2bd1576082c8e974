"""The CSV formula guard: export adds exactly one quote where a spreadsheet would see a
formula, import takes exactly that quote off, so any text comes back as it was."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup_tui.db import open_db
from followup_tui.store import Store
from followup_tui.transfer import export_csv, guard_cell, import_applications
from tests import NOW, TODAY

#: Text a CSV file can carry: anything but NUL (an import refuses binary data) and lone
#: surrogates (not UTF-8).
CELL = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"),
    max_size=30,
)
#: Cells built to hit the guard: runs of quotes before formula characters.
TRICKY = st.lists(st.sampled_from(["'", "=", "+", "-", "@", "\t", "\r", "\n", " ", "a"])).map(
    "".join
)


@pytest.mark.parametrize(
    ("value", "guarded"),
    [
        ("'=already", "''=already"),
        ("'+1", "''+1"),
        ("''-x", "'''-x"),
        ("'\tx", "''\tx"),
        ("'plain", "'plain"),
        ("it's", "it's"),
        ("=x", "'=x"),
    ],
)
def test_a_quote_before_a_formula_is_guarded_too(value: str, guarded: str) -> None:
    assert guard_cell(value) == guarded


def _through_csv(cells: list[str]) -> list[str]:
    out = io.StringIO()
    csv.writer(out).writerow([guard_cell(cell) for cell in cells])
    [row] = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    from followup_tui.transfer.applications_csv import _unguard

    return [_unguard(cell) for cell in row]


@given(st.lists(st.one_of(CELL, TRICKY), min_size=1, max_size=5))
def test_any_cell_survives_the_guard_and_the_unguard(cells: list[str]) -> None:
    assert _through_csv(cells) == cells


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(CELL, TRICKY), st.one_of(CELL, TRICKY))
def test_export_then_import_gives_back_the_notes_and_link(notes: str, url: str) -> None:
    # Import trims each cell, and an empty cell is no value: give it text that is neither.
    notes, url = notes.strip() or "x", url.strip() or "y"
    source = Store(open_db(":memory:"), now=NOW)
    source.add_application("Acme", "Engineer", notes=notes, url=url)
    target = Store(open_db(":memory:"), now=NOW)
    summary = import_applications(target, export_csv(source).encode(), TODAY, name="x.csv")
    assert (summary.added, summary.skipped) == (1, 0), summary.problems
    [app] = target.all_applications()
    assert (app.notes, app.url) == (notes, url)

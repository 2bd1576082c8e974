"""Applications from a CSV file (a spreadsheet tracker, or `followup export csv`).

Columns are matched by name, in any order and case (`Response By` = `response_by`); only
`company` and `role` are required. The columns `export csv` adds (`id`, `stage_history`,
`contacts`) are accepted and ignored, so an export can be imported into another database.
Any other column is refused rather than silently dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from pendulum import Date

from followup_tui.dates import DateParseError, parse_day
from followup_tui.models import Stage, date_text
from followup_tui.store import Store
from followup_tui.transfer.base import (
    Progress,
    Summary,
    TransferError,
    blank,
    decode,
    read_source,
    records,
    run_batched,
)

#: (column, what it holds) in template order.
COLUMNS = (
    ("company", "the company's name (required; matched to existing companies in any case)"),
    ("role", "the job title (required)"),
    ("stage", "one of " + ", ".join(s.value for s in Stage) + " (empty: applied)"),
    ("applied", "the day you applied, YYYY-MM-DD (empty: today, unless the stage is wishlist)"),
    ("response_by", "the day they said they would answer, YYYY-MM-DD"),
    ("url", "the job posting"),
    ("notes", "anything else; may span lines inside quotes"),
)
#: What `export csv` writes besides the columns above.
EXPORT_ONLY = ("id", "stage_history", "contacts")
TEMPLATE_ROWS = (
    tuple(name for name, _ in COLUMNS),
    (
        "Northwind Analytics",
        "Data Engineer",
        "applied",
        "2026-11-10",
        "2026-11-24",
        "https://jobs.example.com/northwind/123",
        "Referred by Jane Doe",
    ),
)
#: Spreadsheets in many locales save CSV with semicolons; tab-separated text is common too.
DELIMITERS = (",", ";", "\t")
#: A cell `export csv` guarded with a leading quote (see exports.guard_cell): a quote, then
#: any more quotes, then a character that starts a formula.
_GUARDED = re.compile(r"''*[=+\-@\t\r]")
#: Empty header cells are allowed: spreadsheets leave them after the last column.
_KNOWN = {name for name, _ in COLUMNS} | set(EXPORT_ONLY) | {""}


def template() -> str:
    """The header and one example row, as CSV text."""
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(TEMPLATE_ROWS)
    return out.getvalue()


def _column(cell: str) -> str:
    return re.sub(r"[\s_-]+", "_", cell.replace("\ufeff", "").strip().casefold())


def _header(text: str, name: str) -> tuple[dict[str, int], list[tuple[int, list[str]]]]:
    """The header's columns (name: index) and the records after it.

    The first line that isn't blank must be the header; the delimiter is the one that makes
    it name both company and role.
    """
    not_csv: TransferError | None = None
    for delimiter in DELIMITERS:
        rows = records(text, name, delimiter)
        try:
            line, row = next(((n, r) for n, r in rows if not blank(r)), (0, []))
        except TransferError as error:
            not_csv = not_csv or error
            continue
        columns = [_column(cell) for cell in row]
        if "company" not in columns or "role" not in columns:
            continue
        unknown = [cell for cell, column in zip(row, columns, strict=True) if column not in _KNOWN]
        if unknown:
            raise TransferError(
                f"{name}: line {line}: unknown column {unknown[0].strip()!r}; the columns are "
                f"{', '.join(n for n, _ in COLUMNS)} (`followup import csv --template` prints "
                "an example)"
            )
        # The first of two same-named columns wins, as it would for a person reading it.
        index = {column: i for i, column in reversed(list(enumerate(columns)))}
        return index, list(rows)
    raise not_csv or TransferError(
        f"{name} has no header: its first line must name the columns, at least company and "
        "role (`followup import csv --template` prints an example)"
    )


def _unguard(text: str) -> str:
    """Take off exactly the one quote export's formula guard added: `''=x` gives `'=x`."""
    return text[1:] if _GUARDED.match(text) else text


def _day(text: str, column: str, today: Date) -> Date | None:
    if not text:
        return None
    try:
        return parse_day(text, today)
    except DateParseError as error:
        raise ValueError(f"{column}: {error}") from None


def _apps(store: Store) -> dict[tuple[int, str], list[int]]:
    found: dict[tuple[int, str], list[int]] = {}
    for app in store.all_applications():
        found.setdefault((app.company_id, app.role.casefold()), []).append(app.id)
    return found


def _rows(
    store: Store,
    summary: Summary,
    columns: dict[str, int],
    rows: Iterable[tuple[int, list[str]]],
    today: Date,
    existing: dict[tuple[int, str], list[int]] | None = None,
) -> None:
    """Merge `rows` into the store; `existing` is the index of applications kept across calls."""
    existing = _apps(store) if existing is None else existing
    for line, row in rows:
        if blank(row):
            continue

        def cell(column: str, row: list[str] = row) -> str:
            index = columns.get(column)
            return _unguard(row[index]).strip() if index is not None and index < len(row) else ""

        company, role = " ".join(cell("company").split()), " ".join(cell("role").split())
        if not company or not role:
            summary.skip(line, "no company" if not company else "no role")
            continue
        try:
            stage = Stage(cell("stage").lower() or "applied")
        except ValueError:
            summary.skip(
                line,
                f"unknown stage {cell('stage')!r}: use one of {', '.join(s.value for s in Stage)}",
            )
            continue
        try:
            applied = _day(cell("applied"), "applied", today)
            response_by = _day(cell("response_by"), "response_by", today)
        except ValueError as error:
            summary.skip(line, str(error))
            continue
        url, notes = cell("url"), cell("notes")
        found = store.company_by_name(company)
        same = existing.get((found.id, role.casefold()), []) if found else []
        if len(same) > 1:
            summary.skip(
                line, f"{len(same)} applications for {role} at {company}: can't tell which"
            )
        elif same:
            fill = {
                "applied_on": date_text(applied) if applied else "",
                "response_by": date_text(response_by) if response_by else "",
                "url": url,
                "notes": notes,
            }
            changed = store.fill_application(same[0], {k: v for k, v in fill.items() if v})
            if changed:
                summary.merged += 1
            else:
                summary.unchanged += 1
        else:
            app_id = store.add_application(
                company,
                role,
                stage,
                applied_on=applied,
                response_by=response_by,
                url=url or None,
                notes=notes or None,
            )
            key = (store.application(app_id).company_id, role.casefold())
            existing.setdefault(key, []).append(app_id)
            summary.added += 1


def import_applications(
    store: Store,
    source: Path | bytes,
    today: Date,
    *,
    dry_run: bool = False,
    name: str | None = None,
    progress: Progress | None = None,
) -> Summary:
    """Import applications from CSV in batches (see the module's rules).

    Raises TransferError, having written nothing, for a file without a usable header.
    """
    data, name = read_source(source, name)
    columns, rows = _header(decode(data, name), name)
    items = [(line, row) for line, row in rows if not blank(row)]

    def plan(target: Store) -> tuple[Summary, Callable[[tuple[int, list[str]]], None]]:
        summary = Summary(source=name, kind="applications")
        existing = _apps(target)

        def write(item: tuple[int, list[str]]) -> None:
            _rows(target, summary, columns, [item], today, existing)

        return summary, write

    return run_batched(store, dry_run, items, plan, progress)

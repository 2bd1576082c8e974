"""LinkedIn's data export (Connections.csv, Invitations.csv) merged into contacts.

Formats as LinkedIn writes them (see the README): a "Notes:" preamble may precede the header,
so the header is found by scanning for it; columns are mapped by name, because older exports
lack some (no `URL` before mid-2023, no profile URLs in invitations before late 2023).

Merge rules: a person is the `/in/<slug>` of their profile URL, else their name (and company);
an import fills what a contact lacks and never overwrites what is there, so importing the
same file again changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote

from pendulum import Date

from followup_tui.models import LinkedInState
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

CONNECTIONS_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
INVITATIONS_HEADER = "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl"
#: LinkedIn's preamble is three lines; a few dozen leaves room for variants without reading
#: a whole unrelated file in search of a header.
HEADER_SCAN = 50

_CONNECTIONS_NEEDS = {"first name", "last name", "connected on"}
_INVITATIONS_NEEDS = {"from", "to", "direction"}
_SLUG = re.compile(r"/in/([^/?#\s]+)", re.IGNORECASE)
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[ -]([a-z]{3})[a-z]*\.?[ -](\d{4})")
_SENT_AT = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})\b.*")


def profile_slug(url: str | None) -> str | None:
    """The person key of a LinkedIn profile URL: its `/in/<slug>`, decoded and lowercased."""
    if not url:
        return None
    found = _SLUG.search(url.strip())
    if not found:
        return None
    slug = unquote(found[1]).strip().lower()
    return slug or None


def profile_url(slug: str) -> str:
    """The canonical URL stored for a slug (query, fragment and country subdomain dropped)."""
    return f"https://www.linkedin.com/in/{quote(slug, safe='-._~')}"


def _date(year: int, month: int, day: int) -> Date | None:
    try:
        return Date(year, month, day)
    except ValueError:
        return None


def parse_connected_on(text: str) -> Date | None:
    """`08 Feb 2026` (English month names whatever the locale), or an ISO date; else None."""
    value = " ".join(text.split()).lower()
    if found := _DAY_MONTH_YEAR.fullmatch(value):
        month = _MONTHS.get(found[2])
        return _date(int(found[3]), month, int(found[1])) if month else None
    try:
        return Date.fromisoformat(value)
    except ValueError:
        return None


def parse_sent_at(text: str) -> Date | None:
    """The day of an invitation's `1/29/26, 2:37 PM` (month first, as LinkedIn writes it)."""
    found = _SENT_AT.fullmatch(text.strip())
    if not found:
        return None
    year = int(found[3])
    return _date(year + 2000 if year < 100 else year, int(found[1]), int(found[2]))


def _single_line(text: str) -> str:
    return " ".join(text.split())


def _key(name: str) -> str:
    return _single_line(name).casefold()


@dataclass
class _Table:
    """The records after the header, with the header's columns by normalised name."""

    kind: str
    columns: dict[str, int]
    width: int
    header: list[str]
    rows: list[tuple[int, list[str]]]

    def cell(self, row: list[str], column: str) -> str:
        index = self.columns.get(column)
        return row[index].strip() if index is not None and index < len(row) else ""


def _normalise(cell: str) -> str:
    return " ".join(cell.replace("\ufeff", "").strip().strip('"').split()).casefold()


def read_table(text: str, name: str) -> _Table:
    """Find the header (anywhere in the first lines) and tell the two files apart by it."""
    found: _Table | None = None
    for seen, (line, row) in enumerate(records(text, name)):
        if found is not None:
            found.rows.append((line, row))
            continue
        if seen >= HEADER_SCAN:
            break
        cells = [_normalise(cell) for cell in row]
        kind = (
            "connections"
            if set(cells) >= _CONNECTIONS_NEEDS
            else "invitations"
            if set(cells) >= _INVITATIONS_NEEDS
            else None
        )
        if kind:
            columns: dict[str, int] = {}
            for index, cell in enumerate(cells):
                columns.setdefault(cell, index)
            found = _Table(kind, columns, len(row), cells, [])
    if found is None:
        raise TransferError(
            f"{name} is not a LinkedIn export: no header found in its first {HEADER_SCAN} "
            f"lines (Connections.csv starts its table with {CONNECTIONS_HEADER}; "
            f"Invitations.csv with {INVITATIONS_HEADER})"
        )
    return found


@dataclass
class _People:
    """Existing contacts indexed the ways a LinkedIn row can name them, kept current."""

    store: Store
    by_slug: dict[str, int] = field(default_factory=dict)
    by_name: dict[str, list[int]] = field(default_factory=dict)
    slug_of: dict[int, str | None] = field(default_factory=dict)
    company_of: dict[int, int | None] = field(default_factory=dict)
    state_of: dict[int, LinkedInState] = field(default_factory=dict)
    companies: dict[str, int | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for contact in self.store.all_contacts():
            self.remember(
                contact.id,
                contact.name,
                profile_slug(contact.linkedin_url),
                contact.company_id,
                contact.linkedin_state,
            )

    def remember(
        self,
        contact_id: int,
        name: str,
        slug: str | None,
        company_id: int | None,
        state: LinkedInState,
    ) -> None:
        if slug:
            self.by_slug.setdefault(slug, contact_id)
        self.by_name.setdefault(_key(name), []).append(contact_id)
        self.slug_of[contact_id] = slug
        self.company_of[contact_id] = company_id
        self.state_of[contact_id] = state

    def company_id(self, name: str) -> int | None:
        """The id of an existing company of this name (any case), without creating one."""
        if name not in self.companies:
            found = self.store.company_by_name(name)
            self.companies[name] = found.id if found else None
        return self.companies[name]

    def ensure_company(self, name: str) -> int:
        known = self.company_id(name)
        if known is None:
            known = self.companies[name] = self.store.ensure_company(name)
        return known

    def match(self, slug: str | None, name: str, company: str) -> int | str | None:
        """The contact this row names, None for nobody, or why it can't tell (a string).

        The profile slug decides when both sides have one. By name, a contact at the row's
        company is a sure match; one with no company (or a row with none) is a match only
        when it is the only candidate.
        """
        if slug and slug in self.by_slug:
            return self.by_slug[slug]
        company_id = self.company_id(company) if company else None
        sure, maybe = [], []
        for candidate in self.by_name.get(_key(name), []):
            if slug and self.slug_of[candidate] not in (None, slug):
                continue  # a namesake with another profile
            theirs = self.company_of[candidate]
            if (theirs is not None and theirs == company_id) or (theirs is None and not company):
                sure.append(candidate)
            elif theirs is None or not company:
                maybe.append(candidate)
        if sure:
            return sure[0]
        if len(maybe) == 1:
            return maybe[0]
        if maybe:
            return (
                f"{len(maybe)} contacts are named {name!r}: add the LinkedIn URL to the "
                "right one and import again"
            )
        return None

    def update(
        self,
        contact_id: int,
        slug: str | None,
        company: str,
        fill: dict[str, str | int],
        state: LinkedInState,
    ) -> bool:
        """Fill what the contact lacks and move its LinkedIn state up; True when it changed."""
        values = {column: value for column, value in fill.items() if value}
        if slug:
            values["linkedin_url"] = profile_url(slug)
        if company and self.company_of[contact_id] is None:
            values["company_id"] = self.ensure_company(company)
        changed = self.store.fill_contact(contact_id, values)
        if changed:
            if slug and self.slug_of[contact_id] is None:
                self.slug_of[contact_id] = slug
                self.by_slug.setdefault(slug, contact_id)
            if "company_id" in values:
                self.company_of[contact_id] = int(values["company_id"])
        current = self.state_of[contact_id]
        # Only forward: not connected -> requested -> connected.
        if _RANK[state] > _RANK[current]:
            self.store.set_linkedin_state(contact_id, state)
            self.state_of[contact_id] = state
            changed = True
        return changed

    def add(
        self,
        name: str,
        slug: str | None,
        company: str,
        title: str,
        email: str,
        state: LinkedInState,
        note: str | None,
    ) -> int:
        company_id = self.ensure_company(company) if company else None
        contact_id = self.store.add_contact(
            name,
            company=company or None,
            title=title or None,
            email=email or None,
            linkedin_url=profile_url(slug) if slug else None,
            linkedin_state=state,
            notes=note,
        )
        self.remember(contact_id, name, slug, company_id, state)
        return contact_id


_RANK = {LinkedInState.NOT_CONNECTED: 0, LinkedInState.REQUESTED: 1, LinkedInState.CONNECTED: 2}


def _connection(
    table: _Table, people: _People, summary: Summary, line: int, row: list[str]
) -> None:
    def cell(column: str) -> str:
        return table.cell(row, column)

    name = _single_line(f"{cell('first name')} {cell('last name')}")
    if not name:
        summary.skip(line, "no name (LinkedIn leaves hidden or closed profiles empty)")
        return
    slug = profile_slug(cell("url"))
    company, title = _single_line(cell("company")), _single_line(cell("position"))
    email = _single_line(cell("email address"))
    found = people.match(slug, name, company)
    if isinstance(found, str):
        summary.skip(line, found)
    elif found is None:
        connected = parse_connected_on(cell("connected on"))
        note = f"LinkedIn: connected on {connected.isoformat()}." if connected else None
        people.add(name, slug, company, title, email, LinkedInState.CONNECTED, note)
        summary.added += 1
    elif people.update(
        found, slug, company, {"title": title, "email": email}, LinkedInState.CONNECTED
    ):
        summary.merged += 1
    else:
        summary.unchanged += 1


def _invitation(
    table: _Table, people: _People, summary: Summary, line: int, row: list[str]
) -> None:
    direction = table.cell(row, "direction").upper()
    if direction not in ("INCOMING", "OUTGOING"):
        summary.skip(line, f"Direction is {direction!r}, not INCOMING or OUTGOING")
        return
    outgoing = direction == "OUTGOING"
    name = _single_line(table.cell(row, "to" if outgoing else "from"))
    slug = profile_slug(table.cell(row, "inviteeprofileurl" if outgoing else "inviterprofileurl"))
    if not name:
        summary.skip(line, "no name")
        return
    found = people.match(slug, name, "")
    if isinstance(found, str):
        summary.skip(line, found)
    elif found is None and not outgoing:
        summary.skip(
            line,
            f"an invitation from {name}, who is not among your contacts "
            "(accept it on LinkedIn, then import Connections.csv)",
        )
    elif found is None:
        sent = parse_sent_at(table.cell(row, "sent at"))
        note = f"LinkedIn: invitation sent on {sent.isoformat()}." if sent else None
        people.add(name, slug, "", "", "", LinkedInState.REQUESTED, note)
        summary.added += 1
    # Either way a request is pending between you: the LinkedIn action to send one is moot.
    elif people.update(found, slug, "", {}, LinkedInState.REQUESTED):
        summary.merged += 1
    else:
        summary.unchanged += 1


def import_linkedin(
    store: Store,
    source: Path | bytes,
    *,
    dry_run: bool = False,
    name: str | None = None,
    progress: Progress | None = None,
) -> Summary:
    """Import Connections.csv or Invitations.csv (told apart by the header), in batches.

    Raises TransferError, having written nothing, when the file is not one of them.
    """
    data, name = read_source(source, name)
    table = read_table(decode(data, name), name)
    handle: Callable[[_Table, _People, Summary, int, list[str]], None] = (
        _connection if table.kind == "connections" else _invitation
    )
    rows = [(line, row) for line, row in table.rows if not blank(row)]

    def plan(target: Store) -> tuple[Summary, Callable[[tuple[int, list[str]]], None]]:
        summary = Summary(source=name, kind=table.kind)
        people = _People(target)

        def write(item: tuple[int, list[str]]) -> None:
            line, row = item
            if [_normalise(cell) for cell in row] == table.header:
                summary.skip(line, "the header again")
            elif len(row) > table.width and not blank(row[table.width :]):
                summary.skip(
                    line,
                    f"{len(row)} fields where the header has {table.width} "
                    "(a comma in an unquoted field?)",
                )
            else:
                handle(table, people, summary, line, row)

        return summary, write

    return run_batched(store, dry_run, rows, plan, progress)

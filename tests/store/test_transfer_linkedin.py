"""Importing LinkedIn's Connections.csv and Invitations.csv: every variant of the export."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest

from followup_tui.models import Contact, LinkedInState
from followup_tui.store import Store
from followup_tui.transfer import Summary, TransferError, dump_json, import_linkedin
from followup_tui.transfer.linkedin import parse_connected_on, parse_sent_at, profile_slug
from tests import FIXTURES_ROOT

FIXTURES = FIXTURES_ROOT / "linkedin"
CONNECTED, REQUESTED = LinkedInState.CONNECTED, LinkedInState.REQUESTED


def load(store: Store, name: str, dry_run: bool = False) -> Summary:
    return import_linkedin(store, FIXTURES / name, dry_run=dry_run)


def people(store: Store) -> dict[str, Contact]:
    return {contact.name: contact for contact in store.all_contacts()}


def counts(store: Store) -> dict[str, int]:
    return {
        t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in store.data_tables()
    }


def tally(summary: Summary) -> tuple[int, int, int, int]:
    return summary.added, summary.merged, summary.unchanged, summary.skipped


# --- the pieces ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "slug"),
    [
        ("https://www.linkedin.com/in/ines-okafor-l-3b2a91", "ines-okafor-l-3b2a91"),
        ("https://www.linkedin.com/in/JordanPike/?miniProfileUrn=urn%3Ali", "jordanpike"),
        ("https://uk.linkedin.com/in/hana-sato-7c1/", "hana-sato-7c1"),
        ("linkedin.com/in/Bruno-Costa#about", "bruno-costa"),
        ("https://www.linkedin.com/in/jos%C3%A9-garc%C3%ADa", "josé-garcía"),
        ("https://www.linkedin.com/company/northwind", None),
        ("", None),
        (None, None),
    ],
)
def test_profile_slug_is_the_person_key(url: str | None, slug: str | None) -> None:
    assert profile_slug(url) == slug


def test_dates_as_linkedin_writes_them() -> None:
    assert parse_connected_on("08 Feb 2026") == pendulum.Date(2026, 2, 8)
    assert parse_connected_on("1 Jul 2022") == pendulum.Date(2022, 7, 1)
    assert parse_connected_on("2026-02-08") == pendulum.Date(2026, 2, 8)
    assert parse_connected_on("31 Feb 2026") is None
    assert parse_connected_on("not a date") is None
    assert parse_sent_at("1/29/26, 2:37 PM") == pendulum.Date(2026, 1, 29)
    assert parse_sent_at("11/2/2023, 10:15 AM") == pendulum.Date(2023, 11, 2)
    assert parse_sent_at("13/45/26") is None


# --- Connections.csv ------------------------------------------------------------------------


def test_todays_export_with_preamble(store: Store) -> None:
    summary = load(store, "Connections.csv")
    assert summary.kind == "connections"
    assert tally(summary) == (4, 0, 0, 1)
    # The hidden profile, on its line of the file (preamble included).
    assert summary.problems == [(7, "no name (LinkedIn leaves hidden or closed profiles empty)")]
    found = people(store)
    ines = found["Ines Okafor-Lindqvist"]
    assert ines.company == "Northwind Analytics, Inc."
    assert ines.title == "Director of People Ops"
    assert ines.linkedin_url == "https://www.linkedin.com/in/ines-okafor-l-3b2a91"
    assert ines.linkedin_state is CONNECTED
    assert ines.email is None
    assert ines.notes == "LinkedIn: connected on 2026-02-08."
    jordan = found["Jordan Pike"]
    # Query, trailing slash and case are gone; the email came along.
    assert jordan.linkedin_url == "https://www.linkedin.com/in/jordanpike"
    assert jordan.email == "jordan.pike@example.com"
    assert found["Hana Sato"].company == "Kite, Larch & Partners"
    assert found["Hana Sato"].linkedin_url == "https://www.linkedin.com/in/hana-sato-7c1"
    assert found["Bruno Costa"].company is None
    assert summary.line() == "Connections.csv: 4 added, 0 merged, 1 skipped"
    assert summary.problem_lines() == [
        "line 7: no name (LinkedIn leaves hidden or closed profiles empty)"
    ]


@pytest.mark.parametrize(
    ("name", "expected", "who"),
    [
        ("Connections_bom.csv", (2, 0, 0, 0), "Keiko Mensah"),
        ("Connections_no_preamble.csv", (2, 0, 0, 0), "Maya Rossi"),
        ("Connections_no_url.csv", (2, 0, 0, 1), "Pablo Iyer"),
        ("Connections_quoted_notes.csv", (1, 0, 0, 0), "Quinn Duarte"),
    ],
)
def test_every_variant_of_the_export(
    store: Store, name: str, expected: tuple[int, int, int, int], who: str
) -> None:
    summary = load(store, name)
    assert tally(summary) == expected
    assert people(store)[who].linkedin_state is CONNECTED


def test_quoted_commas_and_missing_columns(store: Store) -> None:
    load(store, "Connections_bom.csv")
    load(store, "Connections_no_url.csv")
    found = people(store)
    assert found["Keiko Mensah"].title == "Head of Data, Payments"
    # A BOM never leaks into the first column's name.
    assert found["Keiko Mensah"].email == "keiko@example.org"
    assert found["Pablo Iyer"].company == "Vantage Maps, LLC"
    assert found["Pablo Iyer"].title == "Engineer, Maps"
    assert found["Pablo Iyer"].linkedin_url is None
    assert found["Olga Brennan"].email == "olga.brennan@example.com"


def test_bad_rows_are_reported_with_their_line(store: Store) -> None:
    summary = load(store, "Connections_bad_rows.csv")
    assert tally(summary) == (3, 0, 0, 3)
    assert [line for line, _ in summary.problems] == [3, 4, 5]
    reasons = dict(summary.problems)
    assert "8 fields where the header has 7" in reasons[3]
    assert "no name" in reasons[4]
    assert reasons[5] == "the header again"
    found = people(store)
    # A quoted field across two lines is one field, and the row after it keeps its number.
    assert found["Aisha Kowalski"].title == "Director, Research"
    # An unreadable date loses only the note, not the person.
    assert found["Emeka Larsen"].notes is None
    assert "Zoe Petrov" not in found


def test_companies_are_matched_in_any_case(store: Store) -> None:
    existing = store.add_company("BLUEFIN robotics")
    load(store, "Connections.csv")
    assert people(store)["Jordan Pike"].company_id == existing
    names = [r[0] for r in store.conn.execute("SELECT name FROM companies ORDER BY id")]
    assert names == ["BLUEFIN robotics", "Northwind Analytics, Inc.", "Kite, Larch & Partners"]


def test_merge_fills_gaps_and_never_overwrites(store: Store) -> None:
    typed = store.add_contact(
        "Jordan Pike",
        company="Bluefin Robotics",
        title="Principal Engineer",
        notes="Met at PyData",
    )
    by_url = store.add_contact(
        "Ines O.", linkedin_url="https://linkedin.com/in/Ines-Okafor-L-3B2A91/", phone="+1 555"
    )
    summary = load(store, "Connections.csv")
    assert tally(summary) == (2, 2, 0, 1)
    jordan, ines = store.contact(typed), store.contact(by_url)
    assert jordan.title == "Principal Engineer"  # typed by the user: kept
    assert jordan.notes == "Met at PyData"
    assert jordan.email == "jordan.pike@example.com"  # was empty: filled
    assert jordan.linkedin_url == "https://www.linkedin.com/in/jordanpike"
    assert jordan.linkedin_state is CONNECTED
    # Matched by the profile, whatever the name and URL spelling.
    assert ines.name == "Ines O."
    assert ines.linkedin_url == "https://linkedin.com/in/Ines-Okafor-L-3B2A91/"
    assert ines.company == "Northwind Analytics, Inc."
    assert ines.title == "Director of People Ops"
    assert ines.phone == "+1 555"
    assert len(store.all_contacts()) == 4


def test_a_namesake_with_another_profile_is_someone_else(store: Store) -> None:
    other = store.add_contact(
        "Bruno Costa", linkedin_url="https://www.linkedin.com/in/bruno-costa-42"
    )
    load(store, "Connections.csv")
    assert store.contact(other).linkedin_state is LinkedInState.NOT_CONNECTED
    assert [c.name for c in store.all_contacts()].count("Bruno Costa") == 2


def test_a_name_shared_by_two_contacts_is_not_guessed(store: Store) -> None:
    store.add_contact("Olga Brennan", company="Alder Energy")
    store.add_contact("Olga Brennan")
    store.add_contact("Olga Brennan")
    summary = load(store, "Connections_no_url.csv")
    assert summary.skipped == 2
    assert any("2 contacts are named 'Olga Brennan'" in reason for _, reason in summary.problems)


def test_importing_twice_changes_nothing(store: Store) -> None:
    for name in ("Connections.csv", "Connections_no_url.csv", "Invitations.csv"):
        load(store, name)
    before = dump_json(store)
    again = [load(store, name) for name in ("Connections.csv", "Connections_no_url.csv")]
    assert [tally(s) for s in again] == [(0, 0, 4, 1), (0, 0, 2, 1)]
    assert load(store, "Invitations.csv").added == 0
    assert dump_json(store) == before


def test_dry_run_reports_the_same_and_writes_nothing(store: Store) -> None:
    store.add_contact("Jordan Pike", company="Bluefin Robotics")
    before = dump_json(store)
    preview = load(store, "Connections.csv", dry_run=True)
    assert preview.dry_run
    assert preview.line().endswith("(dry run: nothing was written)")
    assert dump_json(store) == before
    real = load(store, "Connections.csv")
    assert tally(preview) == tally(real) == (3, 1, 0, 1)
    assert preview.problems == real.problems


def test_a_dry_run_inside_an_open_transaction_rolls_back_only_itself(store: Store) -> None:
    store.conn.execute("BEGIN")
    store.add_company("Kept")
    load(store, "Connections.csv", dry_run=True)
    store.conn.execute("COMMIT")
    assert counts(store)["companies"] == 1
    assert counts(store)["contacts"] == 0


# --- Invitations.csv ------------------------------------------------------------------------


def test_invitations_both_directions(store: Store) -> None:
    load(store, "Connections.csv")
    known = store.add_contact("Samir Novak", linkedin_url="https://www.linkedin.com/in/samir-novak")
    summary = load(store, "Invitations.csv")
    assert summary.kind == "invitations"
    found = people(store)
    # Outgoing to a connection: stays connected.
    assert found["Ines Okafor-Lindqvist"].linkedin_state is CONNECTED
    # Outgoing to someone new: added, requested, with the day it was sent.
    rosa = found["Rosa Keller"]
    assert rosa.linkedin_state is REQUESTED
    assert rosa.linkedin_url == "https://www.linkedin.com/in/rosa-keller-9"
    assert rosa.notes == "LinkedIn: invitation sent on 2026-02-03."
    # Incoming from a contact: a request is pending, so no LinkedIn action to send one.
    assert store.contact(known).linkedin_state is REQUESTED
    # Incoming from a stranger: not added.
    assert "Tara Moreau" not in found
    assert tally(summary) == (1, 1, 1, 2)
    reasons = dict(summary.problems)
    assert "not among your contacts" in reasons[5]
    assert "SIDEWAYS" in reasons[6]


def test_invitations_then_connections_ends_connected(store: Store) -> None:
    load(store, "Invitations.csv")
    assert people(store)["Ines Okafor-Lindqvist"].linkedin_state is REQUESTED
    summary = load(store, "Connections.csv")
    assert summary.merged == 1
    ines = people(store)["Ines Okafor-Lindqvist"]
    assert ines.linkedin_state is CONNECTED
    assert ines.company == "Northwind Analytics, Inc."


def test_invitations_without_profile_urls_match_by_name(store: Store) -> None:
    wen = store.add_contact("Wen Haddad", company="Obsidian Labs")
    summary = load(store, "Invitations_no_urls.csv")
    assert tally(summary) == (1, 1, 0, 0)
    assert people(store)["Vera Lindqvist"].linkedin_state is REQUESTED
    assert store.contact(wen).linkedin_state is REQUESTED


# --- files that are not a LinkedIn export: nothing is written -------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ((FIXTURES / "not_linkedin.csv").read_bytes(), "no header found"),
        (b"", "no header found"),
        (b"PK\x03\x04\x14\x00\x00\x00", "zip archive"),
        (b"First Name\x00Last Name", "binary data"),
        ("First Name,Last Name,Connected On\nJosé,Ruiz,\n".encode("latin-1"), "not UTF-8"),
        (b'First Name,Last Name,Connected On\n"Ana,Ruiz,01 Jan 2026\n', "not valid CSV"),
        (b"\n" * 60 + b"First Name,Last Name,Connected On\nAna,Ruiz,x\n", "first 50 lines"),
    ],
    ids=["other-csv", "empty", "zip", "binary", "latin-1", "open-quote", "header-too-far"],
)
def test_structural_errors_import_nothing(store: Store, data: bytes, message: str) -> None:
    store.add_contact("Someone", company="Somewhere")
    before = dump_json(store)
    with pytest.raises(TransferError, match=message):
        import_linkedin(store, data, name="upload.csv")
    assert dump_json(store) == before


def test_an_error_half_way_rolls_back_every_row(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure after some rows were written (here: the disk) leaves the database as it was."""
    real = Store.add_contact
    calls = []

    def failing(self: Store, *args: object, **kwargs: object) -> int:
        calls.append(args)
        if len(calls) == 3:
            raise OSError("disk full")
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "add_contact", failing)
    before = counts(store)
    with pytest.raises(OSError, match="disk full"):
        load(store, "Connections.csv")
    assert counts(store) == before


def test_a_missing_file_is_a_transfer_error(store: Store, tmp_path: Path) -> None:
    with pytest.raises(TransferError, match="can't read"):
        import_linkedin(store, tmp_path / "nope.csv")

"""Calendar and address-book exports, read back by their own libraries; backups."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import stat
from pathlib import Path

import icalendar
import pendulum
import pytest
import vobject

from followup_tui import playbook
from followup_tui.dates import add_days
from followup_tui.db import open_db
from followup_tui.demo import build_demo
from followup_tui.models import ContactKind
from followup_tui.store import Store
from followup_tui.transfer import (
    TransferError,
    default_backup_path,
    dump_json,
    export_ics,
    export_vcard,
    make_backup,
    write_file,
)
from tests import NOW, TODAY


@pytest.fixture(scope="module")
def demo() -> Store:
    store = Store(open_db(":memory:"), now=NOW)
    build_demo(store, TODAY, applications=30)
    return store


# --- iCalendar ----------------------------------------------------------------------------------


def events(text: str) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(text)
    return calendar.events


def test_ics_has_one_entry_per_upcoming_action(demo: Store) -> None:
    text = export_ics(demo, TODAY, days=30)
    found = events(text)
    expected = playbook.actions(demo.playbook_state(TODAY, horizon_days=30), TODAY, 30)
    assert expected, "the demo has actions"
    assert [e.uid for e in found] == [f"{a.key}@followup-tui" for a in expected]
    for event, action in zip(found, expected, strict=True):
        start = event.start
        assert isinstance(start, dt.date) and not isinstance(start, dt.datetime)
        # Overdue and due actions sit on today, later ones on their day.
        assert start == max(action.due, TODAY)
        assert event.end == add_days(pendulum.Date(start.year, start.month, start.day), 1)
        assert event.stamp == dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
        assert event.transparency == "TRANSPARENT"
        assert f"Key: {action.key}" in (event.description or "")


def test_ics_descriptions_carry_the_draft(demo: Store) -> None:
    from followup_tui import drafts

    state = demo.playbook_state(TODAY, horizon_days=7)
    action = next(a for a in playbook.actions(state, TODAY, 7) if a.contact is not None)
    draft = drafts.render(action, state.settings, TODAY, demo.templates())
    assert draft is not None
    [event] = [e for e in events(export_ics(demo, TODAY, 7)) if e.uid.startswith(action.key)]
    description = event.description or ""
    assert draft.body in description
    assert description.startswith(action.why)


def test_ics_horizon(demo: Store) -> None:
    short, long = events(export_ics(demo, TODAY, 0)), events(export_ics(demo, TODAY, 60))
    assert 0 < len(short) < len(long)
    assert all(e.start == TODAY for e in short)


def test_ics_text_is_data_not_control_codes() -> None:
    store = Store(open_db(":memory:"), now=NOW)
    contact = store.add_contact('Eve \x1b]52;c;aGk=\x07 O\'Neil, "Jr"; [b]x[/b]', company="A;B")
    store.add_message(contact, NOW.subtract(hours=3), subject="Line1\r\nLine2\x00")
    text = export_ics(store, TODAY)
    assert "\x1b" not in text and "\x07" not in text and "\x00" not in text
    [event] = events(text)
    assert 'Eve ]52;c;aGk= O\'Neil, "Jr"; [b]x[/b]' in (event.summary or "")
    assert "Line1\nLine2" in (event.description or "")


def test_an_empty_database_makes_an_empty_calendar() -> None:
    store = Store(open_db(":memory:"), now=NOW)
    text = export_ics(store, TODAY)
    calendar = icalendar.Calendar.from_ical(text)
    assert str(calendar["prodid"]).startswith("-//followup-tui//")
    assert events(text) == []


# --- vCard ---------------------------------------------------------------------------------------


def test_vcards_read_back(demo: Store) -> None:
    cards = list(vobject.readComponents(export_vcard(demo)))
    contacts = demo.all_contacts()
    assert len(cards) == len(contacts)
    for card, contact in zip(cards, contacts, strict=True):
        assert card.fn.value == contact.name
        assert card.uid.value == f"followup-tui-contact-{contact.id}"
        if contact.email:
            assert card.email.value == contact.email
        if contact.company:
            assert card.org.value == [contact.company]
        assert card.categories.value == [contact.kind.value]


def test_vcard_escapes_what_the_format_reserves() -> None:
    store = Store(open_db(":memory:"), now=NOW)
    store.add_contact(
        "Ana María de la Cruz",
        company="Smith, Jones; Partners",
        title="Head of Data\\Platform",
        kind=ContactKind.RECRUITER,
        phone="+34 600 000 000",
        linkedin_url="https://www.linkedin.com/in/ana",
        notes="Met at PyData\r\nlikes: ; and ,\x1b[2J\x00",
    )
    store.add_contact("\x1b\x07")  # nothing printable left
    text = export_vcard(store)
    assert "\x1b" not in text and "\x00" not in text
    first, second = vobject.readComponents(text)
    assert first.n.value.given == "Ana" and first.n.value.family == "María de la Cruz"
    assert first.org.value == ["Smith, Jones; Partners"]
    assert first.title.value == "Head of Data\\Platform"
    assert first.note.value == "Met at PyData\nlikes: ; and ,[2J"
    assert first.tel.value == "+34 600 000 000"
    assert first.url.value == "https://www.linkedin.com/in/ana"
    assert second.fn.value == "(no name)"


# --- backup --------------------------------------------------------------------------------------


def test_backup_is_a_private_copy_with_the_same_rows(tmp_path: Path) -> None:
    db = tmp_path / "followup.db"
    store = Store(open_db(db), now=NOW)
    build_demo(store, TODAY, applications=20)
    target = make_backup(store.conn, default_backup_path(db, NOW))
    assert target == tmp_path / "followup.db.2026-11-25-100000.bak"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    # One self-contained file: no write-ahead log beside it.
    assert not Path(f"{target}-wal").exists()
    copy = Store(open_db(target), now=NOW)
    assert dump_json(copy) == dump_json(store)
    with contextlib.closing(sqlite3.connect(target)) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_backup_paths_never_collide(tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    store = Store(open_db(db), now=NOW)
    first = make_backup(store.conn, default_backup_path(db, NOW))
    second = make_backup(store.conn, default_backup_path(db, NOW))
    assert first != second and second.name == "f.db.2026-11-25-100000-2.bak"


def test_backup_refusals(tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    store = Store(open_db(db), now=NOW)
    taken = tmp_path / "taken.db"
    taken.write_text("mine")
    with pytest.raises(TransferError, match="already exists"):
        make_backup(store.conn, taken)
    assert taken.read_text() == "mine"
    with pytest.raises(TransferError, match="the database itself"):
        make_backup(store.conn, db)
    with pytest.raises(TransferError, match="is a folder"):
        make_backup(store.conn, tmp_path)
    make_backup(store.conn, taken, overwrite=True)
    assert open_db(taken) is not None


# --- writing export files ---------------------------------------------------------------------


def test_export_files_are_private_and_whole(tmp_path: Path) -> None:
    target = tmp_path / "contacts.vcf"
    target.write_text("old")
    target.chmod(0o644)
    with pytest.raises(TransferError, match="already exists"):
        write_file(target, "new ✓\r\n")
    assert target.read_text() == "old"
    assert write_file(target, "new ✓\r\n", force=True) == target
    assert target.read_bytes() == "new ✓\r\n".encode()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contacts.vcf"]
    with pytest.raises(TransferError, match="can't write"):
        write_file(tmp_path / "missing" / "x.ics", "text")

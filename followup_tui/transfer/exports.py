"""Exports for other programs: applications as CSV, contacts as vCard, actions as iCalendar.

Text goes out as data. CSV cells that a spreadsheet would run as a formula get a leading
quote; vCard and iCalendar are written by vobject and icalendar, which escape what their
formats reserve, after dropping control and bidirectional control characters (text.printable).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import TYPE_CHECKING

from pendulum import Date, DateTime

from followup_tui.dates import add_days
from followup_tui.models import Contact, Status
from followup_tui.store import Store
from followup_tui.text import printable

if TYPE_CHECKING:
    from followup_tui.models import Action, Draft

#: A cell starting with one of these is a formula (or becomes one) in Excel, LibreOffice
#: and Google Sheets: a leading quote keeps it text (OWASP's CSV injection advice).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = (
    "id",
    "company",
    "role",
    "stage",
    "applied",
    "response_by",
    "url",
    "notes",
    "stage_history",
    "contacts",
)
PRODID = "-//followup-tui//followup export ics//EN"


def guard_cell(value: object) -> str:
    """A cell's text, with a leading quote when a spreadsheet would read it as a formula.

    Text that is already quotes before a formula character (`'=x`) gets one more, so that
    import, which takes exactly one off such a cell, gives back what was exported.
    """
    text = "" if value is None else str(value)
    return "'" + text if text.lstrip("'").startswith(FORMULA_START) else text


def _contact_label(contact: Contact) -> str:
    details = [contact.kind.value, contact.title, contact.email, contact.phone]
    return f"{contact.name} ({', '.join(d for d in details if d)})"


def export_csv(store: Store) -> str:
    """Applications, oldest first, one row each, with their stage history and contacts."""
    history = store.all_stage_history()
    linked = store.all_application_contacts()
    people = {contact.id: contact for contact in store.all_contacts()}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for app in store.all_applications():
        stages = "; ".join(f"{at[:10]} {stage.value}" for stage, at in history.get(app.id, []))
        contacts = "; ".join(_contact_label(people[i]) for i in linked.get(app.id, []))
        row = (
            app.id,
            app.company,
            app.role,
            app.stage.value,
            app.applied_on.isoformat() if app.applied_on else "",
            app.response_by.isoformat() if app.response_by else "",
            app.url,
            app.notes,
            stages,
            contacts,
        )
        writer.writerow([guard_cell(cell) for cell in row])
    return out.getvalue()


def _card_text(text: str) -> str:
    """Text for a vCard or calendar field: no control or bidirectional control character."""
    return printable(text.replace("\r\n", "\n").replace("\r", "\n"))


def export_vcard(store: Store) -> str:
    """Every contact as a vCard 3.0, oldest first (Google Contacts, Apple and Outlook read it)."""
    import vobject

    cards = []
    for contact in store.all_contacts():
        card = vobject.vCard()
        name = " ".join(_card_text(contact.name).split()) or "(no name)"
        given, _, family = name.partition(" ")
        card.add("uid").value = f"followup-tui-contact-{contact.id}"
        card.add("fn").value = name
        card.add("n").value = vobject.vcard.Name(family=family, given=given)
        if contact.company:
            card.add("org").value = [_card_text(contact.company)]
        if contact.title:
            card.add("title").value = _card_text(contact.title)
        if contact.email:
            email = card.add("email")
            email.value = _card_text(contact.email)
            email.type_param = "INTERNET"
        if contact.phone:
            card.add("tel").value = _card_text(contact.phone)
        if contact.linkedin_url:
            card.add("url").value = _card_text(contact.linkedin_url)
        card.add("categories").value = [contact.kind.value]
        if contact.notes:
            card.add("note").value = _card_text(contact.notes)
        cards.append(card.serialize())
    return "".join(cards)


def _plain_date(day: Date) -> dt.date:
    return dt.date(day.year, day.month, day.day)


def _description(action: Action, today: Date, draft: Draft | None) -> str:
    status = action.status(today)
    lines = [action.why, f"Due {action.due.isoformat()}, deadline {action.deadline.isoformat()}"]
    if status is Status.OVERDUE:
        lines[-1] += " (overdue)"
    if action.held:
        lines.append(action.held)
    if draft is not None and draft.needs:
        lines.append("Needs: " + ", ".join(need.label for need in draft.needs))
    lines.append(f"Key: {action.key} (followup done {action.key})")
    if draft is not None:
        lines += ["", draft.text]
    return "\n".join(lines)


def export_ics(store: Store, today: Date, days: int = 30, now: DateTime | None = None) -> str:
    """Actions due up to `days` from `today` as all-day calendar entries with their drafts.

    Each entry's UID is the action's key, so importing a newer export updates the entries
    instead of doubling them. What is due or overdue is placed on `today`: a reminder on a
    past day is one nobody sees.
    """
    import icalendar

    from followup_tui import drafts, playbook

    state = store.playbook_state(today, horizon_days=days)
    templates = store.templates()
    stamp = dt.datetime.fromtimestamp((now or store.now()).timestamp(), tz=dt.UTC)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "followup actions")
    for action in playbook.knowing(state, playbook.actions(state, today, horizon_days=days)):
        day = max(action.due, today)
        draft = drafts.render(action, state.settings, today, templates)
        title = action.title
        if action.company and action.company not in title:
            title += f" · {action.company}"
        event = icalendar.Event()
        event.add("uid", f"{action.key}@followup-tui")
        event.add("dtstamp", stamp)
        event.add("dtstart", _plain_date(day))
        event.add("dtend", _plain_date(add_days(day, 1)))
        event.add("summary", _card_text(" ".join(title.split())))
        event.add("description", _card_text(_description(action, today, draft)))
        event.add("categories", [action.strategy.label])
        # A reminder, not a meeting: it must not mark the day busy.
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return str(calendar.to_ical().decode("utf-8"))

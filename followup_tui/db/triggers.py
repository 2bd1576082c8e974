"""Triggers: SQLite itself keeps the search index and the activity columns exact.

Activity columns are caches of the touches table; moments are stored as ISO text with the
offset they were written with (the local day stays what the user saw), so two texts with
different offsets don't sort as the instants do: every comparison, max and min of moments
goes through julianday(). The latest of a set is the row with the greatest julianday(at),
its original text kept; ties go to the newer id.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from followup_tui.db import version
from followup_tui.db.transaction import atomic


def newest(column: str, where: str) -> str:
    """SQL for `column` of the latest touch matching `where` (None when there is none)."""
    return (
        f"(SELECT {column} FROM touches WHERE {where} ORDER BY julianday(at) DESC, id DESC LIMIT 1)"
    )


def recent(contact: str = "") -> str:
    """SQL for a contact's latest moment in touch either way, as a number (0 when never);
    `contact` is the table's alias in the query, if any."""
    at = f"{contact}." if contact else ""
    return f"max(coalesce(julianday({at}last_in_at), 0), coalesce(julianday({at}last_out_at), 0))"


def latest_touch(contact: str) -> str:
    """SQL for the text of a contact's latest moment in touch either way (None when never)."""
    last_in, last_out = f"{contact}.last_in_at", f"{contact}.last_out_at"
    return (
        f"CASE WHEN julianday({last_out}) > coalesce(julianday({last_in}), 0) "
        f"THEN {last_out} ELSE coalesce({last_in}, {last_out}) END"
    )


#: SQL: the contact's latest message in came after the latest one out (a reply is owed).
AWAITING = "julianday(last_in_at) > coalesce(julianday(last_out_at), 0)"


def _later(moment: str, than: str) -> str:
    """SQL: the moment `moment` is at least as late as the column `than` (or it is empty)."""
    return f"({than} IS NULL OR julianday({moment}) >= coalesce(julianday({than}), -1))"


def _recompute(row: str) -> str:
    """Statements that rebuild the activity columns a touch row (OLD or NEW) fed into."""
    people = f"company_id = {row}.company_id AND contact_id IS NOT NULL"
    return f"""
    UPDATE contacts SET
        last_in_at = {newest("at", f"contact_id = {row}.contact_id AND direction = 'in'")},
        last_out_at = {newest("at", f"contact_id = {row}.contact_id AND direction = 'out'")}
    WHERE id = {row}.contact_id;
    UPDATE companies SET
        last_touch_id = {newest("id", people)},
        last_touch_at = {newest("at", people)},
        last_in_at = {newest("at", f"company_id = {row}.company_id AND direction = 'in'")}
    WHERE id = {row}.company_id;
    UPDATE interview_participants SET thanked = EXISTS (
        SELECT 1 FROM touches t WHERE t.interview_id = {row}.interview_id
        AND t.contact_id = {row}.contact_id AND t.direction = 'out')
    WHERE interview_id = {row}.interview_id AND contact_id = {row}.contact_id;"""


_NEWER_TOUCH = (
    "NEW.contact_id IS NOT NULL AND (last_touch_id IS NULL "
    "OR julianday(NEW.at) > coalesce(julianday(last_touch_at), -1) "
    "OR (julianday(NEW.at) = julianday(last_touch_at) AND NEW.id > last_touch_id))"
)

#: Activity columns are caches of the touches table that SQLite itself keeps exact, whoever
#: writes (this app, sqlite-utils, Datasette): the rules then read what is pending instead
#: of scanning the whole interaction log. An insert only moves them forward; a delete or an
#: update recomputes them from the touches that remain.
ACTIVITY_TRIGGERS = [
    f"""CREATE TRIGGER touches_activity_insert AFTER INSERT ON touches BEGIN
    UPDATE contacts SET
        last_in_at = CASE WHEN NEW.direction = 'in' AND {_later("NEW.at", "last_in_at")}
                          THEN NEW.at ELSE last_in_at END,
        last_out_at = CASE WHEN NEW.direction = 'out' AND {_later("NEW.at", "last_out_at")}
                           THEN NEW.at ELSE last_out_at END
    WHERE id = NEW.contact_id;
    UPDATE companies SET
        last_touch_id = CASE WHEN {_NEWER_TOUCH} THEN NEW.id ELSE last_touch_id END,
        last_touch_at = CASE WHEN {_NEWER_TOUCH} THEN NEW.at ELSE last_touch_at END,
        last_in_at = CASE WHEN NEW.direction = 'in' AND {_later("NEW.at", "last_in_at")}
                          THEN NEW.at ELSE last_in_at END
    WHERE id = NEW.company_id;
    UPDATE interview_participants SET thanked = 1
    WHERE NEW.direction = 'out' AND interview_id = NEW.interview_id
      AND contact_id = NEW.contact_id;
END""",
    f"""CREATE TRIGGER touches_activity_delete AFTER DELETE ON touches BEGIN
    {_recompute("OLD")}
END""",
    f"""CREATE TRIGGER touches_activity_update AFTER UPDATE ON touches BEGIN
    {_recompute("OLD")}
    {_recompute("NEW")}
END""",
    """CREATE TRIGGER participants_thanked AFTER INSERT ON interview_participants BEGIN
    UPDATE interview_participants SET thanked = EXISTS (
        SELECT 1 FROM touches t WHERE t.interview_id = NEW.interview_id
        AND t.contact_id = NEW.contact_id AND t.direction = 'out')
    WHERE interview_id = NEW.interview_id AND contact_id = NEW.contact_id;
END""",
]

ACTIVITY_TRIGGER_NAMES = {statement.split()[2]: statement for statement in ACTIVITY_TRIGGERS}

#: Indexes over the activity columns, by name: the people owed a reply (a partial index the
#: replies rule walks) and everyone by their latest moment in touch (the contacts list).
ACTIVITY_INDEXES = {
    "idx_contacts_awaiting": f"CREATE INDEX idx_contacts_awaiting ON contacts(last_in_at) "
    f"WHERE {AWAITING}",
    "idx_contacts_recent": f"CREATE INDEX idx_contacts_recent ON contacts({recent()})",
}


def recompute_activity(
    conn: sqlite3.Connection,
    contacts: Iterable[int] | None = None,
    companies: Iterable[int] | None = None,
) -> None:
    """Set the activity columns from the touches table, in three set-based updates: of every
    row, or only of the `contacts` and `companies` given (rows an undo put back)."""
    import json

    def only(ids: Iterable[int] | None, column: str) -> tuple[str, list[str]]:
        if ids is None:
            return "", []
        return f" WHERE {column} IN (SELECT value FROM json_each(?))", [json.dumps(sorted(ids))]

    people = "company_id = companies.id AND contact_id IS NOT NULL"
    contact_in = newest("at", "contact_id = contacts.id AND direction = 'in'")
    contact_out = newest("at", "contact_id = contacts.id AND direction = 'out'")
    company_in = newest("at", "company_id = companies.id AND direction = 'in'")
    where, params = only(contacts, "id")
    conn.execute(
        f"UPDATE contacts SET last_in_at = {contact_in}, last_out_at = {contact_out}{where}",
        params,
    )
    where, company_params = only(companies, "id")
    conn.execute(
        f"UPDATE companies SET last_touch_id = {newest('id', people)}, "
        f"last_touch_at = {newest('at', people)}, last_in_at = {company_in}{where}",
        company_params,
    )
    where, params = only(contacts, "contact_id")
    conn.execute(
        "UPDATE interview_participants SET thanked = EXISTS (SELECT 1 FROM touches t "
        "WHERE t.interview_id = interview_participants.interview_id "
        f"AND t.contact_id = interview_participants.contact_id AND t.direction = 'out'){where}",
        params,
    )


def outdated(conn: sqlite3.Connection) -> dict[str, str]:
    """The activity triggers and indexes missing from the file or defined otherwise there
    (files written before moments were compared as instants), by name, with their new SQL."""
    present = dict(
        conn.execute("SELECT name, sql FROM sqlite_master WHERE type IN ('trigger', 'index')")
    )
    wanted = {**ACTIVITY_TRIGGER_NAMES, **ACTIVITY_INDEXES}
    return {name: sql for name, sql in wanted.items() if present.get(name) != sql}


def replace(conn: sqlite3.Connection, changed: dict[str, str]) -> None:
    """Create (or drop and create again) the `outdated` objects, then refill the columns."""
    for name, sql in changed.items():
        kind = "TRIGGER" if name in ACTIVITY_TRIGGER_NAMES else "INDEX"
        conn.execute(f"DROP {kind} IF EXISTS {name}")
        conn.execute(sql)
    if any(name in ACTIVITY_TRIGGER_NAMES for name in changed):
        recompute_activity(conn)


#: Full-text search over names, notes and highlights (SQLite FTS5). The rowid encodes the
#: source row (id * 4 + kind), so triggers update one entry without scanning the index.
SEARCH_KINDS = {"company": 0, "application": 1, "contact": 2, "interview": 3}


def _joined(*columns: str) -> str:
    """SQL joining text columns with spaces, skipping NULLs (concat_ws needs SQLite 3.44)."""
    return " || ' ' || ".join(f"coalesce({column}, '')" for column in columns)


_SEARCH_SOURCES = {
    # kind: (table, SQL for the label, SQL for the searchable body), over the row `r`
    "company": (
        "companies",
        "r.name",
        _joined("r.website", "r.notes"),
    ),
    "application": (
        "applications",
        "(SELECT name FROM companies WHERE id = r.company_id) || ' — ' || r.role",
        _joined("r.stage", "r.url", "r.notes"),
    ),
    "contact": (
        "contacts",
        "r.name",
        _joined(
            "r.title",
            "r.kind",
            "r.email",
            "r.notes",
            "(SELECT name FROM companies WHERE id = r.company_id)",
        ),
    ),
    "interview": (
        "interviews",
        "(SELECT co.name || ' — ' || a.role FROM applications a JOIN companies co "
        "ON co.id = a.company_id WHERE a.id = r.application_id) || ' interview'",
        _joined("r.kind", "r.highlights", "r.notes"),
    ),
}


def _search_insert(kind: str, row: str) -> str:
    table, label, body = _SEARCH_SOURCES[kind]
    code = SEARCH_KINDS[kind]
    return (
        f"INSERT INTO search (rowid, kind, ref, label, body) SELECT r.id * 4 + {code}, "
        f"'{kind}', r.id, {label}, {body} FROM {table} r WHERE r.id = {row}.id;"
    )


def _search_triggers() -> dict[str, str]:
    triggers = {}
    for kind, (table, _label, _body) in _SEARCH_SOURCES.items():
        code = SEARCH_KINDS[kind]
        delete = f"DELETE FROM search WHERE rowid = OLD.id * 4 + {code};"
        triggers[f"{table}_search_insert"] = (
            f"CREATE TRIGGER {table}_search_insert AFTER INSERT ON {table} BEGIN "
            f"{_search_insert(kind, 'NEW')} END"
        )
        triggers[f"{table}_search_update"] = (
            f"CREATE TRIGGER {table}_search_update AFTER UPDATE ON {table} BEGIN "
            f"{delete} {_search_insert(kind, 'NEW')} END"
        )
        triggers[f"{table}_search_delete"] = (
            f"CREATE TRIGGER {table}_search_delete AFTER DELETE ON {table} BEGIN {delete} END"
        )
    # Labels of applications and interviews carry the company's name.
    triggers["companies_search_rename"] = (
        "CREATE TRIGGER companies_search_rename AFTER UPDATE OF name ON companies BEGIN "
        "UPDATE applications SET role = role WHERE company_id = NEW.id; END"
    )
    return triggers


SEARCH_TRIGGERS = _search_triggers()


def rebuild_search(conn: sqlite3.Connection) -> None:
    """Refill the search index from the tables (after a schema change dropped triggers)."""
    conn.execute("DELETE FROM search")
    for kind, (table, label, body) in _SEARCH_SOURCES.items():
        conn.execute(
            f"INSERT INTO search (rowid, kind, ref, label, body) SELECT r.id * 4 + "
            f"{SEARCH_KINDS[kind]}, '{kind}', r.id, {label}, {body} FROM {table} r"
        )


def restore_triggers(conn: sqlite3.Connection) -> None:
    """Put back triggers that a schema change dropped, and rebuild what they maintain.

    sqlite-utils' `transform()` (and any table rebuild) drops a table's triggers; without
    them the search index and the activity columns would silently go stale.
    """
    present = {
        row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    }
    missing = [name for name in SEARCH_TRIGGERS if name not in present]
    # Activity triggers and indexes are also replaced when their definition changed.
    changed = outdated(conn)
    counting = version.restore(conn)
    if not missing and not changed and not counting:
        return
    with atomic(conn):
        for name in missing:
            conn.execute(SEARCH_TRIGGERS[name])
        if missing:
            rebuild_search(conn)
        replace(conn, changed)
        for statement in counting:  # writes made without them may have gone uncounted
            conn.execute(statement)
        if counting:
            conn.execute(version.BUMP)

"""The tables: their definitions as first created, and the lists that name them by role."""

from __future__ import annotations

import sqlite3

#: Every table of data, in an order that satisfies the foreign keys when filled (and,
#: reversed, when emptied); touches after what their activity columns feed.
DATA_TABLES = (
    "companies",
    "applications",
    "stage_history",
    "contacts",
    "application_contacts",
    "interviews",
    "interview_participants",
    "events",
    "event_contacts",
    "resources",
    "touches",
    "action_overrides",
    "templates",
    "settings",
    "draft_edits",
)

#: Columns that triggers keep from the touches table: no change writes or undoes them.
ACTIVITY_COLUMNS: dict[str, tuple[str, ...]] = {
    "contacts": ("last_in_at", "last_out_at"),
    "companies": ("last_touch_at", "last_touch_id", "last_in_at"),
    "interview_participants": ("thanked",),
}

SCHEMA_V1 = [
    """CREATE TABLE companies (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE,
        website TEXT,
        social TEXT NOT NULL DEFAULT '[]',
        notes TEXT,
        created_at TEXT NOT NULL,
        -- Kept by triggers on touches (see ACTIVITY_TRIGGERS): the latest touch with a
        -- person at the company, and the latest message from the company.
        last_touch_at TEXT,
        last_touch_id INTEGER,
        last_in_at TEXT
    )""",
    """CREATE TABLE applications (
        id INTEGER PRIMARY KEY,
        company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
        role TEXT NOT NULL,
        stage TEXT NOT NULL DEFAULT 'applied',
        applied_on TEXT,
        response_by TEXT,
        url TEXT,
        notes TEXT,
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX idx_applications_company ON applications(company_id)",
    "CREATE INDEX idx_applications_stage ON applications(stage)",
    """CREATE TABLE stage_history (
        id INTEGER PRIMARY KEY,
        application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        stage TEXT NOT NULL,
        at TEXT NOT NULL
    )""",
    "CREATE INDEX idx_stage_history_application ON stage_history(application_id)",
    """CREATE TABLE contacts (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        company_id INTEGER REFERENCES companies(id) ON DELETE SET NULL,
        title TEXT,
        kind TEXT NOT NULL DEFAULT 'other',
        email TEXT,
        phone TEXT,
        linkedin_url TEXT,
        linkedin_state TEXT NOT NULL DEFAULT 'not connected',
        notes TEXT,
        created_at TEXT NOT NULL,
        -- Kept by triggers on touches: the latest message from them, and to them.
        last_in_at TEXT,
        last_out_at TEXT
    )""",
    "CREATE INDEX idx_contacts_company ON contacts(company_id)",
    "CREATE INDEX idx_companies_last_touch ON companies(last_touch_at)",
    "CREATE INDEX idx_contacts_linkedin ON contacts(linkedin_state)",
    "CREATE INDEX idx_contacts_awaiting ON contacts(last_in_at) "
    "WHERE last_in_at > coalesce(last_out_at, '')",
    "CREATE INDEX idx_contacts_recent ON contacts("
    "max(coalesce(last_in_at, ''), coalesce(last_out_at, '')))",
    """CREATE TABLE application_contacts (
        application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        PRIMARY KEY (application_id, contact_id)
    )""",
    "CREATE INDEX idx_application_contacts_contact ON application_contacts(contact_id)",
    """CREATE TABLE interviews (
        id INTEGER PRIMARY KEY,
        application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        starts_at TEXT NOT NULL,
        kind TEXT,
        highlights TEXT,
        notes TEXT
    )""",
    "CREATE INDEX idx_interviews_application ON interviews(application_id, starts_at)",
    "CREATE INDEX idx_interviews_starts ON interviews(starts_at)",
    """CREATE TABLE interview_participants (
        interview_id INTEGER NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
        contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        -- Kept by triggers: 1 once a message went to this person about this interview.
        thanked INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (interview_id, contact_id)
    )""",
    "CREATE INDEX idx_interview_participants_contact ON interview_participants(contact_id)",
    "CREATE INDEX idx_interview_participants_unthanked ON interview_participants(interview_id) "
    "WHERE thanked = 0",
    """CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        on_date TEXT NOT NULL,
        location TEXT,
        url TEXT,
        notes TEXT
    )""",
    "CREATE INDEX idx_events_on ON events(on_date)",
    """CREATE TABLE event_contacts (
        event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        PRIMARY KEY (event_id, contact_id)
    )""",
    """CREATE TABLE resources (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        url TEXT NOT NULL,
        note TEXT,
        application_id INTEGER REFERENCES applications(id) ON DELETE CASCADE,
        company_id INTEGER REFERENCES companies(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE touches (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
        contact_id INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
        company_id INTEGER REFERENCES companies(id) ON DELETE CASCADE,
        application_id INTEGER REFERENCES applications(id) ON DELETE SET NULL,
        interview_id INTEGER REFERENCES interviews(id) ON DELETE SET NULL,
        event_id INTEGER REFERENCES events(id) ON DELETE SET NULL,
        resource_id INTEGER REFERENCES resources(id) ON DELETE SET NULL,
        strategy TEXT,
        channel TEXT,
        subject TEXT,
        body TEXT,
        note TEXT,
        action_key TEXT
    )""",
    # Each rule's query walks one of these; the partial ones hold only what that rule reads.
    "CREATE INDEX idx_touches_contact ON touches(contact_id, direction, at)",
    "CREATE INDEX idx_touches_inbound ON touches(direction, contact_id, at)",
    "CREATE INDEX idx_touches_company ON touches(company_id, at)",
    "CREATE INDEX idx_touches_company_people ON touches(company_id, at) "
    "WHERE contact_id IS NOT NULL",
    "CREATE INDEX idx_touches_company_inbound ON touches(company_id, at) WHERE direction = 'in'",
    "CREATE INDEX idx_touches_company_social ON touches(company_id, at) WHERE strategy = 'social'",
    "CREATE INDEX idx_touches_application ON touches(application_id, strategy, direction, at)",
    "CREATE INDEX idx_touches_interview ON touches(interview_id, contact_id, direction) "
    "WHERE direction = 'out' AND interview_id IS NOT NULL",
    "CREATE INDEX idx_touches_resource ON touches(resource_id, contact_id) "
    "WHERE resource_id IS NOT NULL",
    "CREATE INDEX idx_touches_event ON touches(event_id) WHERE event_id IS NOT NULL",
    """CREATE TABLE action_overrides (
        key TEXT PRIMARY KEY,
        snoozed_until TEXT,
        skipped INTEGER NOT NULL DEFAULT 0,
        at TEXT NOT NULL
    )""",
    """CREATE TABLE templates (
        strategy TEXT PRIMARY KEY,
        subject TEXT NOT NULL,
        body TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE settings (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
]


#: The undo history (store/journal.py): one row per change, its row operations as JSON.
CHANGES_TABLE = """CREATE TABLE changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('cli', 'dashboard')),
    session TEXT NOT NULL,
    label TEXT NOT NULL,
    payload TEXT NOT NULL,
    undone_at TEXT
)"""

#: Drafts the user edited in the dashboard, by action key, kept until the action is done or
#: skipped (store/edits.py); the title names an edit whose action no longer exists. Added by
#: the migration m007_draft_edits, with `touches.recipient` (who a message went to).
DRAFT_EDITS_TABLE = """CREATE TABLE draft_edits (
    key TEXT PRIMARY KEY,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    title TEXT NOT NULL,
    contact_id INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
    application_id INTEGER REFERENCES applications(id) ON DELETE CASCADE,
    saved_at TEXT NOT NULL
)"""
DRAFT_EDITS_INDEXES = (
    "CREATE INDEX idx_draft_edits_contact ON draft_edits(contact_id)",
    "CREATE INDEX idx_draft_edits_application ON draft_edits(application_id)",
)

#: Tables whose rows are named by an `id` that must never be handed out twice.
ID_TABLES = (
    "companies",
    "applications",
    "stage_history",
    "contacts",
    "interviews",
    "events",
    "resources",
    "touches",
)


#: Tables that hold nothing of the user's own: each is rebuilt from the data tables or is
#: bookkeeping. The full-text index and its FTS5 shadow tables, sqlite-utils' record of the
#: migrations applied, and `db_version` (a one-row cache key derived from the file).
DERIVED_TABLES = (
    "search",
    "search_config",
    "search_content",
    "search_data",
    "search_docsize",
    "search_idx",
    "_sqlite_migrations",
    "db_version",
)


def data_tables(conn: sqlite3.Connection) -> tuple[str, ...]:
    """Every table of the file that holds the user's data, read from its schema: all but
    DERIVED_TABLES and SQLite's own. A table referenced by a foreign key comes before the
    tables that reference it; otherwise DATA_TABLES' order, then the rest by name."""
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        if row[0] not in DERIVED_TABLES
    ]
    known = {table: rank for rank, table in enumerate(DATA_TABLES)}
    pending = sorted(names, key=lambda table: (known.get(table, len(known)), table))
    parents = {
        table: {row[2] for row in conn.execute(f'PRAGMA foreign_key_list("{table}")')}
        for table in pending
    }
    ordered: list[str] = []
    while pending:
        waiting = set(pending)
        # A cycle of references (none today) falls back to the order above.
        ready = next(
            (t for t in pending if not (parents[t] - {t}) & waiting),
            pending[0],
        )
        ordered.append(ready)
        pending.remove(ready)
    return tuple(ordered)

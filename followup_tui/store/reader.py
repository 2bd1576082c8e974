"""Reading the playbook's facts: the people and applications they name, each read once.

Each rule's query (rules.py) returns ids and dates only; `Reader` then reads the people and
applications they name once each. Indexes in db/schema.py (partial ones on `touches`) keep
every query a walk over what is pending, not over the whole history, so `followup today`
stays fast at 10,000 applications.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from pendulum import Date

from followup_tui.facts import AppRef
from followup_tui.models import ContactKind, Person, Stage, opt_date, parse_date

KIND_ORDER = (
    "CASE c.kind WHEN 'hiring-manager' THEN 0 WHEN 'recruiter' THEN 1 "
    "WHEN 'interviewer' THEN 2 WHEN 'referrer' THEN 3 ELSE 4 END"
)
#: Enum lookups by value, several times faster than calling the enum (thousands per read).
_KINDS = {kind.value: kind for kind in ContactKind}
_STAGES = {stage.value: stage for stage in Stage}


def main_contact(app: str) -> str:
    """SQL for the best person to write to about application `app` (an alias).

    The hiring manager, then the recruiter, an interviewer, ...: first among the people on
    the application, else among the people at its company.
    """
    return f"""coalesce(
        (SELECT ac.contact_id FROM application_contacts ac JOIN contacts c ON c.id = ac.contact_id
         WHERE ac.application_id = {app}.id ORDER BY {KIND_ORDER}, c.id LIMIT 1),
        (SELECT c.id FROM contacts c WHERE c.company_id = {app}.company_id
         ORDER BY {KIND_ORDER}, c.id LIMIT 1))"""


def _ids(values: Iterable[int | None]) -> str:
    """A JSON array of ids for `json_each`: one parameter instead of thousands."""
    return "[" + ",".join(str(v) for v in set(values) if v is not None) + "]"


class Reader:
    """Reads the people and applications the rules' queries name, each once."""

    def __init__(self, conn: sqlite3.Connection, today: Date) -> None:
        self.conn = conn
        # `moment < next_day`: the moment's own local day (the one the user saw) is today or
        # earlier; "~" sorts after every time of a day.
        self.next_day = today.isoformat() + "~"
        self.day = today.isoformat()
        self.people: dict[int, Person] = {}
        self.apps: dict[int, AppRef] = {}
        #: The day of the last message to each person read so far (the guard reads it).
        self.last_out: dict[int, Date] = {}

    def load_people(self, ids: Iterable[int | None]) -> None:
        wanted = _ids(i for i in ids if i not in self.people)
        for r in self.conn.execute(
            "SELECT id, name, title, kind, email, linkedin_url, last_out_at FROM contacts "
            "WHERE id IN (SELECT value FROM json_each(?))",
            [wanted],
        ):
            self.people[r[0]] = Person(
                r[0], r[1], r[2], _KINDS.get(r[3]) or ContactKind(r[3]), r[4], r[5]
            )
            if r[6]:
                self.last_out[r[0]] = parse_date(r[6])

    def load_apps(self, ids: Iterable[int | None]) -> None:
        wanted = _ids(i for i in ids if i not in self.apps)
        for r in self.conn.execute(
            "SELECT a.id, a.company_id, co.name, a.role, a.stage, a.applied_on, a.response_by, "
            "CASE WHEN a.stage = 'rejected' THEN (SELECT max(h.at) FROM stage_history h "
            " WHERE h.application_id = a.id AND h.stage = 'rejected') END, a.why_fit "
            "FROM applications a JOIN companies co ON co.id = a.company_id "
            "WHERE a.id IN (SELECT value FROM json_each(?))",
            [wanted],
        ):
            stage = _STAGES.get(r[4]) or Stage(r[4])
            rejected = opt_date(r[7][:10]) if r[7] and stage is Stage.REJECTED else None
            self.apps[r[0]] = AppRef(
                r[0], r[1], r[2], r[3], stage, opt_date(r[5]), opt_date(r[6]), r[8], rejected
            )

    def company_names(self, ids: Iterable[int | None]) -> dict[int, str]:
        rows = self.conn.execute(
            "SELECT id, name FROM companies WHERE id IN (SELECT value FROM json_each(?))",
            [_ids(ids)],
        )
        return {r[0]: r[1] for r in rows}

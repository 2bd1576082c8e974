"""What the log says about people, read for every person the rules' facts name at once.

Drafts claim only what these facts hold (drafts/facts.py): whether we met (an interview, an
event, a logged call or meeting), who opened the current exchange (the touches since the
last gap of 30 days or more), whether they ever answered, the last touch either way. Each
read is one set-based query over the people named, not a query per person.
"""

from __future__ import annotations

from pendulum import Date

from followup_tui.facts import Acquaintance, ClosingFact
from followup_tui.models import opt_date, parse_date
from followup_tui.store.reader import Reader, _ids, main_contact

#: An exchange ends after this many days without a touch either way.
EXCHANGE_GAP_DAYS = 30
#: Channels of a touch that mean you spoke (a logged call, a coffee chat, a meeting).
SPOKEN = "('call', 'coffee', 'meeting')"
#: A rejection older than this raises no gracious close (files from before the rule).
CLOSE_WITHIN_DAYS = 30

_ACQUAINTANCES = f"""
WITH ids(id) AS (SELECT DISTINCT value FROM json_each(:ids)),
t AS MATERIALIZED (
    SELECT t.contact_id AS cid, t.at, t.direction AS dir, t.channel AS ch,
           lag(t.at) OVER (PARTITION BY t.contact_id ORDER BY t.at, t.id) AS prev
    FROM ids CROSS JOIN touches t ON t.contact_id = ids.id
    WHERE t.at < :next_day
), agg AS (
    SELECT cid,
           max(CASE WHEN prev IS NULL OR julianday(at) - julianday(prev) >= {EXCHANGE_GAP_DAYS}
               THEN at || '|' || dir END) AS opened,
           min(CASE WHEN dir = 'out' THEN at END) AS first_out,
           max(CASE WHEN dir = 'in' THEN at END) AS last_in,
           max(CASE WHEN ch IN {SPOKEN} THEN at END) AS spoke,
           max(at) AS last_touch
    FROM t GROUP BY cid
)
SELECT c.id, c.created_at, c.linkedin_state, c.kind,
       agg.opened, agg.first_out, agg.last_in, agg.spoke, agg.last_touch,
       (SELECT min(i.starts_at) || '|' || max(i.starts_at) FROM interview_participants p
        JOIN interviews i ON i.id = p.interview_id
        WHERE p.contact_id = c.id AND i.starts_at < :next_day),
       (SELECT e.on_date || '|' || e.name FROM event_contacts ec
        JOIN events e ON e.id = ec.event_id
        WHERE ec.contact_id = c.id AND e.on_date <= :day
        ORDER BY e.on_date DESC, e.id DESC LIMIT 1)
FROM ids CROSS JOIN contacts c ON c.id = ids.id LEFT JOIN agg ON agg.cid = c.id
"""


def _day(text: str | None) -> Date | None:
    return parse_date(text[:10]) if text else None


class Known(Reader):
    """The facts about people and endings that drafts respect."""

    def acquaintances(self) -> dict[int, Acquaintance]:
        """What the log says about every person read so far (`self.people`)."""
        if not self.people:
            return {}
        found: dict[int, Acquaintance] = {}
        rows = self.conn.execute(
            _ACQUAINTANCES,
            {"ids": _ids(self.people), "next_day": self.next_day, "day": self.day},
        )
        for r in rows:
            interviews = r[9].split("|", 1) if r[9] else (None, None)
            event_on, event = r[10].split("|", 1) if r[10] else (None, None)
            found[r[0]] = Acquaintance(
                first_interview=_day(interviews[0]),
                last_interview=_day(interviews[1]),
                event=event,
                event_on=opt_date(event_on),
                spoke_on=_day(r[7]),
                they_opened=bool(r[4]) and r[4].endswith("|in"),
                replied=bool(r[5] and r[6] and r[6] > r[5]),
                wrote=r[6] is not None,
                last_touch=_day(r[8]),
                added_on=_day(r[1]),
                connected=r[2] == "connected",
                referrer=r[3] == "referrer",
            )
        return found

    def answered(self, touches: dict[int, tuple[int, str]]) -> set[int]:
        """Which of the inbound touches (id -> (contact, at)) answer a message of ours: one
        sent to that person earlier in the same exchange (no gap of 30 days between)."""
        if not touches:
            return set()
        rows = self.conn.execute(
            "SELECT contact_id, at, direction FROM touches "
            "WHERE contact_id IN (SELECT value FROM json_each(?)) "
            "ORDER BY contact_id, at DESC, id DESC",
            [_ids(c for c, _at in touches.values())],
        ).fetchall()
        by_person: dict[int, list[tuple[str, str]]] = {}
        for contact, at, direction in rows:
            by_person.setdefault(contact, []).append((at, direction))
        answering = set()
        for touch_id, (contact, at) in touches.items():
            later = at
            for seen_at, direction in by_person.get(contact, []):
                if seen_at >= at:
                    continue
                gap = parse_date(later[:10]).toordinal() - parse_date(seen_at[:10]).toordinal()
                if gap >= EXCHANGE_GAP_DAYS:
                    break
                if direction == "out":
                    answering.add(touch_id)
                    break
                later = seen_at
        return answering

    def closings(self) -> list[ClosingFact]:
        """Applications rejected lately, with no message from the company since and no
        gracious close done: each gets one."""
        rows = self.conn.execute(
            f"""
            SELECT a.id, r.at, {main_contact("a")}
            FROM applications a
            JOIN (SELECT application_id, max(at) AS at FROM stage_history
                  WHERE stage = 'rejected' GROUP BY application_id) r
              ON r.application_id = a.id
            WHERE a.stage = 'rejected' AND r.at < :next_day AND r.at >= :since
              AND NOT EXISTS (SELECT 1 FROM touches t WHERE t.company_id = a.company_id
                              AND t.direction = 'in' AND t.at >= substr(r.at, 1, 10))
              AND NOT EXISTS (SELECT 1 FROM touches t WHERE t.action_key = 'cl-' || a.id)
            """,
            {
                "next_day": self.next_day,
                "since": parse_date(self.day).subtract(days=CLOSE_WITHIN_DAYS).isoformat(),
            },
        ).fetchall()
        rows = [r for r in rows if r[2] is not None]
        self.load_people(r[2] for r in rows)
        self.load_apps(r[0] for r in rows)
        return [
            ClosingFact(
                app=self.apps[r[0]], rejected_on=parse_date(r[1][:10]), contact=self.people[r[2]]
            )
            for r in rows
        ]

    def connected_pages(self, app_ids: set[int]) -> dict[int, tuple[str, ...]]:
        """The LinkedIn activity pages of the people on each application you're connected with."""
        pages: dict[int, list[str]] = {}
        for app_id, url in self.conn.execute(
            "SELECT ac.application_id, c.linkedin_url FROM application_contacts ac "
            "JOIN contacts c ON c.id = ac.contact_id "
            "WHERE ac.application_id IN (SELECT value FROM json_each(?)) "
            "AND c.linkedin_state = 'connected' AND coalesce(c.linkedin_url, '') != '' "
            "ORDER BY ac.application_id, c.name",
            [_ids(app_ids)],
        ):
            pages.setdefault(app_id, []).append(url.rstrip("/") + "/recent-activity/all/")
        return {app_id: tuple(urls) for app_id, urls in pages.items()}

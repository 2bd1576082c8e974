"""What the log says about people, read for every person the rules' facts name at once.

Drafts claim only what these facts hold (drafts/facts.py): whether we met (an interview, an
event, a logged call or meeting), who opened the current exchange (the touches since the
last gap of 30 days or more), whether they ever answered, the last touch either way. Each
read is one set-based query over the people named, not a query per person.
"""

from __future__ import annotations

from collections.abc import Iterable

from pendulum import Date

from followup_tui.facts import Acquaintance, ClosingFact
from followup_tui.models import parse_date
from followup_tui.store.reader import Reader, _ids, main_contact

#: An exchange ends after this many days without a touch either way.
EXCHANGE_GAP_DAYS = 30
#: Channels of a touch that mean you spoke (a logged call, a coffee chat, a meeting).
SPOKEN = frozenset({"call", "coffee", "meeting"})
#: A rejection older than this raises no gracious close (files from before the rule).
CLOSE_WITHIN_DAYS = 30

_TOUCHES = """
SELECT t.contact_id, t.at, t.direction, t.channel FROM json_each(?) j
CROSS JOIN touches t ON t.contact_id = j.value
WHERE t.at < ? ORDER BY t.contact_id, t.at, t.id
"""
_INTERVIEWS = """
SELECT p.contact_id, min(i.starts_at), max(i.starts_at) FROM json_each(?) j
CROSS JOIN interview_participants p ON p.contact_id = j.value
JOIN interviews i ON i.id = p.interview_id
WHERE i.starts_at < ? GROUP BY p.contact_id
"""
_EVENTS = """
SELECT ec.contact_id, max(e.on_date || '|' || e.name) FROM event_contacts ec
JOIN events e ON e.id = ec.event_id
WHERE e.on_date <= ? GROUP BY ec.contact_id
"""
_PEOPLE = """
SELECT c.id, c.created_at, c.linkedin_state, c.kind FROM json_each(?) j
CROSS JOIN contacts c ON c.id = j.value
"""


class _Log:
    """One person's touches folded in order: what the exchange and the replies say."""

    __slots__ = ("first_out", "gap_from", "last_in", "last_touch", "opened", "spoke")

    def __init__(self) -> None:
        self.opened = ""
        self.first_out: str | None = None
        self.last_in: str | None = None
        self.spoke: str | None = None
        self.last_touch: str | None = None
        self.gap_from = 0


class Known(Reader):
    """The facts about people and endings that drafts respect."""

    def acquaintances(self, people: Iterable[int]) -> dict[int, Acquaintance]:
        """What the log says about each of `people` (contact ids)."""
        ids = _ids(people)
        if ids == "[]":
            return {}
        days: dict[str, Date] = {}

        def day(text: str | None) -> Date | None:
            if not text:
                return None
            key = text[:10]
            found = days.get(key)
            if found is None:
                found = days[key] = parse_date(key)
            return found

        ordinals: dict[str, int] = {}
        logs: dict[int, _Log] = {}
        for contact, at, direction, channel in self.conn.execute(_TOUCHES, [ids, self.next_day]):
            log = logs.get(contact)
            ordinal = ordinals.get(at[:10]) or ordinals.setdefault(
                at[:10], parse_date(at[:10]).toordinal()
            )
            if log is None:
                log = logs[contact] = _Log()
                log.opened = direction
            elif ordinal - log.gap_from >= EXCHANGE_GAP_DAYS:
                log.opened = direction  # a new exchange begins with this touch
            log.gap_from = ordinal
            log.last_touch = at
            if direction == "out":
                if log.first_out is None:
                    log.first_out = at
            else:
                log.last_in = at
            if channel in SPOKEN:
                log.spoke = at
        interviews = {
            r[0]: (r[1], r[2]) for r in self.conn.execute(_INTERVIEWS, [ids, self.next_day])
        }
        # Events are few beside touches: all of them, rather than a lookup per person.
        events = dict(self.conn.execute(_EVENTS, [self.day]).fetchall())
        found: dict[int, Acquaintance] = {}
        none = _Log()
        for contact, created, linkedin, kind in self.conn.execute(_PEOPLE, [ids]):
            log = logs.get(contact, none)
            first, last = interviews.get(contact, (None, None))
            event_on, event = events[contact].split("|", 1) if contact in events else (None, None)
            found[contact] = Acquaintance(
                first_interview=day(first),
                last_interview=day(last),
                event=event,
                event_on=day(event_on),
                spoke_on=day(log.spoke),
                they_opened=log.opened == "in",
                replied=bool(log.first_out and log.last_in and log.last_in > log.first_out),
                wrote=log.last_in is not None,
                last_touch=day(log.last_touch),
                added_on=day(created),
                connected=linkedin == "connected",
                referrer=kind == "referrer",
            )
        return found

    def answered(self, touches: dict[int, tuple[int, str]]) -> set[int]:
        """Which of the inbound touches (id -> (contact, at)) answer a message of ours: one
        sent to that person earlier in the same exchange (no gap of 30 days between)."""
        if not touches:
            return set()
        rows = self.conn.execute(
            "SELECT t.contact_id, t.at, t.direction FROM json_each(?) j "
            "CROSS JOIN touches t ON t.contact_id = j.value "
            "ORDER BY t.contact_id, t.at DESC, t.id DESC",
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
                  -- The latest move to rejected, when it is recent (idx_stage_history_stage).
                  WHERE stage = 'rejected' AND at >= :since GROUP BY application_id) r
              ON r.application_id = a.id
            WHERE a.stage = 'rejected' AND r.at < :next_day
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
            # CROSS JOIN keeps the order: from the few applications to their people (an IN
            # list here was read once per connected person, thousands of times).
            "SELECT ac.application_id, c.linkedin_url FROM json_each(?) j "
            "CROSS JOIN application_contacts ac ON ac.application_id = j.value "
            "CROSS JOIN contacts c ON c.id = ac.contact_id "
            "WHERE c.linkedin_state = 'connected' AND coalesce(c.linkedin_url, '') != '' "
            "ORDER BY ac.application_id, c.name",
            [_ids(app_ids)],
        ):
            pages.setdefault(app_id, []).append(url.rstrip("/") + "/recent-activity/all/")
        return {app_id: tuple(urls) for app_id, urls in pages.items()}

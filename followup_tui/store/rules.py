"""One query per rule of the playbook, each reading only what is pending."""

from __future__ import annotations

from followup_tui.facts import (
    CheckInFact,
    EventFact,
    FollowUpFact,
    LinkedInFact,
    ReplyFact,
    ShareFact,
    SocialFact,
    ThankYouFact,
)
from followup_tui.models import opt_date, parse_date
from followup_tui.store.base import IN_ACTIVE, IN_TRACKED, STAGE_RANK_SQL
from followup_tui.store.known import Known
from followup_tui.store.reader import main_contact


class Rules(Known):
    """The facts of each rule, as of the reader's day."""

    # --- one query per rule --------------------------------------------------------------

    def thank_yous(self) -> list[ThankYouFact]:
        rows = self.conn.execute(
            f"""
            SELECT p.interview_id, i.starts_at, i.highlights, i.application_id, p.contact_id, 0,
                   (SELECT count(*) FROM interview_participants q
                    WHERE q.interview_id = p.interview_id AND q.contact_id < p.contact_id),
                   (SELECT count(*) FROM interview_participants q
                    WHERE q.interview_id = p.interview_id),
                   p.highlights
            FROM interview_participants p JOIN interviews i ON i.id = p.interview_id
            WHERE p.thanked = 0 AND i.starts_at < :next_day
            UNION ALL
            SELECT i.id, i.starts_at, i.highlights, i.application_id, {main_contact("a")}, 1, 0, 1,
                   NULL
            FROM interviews i JOIN applications a ON a.id = i.application_id
            WHERE i.starts_at < :next_day
              AND NOT EXISTS (SELECT 1 FROM interview_participants p WHERE p.interview_id = i.id)
              AND NOT EXISTS (SELECT 1 FROM touches t WHERE t.interview_id = i.id
                              AND t.direction = 'out' AND t.interview_id IS NOT NULL)
            """,
            {"next_day": self.next_day},
        ).fetchall()
        self.load_people(r[4] for r in rows)
        self.load_apps(r[3] for r in rows)
        return [
            ThankYouFact(
                interview_id=r[0],
                on=parse_date(r[1]),
                highlights=r[2],
                app=self.apps[r[3]],
                contact=self.people.get(r[4]) if r[4] is not None else None,
                no_participants=bool(r[5]),
                panel_index=r[6],
                panel_size=r[7],
                own_highlights=r[8],
            )
            for r in rows
        ]

    def linkedin(self) -> list[LinkedInFact]:
        rows = self.conn.execute(
            f"""
            SELECT c.id, c.created_at, c.company_id, max(a.id),
                   (SELECT i.starts_at FROM interview_participants p
                    JOIN interviews i ON i.id = p.interview_id WHERE p.contact_id = c.id
                    ORDER BY julianday(i.starts_at), i.id LIMIT 1)
            FROM applications a
            -- CROSS JOIN fixes the order: from the few active applications to their people.
            CROSS JOIN application_contacts ac ON ac.application_id = a.id
            CROSS JOIN contacts c ON c.id = ac.contact_id
            WHERE a.stage IN {IN_ACTIVE} AND c.linkedin_state = 'not connected'
              AND NOT EXISTS (SELECT 1 FROM touches t WHERE t.contact_id = c.id
                              AND t.direction = 'out' AND t.strategy = 'linkedin')
            GROUP BY c.id
            """
        ).fetchall()
        self.load_people(r[0] for r in rows)
        self.load_apps(r[3] for r in rows)
        names = self.company_names(r[2] for r in rows)
        return [
            LinkedInFact(
                contact=self.people[r[0]],
                added_on=parse_date(r[1]),
                company_id=r[2],
                company=names.get(r[2]),
                app=self.apps[r[3]],
                first_interview=opt_date(r[4]),
            )
            for r in rows
        ]

    def follow_ups(self) -> list[FollowUpFact]:
        rows = self.conn.execute(
            f"""
            SELECT a.id, a.applied_on, a.response_by,
                   (SELECT i.starts_at || '|' || coalesce(i.open_questions, '') FROM interviews i
                    WHERE i.application_id = a.id AND i.starts_at < :next_day
                    ORDER BY julianday(i.starts_at) DESC, i.id DESC LIMIT 1),
                   (SELECT co.last_in_at FROM companies co WHERE co.id = a.company_id),
                   (SELECT group_concat(day) FROM (
                        SELECT substr(t.at, 1, 10) AS day FROM touches t
                        WHERE t.application_id = a.id AND t.strategy = 'follow-up'
                          AND t.direction = 'out' ORDER BY julianday(t.at), t.id)),
                   {main_contact("a")}
            FROM applications a
            WHERE a.stage IN {IN_ACTIVE}
            """,
            {"next_day": self.next_day},
        ).fetchall()
        self.load_people(r[6] for r in rows)
        self.load_apps(r[0] for r in rows)
        facts = []
        for r in rows:
            # The last interview: "starts_at|open questions".
            interview_at, _, questions = (r[3] or "").partition("|")
            facts.append(
                FollowUpFact(
                    app=self.apps[r[0]],
                    applied_on=opt_date(r[1]),
                    response_by=opt_date(r[2]),
                    last_interview=opt_date(interview_at or None),
                    last_inbound=opt_date(r[4]),
                    sent=tuple(parse_date(s) for s in r[5].split(",")) if r[5] else (),
                    contact=self.people.get(r[6]) if r[6] is not None else None,
                    open_questions=questions.strip() or None,
                )
            )
        return facts

    def shares(self) -> list[ShareFact]:
        rows = self.conn.execute(
            f"""
            WITH placed AS MATERIALIZED (
                SELECT r.id, r.title, r.url, r.created_at, r.application_id, r.company_id,
                       r.note, a.id AS app_id, {main_contact("a")} AS contact_id
                FROM resources r
                JOIN applications a ON a.id = coalesce(r.application_id, (
                    SELECT max(a2.id) FROM applications a2
                    WHERE a2.company_id = r.company_id AND a2.stage IN {IN_ACTIVE}))
                WHERE a.stage IN {IN_ACTIVE}
            )
            SELECT s.id, s.title, s.url, s.created_at, s.app_id, s.contact_id,
                   (SELECT i.starts_at FROM interviews i
                    JOIN applications ia ON ia.id = i.application_id
                    WHERE i.starts_at < :next_day AND (
                        (s.application_id IS NOT NULL AND ia.id = s.application_id) OR
                        (s.application_id IS NULL AND ia.company_id = s.company_id))
                    ORDER BY julianday(i.starts_at) DESC, i.id DESC LIMIT 1),
                   (SELECT t.at FROM touches t WHERE t.contact_id = s.contact_id
                    AND t.strategy = 'share-info' AND t.direction = 'out'
                    ORDER BY julianday(t.at) DESC, t.id DESC LIMIT 1),
                   s.note
            FROM placed s
            WHERE s.contact_id IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM touches t WHERE t.resource_id = s.id
                              AND t.contact_id = s.contact_id AND t.direction = 'out')
            """,
            {"next_day": self.next_day},
        ).fetchall()
        self.load_people(r[5] for r in rows)
        self.load_apps(r[4] for r in rows)
        facts = []
        for r in rows:
            app = self.apps[r[4]]
            facts.append(
                ShareFact(
                    resource_id=r[0],
                    title=r[1],
                    url=r[2],
                    added_on=parse_date(r[3]),
                    app=app,
                    company_id=app.company_id,
                    company=app.company,
                    contact=self.people[r[5]],
                    last_interview=opt_date(r[6]),
                    last_share=opt_date(r[7]),
                    note=r[8],
                )
            )
        return facts

    def socials(self) -> list[SocialFact]:
        import json

        rows = self.conn.execute(
            f"""
            SELECT id, social, app_id, last FROM (
                SELECT co.id, co.social,
                       (SELECT max(a.id) FROM applications a
                        WHERE a.company_id = co.id AND a.stage IN {IN_ACTIVE}) AS app_id,
                       (SELECT t.id || '|' || t.at FROM touches t
                        WHERE t.company_id = co.id AND t.strategy = 'social'
                        ORDER BY julianday(t.at) DESC, t.id DESC LIMIT 1) AS last
                FROM companies co WHERE co.social != '[]'
            ) WHERE app_id IS NOT NULL
            """
        ).fetchall()
        self.load_apps(r[2] for r in rows)
        facts = []
        for r in rows:
            last_id, last_on = (None, None)
            if r[3]:
                touch_id, at = r[3].split("|", 1)
                last_id, last_on = int(touch_id), parse_date(at)
            app = self.apps[r[2]]
            facts.append(
                SocialFact(
                    company_id=r[0],
                    company=app.company,
                    links=tuple(json.loads(r[1])),
                    app=app,
                    last_touch_id=last_id,
                    last_touch_on=last_on,
                )
            )
        return facts

    def events(self) -> list[EventFact]:
        upcoming = self.conn.execute(
            """
            SELECT e.id, e.name, e.on_date, e.location,
                   (SELECT group_concat(name, ', ') FROM (
                        SELECT c.name FROM event_contacts ec JOIN contacts c ON c.id = ec.contact_id
                        WHERE ec.event_id = e.id ORDER BY c.name))
            FROM events e
            WHERE e.on_date >= :day
              AND NOT EXISTS (SELECT 1 FROM touches t WHERE t.event_id = e.id
                              AND t.contact_id IS NULL AND t.direction = 'out')
            """,
            {"day": self.day},
        ).fetchall()
        facts = [
            EventFact(
                event_id=r[0],
                name=r[1],
                on=parse_date(r[2]),
                location=r[3],
                contact=None,
                attendees=tuple(r[4].split(", ")) if r[4] else (),
            )
            for r in upcoming
        ]
        met = self.conn.execute(
            """
            SELECT e.id, e.name, e.on_date, e.location, c.id, c.company_id
            FROM event_contacts ec
            JOIN events e ON e.id = ec.event_id
            JOIN contacts c ON c.id = ec.contact_id
            WHERE e.on_date < :day
              AND coalesce(c.last_out_at, '') < e.on_date
            """,
            {"day": self.day},
        ).fetchall()
        self.load_people(r[4] for r in met)
        names = self.company_names(r[5] for r in met)
        facts.extend(
            EventFact(
                event_id=r[0],
                name=r[1],
                on=parse_date(r[2]),
                location=r[3],
                contact=self.people[r[4]],
                company_id=r[5],
                company=names.get(r[5]),
            )
            for r in met
        )
        return facts

    def replies(self) -> list[ReplyFact]:
        # The latest message from each person with nothing sent to them after it. The
        # partial index idx_contacts_awaiting holds just those people (same condition).
        rows = self.conn.execute(
            """
            SELECT t.id, t.at, t.subject, t.contact_id, t.company_id,
                   -- Not filed under an application: the company's latest one it is about.
                   coalesce(t.application_id, (SELECT max(a.id) FROM applications a
                                               WHERE a.company_id = t.company_id))
            FROM contacts c
            JOIN touches t ON t.id = (
                SELECT id FROM touches WHERE contact_id = c.id AND direction = 'in'
                ORDER BY julianday(at) DESC, id DESC LIMIT 1)
            WHERE julianday(c.last_in_at) > coalesce(julianday(c.last_out_at), 0)
            """
        ).fetchall()
        self.load_people(r[3] for r in rows)
        self.load_apps(r[5] for r in rows)
        names = self.company_names(r[4] for r in rows)
        answering = self.answered({r[0]: (r[3], r[1]) for r in rows})
        return [
            ReplyFact(
                touch_id=r[0],
                on=parse_date(r[1]),
                subject=r[2],
                contact=self.people[r[3]],
                company_id=r[4],
                company=names.get(r[4]),
                app=self.apps.get(r[5]) if r[5] is not None else None,
                answers_us=r[0] in answering,
            )
            for r in rows
        ]

    def check_ins(self, active_by: str, closed_by: str) -> list[CheckInFact]:
        """Companies to check in with: those with an active application quiet since
        `active_by` or earlier, the others quiet since `closed_by` or earlier."""
        rows = self.conn.execute(
            f"""
            WITH quietish AS MATERIALIZED (
                -- A touch since the cut-off means not due: skip those companies at once.
                SELECT id, last_touch_id, last_touch_at FROM companies
                WHERE last_touch_at IS NULL OR last_touch_at <= :closed_cut
                UNION
                SELECT co.id, co.last_touch_id, co.last_touch_at
                FROM applications a JOIN companies co ON co.id = a.company_id
                WHERE a.stage IN {IN_ACTIVE} AND co.last_touch_at <= :active_cut
            ), tracked AS MATERIALIZED (
                SELECT a.company_id, max(a.stage IN {IN_ACTIVE}) AS active,
                       max(coalesce(a.applied_on, substr(a.created_at, 1, 10))) AS started,
                       q.last_touch_id || '|' || q.last_touch_at AS touched,
                       (SELECT i.starts_at FROM applications ia
                        JOIN interviews i ON i.application_id = ia.id
                        WHERE ia.company_id = q.id AND i.starts_at < :next_day
                        ORDER BY julianday(i.starts_at) DESC, i.id DESC LIMIT 1) AS interviewed
                FROM quietish q CROSS JOIN applications a ON a.company_id = q.id
                WHERE a.stage IN {IN_TRACKED} GROUP BY a.company_id
            ), due AS MATERIALIZED (
                SELECT *, (SELECT a.id FROM applications a
                           WHERE a.company_id = q.company_id AND a.stage IN {IN_TRACKED}
                           ORDER BY a.stage IN {IN_ACTIVE} DESC, {STAGE_RANK_SQL.format("a")} DESC,
                                    a.id DESC LIMIT 1) AS app_id
                FROM tracked q
                WHERE max(started, coalesce(substr(interviewed, 1, 10), ''),
                          coalesce(substr(touched, instr(touched, '|') + 1, 10), ''))
                      <= CASE WHEN active THEN :active_by ELSE :closed_by END
            )
            SELECT d.company_id, d.active, d.started, d.app_id, {main_contact("a")},
                   d.interviewed, d.touched
            FROM due d JOIN applications a ON a.id = d.app_id
            """,
            {
                "next_day": self.next_day,
                "active_by": active_by,
                "closed_by": closed_by,
                "active_cut": active_by + "~",
                "closed_cut": closed_by + "~",
            },
        ).fetchall()
        rows = [r for r in rows if r[4] is not None]
        self.load_people(r[4] for r in rows)
        self.load_apps(r[3] for r in rows)
        facts = []
        for r in rows:
            since = max(s for s in (r[2], r[5] and r[5][:10]) if s)
            touch_id = None
            if r[6]:
                touch, at = r[6].split("|", 1)
                touch_id = int(touch)
                since = max(since, at[:10])
            app = self.apps[r[3]]
            facts.append(
                CheckInFact(
                    company_id=r[0],
                    company=app.company,
                    app=app,
                    contact=self.people[r[4]],
                    active=bool(r[1]),
                    last_touch_id=touch_id,
                    since=parse_date(since),
                )
            )
        return facts

"""A realistic, deterministic demo job search: a hand-made showcase plus a scalable history.

The first twelve applications are a fixed showcase that puts every strategy on the dashboard
on any day; the rest is a seeded history, mostly old and closed. Every date is derived from
`today` and every choice from `random.Random(seed)`, so a build can be reproduced exactly.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, fields
from functools import partial
from typing import Any

from pendulum import Date

from followup_tui.dates import add_business_days, add_days
from followup_tui.demo.words import (
    CITIES,
    COLUMNS,
    DOMAINS,
    EVENTS,
    FIRST,
    HIGHLIGHTS,
    HISTORY,
    LAST,
    OPEN_QUESTIONS,
    PREFIXES,
    REGIONS,
    RESOURCE_NOTES,
    RESOURCES,
    ROLES,
    SUFFIXES,
    TITLES,
    WHY_FIT,
    WROTE,
    K,
)
from followup_tui.models import ContactKind, Direction, Stage, Strategy
from followup_tui.store import Store, atomic

IN, OUT = Direction.IN, Direction.OUT


@dataclass(frozen=True)
class DemoSummary:
    companies: int
    applications: int
    contacts: int
    interviews: int
    touches: int
    events: int
    resources: int


@dataclass(frozen=True)
class _Plan:
    """How one application went: the days its steps happened on (none happen after today)."""

    role: str
    stage: Stage
    applied: Date | None
    interviews: Sequence[Date] = ()
    thanked: int = 9  # interviews whose thank-yous were sent, oldest first
    notes: bool = True  # whether the final interview's highlights were noted
    follow_ups: Sequence[Date] = ()
    wrote: Date | None = None  # an unanswered message from the recruiter
    closed: Date | None = None
    check_in: Date | None = None
    connect: bool = True  # whether LinkedIn requests went to everyone met


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _at(day: Date, hour: int) -> str:
    # The text pendulum's isoformat(timespec="seconds") gives in UTC, without a DateTime per row.
    return f"{day.isoformat()}T{hour:02d}:00:00+00:00"


def _weekday(day: Date) -> Date:
    """The first business day on or after `day`: interviews don't happen on Sundays."""
    return add_business_days(add_days(day, -1), 1)


class _Demo:
    def __init__(self, today: Date, rng: random.Random) -> None:
        self.today, self.rng = today, rng
        self.rows: dict[str, list[dict[str, Any]]] = {table: [] for table in COLUMNS}
        self.names = [f"{first} {last}" for first in FIRST for last in LAST]
        rng.shuffle(self.names)
        self.contact_company: dict[int, int | None] = {}
        self.slugs: dict[int, str] = {}
        #: Per application: its main contact (the hiring manager) and the day it started.
        self.main: dict[int, tuple[int, Date]] = {}

    def add(self, table: str, *values: Any, **named: Any) -> int:
        rows, columns = self.rows[table], COLUMNS[table]
        row = dict.fromkeys(columns)
        row.update(
            zip(columns, (len(rows) + 1, *values) if columns[0] == "id" else values, strict=False)
        )
        row.update(named)
        rows.append(row)
        return len(rows)

    def company(self, name: str, social: bool) -> int:
        slug = _slug(name)
        self.slugs[len(self.rows["companies"]) + 1] = slug
        links = [
            f"https://www.linkedin.com/company/{slug}",
            f"https://x.com/{slug.split('-')[0]}hq",
        ]
        social_text = json.dumps(links if social else [])
        website = f"https://{slug}.example.com"
        return self.add("companies", name, website, social_text, _at(self.today, 8))

    def person(self, company: int | None, kind: ContactKind, created: Date) -> int:
        rng, name = self.rng, self.names[len(self.rows["contacts"]) % len(self.names)]
        domain = f"{self.slugs[company]}.example.com" if company else "mail.example.com"
        email = f"{name.replace(' ', '.').lower()}@{domain}"
        phone = f"+1 555 01{rng.randint(0, 99):02d}" if kind is K.RECRUITER else None
        url = f"https://www.linkedin.com/in/{_slug(name)}-{rng.randint(10, 99)}"
        title = rng.choice(TITLES[kind])
        contact = self.add("contacts", name, company, kind.value, title, email, phone, url)
        self.rows["contacts"][-1].update(created_at=_at(created, 9), linkedin_state="not connected")
        self.contact_company[contact] = company
        return contact

    def touch(
        self,
        day: Date,
        hour: int,
        direction: Direction,
        contact: int | None,
        strategy: Strategy | None,
        subject: str | None,
        **links: Any,
    ) -> None:
        if day > self.today:
            return  # a history stops at today: whatever would come next is still to do
        values = (_at(day, hour), direction.value, contact, strategy and strategy.value, subject)
        self.add("touches", *values, self.contact_company.get(contact or 0), "email", **links)

    def story(self, company: int, plan: _Plan) -> int:
        """One application and its history up to today; returns its id."""
        t, rng, role, stage, applied = self.today, self.rng, plan.role, plan.stage, plan.applied
        interviews, closed = plan.interviews, plan.closed
        start = applied or add_days(t, -6)
        on = applied.isoformat() if applied else None
        url = f"https://jobs.example.com/{self.slugs[company]}/{_slug(role)}"
        fit = WHY_FIT[ROLES.index(role) % len(WHY_FIT)] if role in ROLES else WHY_FIT[0]
        app = self.add(
            "applications", company, role, stage.value, on, _at(start, 9), url, why_fit=fit
        )
        row = self.rows["companies"][company - 1]
        row["created_at"] = min(row["created_at"], _at(add_days(start, -1), 8))
        responded = bool(interviews) or stage in (Stage.SCREENING, Stage.OFFER)
        steps = [Stage.SCREENING] * responded + [Stage.INTERVIEWING] * bool(interviews)
        path = list(dict.fromkeys([Stage.APPLIED, *steps, stage])) if applied else [stage]
        when = {Stage.APPLIED: start, Stage.SCREENING: add_days(start, 3)}
        when.update({Stage.INTERVIEWING: interviews[0]} if interviews else {})
        when[stage] = (
            closed or when.get(stage) or add_days(interviews[-1] if interviews else start, 2)
        )
        for step in path:
            self.add("stage_history", app, step.value, _at(min(t, when[step]), 17))
        kinds = [K.REFERRER] if stage is Stage.WISHLIST else [K.RECRUITER, K.HIRING_MANAGER]
        people = [self.person(company, kind, start) for kind in kinds]
        if interviews:
            people.append(self.person(company, K.INTERVIEWER, min(t, interviews[0])))
        recruiter, main = people[0], people[min(1, len(people) - 1)]
        self.main[app] = (main, start)
        for person in people:
            self.add("application_contacts", app, person)
        log = partial(self.touch, application_id=app)
        if stage is not Stage.WISHLIST:
            log(start, 10, OUT, recruiter, None, f"Application: {role}")
        if responded:
            log(add_days(start, 3), 9, IN, recruiter, None, f"Next steps for {role}")
            log(add_days(start, 4), 12, OUT, recruiter, Strategy.REPLY, "Re: Next steps")
        met: dict[int, Date] = {}
        for j, day in enumerate(interviews):
            final = j == len(interviews) - 1
            kind = "onsite" if final else "phone screen" if j == 0 else "technical"
            noted = "; ".join(rng.sample(HIGHLIGHTS, 2)) if plan.notes or not final else None
            hour = rng.choice((10, 11, 14, 15))
            # The last round may leave a question open, and strikes a chord of its own with
            # the interviewer on the panel (their thank-you says so); no draws from `rng`.
            asked = OPEN_QUESTIONS[app % len(OPEN_QUESTIONS)] if final and noted else None
            interview = self.add(
                "interviews", app, _at(day, hour), kind, noted, open_questions=asked
            )
            own = next(
                h
                for h in HIGHLIGHTS[app % len(HIGHLIGHTS) :] + HIGHLIGHTS
                if h not in (noted or "")
            )
            # The screen is with the recruiter, the last round with the hiring manager.
            for person in people[1:] if final else people[:1] if j == 0 else people[2:]:
                panelist = final and noted and person == people[-1] and len(people) > 2
                self.add(
                    "interview_participants",
                    interview,
                    person,
                    highlights=own if panelist else None,
                )
                met.setdefault(person, day)
                if j < plan.thanked:
                    subject = f"Thank you: {role} interview"
                    log(day, 18, OUT, person, Strategy.THANK_YOU, subject, interview_id=interview)
        for person in people if plan.connect else ():
            sent = add_days(met.get(person, start), 1)
            if sent <= add_days(t, -3):
                log(sent, 20, OUT, person, Strategy.LINKEDIN, None, channel="linkedin")
                state = "connected" if sent < add_days(t, -7) else "requested"
                self.rows["contacts"][person - 1]["linkedin_state"] = state
        for day in plan.follow_ups:
            log(day, 9, OUT, main, Strategy.FOLLOW_UP, f"Following up: {role}")
        if plan.wrote:
            log(plan.wrote, 8, IN, recruiter, None, f"{WROTE.get(stage, 'Quick question')}: {role}")
        if closed and stage is Stage.REJECTED:
            log(closed, 16, IN, recruiter, None, f"Update on your {role} application")
            log(add_days(closed, 1), 10, OUT, recruiter, Strategy.REPLY, "Thanks for the update")
        elif closed and stage is Stage.WITHDRAWN:
            log(closed, 10, OUT, recruiter, None, f"Withdrawing from the {role} process")
        if plan.check_in:
            log(plan.check_in, 10, OUT, main, Strategy.CHECK_IN, "Checking in")
        return app

    def social(self, company: int, day: Date) -> None:
        note = self.rng.choice(("Liked their engineering post", "Commented on their launch"))
        self.touch(day, 13, OUT, None, Strategy.SOCIAL, note, company_id=company, channel="social")

    def event(self, name: str, day: Date, met: Sequence[int], followed: bool) -> None:
        url = f"https://events.example.com/{_slug(name)}-{day.year}"
        event = self.add("events", name, day.isoformat(), self.rng.choice(CITIES), url)
        for person in met:
            self.add("event_contacts", event, person)
            if followed:
                subject = f"Great to meet you at {name}"
                self.touch(
                    add_days(day, 1), 11, OUT, person, Strategy.EVENT, subject, event_id=event
                )

    def resource(self, index: int, app: int, company_wide: bool, shared: bool) -> None:
        title, domain = RESOURCES[index % len(RESOURCES)], DOMAINS[index % len(DOMAINS)]
        (contact, start), company = self.main[app], self.rows["applications"][app - 1]["company_id"]
        added = _at(min(self.today, add_days(start, 2)), 19)
        url = f"https://{domain}/{_slug(title)}"
        note = RESOURCE_NOTES[index % len(RESOURCE_NOTES)]
        resource = self.add(
            "resources", title, url, company, None if company_wide else app, added, note
        )
        if shared:
            links = {"application_id": app, "resource_id": resource}
            self.touch(add_days(start, 3), 15, OUT, contact, Strategy.SHARE_INFO, title, **links)

    def showcase(self, count: int) -> None:
        """Twelve applications whose dates put every strategy due, overdue or upcoming."""
        t = self.today

        def ago(days: int) -> Date:
            return add_days(t, -days)

        def bd(days: int) -> Date:
            # Business days back from the latest business day on or before today.
            return add_business_days(add_days(t, 1), -days - 1)

        S, P = Stage, _Plan
        # company, its social links (and the day of the last social touch), a resource, the plan
        plans: list[tuple[str, bool, Date | None, str | None, _Plan]] = [
            ("Northwind Analytics", True, None, "app",
             P("Staff Data Engineer", S.INTERVIEWING, ago(20), [bd(8), bd(0)], thanked=1)),
            ("Bluefin Robotics", False, None, None,
             P("Senior Backend Engineer", S.INTERVIEWING, ago(15), [bd(3)], thanked=0,
               notes=False, connect=False)),
            ("Harborlight Health", False, None, None,
             P("Data Engineer", S.APPLIED, ago(10), connect=False)),
            ("Quarry & Pine", True, ago(12), "company",
             P("Platform Engineer", S.INTERVIEWING, ago(30), [bd(14)], follow_ups=[bd(9)])),
            ("Cobalt Ledger", True, ago(6), None,
             P("Site Reliability Engineer", S.OFFER, ago(40), [bd(20), bd(12)], wrote=ago(1))),
            ("Lumen Freight", False, None, None,
             P("Machine Learning Engineer", S.SCREENING, ago(12), wrote=ago(5))),
            ("Tidewater Labs", False, None, None,
             P("Analytics Engineer", S.SCREENING, ago(30), check_in=ago(17))),
            ("Saltmarsh Games", True, None, None,
             P("Senior Backend Engineer", S.REJECTED, ago(120),
               [_weekday(ago(110)), _weekday(ago(100))], closed=ago(75))),
            ("Orchard Systems", False, None, None,
             P("Data Platform Engineer", S.GHOSTED, ago(72), follow_ups=[ago(65), ago(58)],
               closed=ago(40))),
            ("Kestrel Maps", True, None, None, P("Staff Backend Engineer", S.WISHLIST, None)),
            ("Ember Payments", True, ago(4), None,
             P("Backend Engineer", S.APPLIED, ago(3), wrote=t)),
            ("Granite Cloud", False, None, None,
             P("Data Engineer", S.WITHDRAWN, ago(90), [_weekday(ago(80))], closed=ago(50))),
        ]  # fmt: skip
        apps: dict[str, int] = {}
        for name, social, social_day, resource, plan in plans[:count]:
            company = self.company(name, social)
            app = apps[name] = self.story(company, plan)
            if social_day:
                self.social(company, social_day)
            if resource:
                self.resource(app - 1, app, company_wide=resource == "company", shared=False)
        # People met at events work somewhere the job search has no application running.
        kestrel = apps.get("Kestrel Maps")
        northwind = apps.get("Northwind Analytics")
        attendees = [self.main[northwind][0]] if northwind else []
        self.event("Streaming Systems Meetup", add_days(t, 3), attendees, followed=False)
        met = [self.person(kestrel, K.OTHER, ago(3)) for _ in range(2)]
        self.event("PyData Night", ago(3), met, followed=False)
        self.event("Platform Engineering Day", add_days(t, 10), [], followed=False)
        self.event("Data Council", ago(30), [self.person(kestrel, K.OTHER, ago(30))], True)

    def history(self, count: int) -> None:
        """Seeded applications: mostly old and closed, a minority still in progress."""
        t, rng = self.today, self.rng
        first_company = len(self.rows["companies"]) + 1
        bases = [f"{prefix} {suffix}" for prefix in PREFIXES for suffix in SUFFIXES]
        rng.shuffle(bases)
        companies = []
        for i in range(-(-count * 3 // 5)):
            round_ = i // len(bases)
            region = REGIONS[round_] if round_ < len(REGIONS) else f" {round_}"
            companies.append(self.company(bases[i % len(bases)] + region, rng.random() < 0.4))
        weights = [weight for weight, *_ in HISTORY.values()]
        for i in range(count):
            company = companies[i] if i < len(companies) else rng.choice(companies)
            stage = rng.choices(list(HISTORY), weights)[0]
            _, youngest, oldest, counts = HISTORY[stage]
            start = add_days(t, -rng.randint(youngest, oldest))
            n, active = rng.choice(counts), stage.active
            interviews = [_weekday(add_days(start, 7 * j + rng.randint(7, 10))) for j in range(n)]
            last = interviews[-1] if interviews else start
            # Ghosting is only called after the follow-ups went unanswered.
            wait = rng.randint(5, 25) + 16 * (stage is Stage.GHOSTED)
            closed = None if active else min(add_days(last, wait), add_days(t, -2))
            chased: list[Date] = []
            if stage is Stage.GHOSTED:
                chased = [add_days(last, 7), add_days(last, 14)]
            elif active and interviews and last < add_days(t, -8):
                chased = [add_business_days(last, 5)]
            # Closed applications get a check-in now and then; some are due again by today.
            quiet: Date | None = add_days(t, -rng.randint(5, 75))
            quiet = quiet if closed and quiet and quiet > add_days(closed, 60) else None
            wrote = add_days(t, -rng.randint(0, 4)) if active and rng.random() < 0.15 else None
            role, thanked = rng.choice(ROLES), n - (active and rng.random() < 0.3)
            noted, linked = rng.random() < 0.85, rng.random() < (0.85 if active else 0.6)
            plan = _Plan(
                role, stage, start, interviews, thanked, noted, chased, wrote, closed, quiet, linked
            )
            self.story(company, plan)
            if active and self.rows["companies"][company - 1]["social"] != "[]":
                self.social(company, add_days(t, -rng.randint(1, 12)))
        last_app = len(self.rows["applications"])
        for _ in range(count // 2):
            app = rng.randint(last_app - count + 1, last_app)
            index, company_wide, shared = (
                rng.randrange(len(RESOURCES)),
                rng.random() < 0.3,
                rng.random() < 0.6,
            )
            self.resource(index, app, company_wide, shared)
        for _ in range(count // 8):
            if rng.random() < 0.1:
                self.event(rng.choice(EVENTS), add_days(t, rng.randint(8, 90)), [], followed=False)
                continue
            day = add_days(t, -rng.randint(10, 700))
            where = [rng.randint(first_company, len(self.rows["companies"])) for _ in range(2)]
            met = [self.person(company, K.OTHER, day) for company in where[: rng.randint(1, 2)]]
            self.event(f"{rng.choice(EVENTS)} {rng.choice(CITIES)}", day, met, followed=True)


#: The invented job seeker the demo's drafts sign with.
DEMO_USER_NAME = "Robin Avery"


def build_demo(store: Store, today: Date, applications: int = 12, seed: int = 7) -> DemoSummary:
    """Fill an empty database with a demo job search as of `today`, in one transaction."""
    if applications < 0:
        raise ValueError("applications must be 0 or more")
    demo = _Demo(today, random.Random(seed))
    demo.showcase(min(applications, 12))
    demo.history(max(applications - 12, 0))
    with atomic(store.conn):
        for table, rows in demo.rows.items():
            store.insert_rows(table, rows)
        if not store.settings().user_name:  # so the demo's drafts are complete
            store.set_setting("user_name", DEMO_USER_NAME)
    return DemoSummary(**{f.name: len(demo.rows[f.name]) for f in fields(DemoSummary)})

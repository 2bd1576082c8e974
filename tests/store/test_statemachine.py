"""State-machine fuzzing of the store and the playbook (hypothesis RuleBasedStateMachine).

Random job searches: companies, applications, people, interviews, messages, events and
resources are added; actions are marked done, snoozed and skipped by key; stages change;
touches are logged; done is undone; days pass. After every step the invariants the
dashboard and the command line rely on must hold.
"""

from __future__ import annotations

import dataclasses
import itertools
from typing import Any

import pendulum
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    precondition,
    rule,
)
from pendulum import Date

from followup_tui import playbook
from followup_tui.dates import add_days
from followup_tui.db import open_db
from followup_tui.facts import PlaybookState
from followup_tui.models import Action, ContactKind, Direction, Stage, Status, Strategy
from followup_tui.store import Store, UndoToken

START = Date(2026, 11, 2)  # a Monday
COMPANIES = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark"]
PEOPLE = ["Ann Lee", "Bo Chen", "Cy Diaz", "Di Evans", "Ed Fox", "Flo Gray"]
WEEK = 7


class FollowupMachine(RuleBasedStateMachine):
    """A job search over an in-memory database, and a model of what was done to it."""

    applications = Bundle("applications")
    contacts = Bundle("contacts")
    dones = Bundle("dones")

    def __init__(self) -> None:
        super().__init__()
        self.today = START
        self.tick = 0
        self.store = Store(open_db(":memory:"), now=self.now())
        #: Keys marked done or skipped: none of them may come back.
        self.done: set[str] = set()
        self.skipped: set[str] = set()
        #: The latest snooze of each key, and the day it runs to.
        self.snoozed: dict[str, Date] = {}

    # --- time ---------------------------------------------------------------------------

    def now(self) -> pendulum.DateTime:
        """Each write a second after the last, so touches are strictly ordered in time."""
        self.tick += 1
        start = pendulum.datetime(self.today.year, self.today.month, self.today.day, 9, tz="UTC")
        return start.add(seconds=self.tick)

    def stamp(self) -> pendulum.DateTime:
        moment = self.now()
        self.store._now = moment
        return moment

    def state(self, horizon: int | None = None) -> PlaybookState:
        return self.store.playbook_state(self.today, horizon_days=horizon)

    def everything(self) -> list[Action]:
        return playbook.actions(self.state(), self.today, horizon_days=None)

    def pick(self, index: int, due_only: bool) -> Action | None:
        found = playbook.actions(self.state(), self.today, horizon_days=0 if due_only else None)
        return found[index % len(found)] if found else None

    # --- adding ---------------------------------------------------------------------------

    @initialize()
    def start(self) -> None:
        self.stamp()

    @rule(
        target=applications,
        company=st.sampled_from(COMPANIES),
        stage=st.sampled_from(list(Stage)),
        applied_ago=st.integers(0, 40),
        response_in=st.none() | st.integers(-5, 15),
        social=st.booleans(),
    )
    def add_application(
        self,
        company: str,
        stage: Stage,
        applied_ago: int,
        response_in: int | None,
        social: bool,
    ) -> int:
        self.stamp()
        if social and self.store.company_by_name(company) is None:
            self.store.add_company(company, social=[f"https://social.example/{company}"])
        response = add_days(self.today, response_in) if response_in is not None else None
        return self.store.add_application(
            company,
            "Data Engineer",
            stage,
            applied_on=add_days(self.today, -applied_ago),
            response_by=response,
        )

    @rule(
        target=contacts,
        app=applications,
        name=st.sampled_from(PEOPLE),
        kind=st.sampled_from(list(ContactKind)),
    )
    def add_contact(self, app: int, name: str, kind: ContactKind) -> int:
        self.stamp()
        return self.store.add_contact(name, kind=kind, application_ids=[app])

    @rule(target=contacts, company=st.sampled_from(COMPANIES), name=st.sampled_from(PEOPLE))
    def add_contact_at_a_company(self, company: str, name: str) -> int:
        self.stamp()
        return self.store.add_contact(name, company=company)

    @rule(
        app=applications,
        people=st.lists(contacts, max_size=3, unique=True),
        days=st.integers(-12, 6),
        highlights=st.none() | st.just("the data platform roadmap"),
    )
    def add_interview(self, app: int, people: list[int], days: int, highlights: str | None) -> None:
        moment = self.stamp().add(days=days)
        self.store.add_interview(app, moment, people, kind="video", highlights=highlights)

    @rule(contact=contacts, hours_ago=st.integers(0, 30))
    def add_message(self, contact: int, hours_ago: int) -> None:
        # Received earlier today or yesterday, never after what was already logged.
        moment = self.stamp().subtract(hours=hours_ago)
        self.store.add_message(contact, moment, subject="A question")

    @rule(
        name=st.sampled_from(["Meetup", "Conference", "Fair"]),
        days=st.integers(-20, 12),
        met=st.lists(contacts, max_size=2, unique=True),
    )
    def add_event(self, name: str, days: int, met: list[int]) -> None:
        self.stamp()
        self.store.add_event(name, add_days(self.today, days), met=met)

    @rule(app=applications, company_wide=st.booleans())
    def add_resource(self, app: int, company_wide: bool) -> None:
        self.stamp()
        company = self.store.application(app).company if company_wide else None
        self.store.add_resource(
            "A study", "https://example.com/study", app_id=None if company_wide else app,
            company=company,
        )  # fmt: skip

    @rule(
        contact=contacts,
        direction=st.sampled_from(list(Direction)),
        strategy=st.none() | st.sampled_from(list(Strategy)),
    )
    def log_touch(self, contact: int, direction: Direction, strategy: Strategy | None) -> None:
        self.store.add_touch(direction, at=self.stamp(), contact_id=contact, strategy=strategy)

    @rule(app=applications, stage=st.sampled_from(list(Stage)))
    def change_stage(self, app: int, stage: Stage) -> None:
        self.stamp()
        self.store.set_stage(app, stage)

    # --- acting on actions -----------------------------------------------------------------

    @rule(target=dones, index=st.integers(0, 1000), due_only=st.booleans())
    def mark_done(self, index: int, due_only: bool) -> tuple[str, UndoToken] | None:
        action = self.pick(index, due_only)
        if action is None:
            return None
        self.stamp()
        token = self.store.record_done(action, subject="Hello", body="Hi")
        self.done.add(action.key)
        return action.key, token

    @rule(done=consumes(dones))
    def undo_done(self, done: tuple[str, UndoToken] | None) -> None:
        if done is None:
            return
        key, token = done
        self.store.undo(token)
        # Undone, the action may rightly come back.
        self.done.discard(key)

    @rule(index=st.integers(0, 1000), days=st.integers(1, 10))
    def snooze(self, index: int, days: int) -> None:
        action = self.pick(index, due_only=True)
        if action is None:
            return
        self.stamp()
        until = add_days(self.today, days)
        self.store.snooze(action.key, until)
        self.snoozed[action.key] = until

    @rule(index=st.integers(0, 1000), due_only=st.booleans())
    def skip(self, index: int, due_only: bool) -> None:
        action = self.pick(index, due_only)
        if action is None:
            return
        self.stamp()
        self.store.skip(action.key)
        self.skipped.add(action.key)
        self.snoozed.pop(action.key, None)

    @precondition(lambda self: self.today < add_days(START, 120))
    @rule(days=st.integers(1, 9))
    def advance(self, days: int) -> None:
        self.today = add_days(self.today, days)
        self.tick = 0
        self.stamp()

    # --- invariants ----------------------------------------------------------------------------

    @invariant()
    def keys_are_unique(self) -> None:
        keys = [a.key for a in self.everything()]
        assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)

    @invariant()
    def done_and_skipped_never_return(self) -> None:
        keys = {a.key for a in self.everything()}
        assert not keys & self.done, sorted(keys & self.done)
        assert not keys & self.skipped, sorted(keys & self.skipped)

    @invariant()
    def snoozed_actions_reappear_on_their_day(self) -> None:
        state = self.state()
        due_today = {a.key for a in playbook.actions(state, self.today, horizon_days=0)}
        for key, until in self.snoozed.items():
            if key in self.done:
                continue
            # The action as it would be without this snooze, if it still exists at all.
            without = dataclasses.replace(
                state, snoozed={k: d for k, d in state.snoozed.items() if k != key}
            )
            found = next(
                (a for a in playbook.actions(without, self.today, None) if a.key == key), None
            )
            if found is None:
                continue
            shows_on = max(found.due, until)
            assert (key in due_today) == (shows_on <= self.today), (key, until, found.due)

    @invariant()
    def the_ranking_is_a_total_order(self) -> None:
        found = self.everything()
        ranks = [playbook.rank_key(a, self.today) for a in found]
        assert all(a < b for a, b in itertools.pairwise(ranks))
        assert sorted(found, key=lambda a: playbook.rank_key(a, self.today)) == found
        replies = [i for i, a in enumerate(found) if a.strategy is Strategy.REPLY and not a.held]
        others = [i for i, a in enumerate(found) if a.strategy is not Strategy.REPLY and not a.held]
        assert not replies or not others or max(replies) < min(others)

    @invariant()
    def bounded_reads_and_counts_match_the_full_list(self) -> None:
        full = self.everything()
        for horizon in (0, WEEK, 30):
            limit = add_days(self.today, horizon)
            bounded = playbook.actions(self.state(horizon), self.today, horizon_days=horizon)
            expected = [a for a in full if a.due <= limit]
            assert [a.key for a in bounded] == [a.key for a in expected], horizon
            assert bounded == expected, horizon
        week = playbook.actions(self.state(WEEK), self.today, horizon_days=WEEK)
        counts = playbook.counts(week, self.today)
        free = [a for a in full if not a.held]
        statuses = [a.status(self.today) for a in free]
        assert counts.overdue == statuses.count(Status.OVERDUE)
        assert counts.due == statuses.count(Status.DUE)
        last = add_days(self.today, WEEK)
        upcoming = [a for a in free if a.status(self.today) is Status.UPCOMING and a.due <= last]
        assert counts.upcoming == len(upcoming)
        assert counts.held == sum(1 for a in full if a.held and a.due <= last)
        due_list = playbook.actions(self.state(0), self.today, horizon_days=0)
        assert len(due_list) == counts.overdue + counts.due + sum(1 for a in due_list if a.held)

    @invariant()
    def activity_columns_equal_a_recomputation(self) -> None:
        conn = self.store.conn
        stale: list[Any] = conn.execute(
            """
            SELECT 'contact', c.id FROM contacts c
            WHERE c.last_in_at IS NOT (SELECT max(at) FROM touches
                                       WHERE contact_id = c.id AND direction = 'in')
               OR c.last_out_at IS NOT (SELECT max(at) FROM touches
                                        WHERE contact_id = c.id AND direction = 'out')
            UNION ALL
            SELECT 'company', co.id FROM companies co
            WHERE co.last_touch_at IS NOT (SELECT max(at) FROM touches
                                           WHERE company_id = co.id AND contact_id IS NOT NULL)
               OR co.last_touch_id IS NOT (SELECT id FROM touches
                                           WHERE company_id = co.id AND contact_id IS NOT NULL
                                           ORDER BY at DESC, id DESC LIMIT 1)
               OR co.last_in_at IS NOT (SELECT max(at) FROM touches
                                        WHERE company_id = co.id AND direction = 'in')
            UNION ALL
            SELECT 'participant', p.interview_id FROM interview_participants p
            WHERE p.thanked != EXISTS (SELECT 1 FROM touches t
                                       WHERE t.interview_id = p.interview_id
                                         AND t.contact_id = p.contact_id
                                         AND t.direction = 'out')
            """
        ).fetchall()
        assert stale == []

    def teardown(self) -> None:
        self.store.conn.close()


FollowupMachine.TestCase.settings = settings(
    max_examples=50,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestFollowupMachine = FollowupMachine.TestCase

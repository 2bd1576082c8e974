"""The eight strategies, the guard, the ranking and the overrides, through the real store.

Each scenario is built with `Store` on an in-memory database on fixed dates, then read back
with `playbook.actions`. The calendar used throughout (November 2025):

    Mon  3   Tue  4   Wed  5   Thu  6   Fri  7   Sat  8   Sun  9
    Mon 10   Tue 11   Wed 12   Thu 13   Fri 14   Sat 15   Sun 16
    Mon 17   Tue 18   Wed 19   Thu 20   Fri 21   Sat 22   Sun 23
    Mon 24   Tue 25   Wed 26   Thu 27   Fri 28   Sat 29   Sun 30
    Mon Dec 1 ...
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pendulum import Date, DateTime

from followup_tui import drafts, playbook
from followup_tui.db import open_db
from followup_tui.models import (
    ACTIVE_STAGES,
    CLOSED_STAGES,
    Action,
    ContactKind,
    Direction,
    LinkedInState,
    Person,
    Settings,
    Stage,
    Status,
    Strategy,
)
from followup_tui.store import Store, UndoToken

HM = ContactKind.HIRING_MANAGER
RECRUITER = ContactKind.RECRUITER
INTERVIEWER = ContactKind.INTERVIEWER


def day(text: str) -> Date:
    return Date.fromisoformat(text)


def moment(text: str, clock: str = "10:00") -> DateTime:
    hour, minute = (int(part) for part in clock.split(":"))
    when = day(text)
    return pendulum.datetime(when.year, when.month, when.day, hour, minute, tz="UTC")


class World:
    """A database and a calendar: build data on given days, read actions on given days."""

    def __init__(self, start: str = "2025-11-03") -> None:
        self.conn = open_db(":memory:")
        self.store = Store(self.conn, now=moment(start, "09:00"))

    def on(self, when: str, clock: str = "18:00") -> Store:
        """The store as if its clock read `when` (new rows and done touches are stamped so)."""
        return Store(self.conn, now=moment(when, clock))

    def actions(self, today: str, horizon_days: int | None = 0) -> list[Action]:
        when = day(today)
        return playbook.actions(self.store.playbook_state(when), when, horizon_days=horizon_days)

    def of(self, strategy: Strategy, today: str, horizon_days: int | None = 0) -> list[Action]:
        return [a for a in self.actions(today, horizon_days) if a.strategy is strategy]

    def one(self, strategy: Strategy, today: str, horizon_days: int | None = 0) -> Action:
        found = self.of(strategy, today, horizon_days)
        assert len(found) == 1, found
        return found[0]

    def keys(self, today: str, horizon_days: int | None = None) -> set[str]:
        return {a.key for a in self.actions(today, horizon_days)}

    def done(self, action: Action, when: str) -> UndoToken:
        return self.on(when).record_done(action)

    def write(
        self, contact_id: int, when: str, clock: str = "12:00", channel: str = "email"
    ) -> int:
        """Log an outbound message the user sent outside the playbook."""
        return self.store.add_touch(
            Direction.OUT, at=moment(when, clock), contact_id=contact_id, channel=channel
        )


def interviewing(world: World, applied: str = "2025-10-27") -> tuple[int, int]:
    """Acme Robotics, Platform Engineer, in interviews, with Jane Smith as hiring manager."""
    app = world.on(applied, "09:00").add_application(
        "Acme Robotics", "Platform Engineer", Stage.INTERVIEWING, applied_on=day(applied)
    )
    jane = world.on(applied, "09:00").add_contact(
        "Jane Smith", kind=HM, application_ids=[app], email="jane@acme.example"
    )
    return app, jane


def draft_needs(action: Action, today: str = "2025-11-05") -> set[str]:
    """What the action's draft still needs, beyond the user's name (never set here)."""
    made = drafts.render(action, Settings(), day(today))
    assert made is not None
    return {need.id for need in made.needs} - {"user_name"}


def at_status(action: Action, today: str) -> Status:
    return action.status(day(today))


# --- 1. thank-you -------------------------------------------------------------------------


def test_friday_interview_thank_you_due_friday_deadline_monday() -> None:
    w = World()
    app, jane = interviewing(w)
    interview = w.store.add_interview(
        app, moment("2025-11-14"), [jane], highlights="streaming ingestion"
    )
    assert w.of(Strategy.THANK_YOU, "2025-11-13", horizon_days=None) == []
    thanks = w.one(Strategy.THANK_YOU, "2025-11-14")
    assert thanks.due == day("2025-11-14")
    assert thanks.deadline == day("2025-11-17")
    assert thanks.contact_id == jane
    assert thanks.interview_id == interview
    assert thanks.interview_on == day("2025-11-14")
    assert thanks.highlights == "streaming ingestion"
    assert not thanks.no_interviewer
    assert draft_needs(thanks) == set()
    assert "Jane Smith" in thanks.title
    assert at_status(thanks, "2025-11-14") is Status.DUE
    # Still due over the weekend and on Monday; overdue from Tuesday.
    assert w.one(Strategy.THANK_YOU, "2025-11-16").status(day("2025-11-16")) is Status.DUE
    assert w.one(Strategy.THANK_YOU, "2025-11-17").status(day("2025-11-17")) is Status.DUE
    assert w.one(Strategy.THANK_YOU, "2025-11-18").status(day("2025-11-18")) is Status.OVERDUE


def test_evening_interview_counts_on_its_own_day() -> None:
    w = World()
    app, jane = interviewing(w)
    w.store.add_interview(app, moment("2025-11-14", "23:30"), [jane], highlights="x")
    assert w.one(Strategy.THANK_YOU, "2025-11-14").due == day("2025-11-14")
    assert w.of(Strategy.THANK_YOU, "2025-11-13", horizon_days=None) == []


def test_one_thank_you_per_participant_until_each_is_done() -> None:
    w = World()
    app, jane = interviewing(w)
    raj = w.store.add_contact("Raj Patel", kind=INTERVIEWER, application_ids=[app])
    w.store.add_contact("Sam Lee", kind=RECRUITER, application_ids=[app])  # not in the room
    first = w.store.add_interview(app, moment("2025-11-05"), [jane, raj], highlights="x")
    thanks = w.of(Strategy.THANK_YOU, "2025-11-05")
    assert sorted(a.contact_id for a in thanks if a.contact_id) == sorted([jane, raj])
    assert {a.interview_id for a in thanks} == {first}
    assert len({a.key for a in thanks}) == 2

    to_jane = next(a for a in thanks if a.contact_id == jane)
    w.done(to_jane, "2025-11-05")
    left = w.of(Strategy.THANK_YOU, "2025-11-06", horizon_days=None)
    assert [a.contact_id for a in left] == [raj]

    # A second interview with Jane asks for a second thank-you to her.
    second = w.store.add_interview(app, moment("2025-11-12"), [jane], highlights="y")
    left = w.of(Strategy.THANK_YOU, "2025-11-12")
    assert sorted((a.interview_id, a.contact_id) for a in left) == sorted(
        [(first, raj), (second, jane)]
    )
    for action in left:
        w.done(action, "2025-11-12")
    assert w.of(Strategy.THANK_YOU, "2025-11-20", horizon_days=None) == []


def test_no_participants_thanks_the_hiring_manager_and_asks_for_the_interviewer() -> None:
    w = World()
    app = w.store.add_application("Acme Robotics", "Platform Engineer", Stage.INTERVIEWING)
    # The recruiter is added first: the hiring manager still wins.
    w.store.add_contact("Sam Lee", kind=RECRUITER, application_ids=[app])
    w.store.add_contact("Olu Ade", kind=ContactKind.OTHER, application_ids=[app])
    jane = w.store.add_contact("Jane Smith", kind=HM, application_ids=[app])
    interview = w.store.add_interview(app, moment("2025-11-05"), [], highlights="x")
    thanks = w.one(Strategy.THANK_YOU, "2025-11-05")
    assert thanks.contact_id == jane
    assert thanks.interview_id == interview
    assert thanks.no_interviewer
    assert draft_needs(thanks) == {"interviewer"}
    w.done(thanks, "2025-11-05")
    assert w.of(Strategy.THANK_YOU, "2025-11-06", horizon_days=None) == []


def test_no_participants_and_no_hiring_manager_thanks_the_recruiter() -> None:
    w = World()
    app = w.store.add_application("Acme Robotics", "Platform Engineer", Stage.INTERVIEWING)
    sam = w.store.add_contact("Sam Lee", kind=RECRUITER, application_ids=[app])
    w.store.add_interview(app, moment("2025-11-05"), [])
    thanks = w.one(Strategy.THANK_YOU, "2025-11-05")
    assert thanks.contact_id == sam
    assert thanks.no_interviewer
    assert draft_needs(thanks) == {"interviewer", "highlights"}


def test_thank_you_without_highlights_needs_them() -> None:
    w = World()
    app, jane = interviewing(w)
    w.store.add_interview(app, moment("2025-11-05"), [jane])
    thanks = w.one(Strategy.THANK_YOU, "2025-11-05")
    assert draft_needs(thanks) == {"highlights"}


# --- 2. linkedin --------------------------------------------------------------------------


def test_linkedin_due_one_business_day_after_the_first_interview() -> None:
    w = World()
    app, jane = interviewing(w)
    w.store.add_interview(app, moment("2025-11-07"), [jane], highlights="x")
    w.store.add_interview(app, moment("2025-11-12"), [jane], highlights="x")
    assert w.of(Strategy.LINKEDIN, "2025-11-07") == []
    connect = w.one(Strategy.LINKEDIN, "2025-11-10")
    assert connect.contact_id == jane
    assert connect.due == day("2025-11-10")  # Fri 7 + 1 bd
    assert connect.deadline == day("2025-11-13")  # + 3 bd
    assert connect.application_id == app

    token = w.done(connect, "2025-11-10")
    assert w.store.contact(jane).linkedin_state is LinkedInState.REQUESTED
    for later in ("2025-11-10", "2025-11-11", "2025-12-15"):
        assert w.of(Strategy.LINKEDIN, later, horizon_days=None) == []

    w.store.undo(token)
    assert w.store.contact(jane).linkedin_state is LinkedInState.NOT_CONNECTED
    assert w.one(Strategy.LINKEDIN, "2025-11-10").key == connect.key

    w.store.set_linkedin_state(jane, LinkedInState.CONNECTED)
    assert w.of(Strategy.LINKEDIN, "2025-11-10", horizon_days=None) == []


def test_linkedin_without_an_interview_counts_from_when_the_contact_was_added() -> None:
    w = World()
    app = w.store.add_application("Acme Robotics", "Platform Engineer", Stage.SCREENING)
    raj = w.on("2025-11-05", "09:00").add_contact(
        "Raj Patel", kind=RECRUITER, application_ids=[app]
    )
    connect = w.one(Strategy.LINKEDIN, "2025-11-06")
    assert connect.contact_id == raj
    assert connect.due == day("2025-11-06")
    assert connect.deadline == day("2025-11-11")  # Thu 6 + 3 bd over the weekend


def test_linkedin_only_for_contacts_of_active_applications() -> None:
    w = World()
    closed = w.store.add_application("Acme Robotics", "Platform Engineer", Stage.REJECTED)
    w.store.add_contact("Jane Smith", kind=HM, application_ids=[closed])
    w.store.add_contact("Nobody Special", company="Acme Robotics")
    assert w.of(Strategy.LINKEDIN, "2025-12-01", horizon_days=None) == []


# --- 3. follow-up -------------------------------------------------------------------------


def test_follow_up_five_business_days_after_the_interview() -> None:
    w = World()
    app, jane = interviewing(w)
    w.store.add_interview(app, moment("2025-11-03"), [jane], highlights="x")
    upcoming = w.one(Strategy.FOLLOW_UP, "2025-11-03", horizon_days=None)
    assert upcoming.due == day("2025-11-10")
    assert upcoming.deadline == day("2025-11-12")
    assert upcoming.contact_id == jane
    assert upcoming.application_id == app
    assert w.of(Strategy.FOLLOW_UP, "2025-11-07") == []
    assert w.one(Strategy.FOLLOW_UP, "2025-11-10").key == upcoming.key


def test_follow_up_waits_for_the_stated_response_date() -> None:
    w = World()
    app = w.store.add_application(
        "Acme Robotics",
        "Platform Engineer",
        Stage.INTERVIEWING,
        applied_on=day("2025-10-27"),
        response_by=day("2025-11-14"),
    )
    early = w.store.add_application(
        "Globex",
        "Data Engineer",
        Stage.INTERVIEWING,
        applied_on=day("2025-10-27"),
        response_by=day("2025-11-04"),
    )
    w.store.add_interview(app, moment("2025-11-03"), [])
    w.store.add_interview(early, moment("2025-11-03"), [])
    by_app = {a.application_id: a for a in w.of(Strategy.FOLLOW_UP, "2025-11-03", None)}
    # Stated Fri 14 + 1 bd = Mon 17, later than Mon 3 + 5 bd.
    assert by_app[app].due == day("2025-11-17")
    assert by_app[app].deadline == day("2025-11-19")
    # Stated Tue 4 + 1 bd is earlier than the five business days: those win.
    assert by_app[early].due == day("2025-11-10")


def test_follow_up_after_applying_only_is_seven_calendar_days() -> None:
    w = World()
    app = w.store.add_application(
        "Acme Robotics", "Platform Engineer", Stage.APPLIED, applied_on=day("2025-11-08")
    )
    w.store.add_contact("Sam Lee", kind=RECRUITER, application_ids=[app])
    nudge = w.one(Strategy.FOLLOW_UP, "2025-11-08", horizon_days=None)
    assert nudge.due == day("2025-11-15")  # Sat 8 + 7 days, not Fri 14 (5 bd)
    assert nudge.deadline == day("2025-11-18")
    assert nudge.interview_on is None


def test_no_follow_up_without_an_interview_unless_just_applied() -> None:
    w = World()
    screening = w.store.add_application("Acme Robotics", "Platform Engineer", Stage.SCREENING)
    later = w.store.add_application("Globex", "Data Engineer", Stage.INTERVIEWING)
    w.store.add_interview(later, moment("2025-11-21"), [])  # not yet happened
    rejected = w.store.add_application("Initech", "SRE", Stage.REJECTED)
    w.store.add_interview(rejected, moment("2025-11-04"), [])
    found = w.of(Strategy.FOLLOW_UP, "2025-11-12", horizon_days=None)
    assert {a.application_id for a in found} & {screening, later, rejected} == set()


def test_inbound_message_from_the_company_resets_the_wait() -> None:
    w = World()
    app, jane = interviewing(w)
    raj = w.store.add_contact("Raj Patel", kind=RECRUITER, company="Acme Robotics")
    stranger = w.store.add_contact("Ola Nordmann", company="Globex")
    w.store.add_interview(app, moment("2025-11-03"), [jane], highlights="x")
    # Messages before the interview or from another company change nothing.
    w.store.add_message(raj, moment("2025-10-31"))
    w.store.add_message(stranger, moment("2025-11-05"))
    first = w.one(Strategy.FOLLOW_UP, "2025-11-05", horizon_days=None)
    assert first.due == day("2025-11-10")

    w.store.add_message(raj, moment("2025-11-05", "11:00"), subject="Quick update")
    reset = w.one(Strategy.FOLLOW_UP, "2025-11-05", horizon_days=None)
    assert reset.key != first.key
    assert reset.due == day("2025-11-12")  # Wed 5 + 5 bd
    assert reset.deadline == day("2025-11-14")
    assert first.key not in w.keys("2025-11-10")


def test_follow_up_cap_of_two_then_going_cold_and_check_in_takes_over() -> None:
    w = World()
    app, jane = interviewing(w)
    w.store.add_interview(app, moment("2025-11-03"), [jane], highlights="x")
    assert w.of(Strategy.CHECK_IN, "2025-12-31", horizon_days=None) == []

    first = w.one(Strategy.FOLLOW_UP, "2025-11-10")
    w.done(first, "2025-11-10")
    second = w.one(Strategy.FOLLOW_UP, "2025-11-10", horizon_days=None)
    assert second.key != first.key
    assert second.due == day("2025-11-17")  # 5 bd after the first
    assert second.deadline == day("2025-11-19")
    assert w.of(Strategy.CHECK_IN, "2025-12-31", horizon_days=None) == []

    w.done(second, "2025-11-17")
    for later in ("2025-11-17", "2025-11-24", "2025-12-15", "2026-03-01"):
        assert w.of(Strategy.FOLLOW_UP, later, horizon_days=None) == []
    check_in = w.one(Strategy.CHECK_IN, "2025-11-17", horizon_days=None)
    assert check_in.due == day("2025-12-01")  # 14 days after the last follow-up
    assert check_in.deadline == day("2025-12-08")
    assert check_in.contact_id == jane

    # The company writes back: a new wait starts, with its own cap, and check-ins pause.
    w.store.add_message(jane, moment("2025-12-03"))
    again = w.one(Strategy.FOLLOW_UP, "2025-12-03", horizon_days=None)
    assert again.key not in {first.key, second.key}
    assert again.due == day("2025-12-10")
    assert w.of(Strategy.CHECK_IN, "2026-01-31", horizon_days=None) == []


# --- 4. share-info ------------------------------------------------------------------------


def test_share_info_three_days_after_the_interview_and_after_a_quiet_spell() -> None:
    w = World()
    app, jane = interviewing(w)
    raj = w.store.add_contact("Raj Patel", kind=INTERVIEWER, application_ids=[app])
    resource = w.store.add_resource("Streaming at scale", "https://example.org/s", app_id=app)
    w.store.add_interview(app, moment("2025-11-10"), [raj], highlights="x")
    share = w.one(Strategy.SHARE_INFO, "2025-11-10", horizon_days=None)
    assert share.contact_id == jane  # the application's main contact
    assert share.resource_id == resource
    assert share.resource_title == "Streaming at scale"
    assert share.resource_url == "https://example.org/s"
    assert share.due == day("2025-11-13")
    assert share.deadline == day("2025-11-20")

    # Having written to Jane on Wed 12 pushes it to 5 bd after that.
    w.write(jane, "2025-11-12")
    share = w.one(Strategy.SHARE_INFO, "2025-11-12", horizon_days=None)
    assert share.due == day("2025-11-19")
    assert share.deadline == day("2025-11-26")
    assert w.of(Strategy.SHARE_INFO, "2025-11-18") == []

    w.done(w.one(Strategy.SHARE_INFO, "2025-11-19"), "2025-11-19")
    assert w.of(Strategy.SHARE_INFO, "2025-11-19", horizon_days=None) == []
    # The next resource waits 14 days after the last share.
    w.on("2025-11-19").add_resource("Another read", "https://example.org/a", app_id=app)
    next_share = w.one(Strategy.SHARE_INFO, "2025-11-19", horizon_days=None)
    assert next_share.resource_title == "Another read"
    assert next_share.due == day("2025-12-03")


def test_share_info_only_while_not_yet_shared() -> None:
    w = World()
    app, jane = interviewing(w)
    resource = w.store.add_resource("Streaming at scale", "https://example.org/s", app_id=app)
    w.store.add_touch(
        Direction.OUT,
        at=moment("2025-10-20"),
        contact_id=jane,
        resource_id=resource,
        channel="email",
    )
    assert w.of(Strategy.SHARE_INFO, "2025-12-01", horizon_days=None) == []


def test_company_resource_goes_to_the_main_contact_of_its_active_application() -> None:
    w = World()
    app, jane = interviewing(w)
    w.store.add_resource("Their blog post", "https://acme.example/blog", company="Acme Robotics")
    share = w.one(Strategy.SHARE_INFO, "2025-11-03", horizon_days=None)
    assert (share.contact_id, share.application_id) == (jane, app)


# --- 5. social ----------------------------------------------------------------------------


def test_social_weekly_while_active() -> None:
    w = World()
    w.store.add_company("Acme Robotics", social=["https://linkedin.com/company/acme"])
    app = w.store.add_application("Acme Robotics", "Platform Engineer", Stage.SCREENING)
    w.store.add_company("Globex")  # no social links
    w.store.add_application("Globex", "Data Engineer", Stage.SCREENING)
    w.store.add_company("Initech", social=["https://x.com/initech"])
    w.store.add_application("Initech", "SRE", Stage.REJECTED)

    social = w.one(Strategy.SOCIAL, "2025-11-10")
    assert social.application_id == app
    assert social.social_links == ("https://linkedin.com/company/acme",)
    assert social.due == day("2025-11-10")
    assert social.deadline == day("2025-11-13")

    w.done(social, "2025-11-10")
    assert w.of(Strategy.SOCIAL, "2025-11-10") == []
    assert w.of(Strategy.SOCIAL, "2025-11-16") == []
    again = w.one(Strategy.SOCIAL, "2025-11-17")
    assert again.key != social.key
    assert again.due == day("2025-11-17")
    assert again.deadline == day("2025-11-20")


# --- 6. event -----------------------------------------------------------------------------


def test_event_prepare_seven_days_before() -> None:
    w = World()
    _, jane = interviewing(w)
    event = w.store.add_event("PyData London", day("2025-11-21"), met=[jane])
    assert w.of(Strategy.EVENT, "2025-11-13") == []
    prepare = w.one(Strategy.EVENT, "2025-11-13", horizon_days=1)
    assert prepare.due == day("2025-11-14")
    assert prepare.deadline == day("2025-11-21")
    assert prepare.event_id == event
    assert prepare.contact is None
    assert "Jane Smith" in prepare.why
    w.done(prepare, "2025-11-14")
    assert w.of(Strategy.EVENT, "2025-11-21") == []


def test_people_met_at_an_event_get_a_note_the_day_after() -> None:
    w = World()
    _, jane = interviewing(w)
    raj = w.store.add_contact("Raj Patel", company="Globex")
    w.write(jane, "2025-11-17")  # before the event: does not count
    event = w.store.add_event("PyData London", day("2025-11-20"), met=[jane, raj])
    w.done(w.one(Strategy.EVENT, "2025-11-13"), "2025-11-13")  # prepared
    assert w.of(Strategy.EVENT, "2025-11-20") == []
    notes = w.of(Strategy.EVENT, "2025-11-21")
    assert sorted(a.contact_id for a in notes if a.contact_id) == sorted([jane, raj])
    for note in notes:
        assert note.event_id == event
        assert note.event_name == "PyData London"
        assert note.due == day("2025-11-21")
        assert note.deadline == day("2025-11-25")
    # Writing to Jane after the event, for whatever reason, covers her.
    w.write(jane, "2025-11-21")
    assert [a.contact_id for a in w.of(Strategy.EVENT, "2025-11-24")] == [raj]
    w.done(w.one(Strategy.EVENT, "2025-11-24"), "2025-11-24")
    assert w.of(Strategy.EVENT, "2025-12-01", horizon_days=None) == []


# --- 7. reply -----------------------------------------------------------------------------


def test_reply_ranks_first_and_is_cleared_by_an_answer() -> None:
    w = World()
    app, jane = interviewing(w)
    raj = w.store.add_contact("Raj Patel", kind=RECRUITER, application_ids=[app])
    w.store.add_company("Zeta", social=["https://x.com/zeta"])
    w.store.add_application("Zeta", "SRE", Stage.OFFER)
    w.store.add_interview(app, moment("2025-11-03"), [jane], highlights="x")
    w.write(raj, "2025-11-04")  # before the message: not an answer
    w.store.add_message(raj, moment("2025-11-05", "09:00"), subject="Next steps")

    today = w.actions("2025-11-05")
    assert today[0].strategy is Strategy.REPLY
    reply = today[0]
    assert reply.contact_id == raj
    assert reply.due == day("2025-11-05")
    assert reply.deadline == day("2025-11-06")
    assert reply.held is None  # Raj was written to yesterday, but replies are never held
    assert any(
        a.status(day("2025-11-05")) is Status.OVERDUE and a.strategy is not Strategy.REPLY
        for a in today
    )
    # Two days on, everything is overdue: the reply still comes first.
    assert w.actions("2025-11-07")[0].key == reply.key

    w.done(reply, "2025-11-05")
    assert w.of(Strategy.REPLY, "2025-11-05", horizon_days=None) == []
    assert w.of(Strategy.REPLY, "2025-11-20", horizon_days=None) == []

    # A new message needs a new reply; any outbound touch after it answers it.
    w.store.add_message(raj, moment("2025-11-10", "09:00"))
    second = w.one(Strategy.REPLY, "2025-11-10")
    assert second.key != reply.key
    w.write(raj, "2025-11-10", clock="15:00", channel="phone")
    assert w.of(Strategy.REPLY, "2025-11-10", horizon_days=None) == []


# --- 8. check-in --------------------------------------------------------------------------


def test_active_check_in_after_fourteen_quiet_days_reset_by_any_touch() -> None:
    w = World()
    app = w.store.add_application(
        "Acme Robotics", "Platform Engineer", Stage.SCREENING, applied_on=day("2025-11-03")
    )
    raj = w.store.add_contact("Raj Patel", kind=RECRUITER, application_ids=[app])
    other = w.store.add_contact("Ola Nordmann", company="Globex")
    check_in = w.one(Strategy.CHECK_IN, "2025-11-03", horizon_days=None)
    assert check_in.contact_id == raj
    assert check_in.due == day("2025-11-17")
    assert check_in.deadline == day("2025-11-24")
    assert w.of(Strategy.CHECK_IN, "2025-11-14") == []

    w.store.add_message(raj, moment("2025-11-10"))  # inbound resets
    assert w.one(Strategy.CHECK_IN, "2025-11-10", None).due == day("2025-11-24")
    w.write(raj, "2025-11-11", channel="phone")  # outbound, another channel, resets
    assert w.one(Strategy.CHECK_IN, "2025-11-11", None).due == day("2025-11-25")
    lee = w.on("2025-11-12").add_contact("Lee Chan", company="Acme Robotics")
    w.store.add_message(lee, moment("2025-11-12"))  # anybody at the company
    assert w.one(Strategy.CHECK_IN, "2025-11-12", None).due == day("2025-11-26")
    w.store.add_message(other, moment("2025-11-13"))  # another company: no effect
    assert w.one(Strategy.CHECK_IN, "2025-11-13", None).due == day("2025-11-26")


def test_no_active_check_in_while_a_follow_up_is_pending() -> None:
    w = World()
    app = w.store.add_application(
        "Acme Robotics", "Platform Engineer", Stage.APPLIED, applied_on=day("2025-11-03")
    )
    w.store.add_contact("Raj Patel", kind=RECRUITER, application_ids=[app])
    assert w.of(Strategy.FOLLOW_UP, "2025-12-20", horizon_days=None)
    assert w.of(Strategy.CHECK_IN, "2025-12-20", horizon_days=None) == []


def test_a_skipped_follow_up_lets_the_check_in_take_over() -> None:
    w = World()
    app, jane = interviewing(w)
    w.store.add_interview(app, moment("2025-11-03"), [jane], highlights="x")
    w.done(w.one(Strategy.THANK_YOU, "2025-11-03"), "2025-11-03")
    follow_up = w.one(Strategy.FOLLOW_UP, "2025-11-10")
    w.store.skip(follow_up.key)
    # Not following up is the user's call; the company then only gets the quiet-spell check-in.
    assert w.of(Strategy.FOLLOW_UP, "2025-11-10", horizon_days=None) == []
    check_in = w.one(Strategy.CHECK_IN, "2025-11-10", horizon_days=None)
    assert check_in.due == day("2025-11-17")  # 14 days after the thank-you
    # A snoozed follow-up is still pending: no check-in meanwhile.
    w2 = World()
    app2, jane2 = interviewing(w2)
    w2.store.add_interview(app2, moment("2025-11-03"), [jane2], highlights="x")
    w2.store.snooze(w2.one(Strategy.FOLLOW_UP, "2025-11-10").key, day("2025-12-01"))
    assert w2.of(Strategy.CHECK_IN, "2025-11-30", horizon_days=None) == []


def test_closed_application_check_in_every_sixty_days() -> None:
    w = World()
    app = w.store.add_application(
        "Acme Robotics", "Platform Engineer", Stage.REJECTED, applied_on=day("2025-11-03")
    )
    jane = w.store.add_contact("Jane Smith", kind=HM, application_ids=[app])
    # Besides the gracious close of the rejection (due that day, once), the check-ins:
    closes = [a for a in w.of(Strategy.CHECK_IN, "2025-11-03") if a.key.startswith("cl-")]
    assert [a.key for a in closes] == [f"cl-{app}"]
    w.done(closes[0], "2025-11-03")
    check_in = w.one(Strategy.CHECK_IN, "2025-11-03", horizon_days=None)
    assert check_in.contact_id == jane
    assert check_in.due == day("2026-01-02")  # 3 Nov + 60 days
    assert check_in.deadline == day("2026-01-09")
    assert w.of(Strategy.CHECK_IN, "2026-01-01") == []
    w.done(w.one(Strategy.CHECK_IN, "2026-01-02"), "2026-01-02")
    again = w.one(Strategy.CHECK_IN, "2026-01-02", horizon_days=None)
    assert again.key != check_in.key
    assert again.due == day("2026-03-03")  # and every 60 days after
    # Their message resets it too.
    w.store.add_message(jane, moment("2026-01-20"))
    assert w.one(Strategy.CHECK_IN, "2026-01-20", None).due == day("2026-03-21")


# --- the professionalism guard --------------------------------------------------------------


def test_guard_holds_a_second_message_within_two_business_days() -> None:
    w = World()
    app, jane = interviewing(w)
    w.store.add_interview(app, moment("2025-11-03"), [jane], highlights="x")
    w.done(w.one(Strategy.THANK_YOU, "2025-11-03"), "2025-11-03")

    connect = w.one(Strategy.LINKEDIN, "2025-11-04")  # due Tue 4, a day after the thank-you
    assert connect.held == "held: you wrote to Jane 1 day ago"
    assert w.one(Strategy.LINKEDIN, "2025-11-05").held is None

    # Written on Friday: Monday is only one business day later.
    w.write(jane, "2025-11-07")
    follow_up = w.one(Strategy.FOLLOW_UP, "2025-11-10")
    assert follow_up.held == "held: you wrote to Jane 3 days ago"
    assert w.one(Strategy.FOLLOW_UP, "2025-11-11").held is None

    w.write(jane, "2025-11-11")
    assert w.one(Strategy.FOLLOW_UP, "2025-11-11").held == "held: you wrote to Jane today"


def test_guard_never_holds_replies_or_thank_yous() -> None:
    w = World()
    app, jane = interviewing(w)
    w.write(jane, "2025-11-10", clock="08:00")
    w.store.add_interview(app, moment("2025-11-10", "11:00"), [jane], highlights="x")
    w.store.add_message(jane, moment("2025-11-10", "16:00"))
    today = w.actions("2025-11-10")
    by_strategy = {a.strategy: a for a in today}
    assert by_strategy[Strategy.THANK_YOU].held is None
    assert by_strategy[Strategy.REPLY].held is None


def test_held_actions_rank_last() -> None:
    w = World()
    app, jane = interviewing(w)
    w.store.add_company("Zeta", social=["https://x.com/zeta"])
    w.store.add_application("Zeta", "SRE", Stage.APPLIED)
    w.store.add_interview(app, moment("2025-11-03"), [jane], highlights="x")
    w.done(w.one(Strategy.THANK_YOU, "2025-11-03"), "2025-11-03")
    w.write(jane, "2025-11-13")
    today = w.actions("2025-11-14")
    # Jane's follow-up (due Mon 10, overdue since Wed 12) and LinkedIn request are held;
    # the social action for Zeta is not, and ranks before them although it is not overdue.
    held = [a for a in today if a.held]
    assert {a.strategy for a in held} == {Strategy.FOLLOW_UP, Strategy.LINKEDIN}
    assert all(a.status(day("2025-11-14")) is Status.OVERDUE for a in held)
    assert today[-len(held) :] == held
    social = next(a for a in today if a.strategy is Strategy.SOCIAL)
    assert social.status(day("2025-11-14")) is not Status.OVERDUE
    assert today.index(social) < today.index(held[0])


# --- ranking ----------------------------------------------------------------------------------

TODAY = day("2025-11-17")


def _action(
    key: str,
    strategy: Strategy,
    deadline: str = "2025-11-18",
    due: str = "2025-11-17",
    stage: Stage | None = Stage.INTERVIEWING,
    name: str = "Jane Smith",
    held: str | None = None,
) -> Action:
    return Action(
        key=key,
        strategy=strategy,
        title=key,
        why="",
        due=day(due),
        deadline=day(deadline),
        contact=Person(id=sum(map(ord, name)), name=name),
        stage=stage,
        held=held,
    )


def test_ranking_follows_the_design() -> None:
    expected = [
        _action("reply-due", Strategy.REPLY),
        _action("overdue-social", Strategy.SOCIAL, due="2025-11-10", deadline="2025-11-13"),
        _action("thank-you", Strategy.THANK_YOU),
        _action("follow-up", Strategy.FOLLOW_UP),
        _action("event", Strategy.EVENT),
        _action("linkedin", Strategy.LINKEDIN),
        _action("check-in-early", Strategy.CHECK_IN, deadline="2025-11-18"),
        _action("check-in-later", Strategy.CHECK_IN, deadline="2025-11-19"),
        _action("share-offer", Strategy.SHARE_INFO, stage=Stage.OFFER),
        _action("share-interviewing", Strategy.SHARE_INFO, stage=Stage.INTERVIEWING),
        _action("share-screening", Strategy.SHARE_INFO, stage=Stage.SCREENING),
        _action("share-applied-ann", Strategy.SHARE_INFO, stage=Stage.APPLIED, name="ann Bo"),
        _action("share-applied-bob", Strategy.SHARE_INFO, stage=Stage.APPLIED, name="Bob Ax"),
        _action("social", Strategy.SOCIAL),
        _action("held-overdue", Strategy.FOLLOW_UP, deadline="2025-11-12", held="held: x"),
    ]
    shuffled = expected[:]
    for seed in range(20):
        random.Random(seed).shuffle(shuffled)
        ranked = sorted(shuffled, key=lambda a: playbook.rank_key(a, TODAY))
        assert [a.key for a in ranked] == [a.key for a in expected]


def test_an_overdue_reply_still_ranks_with_replies_first() -> None:
    late_reply = _action("late-reply", Strategy.REPLY, due="2025-11-10", deadline="2025-11-11")
    fresh_reply = _action("fresh-reply", Strategy.REPLY)
    overdue_thanks = _action("ty", Strategy.THANK_YOU, due="2025-11-10", deadline="2025-11-11")
    ranked = sorted(
        [overdue_thanks, fresh_reply, late_reply], key=lambda a: playbook.rank_key(a, TODAY)
    )
    assert [a.key for a in ranked] == ["late-reply", "fresh-reply", "ty"]


# --- done, snooze, skip, undo -----------------------------------------------------------------


def _social_world() -> tuple[World, Action]:
    w = World()
    w.store.add_company("Acme Robotics", social=["https://linkedin.com/company/acme"])
    w.store.add_application("Acme Robotics", "Platform Engineer", Stage.SCREENING)
    return w, w.one(Strategy.SOCIAL, "2025-11-10")


def test_snoozed_action_reappears_on_its_day() -> None:
    w = World()
    app, jane = interviewing(w)
    w.store.add_interview(app, moment("2025-11-03"), [jane], highlights="x")
    follow_up = w.one(Strategy.FOLLOW_UP, "2025-11-10")
    token = w.store.snooze(follow_up.key, day("2025-11-12"))
    assert follow_up.key not in {a.key for a in w.actions("2025-11-10")}
    assert follow_up.key not in {a.key for a in w.actions("2025-11-11")}
    later = w.one(Strategy.FOLLOW_UP, "2025-11-10", horizon_days=None)
    assert later.key == follow_up.key
    assert later.due == day("2025-11-12")
    back = w.one(Strategy.FOLLOW_UP, "2025-11-12")
    assert back.key == follow_up.key
    assert back.due == day("2025-11-12")
    assert back.deadline >= day("2025-11-12")
    assert back.status(day("2025-11-12")) is not Status.OVERDUE
    w.store.undo(token)
    assert w.one(Strategy.FOLLOW_UP, "2025-11-10").key == follow_up.key


def test_skip_hides_an_action_for_good_until_undone() -> None:
    w, social = _social_world()
    token = w.store.skip(social.key)
    for later in ("2025-11-10", "2025-11-11", "2026-01-01"):
        assert social.key not in w.keys(later)
    w.store.undo(token)
    assert social.key in w.keys("2025-11-10", horizon_days=0)


def test_undo_of_a_skip_restores_the_earlier_snooze() -> None:
    w, social = _social_world()
    w.store.snooze(social.key, day("2025-11-12"))
    token = w.store.skip(social.key)
    assert social.key not in w.keys("2025-11-20")
    w.store.undo(token)
    assert social.key not in w.keys("2025-11-11", horizon_days=0)
    assert w.one(Strategy.SOCIAL, "2025-11-12").due == day("2025-11-12")


def test_done_by_key_then_undo_brings_it_back() -> None:
    w = World()
    app, jane = interviewing(w)
    w.store.add_interview(app, moment("2025-11-05"), [jane], highlights="x")
    thanks = w.one(Strategy.THANK_YOU, "2025-11-05")
    found = playbook.find(w.store.playbook_state(day("2025-11-05")), day("2025-11-05"), thanks.key)
    # The same action, knowing its person (find is how one action's draft is written).
    assert found is not None and found._replace(known=None) == thanks
    assert found.known is not None and found.known.first_interview == day("2025-11-05")
    token = w.done(thanks, "2025-11-05")
    touch = w.store.touch(token.touch_id or 0)
    assert (touch.direction, touch.contact_id, touch.interview_id) == (
        Direction.OUT,
        jane,
        thanks.interview_id,
    )
    assert touch.strategy is Strategy.THANK_YOU
    assert touch.action_key == thanks.key
    assert thanks.key not in w.keys("2025-11-05")
    w.store.undo(token)
    assert thanks.key in w.keys("2025-11-05", horizon_days=0)


# --- settings ---------------------------------------------------------------------------------


def test_setting_changes_apply_at_once() -> None:
    w = World()
    app, jane = interviewing(w)
    w.store.add_interview(app, moment("2025-11-13"), [jane], highlights="x")  # a Thursday
    assert w.one(Strategy.FOLLOW_UP, "2025-11-13", None).due == day("2025-11-20")
    assert w.one(Strategy.THANK_YOU, "2025-11-13").deadline == day("2025-11-14")

    w.store.set_setting("follow_up_after_interview_bd", "3")
    assert w.one(Strategy.FOLLOW_UP, "2025-11-13", None).due == day("2025-11-18")
    w.store.set_setting("thank_you_deadline_bd", "2")
    assert w.one(Strategy.THANK_YOU, "2025-11-13").deadline == day("2025-11-17")
    w.store.set_setting("work_days", "sun,mon,tue,wed,thu")
    assert w.one(Strategy.THANK_YOU, "2025-11-13").deadline == day("2025-11-17")  # Sun, Mon
    w.store.set_setting("thank_you_deadline_bd", "1")
    assert w.one(Strategy.THANK_YOU, "2025-11-13").deadline == day("2025-11-16")  # Sunday


def test_follow_up_cap_setting() -> None:
    w = World()
    app, jane = interviewing(w)
    w.store.add_interview(app, moment("2025-11-03"), [jane], highlights="x")
    w.store.set_setting("follow_up_cap", "1")
    w.done(w.one(Strategy.FOLLOW_UP, "2025-11-10"), "2025-11-10")
    assert w.of(Strategy.FOLLOW_UP, "2025-11-10", horizon_days=None) == []
    assert w.one(Strategy.CHECK_IN, "2025-11-10", None).due == day("2025-11-24")
    w.store.set_setting("check_in_active_days", "7")
    assert w.one(Strategy.CHECK_IN, "2025-11-10", None).due == day("2025-11-17")


def test_guard_setting() -> None:
    w = World()
    app, jane = interviewing(w)
    w.store.add_interview(app, moment("2025-11-03"), [jane], highlights="x")
    w.write(jane, "2025-11-07")
    assert w.one(Strategy.FOLLOW_UP, "2025-11-10").held
    w.store.set_setting("guard_bd", "0")
    assert w.one(Strategy.FOLLOW_UP, "2025-11-10").held is None


# --- properties over random data --------------------------------------------------------------

BASE = day("2025-11-17")  # a Monday
CREATED = BASE.add(days=-45)
TRACKED = ACTIVE_STAGES | CLOSED_STAGES


def _on(offset: int) -> Date:
    return BASE.add(days=offset)


@dataclass
class Spec:
    socials: list[bool]
    apps: list[tuple[int, Stage, int, int | None]]
    contacts: list[tuple[int, ContactKind]]
    interviews: list[tuple[int, int, frozenset[int], bool]]
    messages: list[tuple[int, int]]
    writes: list[tuple[int, int]]
    events: list[tuple[int, frozenset[int]]]
    resources: list[int]


@st.composite
def specs(draw: st.DrawFn) -> Spec:
    socials = draw(st.lists(st.booleans(), min_size=1, max_size=3))
    apps = draw(
        st.lists(
            st.tuples(
                st.integers(0, len(socials) - 1),
                st.sampled_from(list(Stage)),
                st.integers(-40, 0),
                st.none() | st.integers(-30, 20),
            ),
            min_size=1,
            max_size=4,
        )
    )
    contacts = draw(
        st.lists(
            st.tuples(st.integers(0, len(apps) - 1), st.sampled_from(list(ContactKind))),
            max_size=5,
        )
    )
    people = (
        st.frozensets(st.integers(0, len(contacts) - 1), max_size=3)
        if contacts
        else st.just(frozenset[int]())
    )
    interviews = draw(
        st.lists(
            st.tuples(st.integers(0, len(apps) - 1), st.integers(-30, 10), people, st.booleans()),
            max_size=4,
        )
    )
    someone = st.integers(0, len(contacts) - 1) if contacts else st.nothing()
    messages = (
        draw(st.lists(st.tuples(someone, st.integers(-30, 10)), max_size=3)) if contacts else []
    )
    writes = draw(st.lists(st.tuples(someone, st.integers(-30, 0)), max_size=3)) if contacts else []
    events = draw(st.lists(st.tuples(st.integers(-20, 15), people), max_size=2))
    resources = draw(st.lists(st.integers(0, len(apps) - 1), max_size=2))
    return Spec(socials, apps, contacts, interviews, messages, writes, events, resources)


@dataclass
class Built:
    world: World
    company_ids: list[int] = field(default_factory=list)
    app_ids: list[int] = field(default_factory=list)
    contact_ids: list[int] = field(default_factory=list)
    #: interview id -> (application id, day, participant ids)
    interviews: dict[int, tuple[int, Date, frozenset[int]]] = field(default_factory=dict)
    #: application id -> every contact tied to it
    app_contacts: dict[int, set[int]] = field(default_factory=dict)
    #: application id -> company id, stage
    app_company: dict[int, int] = field(default_factory=dict)
    app_stage: dict[int, Stage] = field(default_factory=dict)
    #: contact id -> kind, company id
    kinds: dict[int, ContactKind] = field(default_factory=dict)
    company_of: dict[int, int | None] = field(default_factory=dict)
    messages: list[tuple[int, Date]] = field(default_factory=list)
    events: dict[int, Date] = field(default_factory=dict)


def build(spec: Spec) -> Built:
    world = World()
    store = world.on(CREATED.isoformat(), "09:00")
    built = Built(world)
    for index, social in enumerate(spec.socials):
        links = [f"https://social.example/{index}"] if social else []
        built.company_ids.append(store.add_company(f"Company {index}", social=links))
    for index, (company, stage, applied, response_by) in enumerate(spec.apps):
        app = store.add_application(
            f"Company {company}",
            f"Role {index}",
            stage,
            applied_on=_on(applied),
            response_by=_on(response_by) if response_by is not None else None,
        )
        built.app_ids.append(app)
        built.app_contacts[app] = set()
        built.app_company[app] = built.company_ids[company]
        built.app_stage[app] = stage
    for index, (app_index, kind) in enumerate(spec.contacts):
        app = built.app_ids[app_index]
        contact = store.add_contact(f"Person{index} Surname", kind=kind, application_ids=[app])
        built.contact_ids.append(contact)
        built.app_contacts[app].add(contact)
        built.kinds[contact] = kind
        built.company_of[contact] = store.contact(contact).company_id
    for app_index, offset, people, highlights in spec.interviews:
        app = built.app_ids[app_index]
        participants = frozenset(built.contact_ids[i] for i in people)
        interview = store.add_interview(
            app,
            moment(_on(offset).isoformat(), "11:00"),
            participants,
            highlights="x" if highlights else None,
        )
        built.interviews[interview] = (app, _on(offset), participants)
        built.app_contacts[app] |= participants
    for person, offset in spec.messages:
        contact = built.contact_ids[person]
        store.add_message(contact, moment(_on(offset).isoformat(), "08:00"))
        built.messages.append((contact, _on(offset)))
    for person, offset in spec.writes:
        world.write(built.contact_ids[person], _on(offset).isoformat(), clock="07:00")
    for index, (offset, people) in enumerate(spec.events):
        met = [built.contact_ids[i] for i in people]
        event = store.add_event(f"Meetup {index}", _on(offset), met=met)
        built.events[event] = _on(offset)
    for app_index in spec.resources:
        store.add_resource(
            f"Read {app_index}", "https://example.org", app_id=built.app_ids[app_index]
        )
    return built


def _all(world: World, today: Date, horizon_days: int | None) -> list[Action]:
    return playbook.actions(world.store.playbook_state(today), today, horizon_days=horizon_days)


KIND_PREFERENCE = (HM, RECRUITER)


def _acceptable_addressee(built: Built, app: int, contact_id: int | None) -> bool:
    """The hiring manager, else the recruiter, else whoever is on the application.

    With nobody on the application, the same preference among the people at its company.
    """
    people = built.app_contacts[app]
    if not people:
        company = built.app_company[app]
        people = {c for c, co in built.company_of.items() if co == company}
    if not people:
        return contact_id is None
    for kind in KIND_PREFERENCE:
        of_kind = {c for c in people if built.kinds[c] is kind}
        if of_kind:
            return contact_id in of_kind
    return contact_id in people


@settings(max_examples=50, deadline=None)
@given(spec=specs(), data=st.data())
def test_every_past_interview_has_one_thank_you_per_participant_until_done(
    spec: Spec, data: st.DataObject
) -> None:
    built = build(spec)
    world = built.world
    done: set[tuple[int, int | None]] = set()
    for offset in (0, 1, 4, 8, 11):
        today = _on(offset)
        thanks = [a for a in _all(world, today, 0) if a.strategy is Strategy.THANK_YOU]
        for action in thanks:
            assert action.held is None
            assert action.interview_id is not None
        seen = Counter(
            (a.interview_id, a.contact_id if not a.no_interviewer else None) for a in thanks
        )
        expected: set[tuple[int, int | None]] = set()
        for interview, (_, on, people) in built.interviews.items():
            if on > today:
                continue
            if people:
                expected |= {(interview, person) for person in people}
            else:
                expected.add((interview, None))
        expected -= done
        assert set(seen) == expected
        assert all(count == 1 for count in seen.values())
        for action in thanks:
            assert action.interview_id is not None
            app, on, people = built.interviews[action.interview_id]
            if not people:
                assert action.no_interviewer
                assert "interviewer" in draft_needs(action)
                assert _acceptable_addressee(built, app, action.contact_id)
        if thanks:
            chosen = data.draw(st.lists(st.sampled_from(thanks), unique_by=lambda a: a.key))
            for action in chosen:
                world.done(action, today.isoformat())
                assert action.interview_id is not None
                app, on, people = built.interviews[action.interview_id]
                done.add((action.interview_id, action.contact_id if people else None))


@settings(max_examples=50, deadline=None)
@given(spec=specs(), offset=st.integers(0, 10))
def test_no_action_is_due_before_its_trigger(spec: Spec, offset: int) -> None:
    built = build(spec)
    today = _on(offset)
    conn = built.world.conn
    for action in _all(built.world, today, None):
        assert action.deadline >= action.due
        past_interviews = [
            on
            for app, on, _ in built.interviews.values()
            if app == action.application_id and on <= today
        ]
        if action.strategy is Strategy.THANK_YOU:
            assert action.interview_id is not None
            _, on, _ = built.interviews[action.interview_id]
            assert action.interview_on == on
            assert on <= action.due <= today
        elif action.strategy is Strategy.FOLLOW_UP:
            if past_interviews:
                assert action.due > max(past_interviews)
            else:
                assert action.stage is Stage.APPLIED
                applied = conn.execute(
                    "SELECT applied_on FROM applications WHERE id = ?", [action.application_id]
                ).fetchone()[0]
                assert action.due > day(applied)
            inbound = [
                on for who, on in built.messages if built.company_of[who] == action.company_id
            ]
            if inbound:
                assert action.due > max(inbound)
        elif action.strategy is Strategy.REPLY:
            assert (action.contact_id, action.due) in built.messages
        elif action.strategy is Strategy.LINKEDIN:
            assert action.due > CREATED
            theirs = [
                on for _, on, people in built.interviews.values() if action.contact_id in people
            ]
            if theirs:
                assert action.due > min(theirs)
        elif action.strategy is Strategy.EVENT:
            assert action.event_id is not None
            on = built.events[action.event_id]
            if action.contact is None:
                assert on >= today
                assert action.due == on.add(days=-7)
                assert action.deadline == on
            else:
                assert on < today
                assert action.due > on
        elif action.strategy is Strategy.CHECK_IN:
            touched = [
                day(row[0][:10])
                for row in conn.execute(
                    "SELECT at FROM touches WHERE company_id = ?", [action.company_id]
                )
            ]
            interviewed = [
                on
                for app, on, _ in built.interviews.values()
                if on <= today
                and built.app_company[app] == action.company_id
                and built.app_stage[app] in TRACKED
            ]
            assert action.due > max([CREATED, *touched, *interviewed])
        elif action.strategy is Strategy.SHARE_INFO:
            assert action.due >= CREATED
            if past_interviews:
                assert action.due > max(past_interviews)
        elif action.strategy is Strategy.SOCIAL:
            assert action.due >= today


@settings(max_examples=40, deadline=None)
@given(spec=specs(), data=st.data())
def test_a_done_key_never_comes_back(spec: Spec, data: st.DataObject) -> None:
    built = build(spec)
    world = built.world
    done: set[str] = set()
    for offset in range(0, 22, 2):
        today = _on(offset)
        everything = _all(world, today, None)
        assert not done & {a.key for a in everything}, f"on {today}"
        due = [a for a in everything if a.due <= today]
        if due:
            chosen = data.draw(
                st.lists(st.sampled_from(due), unique_by=lambda a: a.key, max_size=4)
            )
            for action in chosen:
                world.done(action, today.isoformat())
                done.add(action.key)
    final = _all(world, _on(60), None)
    assert not done & {a.key for a in final}


@settings(max_examples=50, deadline=None)
@given(spec=specs(), offset=st.integers(-5, 20), seed=st.integers(0, 2**16))
def test_ranking_is_a_total_order(spec: Spec, offset: int, seed: int) -> None:
    built = build(spec)
    today = _on(offset)
    for horizon in (0, 7, None):
        ranked = _all(built.world, today, horizon)
        keys = [a.key for a in ranked]
        assert len(keys) == len(set(keys))
        rank_keys = [playbook.rank_key(a, today) for a in ranked]
        assert len(set(rank_keys)) == len(rank_keys)
        assert rank_keys == sorted(rank_keys)
        shuffled = ranked[:]
        random.Random(seed).shuffle(shuffled)
        assert sorted(shuffled, key=lambda a: playbook.rank_key(a, today)) == ranked
        # The shape of the ranking: unheld replies, then unheld overdue, the rest, held last.
        groups = [
            (
                a.held is not None,
                a.strategy is not Strategy.REPLY,
                a.status(today) is not Status.OVERDUE,
            )
            for a in ranked
        ]
        assert groups == sorted(groups)
        if horizon == 0:
            assert all(a.due <= today for a in ranked)


def test_rank_key_breaks_every_tie_with_the_key() -> None:
    twin_a = _action("a", Strategy.CHECK_IN)
    twin_b = _action("b", Strategy.CHECK_IN)
    assert playbook.rank_key(twin_a, TODAY) < playbook.rank_key(twin_b, TODAY)


@pytest.mark.parametrize("stage", sorted(ACTIVE_STAGES))
def test_every_active_stage_gets_social_engagement(stage: Stage) -> None:
    w = World()
    w.store.add_company("Acme Robotics", social=["https://x.com/acme"])
    w.store.add_application("Acme Robotics", "Platform Engineer", stage)
    assert len(w.of(Strategy.SOCIAL, "2025-11-03")) == 1


def test_when_says_how_late_today_or_the_day() -> None:
    from followup_tui.models import Action, Strategy

    wed = pendulum.Date(2026, 11, 25)

    def action(due: Date, deadline: Date) -> Action:
        return Action("k", Strategy.REPLY, "t", "w", due, deadline)

    assert playbook.when(action(wed.subtract(days=5), wed.subtract(days=3)), wed) == "3d late"
    assert playbook.when(action(wed.subtract(days=1), wed), wed) == "today"
    assert playbook.when(action(wed.add(days=2), wed.add(days=3)), wed) == "Fri 27 Nov"

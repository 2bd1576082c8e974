"""The facts drafts respect, read from the log: met or not, who wrote first, replies, endings."""

from __future__ import annotations

import pendulum
from hypothesis import given, settings
from hypothesis import strategies as st
from pendulum import Date, DateTime

from followup_tui import drafts, playbook
from followup_tui.db import MEMORY, open_db
from followup_tui.models import (
    Action,
    ContactKind,
    Direction,
    LinkedInState,
    Settings,
    Stage,
    Strategy,
)
from followup_tui.store import Store

START = pendulum.date(2025, 9, 1)
ME = Settings(user_name="Sam Rivera")


def at(day: Date, hour: int = 10) -> DateTime:
    return pendulum.datetime(day.year, day.month, day.day, hour, tz="UTC")


def fresh(day: Date = START) -> Store:
    return Store(open_db(MEMORY), now=at(day, 9))


def actions(store: Store, today: Date) -> list[Action]:
    """Every action as of `today`, each knowing its person (as drafts are written)."""
    state = store.playbook_state(today)
    return playbook.knowing(state, playbook.actions(state, today, horizon_days=None))


def one(store: Store, today: Date, prefix: str) -> Action:
    found = [a for a in actions(store, today) if a.key.startswith(prefix)]
    assert len(found) == 1, [a.key for a in actions(store, today)]
    return found[0]


def body(action: Action, today: Date) -> str:
    made = drafts.render(action, ME, today)
    assert made is not None
    return made.body


def setup(store: Store, stage: Stage = Stage.APPLIED) -> tuple[int, int]:
    app = store.add_application("Acme Robotics", "Platform Engineer", stage, applied_on=START)
    jane = store.add_contact("Jane Smith", kind=ContactKind.HIRING_MANAGER, application_ids=[app])
    return app, jane


# --- who wrote first --------------------------------------------------------------------------


def test_a_first_unprompted_message_is_not_getting_back_to_me() -> None:
    store = fresh()
    _app, jane = setup(store)
    today = START.add(days=3)
    store.add_message(jane, at(today), subject="Coffee?")
    reply = one(store, today, "re-")
    assert not reply.answers_us
    assert reply.known is not None and reply.known.they_opened and not reply.known.replied
    assert "getting back" not in body(reply, today)


def test_an_answer_to_our_message_is_thanked_as_one() -> None:
    store = fresh()
    _app, jane = setup(store)
    store.add_touch(Direction.OUT, at=at(START.add(days=1)), contact_id=jane, channel="email")
    today = START.add(days=5)
    store.add_message(jane, at(today), subject="Re: my application")
    reply = one(store, today, "re-")
    assert reply.answers_us
    assert reply.known is not None and reply.known.replied and not reply.known.they_opened
    text = body(reply, today)
    assert "getting back to me" in text or "your reply" in text


def test_after_a_gap_of_thirty_days_a_new_exchange_begins() -> None:
    store = fresh()
    _app, jane = setup(store)
    store.add_touch(Direction.OUT, at=at(START.add(days=1)), contact_id=jane, channel="email")
    today = START.add(days=45)  # 44 days of silence: their message opens a new exchange
    store.add_message(jane, at(today), subject="A new role")
    reply = one(store, today, "re-")
    assert not reply.answers_us
    assert reply.known is not None and reply.known.they_opened
    assert reply.known.replied  # they have answered us at some point, though
    assert "getting back" not in body(reply, today)


# --- met or not -----------------------------------------------------------------------------


def test_a_recruiter_just_added_and_never_met_gets_an_honest_linkedin_note() -> None:
    store = fresh()
    app, _jane = setup(store)
    store.add_contact("Ravi Rao", kind=ContactKind.RECRUITER, application_ids=[app])
    today = START.add(days=2)
    note = next(a for a in actions(store, today) if a.key.startswith("li-") and "Ravi" in a.title)
    assert note.known is not None and not note.known.met
    text = body(note, today)
    for claim in ("speak", "meet", "interview", "conversation", "message"):
        assert claim not in text, claim


def test_interview_event_and_call_each_count_as_having_met() -> None:
    store = fresh()
    app, jane = setup(store, Stage.INTERVIEWING)
    ravi = store.add_contact("Ravi Rao", application_ids=[app])
    lee = store.add_contact("Lee Chen", application_ids=[app])
    ana = store.add_contact("Ana Ruiz", application_ids=[app])
    store.add_interview(app, at(START.add(days=3)), [jane])
    store.add_event("PyData London", START.add(days=4), met=[ravi])
    store.log_touch(lee, Direction.OUT, at(START.add(days=5)), "call", None)
    known = store.playbook_state(START.add(days=6)).know([jane, ravi, lee, ana])
    assert known[jane].met and known[jane].first_interview == START.add(days=3)
    assert known[ravi].met and known[ravi].event == "PyData London"
    assert known[lee].met and known[lee].spoke_on == START.add(days=5)
    assert ana in known and not known[ana].met


def test_an_event_note_to_someone_known_for_years_says_see_not_meet() -> None:
    store = fresh(pendulum.date(2021, 3, 1))
    _app, jane = setup(store)
    day = START.add(days=10)
    store.add_event("PyData Berlin", day, met=[jane])
    note = one(store, day.add(days=1), "ev-")
    text = body(note, day.add(days=1))
    assert "meet" not in text
    assert "PyData Berlin" in text


def test_a_panel_of_interviewers_gets_thank_yous_that_differ() -> None:
    store = fresh()
    app, jane = setup(store, Stage.INTERVIEWING)
    people = [jane] + [store.add_contact(n, application_ids=[app]) for n in ("Lena Park", "Al Wu")]
    day = START.add(days=3)
    store.add_interview(app, at(day), people, highlights="the on-call rotation")
    thanks = [a for a in actions(store, day) if a.strategy is Strategy.THANK_YOU]
    assert sorted(a.panel for a in thanks) == [(0, 3), (1, 3), (2, 3)]
    masked = {
        body(a, day).replace(a.contact.first_name if a.contact else "", "NAME") for a in thanks
    }
    assert len(masked) == 3
    # Lena is never told about "the on-call rotation Lena described".
    for a in thanks:
        assert "described" not in body(a, day)


# --- follow-ups, promised dates, endings ---------------------------------------------------------


def test_the_second_follow_up_is_numbered_and_reads_differently() -> None:
    store = fresh()
    _app, _jane = setup(store)
    first = one(store, START.add(days=8), "fu-")
    assert first.follow_up == 1
    store.record_done(first)
    second = one(store, START.add(days=20), "fu-")
    assert second.follow_up == 2
    one_text = drafts.render(first, ME, START.add(days=8))
    two_text = drafts.render(second, ME, START.add(days=20))
    assert one_text is not None and two_text is not None
    assert one_text.subject != two_text.subject
    assert one_text.body != two_text.body


def test_the_employers_date_is_on_the_follow_up_and_the_check_in() -> None:
    store = fresh()
    app = store.add_application(
        "Acme Robotics",
        "Platform Engineer",
        Stage.APPLIED,
        applied_on=START,
        response_by=START.add(days=4),
    )
    store.add_contact("Jane Smith", kind=ContactKind.HIRING_MANAGER, application_ids=[app])
    follow_up = one(store, START.add(days=8), "fu-")
    assert follow_up.response_by == START.add(days=4)
    assert "Fri 5 Sep" in body(follow_up, START.add(days=8))


def test_a_rejection_raises_one_gracious_close_and_a_message_replaces_it() -> None:
    store = fresh()
    app, _jane = setup(store, Stage.INTERVIEWING)
    rejected_on = START.add(days=10)
    Store(store.conn, now=at(rejected_on, 9)).set_stage(app, Stage.REJECTED)
    close = one(store, rejected_on, "cl-")
    assert close.key == f"cl-{app}" and close.closing
    assert close.due == rejected_on
    assert close.deadline == rejected_on.add(days=1)  # a Thursday: one business day
    text = body(close, rejected_on)
    assert "future roles" in text and "stay in touch" in text
    store.record_done(close)
    assert not [a for a in actions(store, rejected_on) if a.key.startswith("cl-")]
    # Had they written (the rejection itself), the reply is the gracious close instead.
    other = fresh()
    app2, jane2 = setup(other, Stage.INTERVIEWING)
    Store(other.conn, now=at(rejected_on, 9)).set_stage(app2, Stage.REJECTED)
    other.add_message(jane2, at(rejected_on, 11), subject="Your application")
    assert not [a for a in actions(other, rejected_on) if a.key.startswith("cl-")]
    reply = one(other, rejected_on, "re-")
    assert reply.closing
    assert "Thank you for letting me know" in body(reply, rejected_on)


def test_social_lists_the_activity_pages_of_connected_people() -> None:
    store = fresh()
    company = store.add_company("Acme Robotics", social=["https://x.example/acme"])
    app = store.add_application("Acme Robotics", "Platform Engineer", Stage.APPLIED)
    store.add_contact(
        "Jane Smith",
        company="Acme Robotics",
        linkedin_url="https://www.linkedin.com/in/jane/",
        linkedin_state=LinkedInState.CONNECTED,
        application_ids=[app],
    )
    social = one(store, START, "so-")
    assert social.company_id == company
    made = drafts.render(social, ME, START)
    assert made is not None
    assert "https://www.linkedin.com/in/jane/recent-activity/all/" in made.body


# --- a property over generated histories ----------------------------------------------------------

touch = st.tuples(
    st.integers(0, 120),
    st.sampled_from(["in", "out"]),
    st.sampled_from(["email", "email", "call", "linkedin"]),
)


@settings(max_examples=60, deadline=None)
@given(history=st.lists(touch, max_size=8), interviewed=st.booleans())
def test_what_a_reply_claims_matches_the_history(
    history: list[tuple[int, str, str]], interviewed: bool
) -> None:
    store = fresh()
    app, jane = setup(store, Stage.INTERVIEWING)
    for offset, direction, channel in history:
        store.add_touch(
            Direction(direction), at=at(START.add(days=offset)), contact_id=jane, channel=channel
        )
    if interviewed:
        store.add_interview(app, at(START.add(days=1), 8), [jane], highlights="x")
    last_day = START.add(days=121)
    store.add_message(jane, at(last_day), subject="Hello")
    today = last_day
    reply = one(store, today, "re-")
    # The truth, worked out by hand: the touches before their message, newest first.
    earlier = sorted((START.add(days=o), d) for o, d, _c in history)
    answers = False
    later = last_day
    for day, direction in reversed(earlier):
        if later.toordinal() - day.toordinal() >= 30:
            break
        if direction == "out":
            answers = True
            break
        later = day
    met = interviewed or any(c == "call" for _o, _d, c in history)
    text = body(reply, today).casefold()
    assert reply.answers_us == answers
    if not answers:
        assert "getting back" not in text and "your reply" not in text
    assert reply.known is not None and reply.known.met == met


def test_without_knowing_its_person_a_draft_claims_nothing_personal() -> None:
    """The read of what the log says is asked for by whoever writes drafts; an action
    that skipped it gets a more general draft, never a false one."""
    store = fresh()
    _app, jane = setup(store)
    store.add_touch(Direction.OUT, at=at(START.add(days=1)), contact_id=jane, channel="call")
    today = START.add(days=5)
    store.add_message(jane, at(today), subject="Re: our call")
    state = store.playbook_state(today)
    bare = next(a for a in playbook.actions(state, today) if a.key.startswith("re-"))
    assert bare.known is None
    knowing = playbook.knowing(state, [bare])[0]
    assert knowing.known is not None and knowing.known.spoke_on == START.add(days=1)
    assert "spoke" in drafts.holds(knowing, today) and "spoke" not in drafts.holds(bare, today)

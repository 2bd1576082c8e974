"""Drafts say only what the action's facts hold, never read alike, and say what they lack."""

from __future__ import annotations

import re
from typing import Any

import pendulum
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from followup_tui.drafts import LINKEDIN_LIMIT, MARKERS, holds, needs, render, validate_template
from followup_tui.drafts.alts import FACTS
from followup_tui.drafts.facts import CHOOSING, choosing
from followup_tui.drafts.render import choose
from followup_tui.drafts.wording import ALL, wording
from followup_tui.models import (
    Acquaintance,
    Action,
    ContactKind,
    Draft,
    Person,
    Settings,
    Stage,
    Strategy,
)

TODAY = pendulum.date(2025, 11, 17)  # a Monday
FRIDAY = pendulum.date(2025, 11, 14)
ME = Settings(user_name="Sam Rivera")
LENA = Person(id=1, name="Lena Park", kind=ContactKind.HIRING_MANAGER)
SENTENCE = re.compile(r"(?<=[.!?;:])\s+|\n+")


def action(strategy: Strategy, **fields: Any) -> Action:
    values: dict[str, Any] = {
        "key": f"{strategy.value}-1",
        "strategy": strategy,
        "title": "t",
        "why": "because",
        "due": TODAY,
        "deadline": TODAY.add(days=1),
        "contact": LENA,
        "company_id": 1,
        "company": "Acme Robotics",
        "application_id": 1,
        "role": "Platform Engineer",
        "stage": Stage.INTERVIEWING,
    }
    values.update(fields)
    return Action(**values)


def drafted(a: Action, me: Settings = ME) -> Draft:
    made = render(a, me, TODAY)
    assert made is not None
    return made


def sentences(draft: Draft, me: Settings = ME) -> set[str]:
    body = draft.body.replace(me.user_name, "")
    return {s.strip() for s in SENTENCE.split(body) if len(s.strip()) > 12}


# --- the wording itself ----------------------------------------------------------------------


def test_every_asserted_fact_is_a_documented_one() -> None:
    for words in ALL:
        for alts in (words.subject, *(s for p in words.paragraphs for s in p)):
            for alt in alts:
                assert alt.asserts <= set(FACTS), alt


def test_every_part_can_be_written_without_claiming_anything() -> None:
    """Each part has an alternative asserting nothing, or one per fact that must hold."""
    for words in ALL:
        for alts in (words.subject, *(s for p in words.paragraphs for s in p)):
            free = [alt for alt in alts if not alt.asserts]
            paired = {"answers_us", "they_opened"} <= {f for alt in alts for f in alt.asserts}
            assert free or paired, alts


# --- facts decide the sentence ---------------------------------------------------------------

facts_of_an_action = st.builds(
    Acquaintance,
    first_interview=st.none() | st.just(FRIDAY),
    last_interview=st.none() | st.just(FRIDAY),
    event=st.none() | st.just("PyData London"),
    event_on=st.none() | st.just(FRIDAY),
    spoke_on=st.none() | st.just(FRIDAY),
    they_opened=st.booleans(),
    replied=st.booleans(),
    wrote=st.booleans(),
    last_touch=st.none() | st.dates().map(lambda d: pendulum.date(d.year, d.month, d.day)),
    added_on=st.none() | st.just(pendulum.date(2021, 3, 1)) | st.just(TODAY),
    connected=st.booleans(),
    referrer=st.booleans(),
)
any_action = st.builds(
    action,
    st.sampled_from(list(Strategy)),
    known=st.none() | facts_of_an_action,
    interview_on=st.none() | st.just(FRIDAY),
    applied_on=st.none() | st.just(FRIDAY),
    response_by=st.none() | st.just(FRIDAY) | st.just(TODAY.add(days=4)),
    follow_up=st.integers(0, 3),
    answers_us=st.booleans(),
    closing=st.booleans(),
    event_name=st.none() | st.just("PyData London"),
    event_on=st.none() | st.just(FRIDAY),
    stage=st.sampled_from(list(Stage)),
    open_questions=st.none() | st.just("the on-call load"),
    why_fit=st.none() | st.just("I ran the same migration at Globex"),
)


@settings(max_examples=300, deadline=None)
@given(a=any_action)
def test_every_chosen_alternative_asserts_only_facts_the_action_holds(a: Action) -> None:
    facts = holds(a, TODAY)
    words = wording(a, facts)
    if words is None:
        return
    subject, paragraphs = choose(words, facts, a.key, a.panel)
    for alt in [subject, *(alt for picks in paragraphs for alt in picks)]:
        if alt is not None:
            assert alt.asserts <= facts, (alt, facts)


@settings(max_examples=300, deadline=None)
@given(a=any_action)
def test_the_facts_that_choose_a_wording_are_the_ones_the_action_holds(a: Action) -> None:
    facts = holds(a, TODAY)
    assert choosing(a) == facts & CHOOSING
    assert wording(a, choosing(a)) is wording(a, facts)


@settings(max_examples=200, deadline=None)
@given(a=any_action)
def test_no_draft_thanks_for_an_answer_to_an_unprompted_message(a: Action) -> None:
    a = a._replace(strategy=Strategy.REPLY, answers_us=False)
    body = drafted(a).body.casefold()
    assert "getting back to me" not in body
    assert "your reply" not in body


@settings(max_examples=200, deadline=None)
@given(a=any_action)
def test_no_draft_claims_a_meeting_the_facts_do_not_hold(a: Action) -> None:
    assume(a.strategy is not Strategy.THANK_YOU)  # a thank-you is about its interview
    a = a._replace(known=Acquaintance(added_on=TODAY), interview_on=None, event_name=None)
    body = drafted(a).body.casefold()
    for claim in ("good to speak", "good to meet", "our conversation", "the interview", "see you"):
        assert claim not in body, claim


def test_a_reply_to_their_answer_thanks_them_for_it() -> None:
    body = drafted(action(Strategy.REPLY, answers_us=True)).body
    assert "getting back to me" in body or "your reply" in body


def test_a_check_in_while_they_promised_an_answer_does_not_say_it_has_been_a_while() -> None:
    just_added = Acquaintance(added_on=TODAY)
    a = action(Strategy.CHECK_IN, known=just_added, response_by=TODAY.add(days=4))
    body = drafted(a).body
    assert "while" not in body
    assert "Fri 21 Nov" in body  # their own date, and continued interest
    assert "interested" in body


def test_an_event_note_to_someone_known_for_years_does_not_say_good_to_meet_you() -> None:
    old_friend = Acquaintance(
        event="PyData Berlin", event_on=FRIDAY, added_on=pendulum.date(2021, 3, 1)
    )
    a = action(
        Strategy.EVENT, event_id=1, event_name="PyData Berlin", event_on=FRIDAY, known=old_friend
    )
    draft = drafted(a)
    assert "meet" not in draft.body and "meet" not in draft.subject
    assert "PyData Berlin" in draft.body


def test_a_linkedin_note_to_someone_never_met_opens_honestly() -> None:
    stranger = Acquaintance(added_on=TODAY)
    body = drafted(action(Strategy.LINKEDIN, known=stranger)).body
    assert "speak" not in body and "meet" not in body and "interview" not in body
    assert body.startswith("Hi Lena,")


def test_a_linkedin_note_names_the_interview_when_there_was_one() -> None:
    interviewed = Acquaintance(first_interview=FRIDAY, added_on=FRIDAY)
    a = action(Strategy.LINKEDIN, known=interviewed, interview_on=FRIDAY)
    assert "interview" in drafted(a).body


def test_a_rejection_gets_a_gracious_close() -> None:
    a = action(Strategy.REPLY, stage=Stage.REJECTED, closing=True, answers_us=True)
    body = drafted(a).body
    assert "throughout the process" in body
    assert "future roles" in body
    assert "stay in touch" in body
    assert drafted(a).needs == ()  # nothing to answer: it is complete


# --- never the same twice --------------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(app=st.integers(1, 10_000), anchor=st.dates(), me=st.sampled_from(["Sam", "Ana Lee"]))
def test_the_two_follow_ups_of_one_wait_differ_in_subject_and_share_no_sentence(
    app: int, anchor: Any, me: str
) -> None:
    mine = Settings(user_name=me)
    stamp = anchor.strftime("%Y%m%d")
    common = {"application_id": app, "why_fit": "I led the same migration at Globex"}
    first = drafted(
        action(Strategy.FOLLOW_UP, key=f"fu-{app}-{stamp}-1", follow_up=1, **common), mine
    )
    second = drafted(
        action(Strategy.FOLLOW_UP, key=f"fu-{app}-{stamp}-2", follow_up=2, **common), mine
    )
    assert first.subject != second.subject
    assert not sentences(first, mine) & sentences(second, mine)
    assert len(second.body) < len(first.body)


@settings(max_examples=100, deadline=None)
@given(size=st.integers(2, 5), interview=st.integers(1, 5000), highlights=st.none() | st.just("x"))
def test_the_thank_yous_of_one_panel_differ_with_names_and_dates_masked(
    size: int, interview: int, highlights: str | None
) -> None:
    bodies = set()
    for index in range(size):
        person = Person(id=100 + index, name=f"Person{index} Doe")
        a = action(
            Strategy.THANK_YOU,
            key=f"ty-{interview}-{person.id}",
            contact=person,
            interview_id=interview,
            interview_on=FRIDAY,
            highlights=highlights,
            panel=(index, size),
        )
        draft = drafted(a)
        bodies.add(draft.body.replace(person.first_name, "NAME").replace("on Friday", "DAY"))
    assert len(bodies) == size


# --- what a draft still needs -------------------------------------------------------------------

plain_text = st.text(st.characters(categories=["L", "Zs"]), min_size=1, max_size=60)


@settings(max_examples=300, deadline=None)
@given(a=any_action, name=st.none() | plain_text, note=st.none() | plain_text)
def test_a_draft_lists_a_gap_exactly_when_its_marker_is_in_the_text(
    a: Action, name: str | None, note: str | None
) -> None:
    a = a._replace(resource_note=note, resource_title="Slides", resource_url="https://x.example")
    draft = drafted(a, Settings(user_name=name or ""))
    text = f"{draft.subject}\n{draft.body}"
    listed = {need.id for need in draft.needs}
    for need, marker in MARKERS.items():
        assert (marker in text) == (need in listed), (need, text)
    if not draft.needs:
        assert not re.search(r"\[[a-z' ]+\]", text)


def test_brackets_in_the_users_own_text_are_never_a_gap() -> None:
    a = action(Strategy.CHECK_IN, company="Smith [/] Ltd", why_fit="I [really] fit")
    draft = drafted(a)
    assert "Smith [/] Ltd" in draft.body or "Platform Engineer" in draft.body
    assert draft.needs == ()


# --- within their limits ------------------------------------------------------------------------

name = st.from_regex(re.compile(r"[A-Z][a-z]{1,19}"), fullmatch=True)
field_text = st.text(st.characters(categories=["L", "Zs"]), min_size=1, max_size=40).map(
    lambda t: t.strip() or "x"
)


@settings(max_examples=200, deadline=None)
@given(
    first=name,
    role=field_text,
    company=field_text,
    event=field_text,
    me=st.from_regex(re.compile(r"[A-Z][a-z]{1,13} [A-Z][a-z]{1,14}"), fullmatch=True),
    known=facts_of_an_action,
)
def test_a_linkedin_note_fits_200_characters_without_being_cut(
    first: str, role: str, company: str, event: str, me: str, known: Acquaintance
) -> None:
    known = known._replace(event=event if known.event else None)
    a = action(
        Strategy.LINKEDIN,
        contact=Person(id=1, name=f"{first} Smith"),
        role=role,
        company=company,
        known=known,
        event_name=known.event,
        event_on=known.event_on,
        interview_on=known.first_interview,
    )
    body = drafted(a, Settings(user_name=me)).body
    assert len(body) <= LINKEDIN_LIMIT
    assert not body.endswith("…")
    assert body.endswith(me)


@settings(max_examples=200, deadline=None)
@given(highlights=st.text(min_size=1, max_size=200), role=field_text, company=field_text)
def test_a_thank_you_stays_under_150_words(highlights: str, role: str, company: str) -> None:
    a = action(
        Strategy.THANK_YOU, interview_on=FRIDAY, highlights=highlights, role=role, company=company
    )
    assert len(drafted(a).body.split()) < 150


# --- the user's own alternatives ----------------------------------------------------------------


def test_a_user_template_may_hold_alternatives() -> None:
    body = "Hi $first_name, one.\n---or---\nHi $first_name, two.\n---or---\nHi $first_name, three."
    assert validate_template("Any news?", body) == []
    templates = {Strategy.FOLLOW_UP: ("Any news?", body)}
    seen = {
        render(action(Strategy.FOLLOW_UP, key=f"fu-{n}-20251101-1"), ME, TODAY, templates).body  # type: ignore[union-attr]
        for n in range(40)
    }
    assert seen == {"Hi Lena, one.", "Hi Lena, two.", "Hi Lena, three."}


def test_the_validator_refuses_an_empty_alternative() -> None:
    problems = validate_template("s", "Hi.\n---or---\n\n---or---\nHello.")
    assert problems == ["alternative 2 (between the ---or--- lines) is empty"]


@pytest.mark.parametrize("strategy", [s for s in Strategy if s is not Strategy.SOCIAL])
def test_the_same_action_always_gets_the_same_draft(strategy: Strategy) -> None:
    a = action(strategy, interview_on=FRIDAY, follow_up=1)
    assert drafted(a) == drafted(a)


@settings(max_examples=300, deadline=None)
@given(
    a=any_action,
    me=st.sampled_from([Settings(), ME, Settings(signature="S."), Settings(pitch="I fit")]),
    highlights=st.none() | st.just("the pipeline"),
    note=st.none() | st.just("it covers your stack"),
    no_interviewer=st.booleans(),
)
def test_the_quick_needs_of_a_today_row_are_the_drafts_own(
    a: Action, me: Settings, highlights: str | None, note: str | None, no_interviewer: bool
) -> None:
    a = a._replace(
        highlights=highlights,
        resource_note=note,
        no_interviewer=no_interviewer and a.strategy is Strategy.THANK_YOU,
    )
    made = render(a, me, TODAY)
    assert needs(a, me, TODAY) == (made.needs if made else ())
    template = {a.strategy: ("Hi $first_name", "About $why_fit. $answer\n---or---\n$my_name")}
    made = render(a, me, TODAY, template)
    assert needs(a, me, TODAY, template) == (made.needs if made else ())

"""Drafts: personal, short, literal about user text, overridable by the user's templates."""

from __future__ import annotations

import re
from typing import Any

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup_tui import playbook
from followup_tui.db import open_db
from followup_tui.drafts import (
    BUILT_IN,
    LINKEDIN_LIMIT,
    MARKERS,
    PLACEHOLDERS,
    lint,
    render,
    values,
)
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
from followup_tui.store import Store

TODAY = pendulum.date(2025, 11, 17)  # a Monday
INTERVIEW_DAY = pendulum.date(2025, 11, 14)  # the Friday before
ME = Settings(user_name="Sam Rivera", signature="Sam Rivera\nsam@example.org")
JANE = Person(
    id=1,
    name="Jane Smith",
    title="Engineering Manager",
    kind=ContactKind.HIRING_MANAGER,
    email="jane@acme.example",
)
HIGHLIGHTS = "the move from nightly batches to streaming ingestion"
GREETING = re.compile(r"^(Hi|Hello|Dear) .+,$")


def make_action(strategy: Strategy, **fields: Any) -> Action:
    values: dict[str, Any] = {
        "key": f"{strategy.value}-1",
        "strategy": strategy,
        "title": f"{strategy.label} for Jane",
        "why": "because",
        "due": TODAY,
        "deadline": TODAY.add(days=1),
        "contact": JANE,
        "company_id": 1,
        "company": "Acme Robotics",
        "application_id": 1,
        "role": "Platform Engineer",
        "stage": Stage.INTERVIEWING,
    }
    values.update(fields)
    return Action(**values)


def draft_for(action: Action, me: Settings = ME, **kwargs: Any) -> Draft:
    draft = render(action, me, TODAY, **kwargs)
    assert draft is not None
    return draft


# --- each strategy's draft ------------------------------------------------------------


def test_thank_you_is_personal_and_quotes_the_highlights() -> None:
    draft = draft_for(
        make_action(Strategy.THANK_YOU, interview_on=INTERVIEW_DAY, highlights=HIGHLIGHTS)
    )
    assert GREETING.match(draft.body.splitlines()[0])
    assert "Jane," in draft.body.splitlines()[0]
    assert "Smith" not in draft.body  # first name only
    assert HIGHLIGHTS in draft.body
    assert "Acme Robotics" in draft.body
    assert "Platform Engineer" in draft.body
    assert draft.subject
    assert "Sam Rivera" in draft.body
    assert draft.needs == ()
    assert draft.text.startswith(f"Subject: {draft.subject}\n\n")


def test_thank_you_stays_under_150_words() -> None:
    draft = draft_for(
        make_action(Strategy.THANK_YOU, interview_on=INTERVIEW_DAY, highlights=HIGHLIGHTS)
    )
    assert len(draft.body.split()) < 150


def test_thank_you_says_when_the_interview_was() -> None:
    friday = draft_for(make_action(Strategy.THANK_YOU, interview_on=INTERVIEW_DAY))
    assert "on Friday" in friday.body
    same_day = draft_for(make_action(Strategy.THANK_YOU, interview_on=TODAY))
    assert "today" in same_day.subject


@pytest.mark.parametrize("highlights", [None, "", "   \n "])
def test_thank_you_without_highlights_asks_for_them(highlights: str | None) -> None:
    draft = draft_for(
        make_action(Strategy.THANK_YOU, interview_on=INTERVIEW_DAY, highlights=highlights)
    )
    assert MARKERS["highlights"] == "[what resonated in the interview]"
    assert MARKERS["highlights"] in draft.body
    assert [need.id for need in draft.needs] == ["highlights"]


def test_thank_you_without_an_interviewer_asks_who_it_was() -> None:
    action = make_action(
        Strategy.THANK_YOU, interview_on=INTERVIEW_DAY, highlights=HIGHLIGHTS, no_interviewer=True
    )
    draft = draft_for(action)
    assert "Jane" not in draft.body  # the application's contact may not have been there
    assert MARKERS["interviewer"] in draft.body.splitlines()[0]
    assert [need.id for need in draft.needs] == ["interviewer"]


def test_missing_user_name_becomes_a_placeholder() -> None:
    draft = draft_for(
        make_action(Strategy.THANK_YOU, interview_on=INTERVIEW_DAY, highlights=HIGHLIGHTS),
        me=Settings(),
    )
    assert "[your name]" in draft.body
    assert [need.id for need in draft.needs] == ["user_name"]


def test_linkedin_note_is_short_and_has_no_subject() -> None:
    draft = draft_for(make_action(Strategy.LINKEDIN, applied_on=INTERVIEW_DAY))
    assert draft.subject == ""
    assert "Jane" in draft.body
    assert "Acme Robotics" in draft.body
    assert "Platform Engineer" in draft.body
    assert len(draft.body) <= LINKEDIN_LIMIT == 200
    assert draft.text == draft.body


def test_follow_up_names_the_role() -> None:
    after_interview = draft_for(
        make_action(Strategy.FOLLOW_UP, interview_on=INTERVIEW_DAY, follow_up=1)
    )
    assert "Jane," in after_interview.body.splitlines()[0]
    assert "Platform Engineer" in after_interview.subject
    assert "Platform Engineer" in after_interview.body
    assert "interview on Friday" in after_interview.body or "conversation on Friday" in (
        after_interview.body
    )
    applied_only = draft_for(make_action(Strategy.FOLLOW_UP, applied_on=TODAY.subtract(days=8)))
    assert "I applied for the Platform Engineer role on 9 Nov" in applied_only.body
    unknown_day = draft_for(make_action(Strategy.FOLLOW_UP))
    assert "my application for the Platform Engineer role" in unknown_day.body


def test_share_info_carries_the_resource() -> None:
    draft = draft_for(
        make_action(
            Strategy.SHARE_INFO,
            resource_title="Streaming at scale",
            resource_url="https://example.org/streaming",
        )
    )
    assert "Jane," in draft.body.splitlines()[0]
    assert "Streaming at scale" in draft.subject
    assert "Streaming at scale" in draft.body
    assert "https://example.org/streaming" in draft.body
    # Never met: no "our conversation"; the resource is offered to the team instead.
    assert "conversation" not in draft.body
    assert "Acme Robotics" in draft.body
    assert [need.id for need in draft.needs] == ["resource_note"]


def test_event_contact_draft_names_the_event() -> None:
    met = Acquaintance(event="PyData London", event_on=INTERVIEW_DAY, added_on=INTERVIEW_DAY)
    draft = draft_for(
        make_action(
            Strategy.EVENT,
            event_id=3,
            event_name="PyData London",
            event_on=INTERVIEW_DAY,
            known=met,
        )
    )
    assert "Jane," in draft.body.splitlines()[0]
    assert "PyData London" in draft.subject
    assert "PyData London" in draft.body
    assert "Acme Robotics" in draft.body


def test_event_preparation_is_a_reminder_not_a_message() -> None:
    action = make_action(
        Strategy.EVENT,
        contact=None,
        title="Prepare for PyData London",
        why="on Fri 21 Nov; who will be there: Jane Smith",
        event_name="PyData London",
    )
    draft = draft_for(action)
    assert draft.subject == ""
    assert "Prepare for PyData London" in draft.body
    assert "Jane Smith" in draft.body


def test_check_in_greets_and_asks_about_the_application() -> None:
    draft = draft_for(make_action(Strategy.CHECK_IN))
    assert "Jane," in draft.body.splitlines()[0]
    assert "Platform Engineer" in draft.body
    assert [need.id for need in draft.needs] == ["why_fit"]  # no line, no pitch setting
    closed = draft_for(make_action(Strategy.CHECK_IN, stage=Stage.GHOSTED))
    assert "Acme Robotics" in closed.body
    assert closed.needs == ()


def test_social_copies_the_links() -> None:
    links = ("https://linkedin.com/company/acme", "https://mastodon.social/@acme")
    draft = draft_for(make_action(Strategy.SOCIAL, contact=None, social_links=links))
    assert "Acme Robotics" in draft.body
    for link in links:
        assert link in draft.body


def test_reply_draft_answers_the_message_the_playbook_found() -> None:
    store = Store(open_db(":memory:"), now=pendulum.datetime(2025, 11, 10, 9, tz="UTC"))
    app = store.add_application("Acme Robotics", "Platform Engineer", Stage.INTERVIEWING)
    jane = store.add_contact("Jane Smith", kind=ContactKind.HIRING_MANAGER, application_ids=[app])
    store.add_message(
        jane,
        pendulum.datetime(2025, 11, 14, 8, tz="UTC"),
        subject="Next steps: a call with our CTO",
        application_id=app,
    )
    replies = [
        a
        for a in playbook.actions(store.playbook_state(TODAY), TODAY)
        if a.strategy is Strategy.REPLY
    ]
    assert len(replies) == 1
    draft = draft_for(replies[0])
    assert draft.subject == "Re: Next steps: a call with our CTO"
    assert "Jane," in draft.body.splitlines()[0]
    assert "[your answer]" in draft.body
    assert [need.id for need in draft.needs] == ["answer"]
    # Jane wrote first: her message is not an answer to one of ours.
    assert "getting back to me" not in draft.body
    assert "reply" not in draft.body.splitlines()[2]


def test_every_strategy_has_a_built_in_template_or_a_fixed_draft() -> None:
    for strategy in Strategy:
        assert render(make_action(strategy), ME, TODAY) is not None


def test_values_offer_exactly_the_documented_placeholders() -> None:
    given = values(make_action(Strategy.FOLLOW_UP), ME, TODAY)
    assert set(given) == set(PLACEHOLDERS)
    assert all(isinstance(value, str) or value is None for value in given.values())


# --- user text is literal --------------------------------------------------------------

HOSTILE = "${__class__} {0.__globals__} $first_name $$ [bold]x[/bold] [@click=app.quit]"


def test_user_text_is_inserted_literally() -> None:
    person = Person(id=7, name="Jo${__class__} {0.__globals__} Smith")
    action = make_action(
        Strategy.THANK_YOU,
        contact=person,
        company=f"Acme {HOSTILE}",
        role="[bold]Platform[/bold] $role",
        interview_on=INTERVIEW_DAY,
        highlights=f"pricing at $5 per seat, {HOSTILE}",
    )
    draft = draft_for(action, me=Settings(user_name="Sam $signature {0}"))
    assert "Jo${__class__}," in draft.body.splitlines()[0]
    assert f"Acme {HOSTILE}" in draft.body
    assert "[bold]Platform[/bold] $role" in draft.body
    assert f"pricing at $5 per seat, {HOSTILE}" in draft.body
    assert "Sam $signature {0}" in draft.body
    assert "<class" not in draft.body
    assert "function" not in draft.body
    assert "Jane" not in draft.body


def test_linkedin_note_keeps_user_text_literal() -> None:
    action = make_action(Strategy.LINKEDIN, contact=Person(id=2, name="${name} Doe"))
    draft = draft_for(action)
    assert draft.body.startswith("Hi ${name},")
    assert draft.needs == ()


def test_user_template_overrides_the_built_in() -> None:
    mine = {Strategy.FOLLOW_UP: ("Any news, $first_name?", "Hello $first_name: $role at $company?")}
    draft = draft_for(make_action(Strategy.FOLLOW_UP), templates=mine)
    assert draft.subject == "Any news, Jane?"
    assert draft.body == "Hello Jane: Platform Engineer at Acme Robotics?"
    # Other strategies keep the built-in draft.
    other = draft_for(make_action(Strategy.CHECK_IN), templates=mine)
    assert other == draft_for(make_action(Strategy.CHECK_IN))


def test_user_template_with_hostile_placeholders_is_rendered_safely() -> None:
    mine = {
        Strategy.THANK_YOU: (
            "Thanks ${__class__}",
            "{0.__globals__} $first_name paid $$5 ${nope} $ [bold]",
        )
    }
    draft = draft_for(make_action(Strategy.THANK_YOU), templates=mine)
    assert draft.subject == "Thanks ${__class__}"
    assert draft.body == "{0.__globals__} Jane paid $5 ${nope} $ [bold]"


def test_user_linkedin_template_is_still_cut_to_the_limit() -> None:
    mine = {Strategy.LINKEDIN: ("ignored", "Hi $first_name. " + "I enjoyed our talk. " * 30)}
    draft = draft_for(make_action(Strategy.LINKEDIN), templates=mine)
    assert draft.subject == ""
    assert draft.body.startswith("Hi Jane.")
    assert len(draft.body) <= LINKEDIN_LIMIT


# --- lint ----------------------------------------------------------------------------------


@pytest.mark.parametrize("strategy", list(BUILT_IN))
def test_lint_accepts_the_built_in_templates(strategy: Strategy) -> None:
    subject, body = BUILT_IN[strategy]
    assert lint(subject) == []
    assert lint(body) == []


def test_lint_accepts_every_documented_placeholder_and_escaped_dollars() -> None:
    text = " ".join(f"${name} ${{{name}}}" for name in PLACEHOLDERS) + " costs $$5"
    assert lint(text) == []


def test_lint_flags_unknown_placeholders() -> None:
    problems = lint("Hi $first_nme, about ${compnay}")
    assert any("first_nme" in p for p in problems)
    assert any("compnay" in p for p in problems)
    assert len(problems) == 2


@pytest.mark.parametrize("text", ["It costs $5", "Hi ${first_name", "Hi $", "${}", "$ {role}"])
def test_lint_flags_malformed_placeholders(text: str) -> None:
    problems = lint(text)
    assert problems
    assert any("malformed" in p for p in problems)


def test_lint_flags_the_dunder_tricks() -> None:
    problems = lint("${__class__} and $__globals__")
    assert any("__class__" in p for p in problems)
    assert any("__globals__" in p for p in problems)


# --- properties ----------------------------------------------------------------------------

any_text = st.text(min_size=1, max_size=400)


@settings(max_examples=100, deadline=None)
@given(name=any_text, company=any_text, role=any_text, me=st.text(max_size=300))
def test_linkedin_note_never_exceeds_the_limit(name: str, company: str, role: str, me: str) -> None:
    action = make_action(
        Strategy.LINKEDIN, contact=Person(id=1, name=name), company=company, role=role
    )
    draft = draft_for(action, me=Settings(user_name=me))
    assert draft.subject == ""
    assert 0 < len(draft.body) <= LINKEDIN_LIMIT


def test_linkedin_note_limit_holds_at_every_length_near_it() -> None:
    lengths = set()
    for size in range(0, 260):
        draft = draft_for(make_action(Strategy.LINKEDIN, company="A" * size))
        lengths.add(len(draft.body))
        assert len(draft.body) <= LINKEDIN_LIMIT, size
    # The sweep did produce notes right at the limit, not only short or heavily cut ones.
    assert LINKEDIN_LIMIT in lengths or LINKEDIN_LIMIT - 1 in lengths


@settings(max_examples=50, deadline=None)
@given(
    first=st.from_regex(re.compile(r"[A-Z][a-z]{1,60}"), fullmatch=True),
    company=st.text(st.characters(categories=["L", "N", "Zs", "P"]), min_size=1, max_size=300),
)
def test_linkedin_note_greets_by_first_name_even_when_cut(first: str, company: str) -> None:
    action = make_action(
        Strategy.LINKEDIN, contact=Person(id=1, name=f"{first} Smith"), company=company
    )
    draft = draft_for(action)
    assert draft.body.startswith(f"Hi {first},")
    assert len(draft.body) <= LINKEDIN_LIMIT


@settings(max_examples=50, deadline=None)
@given(name=any_text, company=any_text, highlights=any_text)
def test_user_text_never_changes_the_template(name: str, company: str, highlights: str) -> None:
    action = make_action(
        Strategy.THANK_YOU,
        contact=Person(id=1, name=name),
        company=company,
        highlights=highlights,
        interview_on=INTERVIEW_DAY,
    )
    draft = draft_for(action)
    # The fixed wording of the built-in alternatives survives whatever the data holds.
    opening = ("Thank you for", "I appreciated the time", "Many thanks for the conversation")
    assert any(words in draft.body for words in opening)
    assert draft.body.rstrip().endswith(ME.signature)

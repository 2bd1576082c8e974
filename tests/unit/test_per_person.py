"""The interview form's per-interviewer lines ("Name: what resonated"), read and written."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup_tui.errors import Invalid
from followup_tui.tui.screens.record_forms import per_person, per_person_text

PEOPLE = {3: "Lena Park", 7: "Raj Patel", 9: "Lena Okafor"}


def test_full_names_and_unique_first_names_any_case() -> None:
    text = "lena park: the roadmap\nRAJ:   his rotation plan  \n\n"
    assert per_person(text, PEOPLE) == {3: "the roadmap", 7: "his rotation plan"}


def test_a_line_with_nothing_after_the_colon_says_nothing() -> None:
    assert per_person("Lena Park:\nRaj Patel: x", PEOPLE) == {7: "x"}
    assert per_person(None, PEOPLE) == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Lena: x", "names two interviewers"),
        ("Mo: x", "names no one at the interview"),
        ("the roadmap", "Name: what resonated"),
    ],
)
def test_a_line_that_names_no_one_in_particular_is_refused(text: str, message: str) -> None:
    with pytest.raises(Invalid, match=message):
        per_person(text, PEOPLE)


def test_a_colon_inside_the_text_is_kept() -> None:
    assert per_person("Raj Patel: the 2:1 ratio", PEOPLE) == {7: "the 2:1 ratio"}


@given(
    st.dictionaries(
        st.sampled_from(sorted(PEOPLE)),
        st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1).filter(
            lambda s: s.strip() == s and s
        ),
    )
)
def test_the_starting_text_reads_back_as_what_was_stored(own: dict[int, str]) -> None:
    assert per_person(per_person_text(own.items(), PEOPLE), PEOPLE) == own

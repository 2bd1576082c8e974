"""An edited draft's text read back into subject and body, and what it still needs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup_tui import drafts
from followup_tui.models import Draft, Need


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Subject: Thank you\n\nHi Jane,\n\nThanks.", ("Thank you", "Hi Jane,\n\nThanks.")),
        ("Hi Jane, no subject line at all.", ("", "Hi Jane, no subject line at all.")),
        ("Subject: Only a subject", ("Only a subject", "")),
        ("Subject: Hi\nBody right under it", ("Hi", "Body right under it")),
        ("subject: lower case\n\nbody", ("lower case", "body")),
        ("Subject:no space\n\nbody", ("no space", "body")),
        ("Subject: Hi\n   \nthe blank line held spaces", ("Hi", "the blank line held spaces")),
        ("Subject: Hi\n\n\nbody after two blank lines", ("Hi", "\nbody after two blank lines")),
        ("Hi,\nSubject: not on the first line", ("", "Hi,\nSubject: not on the first line")),
        ("", ("", "")),
    ],
)
def test_the_editor_text_gives_subject_and_body(text: str, expected: tuple[str, str]) -> None:
    assert drafts.parse_text(text) == expected


@settings(max_examples=300, deadline=None)
@given(
    subject=st.text(min_size=1).filter(lambda s: "\n" not in s),
    body=st.text(),
)
def test_a_draft_with_a_subject_reads_back_as_it_was(subject: str, body: str) -> None:
    assert drafts.parse_text(Draft(subject, body).text) == (subject, body)


@settings(max_examples=300, deadline=None)
@given(body=st.text().filter(lambda b: not b[:8].casefold().startswith("subject:")))
def test_a_draft_without_a_subject_is_all_body(body: str) -> None:
    assert drafts.parse_text(Draft("", body).text) == ("", body)


def test_an_edit_needs_what_its_markers_still_stand_for() -> None:
    marker = drafts.MARKERS["user_name"]
    made = Draft(
        "Thank you",
        f"Hi Jane,\n\nBest,\n{marker}",
        needs=(Need("user_name", drafts.NEEDS["user_name"]),),
    )
    kept = drafts.after_edit(made, *drafts.parse_text(f"Subject: Thanks!\n\nHi Jane,\n{marker}"))
    assert (kept.subject, kept.body) == ("Thanks!", f"Hi Jane,\n{marker}")
    assert [need.id for need in kept.needs] == ["user_name"]
    filled = drafts.after_edit(made, *drafts.parse_text("Subject: Thanks!\n\nHi Jane,\nAda"))
    assert filled.needs == ()
    assert filled.text == "Subject: Thanks!\n\nHi Jane,\nAda"

"""User templates: the placeholders they may use, the built-in starting point per strategy,
and the checks a template passes before it is saved (alternatives split by `---or---`)."""

from __future__ import annotations

import re
from string import Template

from followup_tui.drafts.alts import Slot, Wording
from followup_tui.drafts.keeping_words import CHECK_IN, FOLLOW_UP, REPLY
from followup_tui.drafts.meeting_words import EVENT, LINKEDIN, SHARE_INFO, THANK_YOU
from followup_tui.drafts.render import ALTERNATIVE
from followup_tui.models import Strategy

#: Every placeholder a template may use, with what it stands for (shown in the editor).
PLACEHOLDERS: dict[str, str] = {
    "first_name": "the contact's first name",
    "name": "the contact's full name",
    "title": "the contact's job title",
    "company": "the company",
    "role": "the role applied for",
    "interview_when": "when the interview was: today, yesterday, on Tuesday, on 12 Nov",
    "interview_date": "the interview's date, e.g. Tue 17 Nov",
    "highlights": "what resonated in the interview (with this interviewer, when noted)",
    "open_questions": "questions or concerns raised at the interview",
    "why_fit": "why you fit: the application's line, else the pitch setting",
    "applied_when": "when you applied: on 12 Nov",
    "response_by": "the day they said they'd answer by, e.g. Fri 20 Nov",
    "since_what": "what the follow-up waits on: we spoke on ..., I applied on ...",
    "resource_title": "the shared resource's title",
    "resource_url": "the shared resource's link",
    "resource_note": "why the resource is relevant (its note)",
    "event_name": "the event",
    "event_when": "when you met them at the event",
    "their_work": "your work at <company>, or your work",
    "their_subject": "the subject of their message",
    "answer": "a gap for your answer: the draft says it needs one",
    "social_links": "the company's social links, one per line",
    "my_name": "your name (settings)",
    "signature": "your signature (settings; defaults to your name)",
}


def _plain(words: Wording) -> tuple[str, str]:
    """A wording as one template: each part's first alternative that asserts nothing."""

    def first(alts: Slot) -> str:
        return next((alt.text for alt in alts if not alt.asserts), "")

    subject = first(words.subject)
    body = "\n\n".join(
        text
        for paragraph in words.paragraphs
        if (text := " ".join(t for alts in paragraph if (t := first(alts))))
    )
    return subject, body


#: Where a user's own template starts in the editor: the built-in wording's plain form.
BUILT_IN: dict[Strategy, tuple[str, str]] = {
    strategy: _plain(words)
    for strategy, words in (
        (Strategy.THANK_YOU, THANK_YOU),
        (Strategy.LINKEDIN, LINKEDIN),
        (Strategy.FOLLOW_UP, FOLLOW_UP),
        (Strategy.SHARE_INFO, SHARE_INFO),
        (Strategy.EVENT, EVENT),
        (Strategy.REPLY, REPLY),
        (Strategy.CHECK_IN, CHECK_IN),
    )
}


def lint(template_text: str) -> list[str]:
    """Problems with a user template: malformed or unknown placeholders (empty when fine)."""
    template = Template(template_text)
    problems: list[str] = []
    if not template.is_valid():
        bad = re.search(r"\$(?!\$|\{?[_a-zA-Z][_a-zA-Z0-9]*\}?)(\{[^}]*\}?|.?)", template_text)
        shown = bad.group(0) if bad else "$"
        problems.append(f"malformed placeholder {shown!r}: write $name or ${{name}}, and $$ for $")
    for name in template.get_identifiers():
        if name not in PLACEHOLDERS:
            problems.append(f"unknown placeholder ${name}")
    return problems


#: The longest template body and subject accepted: a follow-up email, not a document.
BODY_LIMIT = 20_000
SUBJECT_LIMIT = 200
#: `{name}`, `{0.attr}`, `{x[0]}`, `{x!r}`: str.format fields, which templates never expand.
_FORMAT_FIELD = re.compile(r"(?<!\$)\{(?:\d+|[_a-zA-Z]\w*)(?:[.\[!:][^{}\n]*)?\}")
#: Characters a draft can't carry: C0 controls but tab and newline, DEL, C1, bidi overrides.
_CONTROL_IN_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def validate_template(subject: str, body: str) -> list[str]:
    """Why a template can't be saved (empty when it can): each reason says what to change.

    Rendering is safe whatever a template holds (`safe_substitute` only fills the names of
    PLACEHOLDERS); this refuses what would come out wrong: unknown or malformed
    placeholders, str.format fields, control characters, an empty or oversized text.
    """
    problems = [f"subject: {p}" for p in lint(subject)] + [f"body: {p}" for p in lint(body)]
    if not body.strip():
        problems.append("the body is empty")
    elif ALTERNATIVE.search(body):
        for number, part in enumerate(ALTERNATIVE.split(body), start=1):
            if not part.strip():
                problems.append(f"alternative {number} (between the ---or--- lines) is empty")
    if len(body) > BODY_LIMIT:
        problems.append(f"the body is longer than {BODY_LIMIT:,} characters")
    if len(subject) > SUBJECT_LIMIT:
        problems.append(f"the subject is longer than {SUBJECT_LIMIT} characters")
    if "\n" in subject or "\r" in subject:
        problems.append("the subject must be one line")
    for part, text in (("subject", subject), ("body", body)):
        field = _FORMAT_FIELD.search(text)
        if field:
            problems.append(
                f"{part}: {field.group(0)[:40]!r} is not a placeholder: write $name or ${{name}}"
            )
        if _CONTROL_IN_TEXT.search(text):
            problems.append(
                f"{part}: remove the control characters (escape sequences, NUL, direction marks)"
            )
    return problems

"""Built-in message templates per strategy, rendered with string.Template, and a template lint."""

from __future__ import annotations

import re
from collections.abc import Mapping
from string import Template

from pendulum import Date

from followup_tui.dates import describe_day
from followup_tui.models import Action, Draft, Settings, Strategy
from followup_tui.text import printable

LINKEDIN_LIMIT = 200
HIGHLIGHTS_PLACEHOLDER = "[what resonated in the interview]"
NAME_PLACEHOLDER = "[your name]"

#: (subject, body) per strategy. Each opens differently so a day's drafts don't read alike.
BUILT_IN: dict[Strategy, tuple[str, str]] = {
    Strategy.THANK_YOU: (
        "Thank you for your time $interview_when",
        "Hi $first_name,\n\n"
        "Thank you for taking the time to talk with me $interview_when about the $role role. "
        "I keep coming back to our conversation about $highlights, and it made me even more "
        "keen on the work at $company.\n\n"
        "If anything else would help as you decide, I'd be glad to send it.\n\n"
        "Best,\n$signature",
    ),
    Strategy.LINKEDIN: (
        "",
        "Hi $first_name, it was good to speak with you about the $role role at $company. "
        "I'd be glad to stay connected here. $my_name",
    ),
    Strategy.FOLLOW_UP: (
        "Following up on the $role role",
        "Hi $first_name,\n\n"
        "I hope your week is going well. It's been a little while since $since_what, and I "
        "wanted to check in on the $role role. I'm still very interested. Is there anything "
        "you can share about next steps or timing?\n\n"
        "Thanks for your time,\n$signature",
    ),
    Strategy.SHARE_INFO: (
        "Thought of you: $resource_title",
        "Hi $first_name,\n\n"
        "I came across “$resource_title” and thought of our conversation about the $role "
        "role. It seemed close to what your team is working on:\n\n$resource_url\n\n"
        "No need to reply; I thought you'd find it interesting.\n\n"
        "Best,\n$signature",
    ),
    Strategy.EVENT: (
        "Good to meet you at $event_name",
        "Hi $first_name,\n\n"
        "It was good to meet you at $event_name. I enjoyed hearing about $their_work and "
        "would be glad to keep in touch.\n\n"
        "Best,\n$signature",
    ),
    Strategy.REPLY: (
        "Re: $their_subject",
        "Hi $first_name,\n\nThanks for getting back to me. [your answer]\n\nBest,\n$signature",
    ),
    Strategy.CHECK_IN: (
        "Checking in",
        "Hi $first_name,\n\n"
        "I hope all is well at $company. It's been a while since we last spoke, so I wanted to "
        "say hello and share a quick update: [what you've been working on].\n\n"
        "I'd love to hear how things are on your side.\n\n"
        "All the best,\n$signature",
    ),
}

#: Every placeholder a template may use, with what it stands for (shown in the editor).
PLACEHOLDERS: dict[str, str] = {
    "first_name": "the contact's first name",
    "name": "the contact's full name",
    "title": "the contact's job title",
    "company": "the company",
    "role": "the role applied for",
    "interview_when": "when the interview was: today, yesterday, on Tuesday, on 12 Nov",
    "interview_date": "the interview's date, e.g. Tue 17 Nov",
    "highlights": "what resonated in the interview",
    "since_what": "what the follow-up waits on: we spoke on ..., I applied on ...",
    "resource_title": "the shared resource's title",
    "resource_url": "the shared resource's link",
    "event_name": "the event",
    "their_work": "your work at <company>, or your work",
    "their_subject": "the subject of their message",
    "social_links": "the company's social links, one per line",
    "my_name": "your name (settings)",
    "signature": "your signature (settings; defaults to your name)",
}

_PLACEHOLDER_IN_TEXT = re.compile(r"\[[^\]\n]{3,60}\]")


def _when(day: Date | None, today: Date) -> str:
    if day is None:
        return "recently"
    delta = today.toordinal() - day.toordinal()
    if delta == 0:
        return "today"
    if delta == 1:
        return "yesterday"
    if 1 < delta < 7:
        return f"on {day.format('dddd')}"
    return f"on {day.day} {day.format('MMM')}"


def _highlights(text: str | None) -> str:
    cleaned = " ".join((text or "").split()).rstrip(".!;, ")
    return cleaned or HIGHLIGHTS_PLACEHOLDER


def context(action: Action, settings: Settings, today: Date) -> dict[str, str]:
    """The plain strings a template may refer to, for one action."""
    contact = action.contact
    my_name = settings.user_name.strip() or NAME_PLACEHOLDER
    if action.interview_on is not None:
        since = f"we spoke {_when(action.interview_on, today)}"
    elif action.strategy is Strategy.FOLLOW_UP:
        since = "I applied"
    else:
        since = "we last spoke"
    return {
        "first_name": contact.first_name if contact else "there",
        "name": contact.name if contact else "",
        "title": (contact.title or "") if contact else "",
        "company": action.company or "your company",
        "role": action.role or "open",
        "interview_when": _when(action.interview_on, today),
        "interview_date": describe_day(action.interview_on) if action.interview_on else "",
        "highlights": _highlights(action.highlights),
        "since_what": since,
        "resource_title": action.resource_title or "",
        "resource_url": action.resource_url or "",
        "event_name": action.event_name or "",
        "their_work": f"your work at {action.company}" if action.company else "your work",
        "their_subject": _their_subject(action),
        "social_links": "\n".join(action.social_links),
        "my_name": my_name,
        "signature": settings.signature.strip() or my_name,
    }


def _their_subject(action: Action) -> str:
    marker = ": "
    return action.why.split(marker, 1)[1] if marker in action.why else "your message"


def _fit_linkedin(text: str) -> str:
    """Keep a connection note within LinkedIn's 200 characters, cutting at a sentence or word."""
    text = " ".join(text.split())
    if len(text) <= LINKEDIN_LIMIT:
        return text
    cut = text[: LINKEDIN_LIMIT - 1]
    sentence_end = cut.rfind(". ")
    if sentence_end > LINKEDIN_LIMIT // 2:
        return cut[: sentence_end + 1]
    return cut.rsplit(" ", 1)[0].rstrip(",;:") + "…"


def render(
    action: Action,
    settings: Settings,
    today: Date,
    templates: Mapping[Strategy, tuple[str, str]] | None = None,
) -> Draft | None:
    """The draft for `action`: the user's template for its strategy, else the built-in one.

    A draft is pasted into mail, LinkedIn or a terminal: control characters that came with
    a name or a template (escape sequences, NUL bytes, bidi overrides) are left out.
    """
    if action.strategy is Strategy.SOCIAL:
        links = "\n".join(action.social_links)
        return Draft(subject="", body=printable(f"{action.company} on social media:\n{links}"))
    if action.strategy is Strategy.EVENT and action.contact is None:
        return Draft(subject="", body=printable(f"{action.title}\n{action.why}"))
    subject_t, body_t = (templates or {}).get(action.strategy) or BUILT_IN[action.strategy]
    values = context(action, settings, today)
    subject = printable(Template(subject_t).safe_substitute(values), keep_newlines=False)
    body = printable(Template(body_t).safe_substitute(values)).strip()
    if action.strategy is Strategy.LINKEDIN:
        subject, body = "", _fit_linkedin(body)
    placeholders = tuple(dict.fromkeys(_PLACEHOLDER_IN_TEXT.findall(subject + "\n" + body)))
    return Draft(subject=subject, body=body, placeholders=placeholders)


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

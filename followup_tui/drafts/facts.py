"""What a draft may say about one action: the facts it holds, and the values it fills in.

A built-in sentence declares the facts it asserts (drafts/wording.py); it is chosen only
when the action holds every one of them, so no draft claims a meeting, a conversation or a
reply that the log doesn't hold. The facts come from the action alone, which the playbook
built from the store's set-based reads (the `Acquaintance` of its person, its application).
"""

from __future__ import annotations

from pendulum import Date

from followup_tui.dates import describe_day
from followup_tui.kinds import CLOSED_STAGES
from followup_tui.models import Action, Settings, Strategy

#: Days without a touch either way after which "it's been a while" is true.
QUIET_DAYS = 21


#: The facts that choose an action's wording (drafts/wording.py), as `holds` names them.
CHOOSING = frozenset({"second", "closed"})
_CHOSEN = {
    (False, False): frozenset[str](),
    (True, False): frozenset({"second"}),
    (False, True): frozenset({"closed"}),
    (True, True): CHOOSING,
}


def choosing(action: Action) -> frozenset[str]:
    """Of the facts `action` holds, those that choose its wording, without working out the
    rest (a long Today list asks each row what it needs)."""
    closed = action.stage is not None and action.stage in CLOSED_STAGES
    return _CHOSEN[action.follow_up >= 2, closed]


def holds(action: Action, today: Date) -> frozenset[str]:
    """The facts `action` holds, by name (see wording.FACTS for what each means)."""
    known = action.known
    facts: set[str] = set()
    if action.interview_on is not None:
        facts.add("interview")
    if action.role:
        facts.add("role")
    if action.company:
        facts.add("company")
    if action.applied_on is not None:
        facts.add("applied")
    if action.response_by is not None:
        facts.add("promised_passed" if action.response_by < today else "promised_ahead")
    if action.open_questions and action.open_questions.strip():
        facts.add("open_questions")
    facts.update(choosing(action))
    if action.stage is not None and "closed" not in facts:
        facts.add("active")
    if action.answers_us:
        facts.add("answers_us")
    if action.strategy is Strategy.REPLY and not action.answers_us:
        facts.add("they_opened")
    if known is not None:
        if known.first_interview is not None or action.interview_on is not None:
            facts.add("interviewed")
        if known.met or action.interview_on is not None:
            facts.add("met")
        if known.spoke_on is not None:
            facts.add("spoke")
        if known.replied:
            facts.add("replied")
        if known.connected:
            facts.add("connected")
        if known.referrer:
            facts.add("referrer")
        if known.wrote:
            facts.add("wrote")
        if known.they_opened:
            facts.add("they_opened")
        if known.last_touch is not None:
            facts.add("in_touch")
        start = known.last_touch or known.added_on
        if start is not None and today.toordinal() - start.toordinal() >= QUIET_DAYS:
            facts.add("quiet")
        if action.event_name and known.event == action.event_name and known.event_on:
            facts.add("at_event")
            # Met there for the first time: added on or after the day before, and no touch
            # with them before the event.
            knew = known.added_on is not None and known.added_on < known.event_on.subtract(days=1)
            if knew:
                facts.add("knew_before_event")
            else:
                facts.add("first_met_at_event")
    elif action.interview_on is not None:
        facts.update({"interviewed", "met"})
    return frozenset(facts)


def when(day: Date | None, today: Date) -> str:
    """A day as a sentence says it: today, yesterday, on Tuesday, on 12 Nov."""
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


def _line(text: str | None) -> str | None:
    """User text as one clause: whitespace folded, trailing punctuation left to the draft."""
    cleaned = " ".join((text or "").split()).rstrip(".!;, ")
    return cleaned or None


def _their_subject(action: Action) -> str:
    marker = ": "
    return action.why.split(marker, 1)[1] if marker in action.why else "your message"


def gap_value(name: str, action: Action, settings: Settings) -> str | None:
    """One value that may be missing (None): a gap the draft then needs filled."""
    if name == "first_name":
        contact = action.contact
        return None if action.no_interviewer else contact.first_name if contact else "there"
    if name == "highlights":
        return _line(action.highlights)
    if name == "why_fit":
        return _line(action.why_fit or settings.pitch)
    if name == "resource_note":
        return _line(action.resource_note)
    if name == "my_name":
        return settings.user_name.strip() or None
    if name == "signature":
        return settings.signature.strip() or settings.user_name.strip() or None
    return None  # "answer": only the user can give it


#: Every name `gap_value` knows.
GAP_NAMES = (
    "first_name",
    "highlights",
    "why_fit",
    "resource_note",
    "answer",
    "my_name",
    "signature",
)


def gap_values(action: Action, settings: Settings) -> dict[str, str | None]:
    """The values that may be missing (None): each is a gap the draft then needs filled."""
    return {name: gap_value(name, action, settings) for name in GAP_NAMES}


def values(action: Action, settings: Settings, today: Date) -> dict[str, str | None]:
    """The strings a template may refer to; None where the data has nothing (a gap)."""
    contact = action.contact
    known = action.known
    if action.interview_on is not None:
        since = f"we spoke {when(action.interview_on, today)}"
    elif action.applied_on is not None:
        since = f"I applied {when(action.applied_on, today)}"
    else:
        since = "I applied"
    return {
        **gap_values(action, settings),
        "name": contact.name if contact else "",
        "title": (contact.title or "") if contact else "",
        "company": action.company or "your company",
        "role": action.role or "open",
        "interview_when": when(action.interview_on, today),
        "interview_date": describe_day(action.interview_on) if action.interview_on else "",
        "since_what": since,
        "applied_when": when(action.applied_on, today),
        "response_by": describe_day(action.response_by) if action.response_by else "",
        "open_questions": _line(action.open_questions) or "",
        "resource_title": action.resource_title or "",
        "resource_url": action.resource_url or "",
        "event_name": action.event_name or "",
        "event_when": when(known.event_on if known else None, today),
        "their_work": f"your work at {action.company}" if action.company else "your work",
        "their_subject": _their_subject(action),
        "social_links": "\n".join(action.social_links),
    }

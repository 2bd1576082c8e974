"""A draft from an action: the built-in wording's parts chosen by its facts, or the user's
template, with every gap (a value the data lacks) tracked as it is filled in."""

from __future__ import annotations

import re
import zlib
from collections.abc import Mapping
from string import Template

from pendulum import Date

from followup_tui.drafts.alts import Alt, Slot, Wording
from followup_tui.drafts.facts import choosing, gap_value, holds, values
from followup_tui.drafts.wording import closes, wording
from followup_tui.models import Action, Draft, Need, Settings, Strategy
from followup_tui.text import printable

LINKEDIN_LIMIT = 200
#: What a draft can still need, by id: the fixed vocabulary of `Draft.needs`.
NEEDS: dict[str, str] = {
    "user_name": "your name (settings: user_name)",
    "highlights": "what resonated in the interview",
    "interviewer": "who interviewed you",
    "answer": "your answer",
    "why_fit": "why you fit the role",
    "resource_note": "why the resource is relevant",
}
#: A placeholder whose value the data lacks: the need it stands for, and the marker shown.
GAPS: dict[str, tuple[str, str]] = {
    "my_name": ("user_name", "[your name]"),
    "signature": ("user_name", "[your name]"),
    "highlights": ("highlights", "[what resonated in the interview]"),
    "first_name": ("interviewer", "[interviewer's name]"),
    "answer": ("answer", "[your answer]"),
    "why_fit": ("why_fit", "[why you fit the role]"),
    "resource_note": ("resource_note", "[why it's relevant]"),
}
#: A line between two alternatives in a user's template.
ALTERNATIVE = re.compile(r"^---or---[ \t]*$", re.MULTILINE)


#: The marker each need leaves in the text.
MARKERS: dict[str, str] = {need: marker for need, marker in GAPS.values()}


def after_edit(original: Draft, subject: str, body: str) -> Draft:
    """A draft the user edited: it still needs what its markers, left in the text, stand for."""
    text = f"{subject}\n{body}"
    left = tuple(need for need in original.needs if MARKERS[need.id] in text)
    return Draft(subject=subject, body=body, needs=left)


#: How `Draft.text` starts the subject line (read back case-insensitively).
SUBJECT_LINE = "Subject:"


def parse_text(text: str) -> tuple[str, str]:
    """A draft's text as the editor shows it (`Draft.text`) back into (subject, body).

    A first line `Subject: ...` gives the subject, and the body is what follows it after
    one blank line; any other text is all body, with no subject.
    """
    first, _, rest = text.partition("\n")
    if first[: len(SUBJECT_LINE)].casefold() != SUBJECT_LINE.casefold():
        return "", text
    subject = first[len(SUBJECT_LINE) :]
    subject = subject.removeprefix(" ")
    blank, _, after = rest.partition("\n")
    return subject, (after if not blank.strip() else rest)


def _pick(seed: str) -> int:
    """A stable choice: zlib.crc32 (Python's `hash` is salted per process)."""
    return zlib.crc32(seed.encode())


def eligible(alts: Slot, facts: frozenset[str]) -> list[Alt]:
    """The alternatives `facts` allow, the most specific (lowest rank) only."""
    allowed = [alt for alt in alts if alt.asserts <= facts]
    if not allowed:
        return []
    best = min(alt.rank for alt in allowed)
    return [alt for alt in allowed if alt.rank == best]


def choose(
    words: Wording,
    facts: frozenset[str],
    key: str,
    panel: tuple[int, int] = (0, 1),
    seed_key: str | None = None,
) -> tuple[Alt | None, list[list[Alt | None]]]:
    """The subject and each paragraph's chosen alternatives.

    Each part is picked by the crc32 of the action key and the part. A panel's members
    share one seed and step through the body's combinations by their place in the panel
    (a mixed-radix count over the parts), so two thank-yous of one panel never match.
    """
    subject_options = eligible(words.subject, facts)
    subject = (
        subject_options[_pick(f"{key}/subject") % len(subject_options)] if subject_options else None
    )
    base = seed_key or key
    options = [[eligible(alts, facts) for alts in paragraph] for paragraph in words.paragraphs]
    picks = [
        [
            opts[_pick(f"{base}/{p}.{s}") % len(opts)] if opts else None
            for s, opts in enumerate(paragraph)
        ]
        for p, paragraph in enumerate(options)
    ]
    # A panel member steps through the combinations, the slots with most choice first.
    step = panel[0]
    order = sorted(
        ((p, s) for p, paragraph in enumerate(options) for s in range(len(paragraph))),
        key=lambda ps: -len(options[ps[0]][ps[1]]),
    )
    for p, s in order:
        opts = options[p][s]
        if step == 0:
            break
        if len(opts) > 1:
            here = (_pick(f"{base}/{p}.{s}") + step) % len(opts)
            picks[p][s] = opts[here]
            step //= len(opts)
    chosen: list[list[Alt | None]] = picks
    return subject, chosen


class Filler:
    """Fills placeholders in, noting each gap as a need (in the order they appear)."""

    def __init__(self, given: Mapping[str, str | None]) -> None:
        self.given = given
        self.needs: dict[str, Need] = {}

    def __call__(self, text: str) -> str:
        template = Template(text)
        for name in template.get_identifiers():
            if name in self.given and self.given[name] is None and name in GAPS:
                need = GAPS[name][0]
                self.needs.setdefault(need, Need(need, NEEDS[need]))
        shown = {
            name: value if value is not None else GAPS.get(name, ("", ""))[1]
            for name, value in self.given.items()
        }
        return template.safe_substitute(shown)


def _fit_linkedin(text: str) -> str:
    """Keep a note within LinkedIn's 200 characters, cutting at a sentence or a word."""
    text = " ".join(text.split())
    if len(text) <= LINKEDIN_LIMIT:
        return text
    cut = text[: LINKEDIN_LIMIT - 1]
    sentence_end = cut.rfind(". ")
    if sentence_end > LINKEDIN_LIMIT // 2:
        return cut[: sentence_end + 1]
    return cut.rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _linkedin(words: Wording, facts: frozenset[str], first: str, fill: Filler) -> str:
    """The chosen note, or when names make it too long, the longest that fits."""
    one_line = " ".join(first.split())
    if len(one_line) <= LINKEDIN_LIMIT:
        return one_line
    fitting = [
        text
        for alt in words.paragraphs[0][0]
        if alt.asserts <= facts
        and len(text := " ".join(Filler(fill.given)(alt.text).split())) <= LINKEDIN_LIMIT
    ]
    return max(fitting, key=len) if fitting else _fit_linkedin(one_line)


def _built_in(action: Action, facts: frozenset[str], fill: Filler) -> tuple[str, str] | None:
    words = wording(action, facts)
    if words is None:
        return None
    seed = f"ty-{action.interview_id}" if action.panel[1] > 1 else None
    subject, paragraphs = choose(words, facts, action.key, action.panel, seed)
    body = "\n\n".join(
        text
        for picks in paragraphs
        if (text := " ".join(fill(alt.text) for alt in picks if alt and alt.text))
    )
    if action.strategy is Strategy.LINKEDIN:
        return "", _linkedin(words, facts, body, fill)
    return (fill(subject.text) if subject else ""), body


def _user_template(key: str, subject: str, body: str, fill: Filler) -> tuple[str, str]:
    options = [part.strip("\n") for part in ALTERNATIVE.split(body) if part.strip()]
    chosen = options[_pick(f"{key}/template") % len(options)] if options else body
    return fill(subject), fill(chosen)


def _not_a_message(action: Action) -> bool:
    """Engaging online, or preparing for an event with no one to write to."""
    return action.strategy is Strategy.SOCIAL or (
        action.strategy is Strategy.EVENT and action.contact is None
    )


def _special(action: Action) -> Draft | None:
    """The two actions that are not messages: engaging online, preparing for an event."""
    if not _not_a_message(action):
        return None
    if action.strategy is Strategy.SOCIAL:
        lines = [f"{action.company} on social media:", *action.social_links]
        if action.pages:
            lines += ["", "Posts by people on the application to engage with:", *action.pages]
        return Draft(subject="", body=printable("\n".join(lines)))
    return Draft(subject="", body=printable(f"{action.title}\n{action.why}"))


def render(
    action: Action,
    settings: Settings,
    today: Date,
    templates: Mapping[Strategy, tuple[str, str]] | None = None,
) -> Draft | None:
    """The draft for `action`: the user's template for its strategy, else the built-in one.

    `needs` lists what the data lacks, each marker where it stands. A draft is pasted into
    mail, LinkedIn or a terminal: control characters that came with a name or a template
    (escape sequences, NUL bytes, bidi overrides) are left out.
    """
    special = _special(action)
    if special is not None:
        return special
    fill = Filler(values(action, settings, today))
    own = (templates or {}).get(action.strategy)
    if own is not None and not closes(action):
        subject, body = _user_template(action.key, own[0], own[1], fill)
        if action.strategy is Strategy.LINKEDIN:
            subject, body = "", _fit_linkedin(body)
    else:
        made = _built_in(action, holds(action, today), fill)
        if made is None:
            return None
        subject, body = made
    return Draft(
        subject=printable(subject, keep_newlines=False),
        body=printable(body).strip(),
        needs=tuple(fill.needs.values()),
    )


#: Each wording's gap plan, worked out once (the wordings are module constants), by id.
_PLANS: dict[int, tuple[Wording, tuple[str, ...] | None]] = {}


def _gap_plan(words: Wording) -> tuple[str, ...] | None:
    """The gap placeholders every rendering of `words` holds, in order of appearance; None
    when which alternative is chosen decides."""
    kept = _PLANS.get(id(words))
    if kept is None or kept[0] is not words:
        plan = _plan_of(words)
        # Each gap once, in order of first appearance: a value missing once is missing.
        kept = _PLANS[id(words)] = (words, None if plan is None else tuple(dict.fromkeys(plan)))
    return kept[1]


def _plan_of(words: Wording) -> tuple[str, ...] | None:
    plan: list[str] = []
    for alts in (*(s for p in words.paragraphs for s in p), words.subject):
        found = {
            frozenset(n for n in Template(a.text).get_identifiers() if n in GAPS) for a in alts
        }
        if len(found) > 1:
            return None
        for alt in alts[:1]:
            plan += [n for n in Template(alt.text).get_identifiers() if n in GAPS]
    return tuple(plan)


def needs(
    action: Action,
    settings: Settings,
    today: Date,
    templates: Mapping[Strategy, tuple[str, str]] | None = None,
) -> tuple[Need, ...]:
    """What `action`'s draft still needs, as `render` would say, without writing the draft
    (a Today list of thousands of rows asks this of each row)."""
    if _not_a_message(action):
        return ()
    words = None
    if (templates or {}).get(action.strategy) is None or closes(action):
        words = wording(action, choosing(action))
        if words is None:
            return ()
    plan = _gap_plan(words) if words is not None else None
    if plan is None:
        made = render(action, settings, today, templates)
        return made.needs if made else ()
    missing = tuple(name for name in plan if gap_value(name, action, settings) is None)
    listed = _NEEDS_OF.get(missing)
    if listed is None:
        found: dict[str, Need] = {}
        for name in missing:
            need = GAPS[name][0]
            found.setdefault(need, Need(need, NEEDS[need]))
        listed = _NEEDS_OF[missing] = tuple(found.values())
    return listed


#: The needs of each combination of missing gaps (a handful), worked out once.
_NEEDS_OF: dict[tuple[str, ...], tuple[Need, ...]] = {}

"""What the panes show, as plain data: built from the domain by present.py, drawn by the widgets.

Free of pendulum, the store and Textual, so the first screen can be computed in another
process, sent over as builtins and drawn while the rest of the app is still loading.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The strip's letters, one per strategy in STRATEGY_ORDER: Thank-you, LinkedIn, Follow-up,
#: share Info, Social, Event, Reply, Check-in.
STRIP_HEADER = "TLFISERC"
#: Where a strategy stands for one application.
DONE, DUE, OVERDUE, UPCOMING, NOT_APPLICABLE = "done", "due", "overdue", "upcoming", "n/a"
#: The most of one text (a draft, a detail's facts) a pane shows; the rest is summarised.
SHOWN_CHARACTERS = 20_000
#: How a row is drawn: plain, in the theme's error colour, or dimmed.
PLAIN, ERROR, MUTED = "", "error", "muted"


@dataclass(frozen=True)
class TodayRow:
    key: str
    tone: str
    due: str
    strategy: str
    who: str
    company: str
    why: str


@dataclass(frozen=True)
class PipelineLine:
    key: str
    stage: str
    closed: bool
    company: str
    role: str
    #: One state per strategy, in STRATEGY_ORDER (DONE, DUE, ...).
    strip: tuple[str, ...]
    next: str
    next_overdue: bool
    last_touch: str
    days: str


@dataclass(frozen=True)
class ContactLine:
    key: str
    name: str
    company: str
    kind: str
    linkedin: str
    last_touch: str
    next_due: str
    overdue: bool


@dataclass(frozen=True)
class DraftText:
    """The selected action and its draft, cleaned and cut to what the pane shows."""

    title: str
    why: str
    due: str
    deadline: str
    key: str
    needs: str | None
    #: None when the action has no draft; "" when the draft has no subject line.
    subject: str | None
    body: str | None


@dataclass(frozen=True)
class HeaderText:
    day: str
    overdue: int
    due: int
    upcoming: int
    narrowed: str | None = None
    #: Actions the guard holds back: counted apart, never as due.
    held: int = 0


@dataclass(frozen=True)
class FirstScreen:
    """Everything the first screen shows: the header, Today's first rows and the top draft."""

    header: HeaderText
    rows: tuple[TodayRow, ...]
    #: How many actions are due in all (the title says when only the first ones are listed).
    total: int
    draft: DraftText | None
    theme: str

"""Messages every pane posts up to the app: what the user asked of the selected record.

A pane names the record (a `RecordRef`) or its selection (a `Selection`); the app decides
what that means for the store. Messages only the Today pane posts are nested in it
(widgets/today.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from textual.message import Message
from textual.widget import Widget

RecordKind = Literal[
    "application", "contact", "company", "interview", "message", "event", "resource"
]


@dataclass(frozen=True)
class RecordRef:
    """One stored record, by kind and id."""

    kind: RecordKind
    id: int


@dataclass(frozen=True)
class Selection:
    """What a pane's cursor is on: an application, a contact, both (a Today action) or
    neither."""

    application_id: int | None = None
    contact_id: int | None = None


@dataclass
class PaneMessage(Message):
    """A message from one pane; `control` is the pane, for `@on(..., "#pipeline")`."""

    pane: Widget

    @property
    def control(self) -> Widget:
        return self.pane


@dataclass
class AddRequested(PaneMessage):
    """`a` (the kind to add is asked), `n` (an interview or a message): add a record, with
    the pane's selection filled in."""

    selection: Selection
    kind: str | None = None


@dataclass
class StageMoveRequested(PaneMessage):
    """`>` or `<`: the application one stage along its path, or back."""

    application_id: int
    step: int


@dataclass
class StagePickRequested(PaneMessage):
    """`t`: choose the application's stage (rejected, ghosted, ...)."""

    application_id: int


@dataclass
class TouchLogRequested(PaneMessage):
    """`l`: log a call, a coffee chat or a message sent elsewhere."""

    selection: Selection


@dataclass
class RecordEditRequested(PaneMessage):
    """`e` or `E` on a record: open its form."""

    record: RecordRef


@dataclass
class RecordDeleteRequested(PaneMessage):
    """`D`: delete the record (after a yes), with its interviews, notes and history."""

    record: RecordRef


@dataclass
class DetailsRequested(PaneMessage):
    """enter: open the application's or contact's detail."""

    record: RecordRef


@dataclass
class HighlightsRequested(PaneMessage):
    """`h`: edit an interview: this one, or the latest of the application."""

    interview_id: int | None
    application_id: int | None


@dataclass
class RecordFocused(PaneMessage):
    """The cursor of a focused side pane is on this record: Today narrows to it."""

    record: RecordRef


@dataclass
class TodayKeyPressed(PaneMessage):
    """A Today key (done, copy, snooze, ...) pressed in another pane: it acts on the
    selected Today action, which the pane's cursor may have narrowed Today to."""

    action: str

"""Screens for choosing what to add, editing templates and settings, and searching."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from followup_tui import settings_table
from followup_tui.drafts import BUILT_IN, PLACEHOLDERS, validate_template
from followup_tui.models import Settings, Strategy
from followup_tui.text import clean
from followup_tui.tui.forms import Field, Kind


class ChooseScreen(ModalScreen[str | None]):
    """Pick one of a few options with the arrows or j/k and enter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("j", "down", "Down", show=False),
        Binding("k", "up", "Up", show=False),
    ]

    def __init__(self, title: str, options: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.options = options

    def compose(self) -> ComposeResult:
        with Vertical(id="choose", classes="dialog"):
            yield Static(Content.from_markup("[b]$t[/b]", t=self.title_text))
            yield OptionList(*[Option(Content(label), id=value) for value, label in self.options])

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)


#: What each setting means, shown as the field's label.
SETTING_LABELS = {
    "user_name": "Your name (drafts sign with it)",
    "signature": "Signature (defaults to your name)",
    "work_days": "Work days (mon,tue,wed,thu,fri)",
    "thank_you_deadline_bd": "Thank-you: deadline, business days after the interview",
    "linkedin_due_bd": "LinkedIn: due, business days after the first interview",
    "linkedin_deadline_bd": "LinkedIn: deadline, business days after due",
    "follow_up_after_interview_bd": "Follow-up: business days after the interview",
    "follow_up_after_response_by_bd": "Follow-up: business days after their stated date",
    "follow_up_after_applied_days": "Follow-up: days after applying with no response",
    "follow_up_repeat_bd": "Follow-up: business days between the first and second",
    "follow_up_deadline_bd": "Follow-up: deadline, business days after due",
    "follow_up_cap": "Follow-up: at most this many per wait, then check-ins",
    "share_after_interview_days": "Share info: days after the latest interview",
    "share_quiet_bd": "Share info: business days since you last wrote to them",
    "share_deadline_bd": "Share info: deadline, business days after due",
    "share_gap_days": "Share info: at most one share per person per this many days",
    "social_every_days": "Social: engage every this many days",
    "social_deadline_days": "Social: deadline, days after due",
    "event_prepare_days": "Event: prepare this many days before",
    "event_after_days": "Event: write to people met, days after",
    "event_after_deadline_bd": "Event: deadline, business days after due",
    "reply_deadline_bd": "Reply: deadline, business days after their message",
    "check_in_active_days": "Check-in: quiet days at a company with an active application",
    "check_in_closed_days": "Check-in: quiet days after a rejection or ghosting",
    "check_in_deadline_bd": "Check-in: deadline, business days after due",
    "guard_bd": "Never write to the same person twice within this many business days",
}


def settings_fields(current: Settings) -> list[Field]:
    """One field per setting of the table (but the theme, which has its own picker), each
    checked by the table: the screen takes exactly what `followup settings` takes."""
    fields = []
    for row in settings_table.TABLE:
        if row.kind == "theme":
            continue
        check = functools.partial(settings_table.problem, row.name)
        kind: Kind = {"number": "number", "long": "long"}.get(row.kind, "text")  # type: ignore[assignment]
        required = row.kind in ("number", "weekdays")
        label = SETTING_LABELS.get(row.name, row.name)
        value = getattr(current, row.name)
        fields.append(
            Field(row.name, label, kind=kind, value=value, required=required, check=check)
        )
    return fields


class TemplateScreen(ModalScreen[tuple[str, str] | str | None]):
    """Edit one strategy's draft: returns (subject, body), "reset", or None on escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("ctrl+r", "reset", "Reset to built-in", priority=True),
        Binding("escape", "cancel", "Cancel", priority=True),
    ]

    def __init__(
        self, strategy: Strategy, subject: str, body: str, preview: Callable[[str, str], str]
    ) -> None:
        super().__init__()
        self.strategy = strategy
        self.subject = subject
        self.body = body
        self.preview = preview

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="template", classes="dialog"):
            yield Static(
                Content.from_markup(
                    "[b]Template: $s[/b]  ctrl+s save · ctrl+r reset to built-in · escape cancel",
                    s=self.strategy.label,
                )
            )
            yield Label("Subject")
            yield Input(self.subject, id="template-subject")
            yield Label("Body")
            yield TextArea(self.body, id="template-body", soft_wrap=True)
            yield Label("", id="template-problems")
            yield Static(
                Content(
                    "Placeholders: "
                    + ", ".join(f"${name} ({meaning})" for name, meaning in PLACEHOLDERS.items())
                ),
                id="template-placeholders",
            )
            yield Label("Preview with the selected action:", classes="form-label")
            yield Static("", id="template-preview")

    def on_mount(self) -> None:
        self._check()

    def problems(self) -> list[str]:
        subject = self.query_one("#template-subject", Input).value
        body = self.query_one("#template-body", TextArea).text
        return validate_template(subject, body)

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _check(self) -> None:
        problems = self.problems()
        label = self.query_one("#template-problems", Label)
        label.update(Content("; ".join(problems) if problems else "✓ every placeholder is known"))
        label.set_class(bool(problems), "invalid")
        if not problems:
            subject = self.query_one("#template-subject", Input).value
            body = self.query_one("#template-body", TextArea).text
            self.query_one("#template-preview", Static).update(Content(self.preview(subject, body)))

    def action_save(self) -> None:
        if self.problems():
            self.notify(
                "Fix the template first: " + "; ".join(self.problems()),
                severity="error",
                markup=False,
            )
            return
        self.dismiss(
            (
                self.query_one("#template-subject", Input).value,
                self.query_one("#template-body", TextArea).text,
            )
        )

    def action_reset(self) -> None:
        self.dismiss("reset")

    def action_cancel(self) -> None:
        self.dismiss(None)


#: The strategies whose drafts come from a template (social and event preparation don't).
TEMPLATED = tuple(s for s in BUILT_IN)


class SearchScreen(ModalScreen[tuple[str, int] | None]):
    """Search everything as you type; enter opens the hit."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close"),
        Binding("down", "down", "Down", show=False),
        Binding("up", "up", "Up", show=False),
    ]

    def __init__(self, search: Callable[[str], list[tuple[str, int, str, str]]]) -> None:
        super().__init__()
        self.search = search
        self.hits: list[tuple[str, int, str, str]] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="search", classes="dialog"):
            yield Static(
                Content.from_markup(
                    "[b]Search[/b]  companies, applications, people, notes and highlights"
                )
            )
            yield Input(placeholder="type words; the last one may be a prefix", id="search-input")
            yield OptionList(id="search-hits")

    @on(Input.Changed, "#search-input")
    def _typed(self, event: Input.Changed) -> None:
        self.hits = self.search(event.value)
        hits = self.query_one(OptionList)
        hits.clear_options()
        hits.add_options(
            [
                Option(Content(f"{kind:<12} {clean(label)}  ·  {clean(snippet)}"))
                for kind, _ref, label, snippet in self.hits
            ]
        )
        if self.hits:
            hits.highlighted = 0

    @on(Input.Submitted, "#search-input")
    def _enter(self) -> None:
        hits = self.query_one(OptionList)
        if self.hits and hits.highlighted is not None:
            kind, ref, _label, _snippet = self.hits[hits.highlighted]
            self.dismiss((kind, ref))

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        kind, ref, _label, _snippet = self.hits[event.option_index]
        self.dismiss((kind, ref))

    def action_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)


def changed_settings(current: Settings, values: dict[str, Any]) -> dict[str, str]:
    """The settings whose value the form changed, as stored text."""
    changed = {}
    for name, value in values.items():
        new = "" if value is None else str(value)
        if new != str(getattr(current, name)):
            changed[name] = new
    return changed

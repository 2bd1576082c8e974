"""Edit one strategy's draft template, checked and previewed as you type."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static, TextArea

from followup_tui.drafts import BUILT_IN, PLACEHOLDERS, validate_template
from followup_tui.models import Strategy


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
                    "Alternatives: put a line ---or--- between two versions of the body; each "
                    "action gets one of them, always the same.\nPlaceholders: "
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

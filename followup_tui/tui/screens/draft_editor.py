"""Edit a draft before copying it."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea

from followup_tui.text import clean


class DraftEditor(ModalScreen[str | None]):
    """Edit a draft before copying: ctrl+s keeps the edited text (for this action, until it
    is done or skipped) and copies it, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Keep and copy the edited draft", priority=True),
        Binding("escape", "cancel", "Cancel", priority=True),
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="editor-dialog", classes="dialog"):
            hint = "(ctrl+s keep and copy, escape cancel)"
            yield Label(Content(f"Edit: {clean(self.title_text)}   {hint}"))
            yield TextArea(self.text, id="editor", soft_wrap=True)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)

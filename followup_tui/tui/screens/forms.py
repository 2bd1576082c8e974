"""Typed modal forms: fields are declared, checked as you type, and returned as values.

A form never saves anything: it dismisses with what its `read` makes of the parsed values
(a record kind's dataclass, screens/record_forms.py; without one, the values by field
name), or None on escape, and the caller decides what to write. Nothing is returned until
every field is valid.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, Literal, TypeVar, cast, overload

from pendulum import Date
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Select, SelectionList, Static, TextArea
from textual.widgets.selection_list import Selection

from followup_tui.dates import DateParseError, describe_day, parse_day, parse_moment
from followup_tui.text import printable

Kind = Literal["text", "date", "datetime", "choice", "multi", "long", "number"]
#: A form's parsed values by field name.
Values = dict[str, Any]
#: What a form returns: `read` applied to its values.
Result = TypeVar("Result")


@dataclass(frozen=True)
class Field:
    """One field of a form."""

    name: str
    label: str
    kind: Kind = "text"
    required: bool = False
    #: (value, label) pairs for "choice" and "multi".
    choices: tuple[tuple[Any, str], ...] = ()
    #: The starting text ("text", "date", ...), value ("choice") or values ("multi").
    value: Any = None
    placeholder: str = ""
    #: Completions offered while typing ("text").
    suggestions: tuple[str, ...] = ()
    #: An extra check of the typed text: returns what is wrong, or None.
    check: Callable[[str], str | None] | None = None
    help: str = ""


@dataclass(frozen=True)
class FormSpec:
    title: str
    fields: tuple[Field, ...]
    today: Date
    work_days: frozenset[int] = field(default_factory=lambda: frozenset(range(5)))
    submit_label: str = "Save"


class FormScreen(ModalScreen[Result | None], Generic[Result]):
    """A form from a spec; ctrl+s (or the button) returns what `read` makes of the values
    (the values themselves without one), escape returns None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", "Save", priority=True),
        Binding("escape", "cancel", "Cancel", priority=True),
    ]
    #: No auto focus (None would mean the app's): on_mount focuses the first field without
    #: scrolling, where Textual's would centre it and hide the form's title above it.
    AUTO_FOCUS = ""

    @overload
    def __init__(self: FormScreen[Values], spec: FormSpec) -> None: ...

    @overload
    def __init__(self, spec: FormSpec, read: Callable[[Values], Result]) -> None: ...

    def __init__(self, spec: FormSpec, read: Callable[[Values], Result] | None = None) -> None:
        super().__init__(classes="form")
        self.spec = spec
        self.read = read
        #: The values of the last valid submit (a caller may open the form again with them).
        self.filled: Values | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="form", classes="dialog", can_focus=False):
            title = printable(self.spec.title, keep_newlines=False)
            yield Static(Content.from_markup("[b]$t[/b]", t=title), id="form-title")
            yield Static(Content("ctrl+s saves · escape cancels · tab moves"), id="form-hint")
            for item in self.spec.fields:
                label = item.label + (" *" if item.required else "")
                yield Label(Content(label), classes="form-label")
                yield self._widget(item)
                yield Label("", id=f"{item.name}-message", classes="form-message")
            with Horizontal(id="form-buttons"):
                yield Button(self.spec.submit_label, variant="primary", id="form-submit")
                yield Button("Cancel", id="form-cancel")

    def _widget(self, item: Field) -> Input | Select[Any] | SelectionList[Any] | TextArea:
        widget_id = f"field-{item.name}"
        if item.kind == "choice":
            # Stored text is shown, never sent raw: no escape sequence reaches the terminal.
            options = [(Content(printable(text, False)), value) for value, text in item.choices]
            return Select(
                options,
                value=item.value if item.value is not None else Select.NULL,
                # Never a silent default: a required choice without one starts empty and says so.
                allow_blank=True,
                id=widget_id,
                compact=True,
            )
        if item.kind == "multi":
            chosen = set(item.value or ())
            return SelectionList[Any](
                *[
                    Selection(Content(printable(text, False)), value, value in chosen)
                    for value, text in item.choices
                ],
                id=widget_id,
                compact=True,
            )
        if item.kind == "long":
            area = TextArea(
                printable(str(item.value or "")), id=widget_id, soft_wrap=True, compact=True
            )
            area.placeholder = item.placeholder
            return area
        return Input(
            value=printable(str(item.value)) if item.value is not None else "",
            placeholder=item.placeholder,
            type="integer" if item.kind == "number" else "text",
            suggester=SuggestFromList(item.suggestions, case_sensitive=False)
            if item.suggestions
            else None,
            id=widget_id,
            select_on_focus=False,
            compact=True,
        )

    def on_mount(self) -> None:
        if self.spec.fields:
            self.query_one(f"#field-{self.spec.fields[0].name}").focus(scroll_visible=False)
        for item in self.spec.fields:
            if item.kind in ("date", "datetime") and item.value:
                self._show(item, self._check(item, str(item.value))[1])

    # --- reading and checking ----------------------------------------------------------------

    def _raw(self, item: Field) -> Any:
        widget = self.query_one(f"#field-{item.name}")
        if isinstance(widget, Input):
            return widget.value
        if isinstance(widget, TextArea):
            return widget.text
        if isinstance(widget, Select):
            return None if widget.value is Select.NULL else widget.value
        if isinstance(widget, SelectionList):
            return list(widget.selected)
        raise TypeError(widget)

    def _check(self, item: Field, raw: Any) -> tuple[Any, str, bool]:
        """(value, message, valid) for one field's raw input."""
        if item.kind in ("choice", "multi"):
            if item.required and (raw is None or raw == []):
                return raw, f"choose {item.label.lower()}", False
            return raw, "", True
        text = str(raw or "").strip()
        if not text:
            if item.required:
                return None, f"{item.label} is needed", False
            return None, "", True
        if item.check is not None:
            problem = item.check(text)
            if problem:
                return None, problem, False
        try:
            if item.kind == "date":
                day = parse_day(text, self.spec.today, self.spec.work_days)
                return day, f"→ {describe_day(day)} {day.year}", True
            if item.kind == "datetime":
                moment = parse_moment(text, self.spec.today, work_days=self.spec.work_days)
                day = moment.date()
                return moment, f"→ {describe_day(day)} {day.year} at {moment:%H:%M}", True
        except DateParseError as error:
            return None, str(error), False
        if item.kind == "number":
            try:
                number = int(text)
            except ValueError:
                return None, "a whole number, please", False
            if number < 0:
                return None, "0 or more, please", False
            return number, "", True
        return text if item.kind != "long" else str(raw).strip(), "", True

    def _show(self, item: Field, message: str, valid: bool = True) -> None:
        label = self.query_one(f"#{item.name}-message", Label)
        label.update(Content(message))
        label.set_class(not valid, "invalid")
        label.set_class(valid and bool(message), "parsed")

    def _field_of(self, widget_id: str | None) -> Field | None:
        return next((f for f in self.spec.fields if f"field-{f.name}" == widget_id), None)

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        item = self._field_of(event.input.id)
        if item is not None:
            _value, message, valid = self._check(item, event.value)
            self._show(item, message, valid)

    @on(Input.Submitted)
    def _enter(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#form-submit")
    def _save(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#form-cancel")
    def _cancel(self) -> None:
        self.action_cancel()

    def values(self) -> dict[str, Any] | None:
        """Every field's value, or None after marking what is wrong."""
        result: dict[str, Any] = {}
        first_bad: str | None = None
        for item in self.spec.fields:
            value, message, valid = self._check(item, self._raw(item))
            self._show(item, message, valid)
            if not valid and first_bad is None:
                first_bad = item.name
            result[item.name] = value
        if first_bad is not None:
            self.query_one(f"#field-{first_bad}").focus()
            return None
        return result

    def action_submit(self) -> None:
        values = self.values()
        if values is not None:
            self.filled = values
            # Without `read`, Result is Values (the first overload of __init__).
            self.dismiss(cast(Result, values) if self.read is None else self.read(values))

    def action_cancel(self) -> None:
        self.dismiss(None)


def url_check(text: str) -> str | None:
    return None if text.startswith(("http://", "https://")) else "start the link with https://"


def email_check(text: str) -> str | None:
    return None if "@" in text and " " not in text else "that doesn't look like an email address"

"""Every setting's type, range and default in one table, checked alike by the CLI and the screen."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from followup_tui.models import WEEKDAY_NAMES, Settings
from followup_tui.text import printable

Kind = Literal["number", "text", "long", "weekdays", "theme"]

_FULL_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DIGITS = re.compile("[0-9]+", re.ASCII)
_THEME = re.compile("[A-Za-z0-9_-]+", re.ASCII)
_DEFAULTS = Settings()


class SettingError(ValueError):
    """A value a setting can't take; the message says which values it can."""


@dataclass(frozen=True)
class Spec:
    """One row of the table: numbers range from `minimum` to `maximum`; text, weekdays and
    themes are at most `maximum` characters long."""

    name: str
    kind: Kind
    minimum: int
    maximum: int

    @property
    def default(self) -> int | str:
        value: int | str = getattr(_DEFAULTS, self.name)
        return value

    @property
    def allowed(self) -> str:
        """What the setting takes, in words (the README's table says the same)."""
        if self.kind == "number":
            return f"a whole number from {self.minimum} to {self.maximum}"
        if self.kind == "weekdays":
            return "weekday names separated by commas, e.g. mon,tue,wed,thu,fri"
        if self.kind == "theme":
            return f"a theme name (letters, digits, - and _), at most {self.maximum} characters"
        lines = "text" if self.kind == "long" else "one line of text"
        return f"{lines} of at most {self.maximum} characters"


def _days(name: str) -> Spec:
    return Spec(name, "number", 0, 365)


#: The settings, in the order `followup settings` and the settings screen list them.
#: A setting added to `models.Settings` gets its row here (a test checks they match).
TABLE: tuple[Spec, ...] = (
    Spec("user_name", "text", 0, 200),
    Spec("signature", "long", 0, 2000),
    Spec("pitch", "long", 0, 500),
    Spec("work_days", "weekdays", 1, 100),
    Spec("theme", "theme", 1, 64),
    _days("thank_you_deadline_bd"),
    _days("linkedin_due_bd"),
    _days("linkedin_deadline_bd"),
    _days("follow_up_after_interview_bd"),
    _days("follow_up_after_response_by_bd"),
    _days("follow_up_after_applied_days"),
    _days("follow_up_repeat_bd"),
    _days("follow_up_deadline_bd"),
    Spec("follow_up_cap", "number", 0, 5),
    _days("share_after_interview_days"),
    _days("share_quiet_bd"),
    _days("share_deadline_bd"),
    _days("share_gap_days"),
    _days("social_every_days"),
    _days("social_deadline_days"),
    _days("event_prepare_days"),
    _days("event_after_days"),
    _days("event_after_deadline_bd"),
    _days("reply_deadline_bd"),
    _days("check_in_active_days"),
    _days("check_in_closed_days"),
    _days("check_in_deadline_bd"),
    _days("guard_bd"),
)
_BY_NAME = {row.name: row for row in TABLE}


def spec(name: str) -> Spec:
    """The row of `name`; SettingError for a name that is not a setting."""
    found = _BY_NAME.get(name)
    if found is None:
        raise SettingError(
            f"unknown setting {printable(name, False)[:60]!r}; `followup settings` lists them"
        )
    return found


def parse(name: str, text: str) -> int | str:
    """The value `text` sets `name` to, or SettingError saying what the setting takes.

    Surrounding whitespace never counts (the screen's fields drop it too).
    """
    row = spec(name)
    value = text.strip()
    if len(value) > row.maximum and row.kind != "number":
        raise SettingError(f"{name} takes {row.allowed}; that is {len(value)} characters")
    if row.kind == "number":
        if not _DIGITS.fullmatch(value) or len(value) > 12 or int(value) > row.maximum:
            raise SettingError(f"{name} takes {row.allowed}")
        number = int(value)
        if number < row.minimum:
            raise SettingError(f"{name} takes {row.allowed}")
        return number
    if row.kind == "weekdays":
        return _weekdays(name, row, value)
    if row.kind == "theme":
        if not _THEME.fullmatch(value):
            raise SettingError(f"{name} takes {row.allowed}")
        return value
    # Control characters may stay: whatever shows the text removes them (text.printable).
    if row.kind == "text" and ("\n" in value or "\r" in value):
        raise SettingError(f"{name} takes {row.allowed}")
    return value


def _weekdays(name: str, row: Spec, value: str) -> str:
    days: set[int] = set()
    for word in re.split(r"[,\s]+", value.lower()):
        if not word:
            continue
        found = [
            i for i, full in enumerate(_FULL_WEEKDAYS) if len(word) >= 3 and full.startswith(word)
        ]
        if not found:
            raise SettingError(
                f"{name} takes {row.allowed}; {printable(word, False)[:20]!r} is not one"
            )
        days.add(found[0])
    if not days:
        raise SettingError(f"{name} takes {row.allowed}")
    return ",".join(WEEKDAY_NAMES[i] for i in sorted(days))


def problem(name: str, text: str) -> str | None:
    """What is wrong with `text` as a value of `name`, or None when it is fine."""
    try:
        parse(name, text)
    except SettingError as error:
        return str(error)
    return None


def stored_text(name: str, text: str) -> str:
    """The text to store for `name` (checked and normalised: "Fri, mon" becomes "mon,fri")."""
    return str(parse(name, text))


def read(pairs: dict[str, object]) -> tuple[Settings, list[str]]:
    """Settings from stored rows, and a warning for each stored value the table refuses
    (the setting then reads as its default). Unknown names are ignored."""
    values: dict[str, int | str] = {}
    warnings = []
    for row in TABLE:
        raw = pairs.get(row.name)
        if raw is None:
            continue
        try:
            values[row.name] = parse(row.name, str(raw))
        except SettingError:
            shown = printable(str(raw)[:30], keep_newlines=False)
            cut = "…" if len(str(raw)) > 30 else ""
            warnings.append(
                f"the stored {row.name} {shown + cut!r} is not {row.allowed}, "
                f"so the default {row.default!r} is used"
            )
    return Settings(**values), warnings  # type: ignore[arg-type]


def warning_line(warnings: list[str]) -> str | None:
    """All of `warnings` in one line, with how to fix them; None when there are none."""
    if not warnings:
        return None
    return "warning: " + "; ".join(warnings) + " (fix with `followup settings NAME VALUE`)"

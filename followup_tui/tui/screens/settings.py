"""The settings form's fields, from the settings table, and what a filled form changed."""

from __future__ import annotations

import functools
from typing import Any

from followup_tui import settings_table
from followup_tui.models import Settings
from followup_tui.tui.screens.forms import Field, Kind

#: What each setting means, shown as the field's label.
SETTING_LABELS = {
    "user_name": "Your name (drafts sign with it)",
    "signature": "Signature (defaults to your name)",
    "pitch": "Why you fit, in one line (follow-ups quote it when an application has none)",
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


def changed_settings(current: Settings, values: dict[str, Any]) -> dict[str, str]:
    """The settings whose value the form changed, as stored text."""
    changed = {}
    for name, value in values.items():
        new = "" if value is None else str(value)
        if new != str(getattr(current, name)):
            changed[name] = new
    return changed

"""`f`: open what supplies the first thing an action's draft still needs.

The interview's form for its highlights or its interviewers, the application's for why
you fit (or the settings' pitch without one), the resource's for why it is relevant, the
settings for your name, the draft editor for your answer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from followup_tui.tui.messages import RecordRef

if TYPE_CHECKING:
    from followup_tui.models import Action, Need
    from followup_tui.tui.host import Host


def fill_in(
    host: Host, action: Action, needs: Sequence[Need], edit_draft: Callable[[], None]
) -> None:
    from followup_tui.tui import record_edits, setup_flows

    if not needs:
        host.notify("Nothing to fill in: this draft is complete")
        return
    first = needs[0].id
    if first in ("highlights", "interviewer"):
        record_edits.edit_highlights(host, action.interview_id, action.application_id)
    elif first == "why_fit" and action.application_id is not None:
        record_edits.edit(host, RecordRef("application", action.application_id))
    elif first == "resource_note" and action.resource_id is not None:
        record_edits.edit(host, RecordRef("resource", action.resource_id))
    elif first == "answer":
        edit_draft()
    else:  # your name, or a pitch for every application
        setup_flows.edit_settings(host)

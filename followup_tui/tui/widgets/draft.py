"""The draft pane: the selected action's draft, subject and body, as plain text."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from followup_tui.tui.view import DraftText


class DraftView(Static):
    """The selected action's draft: subject and body, as plain text."""

    def show(self, draft: DraftText | None) -> None:
        if draft is None:
            self.update(Content("Nothing selected. Nothing due means you are on top of it."))
            return
        lines = Content.from_markup(
            "[b]$title[/b]\n[dim]$why · due $due · deadline $deadline · key $key[/dim]\n",
            title=draft.title,
            why=draft.why,
            due=draft.due,
            deadline=draft.deadline,
            key=draft.key,
        )
        if draft.needs:
            lines = lines.append(
                # "needs your answer" as a line of its own: "Needs your answer".
                Content.from_markup(
                    "[$warning]$needs[/]\n", needs=draft.needs[:1].upper() + draft.needs[1:]
                )
            )
        if draft.body is None:
            self.update(lines.append(Content("\nNo draft for this action.")))
            return
        if draft.subject:
            lines = lines.append(
                Content.from_markup("\n[b]Subject:[/b] $subject\n", subject=draft.subject)
            )
        self.update(lines.append(Content("\n" + draft.body)))

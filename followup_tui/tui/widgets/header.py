"""The header: the day, and the counts of overdue, due and upcoming actions."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from followup_tui.tui.view import HeaderText


class HeaderBar(Static):
    """The day and the counts: overdue, due today, upcoming this week."""

    def show(self, header: HeaderText) -> None:
        content = Content.from_markup(
            "[b]$title[/b]  $day  [$error]$overdue overdue[/]  [$warning]$due due today[/]"
            "  $upcoming upcoming this week",
            title=self.app.title,  # "followup", or "followup — demo"
            day=header.day,
            overdue=header.overdue,
            due=header.due,
            upcoming=header.upcoming,
        )
        if header.held:
            content = content.append(Content.from_markup("  [dim]$held held[/]", held=header.held))
        if header.narrowed:
            content = content.append(
                Content.from_markup(
                    "   [$accent]showing: $what (esc clears)[/]", what=header.narrowed
                )
            )
        self.update(content)

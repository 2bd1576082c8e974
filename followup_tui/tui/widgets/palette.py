"""Theme colours as Rich styles, for the cells the panes draw."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rich.color import Color, ColorParseError
from rich.style import Style

from followup_tui.tui.view import ERROR, MUTED


@dataclass(frozen=True)
class Palette:
    """Theme colours as Rich styles, refreshed when the theme changes."""

    error: Style
    warning: Style
    success: Style
    muted: Style
    accent: Style

    @classmethod
    def from_variables(cls, variables: Mapping[str, str]) -> Palette:
        def color(name: str, fallback: str) -> Style:
            try:
                return Style(color=Color.parse(variables.get(name, fallback)))
            except ColorParseError:
                return Style(color=fallback)

        return cls(
            error=color("error", "red"),
            warning=color("warning", "yellow"),
            success=color("success", "green"),
            muted=Style(dim=True),
            accent=color("accent", "cyan"),
        )

    def tone(self, name: str) -> Style:
        """The style of a row's tone (view.PLAIN, ERROR or MUTED)."""
        return {ERROR: self.error, MUTED: self.muted}.get(name, Style())

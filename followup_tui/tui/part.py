"""The base of FollowupApp's mixins: the keys and rendering defined in modules of their own."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from followup_tui.tui.app import FollowupApp


class AppPart:
    @property
    def dashboard(self) -> FollowupApp:
        """This mixin as the app it is part of (for the type checker)."""
        return cast("FollowupApp", self)

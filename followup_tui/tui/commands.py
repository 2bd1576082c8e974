"""Command palette provider: jump to any application or contact by name."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from followup_tui.text import clean

if TYPE_CHECKING:
    from followup_tui.tui.app import FollowupApp


def safe_highlight(matcher: Matcher, candidate: str) -> Content:
    """Highlight the matched letters without reading `candidate` as markup."""
    content = Content(candidate)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    for offset in offsets:
        content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class JumpProvider(Provider):
    """ "jump to: <name>" for applications and contacts, searched in SQL as you type."""

    @property
    def dashboard(self) -> FollowupApp:
        from followup_tui.tui.app import FollowupApp

        assert isinstance(self.app, FollowupApp)
        return self.app

    def _open(self, kind: str, item_id: int) -> None:
        if kind == "application":
            self.dashboard.open_application(item_id)
        else:
            self.dashboard.open_contact(item_id)

    async def discover(self) -> Hits:
        yield DiscoveryHit(
            Content("jump to: type a company, role or person"),
            partial(self.dashboard.action_focus_pane, "pipeline"),
            help="Search applications and contacts by name",
        )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        words = query.removeprefix("jump to:").strip()
        if not words:
            return
        with self.dashboard.db_lock:
            found = self.dashboard.store.search(words, limit=15, names_only=True)
        for kind, item_id, label, _snippet in found:
            text = f"jump to: {clean(label)}"
            score = matcher.match(text) or 0.5
            yield Hit(
                score,
                safe_highlight(matcher, text),
                partial(self._open, kind, item_id),
                text=text,
                help=f"open the {kind}",
            )

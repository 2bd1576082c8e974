"""The command palette: every listed key as an action, the panes, and a provider that jumps
to any application or contact by name."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from textual.app import App, SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.dom import DOMNode

from followup_tui.text import clean
from followup_tui.tui.key_order import listed
from followup_tui.tui.messages import RecordKind, RecordRef
from followup_tui.tui.state import PANES

if TYPE_CHECKING:
    from followup_tui.store import Store


def safe_highlight(matcher: Matcher, candidate: str) -> Content:
    """Highlight the matched letters without reading `candidate` as markup."""
    content = Content(candidate)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    for offset in offsets:
        content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


@runtime_checkable
class Jumping(Protocol):
    """What the jump provider needs of the app."""

    store: Store
    db_lock: threading.RLock

    def open_record(self, record: RecordRef) -> None: ...

    def focus_pane(self, pane: str) -> None: ...


def key_commands(
    app: App[Any], pane: DOMNode, focus: Callable[[str], None]
) -> Iterator[SystemCommand]:
    """ "action: ..." for every key listed from `pane` (but quit), then "go to:" each pane."""
    for node, binding in listed(pane):
        if binding.action == "quit":
            continue
        yield SystemCommand(
            f"action: {binding.description.lower()}",
            f"key: {binding.key_display or binding.key}",
            partial(app.run_action, binding.action, node),
        )
    for name in PANES:
        yield SystemCommand(f"go to: {name}", f"focus the {name} pane", partial(focus, name))


class JumpProvider(Provider):
    """ "jump to: <name>" for applications and contacts, searched in SQL as you type."""

    @property
    def dashboard(self) -> Jumping:
        assert isinstance(self.app, Jumping)
        return self.app

    def _open(self, kind: RecordKind, item_id: int) -> None:
        self.dashboard.open_record(RecordRef(kind, item_id))

    async def discover(self) -> Hits:
        yield DiscoveryHit(
            Content("jump to: type a company, role or person"),
            partial(self.dashboard.focus_pane, "pipeline"),
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
                partial(self._open, "application" if kind == "application" else "contact", item_id),
                text=text,
                help=f"open the {kind}",
            )

"""In what order the key bar, the help screen and the palette list the keys.

The keys and their words are the widgets' and the app's own Bindings (each with an `id`);
this only orders them, as the dashboard has always listed them: the morning review's keys,
then undo, the record keys, the app's screens, filtering, help and quit.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.dom import DOMNode

#: Binding ids in the order they are listed; a binding without one is not listed.
ORDER = (
    "done",
    "copy",
    "snooze",
    "snooze_until",
    "skip",
    "undo",
    "edit",
    "add",
    "add_child",
    "stage_next",
    "stage_back",
    "pick_stage",
    "highlights",
    "edit_record",
    "log",
    "delete",
    "search",
    "settings",
    "templates",
    "edit_external",
    "filter",
    "clear",
    "help",
    "quit",
)
_RANK = {name: index for index, name in enumerate(ORDER)}


def rank(binding: Binding) -> int:
    """Where `binding` is listed (after every ordered key when it has no known id)."""
    return _RANK.get(binding.id or "", len(ORDER))


def listed(start: DOMNode) -> list[tuple[DOMNode, Binding]]:
    """The listed keys reachable from `start` (a pane) up to the app, each with the node
    that runs it (the nearest one that binds its id), in ORDER."""
    found: dict[str, tuple[DOMNode, Binding]] = {}
    for node in start.ancestors_with_self:
        for _key, binding in node._bindings:
            if binding.id in _RANK and binding.id not in found:
                found[binding.id] = (node, binding)
    return sorted(found.values(), key=lambda pair: rank(pair[1]))

"""The key bar: the keys available now, on one line, dimmed when they can't act."""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

from followup_tui.tui.key_order import rank


class KeyBar(Widget):
    """The keys available now, on one line, as Textual's Footer shows them.

    The Footer mounts a widget per key and restyles each one whenever the bindings change,
    which costs more than drawing everything else on the first screen; this draws the same
    keys (disabled ones dimmed) as one line of text. Help, quit and the palette stay on the
    right at any width, the other keys fill what is left; hovering shows a key's tooltip
    and a click presses it.
    """

    ALLOW_SELECT = False
    #: Kept in view on the right however narrow the terminal: where to find everything else.
    PINNED = ("help", "quit")
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "keybar--key",
        "keybar--description",
        "keybar--palette",
    }
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .keybar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .keybar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .keybar--palette {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        #: (first column, last column + 1, binding, enabled) of each key drawn.
        self._spans: list[tuple[int, int, Binding, bool]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: Screen[object]) -> None:
        self.refresh()

    def _keys(self) -> list[tuple[Binding, bool]]:
        """The keys to show (but the palette's), with availability, in the order of
        key_order.py (the focused pane's keys and the app's)."""
        keys: list[tuple[Binding, bool]] = []
        seen: set[str] = set()
        palette = self.app.COMMAND_PALETTE_BINDING
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen or binding.key == palette:
                continue
            seen.add(binding.action)
            keys.append((binding, enabled))
        return sorted(keys, key=lambda key: rank(key[0]))

    def render(self) -> Text:
        key_style = self.get_component_rich_style("keybar--key")
        description_style = self.get_component_rich_style("keybar--description")
        app = self.app

        def key_text(binding: Binding, enabled: bool) -> Text:
            dim = Style() if enabled else Style(dim=True)
            return Text.assemble(
                (f" {app.get_key_display(binding)} ", key_style + dim),
                (f"{binding.description} ", description_style + dim),
            )

        keys = [(key_text(binding, enabled), binding, enabled) for binding, enabled in self._keys()]
        tail: list[tuple[Text, Binding, bool]] = []
        palette = self.screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
        if palette is not None and app.ENABLE_COMMAND_PALETTE:
            _node, binding, enabled, _tooltip = palette
            text = Text.assemble(
                ("▏", self.get_component_rich_style("keybar--palette")),
                (app.get_key_display(binding), key_style),
                (f" {binding.description}", description_style),
            )
            tail.append((text, binding, enabled))
        width = self.size.width

        def length(items: list[tuple[Text, Binding, bool]]) -> int:
            return sum(text.cell_len for text, _binding, _enabled in items)

        if length(keys) + length(tail) > width:
            # Too narrow for all: help and quit join the palette on the right, and the
            # other keys fill what is left (? lists them all).
            tail = [k for k in keys if k[1].action in self.PINNED] + tail
            keys = [k for k in keys if k[1].action not in self.PINNED]
            room = width - length(tail)
            while keys and length(keys) > room:
                keys.pop()
        line = Text(no_wrap=True, overflow="crop")
        spans: list[tuple[int, int, Binding, bool]] = []
        for index, (text, binding, enabled) in enumerate([*keys, *tail]):
            if index == len(keys):  # the palette's key ends a space from the right edge
                line.append(" " * max(0, width - length(keys) - length(tail) - 1))
            spans.append((line.cell_len, line.cell_len + text.cell_len, binding, enabled))
            line.append_text(text)
        if line.cell_len < width:
            line.append(" ", description_style)
        self._spans = spans
        return line

    def _at(self, x: int) -> tuple[Binding, bool] | None:
        for start, end, binding, enabled in self._spans:
            if start <= x < end:
                return binding, enabled
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        found = self._at(event.x)
        self.tooltip = (found[0].tooltip or found[0].description) if found else None

    def on_mouse_down(self, event: events.MouseDown) -> None:
        found = self._at(event.x)
        if found is None:
            return
        binding, enabled = found
        if enabled:
            self.app.simulate_key(binding.key)
        else:
            self.app.bell()

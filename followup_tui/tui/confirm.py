"""The confirmation rule for an action whose draft needs more, or that the guard holds.

The first `c`, `m` or `d` on such an action only says why (every reason) and does nothing
else; the same key on the same row within five seconds acts; any other key cancels.
Plain Python, no Textual: the dashboard asks, the tests drive the clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

#: Seconds within which the same key on the same row confirms.
WINDOW = 5.0
#: What each confirmed key does, for the message that asks for the second press.
VERBS = {"c": "copy it", "d": "mark it done", "m": "open it in your mail client"}


@dataclass(frozen=True)
class Pending:
    key: str
    action: str
    at: float


class Confirmation:
    """One pending question at most: which key, on which action, since when."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.pending: Pending | None = None

    def ask(self, key: str, action: str, reasons: Sequence[str]) -> bool:
        """True when `key` on `action` may act now: nothing to confirm, or confirmed."""
        if not reasons:
            self.pending = None
            return True
        now = self.clock()
        last = self.pending
        if last is not None and (last.key, last.action) == (key, action):
            self.pending = None
            if now - last.at <= WINDOW:
                return True
        self.pending = Pending(key, action, now)
        return False

    def cancel(self, key: str | None = None) -> None:
        """Any key but the pending one forgets the question (None: forget it whatever)."""
        if self.pending is not None and key != self.pending.key:
            self.pending = None


def question(key: str, reasons: Sequence[str]) -> str:
    """What the first press says: every reason, and how to go ahead anyway."""
    verb = VERBS.get(key, "go ahead")
    return (
        "; ".join(reasons)
        + f". Press {key} again within {WINDOW:.0f} s to {verb} as it is"
        + (" (f fills in what it needs)" if any(r.startswith("needs") for r in reasons) else "")
        + "."
    )

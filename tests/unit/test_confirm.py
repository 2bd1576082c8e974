"""The confirmation rule: the first press says why, the same key on the same row acts."""

from __future__ import annotations

from followup_tui.tui.confirm import WINDOW, Confirmation, question


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_nothing_to_confirm_acts_at_once() -> None:
    rule = Confirmation(Clock())
    assert rule.ask("c", "re-1", [])
    assert rule.pending is None


def test_the_same_key_on_the_same_row_within_the_window_acts() -> None:
    clock = Clock()
    rule = Confirmation(clock)
    assert not rule.ask("c", "re-1", ["needs your answer"])
    clock.now += WINDOW - 0.1
    assert rule.ask("c", "re-1", ["needs your answer"])
    assert rule.pending is None
    # And the next press asks again: one confirmation is one act.
    assert not rule.ask("c", "re-1", ["needs your answer"])


def test_too_late_another_row_or_another_key_asks_again() -> None:
    clock = Clock()
    rule = Confirmation(clock)
    assert not rule.ask("c", "re-1", ["x"])
    clock.now += WINDOW + 0.1
    assert not rule.ask("c", "re-1", ["x"])  # too late: this is a first press again
    assert not rule.ask("c", "re-2", ["x"])  # another row
    assert not rule.ask("d", "re-2", ["x"])  # another key on it
    assert rule.ask("d", "re-2", ["x"])


def test_any_other_key_cancels() -> None:
    rule = Confirmation(Clock())
    assert not rule.ask("d", "re-1", ["held: you wrote to Jane today"])
    rule.cancel("d")  # the same key, on its way to acting, keeps it
    assert rule.pending is not None
    rule.cancel("j")
    assert rule.pending is None
    assert not rule.ask("d", "re-1", ["held: you wrote to Jane today"])


def test_the_question_gives_every_reason_and_the_way_on() -> None:
    text = question("c", ["held: you wrote to Jane today", "needs your answer, your name"])
    assert "held: you wrote to Jane today" in text
    assert "needs your answer, your name" in text
    assert "Press c again within 5 s to copy it as it is" in text
    assert "f fills in" in text

"""The dashboard's own state (tui/state.py): filters, narrowing, selection and undo, no Textual."""

from __future__ import annotations

import subprocess
import sys

import pendulum

from followup_tui.models import Action, Person, Strategy
from followup_tui.tui.state import DashboardState, Narrow, Undo, today_title

TODAY = pendulum.Date(2026, 11, 25)


def action(key: str, **fields: object) -> Action:
    values: dict[str, object] = {
        "strategy": Strategy.FOLLOW_UP,
        "title": f"Follow up {key}",
        "why": "no answer yet",
        "due": TODAY,
        "deadline": TODAY.add(days=2),
    }
    values.update(fields)
    return Action(key, **values)  # type: ignore[arg-type]  # the fields vary by test


def test_state_starts_empty() -> None:
    state = DashboardState()
    assert state.filters == {"today": "", "pipeline": "", "contacts": ""}
    assert state.filter_target == "today"
    assert state.narrow is None and state.select_next is None
    assert state.undo_stack == []
    assert not state.can_undo() and state.shows_everything_due()


def test_filter_targets_the_pane_or_today() -> None:
    state = DashboardState()
    state.filters["pipeline"] = "acme"
    assert state.start_filter("pipeline") == "acme"
    assert state.filter_target == "pipeline"
    assert state.start_filter("draft") == ""
    assert state.filter_target == "today"
    assert state.start_filter(None) == "" and state.filter_target == "today"


def test_set_filter_says_whether_the_store_is_read_again() -> None:
    state = DashboardState()
    state.start_filter("today")
    assert state.set_filter("jane") is False
    assert state.filters["today"] == "jane"
    assert not state.shows_everything_due()
    state.start_filter("contacts")
    assert state.set_filter("bob") is True
    assert state.filters == {"today": "jane", "pipeline": "", "contacts": "bob"}


def test_clear_filters_reports_whether_any_was_set() -> None:
    state = DashboardState()
    assert state.clear_filters() is False
    state.filter_by_company("Acme")
    assert state.filters["pipeline"] == "Acme"
    assert state.clear_filters() is True
    assert state.filters == {"today": "", "pipeline": "", "contacts": ""}


def test_today_lists_due_actions_narrowed_and_filtered() -> None:
    jane = Person(1, "Jane")
    due = action("a", application_id=3, contact=jane, company="Acme")
    other = action("b", application_id=4, company="Initech", why="thank them")
    later = action("c", due=TODAY.add(days=1), application_id=3)
    state = DashboardState()
    assert state.today_actions([due, other, later], TODAY) == [due, other]
    state.narrow = Narrow("application", 3, "Acme — Engineer")
    assert state.today_actions([due, other, later], TODAY) == [due]
    state.narrow = Narrow("contact", 1, "Jane")
    assert state.today_actions([due, other, later], TODAY) == [due]
    state.narrow = None
    state.set_filter("INITECH thank")
    assert state.today_actions([due, other, later], TODAY) == [other]
    state.set_filter(Strategy.FOLLOW_UP.value)  # the strategy is searched too
    assert state.today_actions([due, other], TODAY) == [due, other]


def test_narrow_keeps_by_application_or_contact() -> None:
    by_app = Narrow("application", 7, "x")
    by_person = Narrow("contact", 2, "y")
    assert by_app.keeps(action("a", application_id=7))
    assert not by_app.keeps(action("a", application_id=8))
    assert by_person.keeps(action("a", contact=Person(2, "Ann")))
    assert not by_person.keeps(action("a"))


def test_selection_to_restore_is_taken_once() -> None:
    state = DashboardState()
    state.select_next = "fu-1"
    assert state.take_selection() == "fu-1"
    assert state.take_selection() is None


def test_undo_stack_holds_the_stores_change_ids() -> None:
    state = DashboardState()
    assert state.take_undo() is None
    state.offer_undo("done: Follow up", 11, select="fu-1")
    state.offer_undo("settings", 12)
    assert state.can_undo()
    assert state.take_undo() == Undo("settings", 12, None)
    assert state.take_undo() == Undo("done: Follow up", 11, "fu-1")
    assert not state.can_undo()


def test_today_title_counts() -> None:
    assert today_title(3, 3) == "Today (3)"
    assert today_title(250, 100) == "Today (250, first 100)"


def test_the_state_module_never_loads_textual() -> None:
    script = "import sys, followup_tui.tui.state; print('textual' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"

"""Which pane owns which key, the keys kept free for what comes next, and the messages a key
posts on its way to the store."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import pendulum
import pytest
from textual.coordinate import Coordinate
from textual.dom import DOMNode
from textual.message import Message
from textual.widget import Widget

from followup_tui.db import open_db
from followup_tui.store import Store
from followup_tui.tui.app import FollowupApp
from followup_tui.tui.messages import TodayKeyPressed
from followup_tui.tui.widgets.contacts import ContactsTable
from followup_tui.tui.widgets.pipeline import PipelineTable
from followup_tui.tui.widgets.today import TodayTable
from tests.tui.test_app import fake_copier, press_through

TODAY = pendulum.Date(2026, 11, 25)
NOW = pendulum.datetime(2026, 11, 25, 9, 0, tz="UTC")
SIZE = (160, 50)
M = TypeVar("M", bound=Message)

#: Keys named for what comes next, bound to nothing today so nothing takes them by accident.
#: When one of them gets its feature, move it out of here (and into that pane's own tests).
KEPT_FREE = {
    "app": {"4", "R"},  # 4: the weekly review; R: sync mail
    "today": {"w", "m", "o", "y"},  # f is taken as named: fill in what a draft needs
    "draft": {"J", "K"},
}


@pytest.fixture(autouse=True)
def private_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


@pytest.fixture
def store() -> Store:
    from followup_tui.demo import build_demo

    made = Store(open_db(":memory:"), now=NOW)
    build_demo(made, TODAY)
    return made


def make_app(store: Store) -> FollowupApp:
    return FollowupApp(store, TODAY, copier=fake_copier, threaded=False)


def bound_keys(node: DOMNode) -> set[str]:
    """Every key bound from `node` up to the app, as Textual would dispatch it."""
    return {key for ancestor in node.ancestors_with_self for key, _binding in ancestor._bindings}


async def test_keys_named_for_what_comes_next_are_still_free(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app_keys = {key for key, _binding in app._bindings}
        assert not app_keys & KEPT_FREE["app"], "an app-wide key taken"
        for pane in (TodayTable, PipelineTable, ContactsTable):
            assert not bound_keys(app.query_one(pane)) & KEPT_FREE["app"], pane
        today = bound_keys(app.query_one(TodayTable))
        assert not today & KEPT_FREE["today"], "a Today key taken"
        assert "f" in today and app.query_one(TodayTable).check_action("fill", ()) is True
        draft = bound_keys(app.query_one("#draft-pane"))
        assert not draft & KEPT_FREE["draft"], "a draft key taken"
        for key in [*KEPT_FREE["app"], *KEPT_FREE["today"]]:
            before = app.query_one(TodayTable).row_count
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is app.screen_stack[0], key  # nothing opened
            assert app.query_one(TodayTable).row_count == before, key


async def test_each_pane_owns_its_keys(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()

        def own(pane: type[Widget]) -> set[str]:
            return {binding.id or "" for _key, binding in app.query_one(pane)._bindings}

        daily = {"done", "copy", "snooze", "snooze_until", "skip", "edit_external"}
        record = {"edit", "edit_record", "delete", "highlights", "add", "add_child", "log"}
        stages = {"stage_next", "stage_back", "pick_stage"}
        assert daily | record | stages <= own(TodayTable)
        assert record | stages <= own(PipelineTable)
        assert record <= own(ContactsTable)
        app_wide = {binding.id for _key, binding in app._bindings if binding.id}
        assert app_wide == {
            "undo",
            "search",
            "settings",
            "templates",
            "filter",
            "clear",
            "help",
            "quit",
        }


async def test_d_posts_action_done_which_the_app_writes_and_today_repaints(
    store: Store,
) -> None:
    app = make_app(store)
    posted: list[Message] = []
    async with app.run_test(size=SIZE, message_hook=posted.append) as pilot:
        await pilot.pause()
        today = app.query_one(TodayTable)
        action = today.selected_action()
        assert action is not None
        posted.clear()
        await press_through(pilot, app, "d")  # the top reply needs your answer
        done = once(posted, TodayTable.ActionDone)
        assert len(done) == 1
        assert done[0].action == action
        assert done[0].control is today and done[0].today is today
        # Handled on the way up (the dashboard's screen routes it through the app's guard):
        # the touch is stored, as one change `u` can take back.
        touches = store.conn.execute(
            "SELECT action_key FROM touches WHERE action_key = ?", (action.key,)
        ).fetchall()
        assert touches == [(action.key,)]
        assert app.state.undo_stack[-1].what == f"done: {action.title}"
        # Today repainted without the action: not a row, not behind one, and the cursor
        # moved on (the draft pane follows it).
        assert action.key not in row_keys(today)
        assert action.key not in today.actions
        moved = once(posted, TodayTable.CursorMoved)
        assert moved and posted.index(done[0]) < posted.index(moved[-1])
        selected = today.selected_action()
        assert selected is not None and selected.key != action.key


async def test_d_in_another_pane_goes_on_to_today(store: Store) -> None:
    app = make_app(store)
    posted: list[Message] = []
    async with app.run_test(size=SIZE, message_hook=posted.append) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        today = app.query_one(TodayTable)
        action = today.selected_action()  # Today narrowed to the selected application
        assert action is not None
        posted.clear()
        await press_through(pilot, app, "d")  # the top reply needs your answer
        forwarded = once(posted, TodayKeyPressed)
        # One d, and the second the confirmation asks for: each forwarded as done.
        assert [m.action for m in forwarded] == ["done"] * len(forwarded) and forwarded
        assert forwarded[0].control is app.query_one(PipelineTable)
        done = once(posted, TodayTable.ActionDone)
        assert [m.action.key for m in done] == [action.key]
        assert posted.index(forwarded[0]) < posted.index(done[0])
        touches = store.conn.execute("SELECT action_key FROM touches").fetchall()
        assert (action.key,) in touches


def once(posted: list[Message], kind: type[M]) -> list[M]:
    """The messages of `kind`, each once (the hook sees a message again at every hop up)."""
    seen: dict[int, M] = {}
    for message in posted:
        if isinstance(message, kind):
            seen.setdefault(id(message), message)
    return list(seen.values())


def row_keys(table: TodayTable) -> list[str]:
    rows = range(table.row_count)
    return [str(table.coordinate_to_cell_key(Coordinate(i, 0)).row_key.value) for i in rows]

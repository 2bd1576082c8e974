"""`E` edits the record behind the selection: a company, a message, an event, a resource."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from followup_tui.db import open_db
from followup_tui.demo import build_demo
from followup_tui.store import Store
from followup_tui.tui.screens.forms import FormScreen
from followup_tui.tui.widgets.today import TodayTable
from tests.tui.test_app import NOW, SIZE, TODAY, due_actions, make_app, row_keys


@pytest.fixture
def store() -> Store:
    demo = Store(open_db(":memory:"), now=NOW)
    build_demo(demo, TODAY)
    return demo


async def select(app: object, key: str) -> None:
    from followup_tui.tui.app import FollowupApp

    assert isinstance(app, FollowupApp)
    app.query_one(TodayTable).move_cursor(row=row_keys(app).index(key))


async def test_e_on_a_reply_edits_the_message(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reply = next(a for a in due_actions(store) if a.strategy.value == "reply")
        await select(app, reply.key)
        await pilot.press("E")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        app.screen.query_one("#field-subject", Input).value = "About Thursday"
        await pilot.press("ctrl+s")
        await pilot.pause()
        touch = store.touch(int(reply.key.removeprefix("re-")))
        assert touch.subject == "About Thursday"
        await pilot.press("u")
        await pilot.pause()
        assert store.touch(touch.id).subject != "About Thursday"


async def test_e_in_pipeline_edits_the_company(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("2", "E")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        app.screen.query_one("#field-website", Input).value = "ftp://nope"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen), "a bad link must keep the form open"
        app.screen.query_one("#field-website", Input).value = "https://example.com"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        websites = {r[0] for r in store.conn.execute("SELECT website FROM companies")}
        assert "https://example.com" in websites


async def test_e_on_event_and_share_actions_edits_them(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        event = next(a for a in due_actions(store) if a.event_id is not None)
        await select(app, event.key)
        await pilot.press("E")
        await pilot.pause()
        app.screen.query_one("#field-location", Input).value = "Room 4"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert store.event(event.event_id or 0).location == "Room 4"
        share = next(a for a in due_actions(store) if a.resource_id is not None)
        await select(app, share.key)
        await pilot.press("E")
        await pilot.pause()
        app.screen.query_one("#field-title", Input).value = "A better title"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert store.resource(share.resource_id or 0).title == "A better title"

"""In the dashboard: a draft that needs more is not copied or marked done at the first press,
`f` opens what fills it in, and the first copy with no name set asks for it."""

from __future__ import annotations

from pathlib import Path

import pytest

from followup_tui.db import open_db
from followup_tui.demo import build_demo
from followup_tui.models import Draft
from followup_tui.store import Store
from followup_tui.tui.screens.draft_editor import DraftEditor
from followup_tui.tui.widgets.today import TodayTable
from tests.tui.test_app import NOW, SIZE, TODAY, make_app, private_state, store
from tests.tui.test_editing import fill, form, select_row, submit

__all__ = ["private_state", "store"]


def notes(app: object) -> list[str]:
    return [n.message for n in app._notifications]  # type: ignore[attr-defined]


def touches(store: Store) -> int:
    return int(store.conn.execute("SELECT count(*) FROM touches").fetchone()[0])


async def test_the_first_c_on_a_draft_that_needs_more_says_why_and_copies_nothing(
    store: Store,
) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        top = app.query_one(TodayTable).selected_action()
        assert top is not None and top.key.startswith("re-")  # a reply: it needs your answer
        await pilot.press("c")
        await pilot.pause()
        assert app.clipboard in (None, "")
        assert any("needs your answer" in n and "Press c again" in n for n in notes(app))
        await pilot.press("c")
        await app.workers.wait_for_complete()
        await pilot.pause()
        draft = app.draft_for(top)
        assert draft is not None and app.clipboard == draft.text


async def test_another_key_between_the_two_presses_cancels(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = touches(store)
        await pilot.press("d")
        await pilot.pause()
        assert touches(store) == before
        await pilot.press("j", "k")  # away and back: the question is gone
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert touches(store) == before  # a first press again
        await pilot.press("d")
        await pilot.pause()
        assert touches(store) == before + 1


async def test_the_second_press_after_five_seconds_asks_again(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        today = app.query_one(TodayTable)
        clock = [1000.0]
        today.confirm.clock = lambda: clock[0]
        before = touches(store)
        await pilot.press("d")
        clock[0] += 5.5
        await pilot.press("d")
        await pilot.pause()
        assert touches(store) == before
        await pilot.press("d")
        await pilot.pause()
        assert touches(store) == before + 1


async def test_a_complete_draft_copies_at_the_first_press(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        complete = next(
            a
            for a in app.snapshot.actions  # type: ignore[union-attr]
            if a.due <= TODAY and not a.held and (d := app.draft_for(a)) and not d.needs
        )
        await select_row(pilot, "today", complete.key)
        await pilot.press("c")
        await app.workers.wait_for_complete()
        await pilot.pause()
        draft = app.draft_for(complete)
        assert draft is not None and app.clipboard == draft.text


async def test_an_edit_that_fills_the_gap_copies_at_once(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f")  # the top reply needs your answer: f opens the editor
        await pilot.pause()
        assert isinstance(app.screen, DraftEditor)
        await pilot.press("ctrl+s")  # unchanged: the marker is still there
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.clipboard in (None, "")
        assert any("Press c again" in n for n in notes(app))
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, DraftEditor)
        app.screen.query_one("TextArea").text = "Hi Aisha,\n\nTuesday at 10 works.\n\nRobin"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.clipboard == "Hi Aisha,\n\nTuesday at 10 works.\n\nRobin"


async def test_f_opens_the_interview_for_missing_highlights(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        thank_you = "ty-3-6"
        draft = app.draft_for(next(a for a in app.snapshot.actions if a.key == thank_you))  # type: ignore[union-attr]
        assert draft is not None and [n.id for n in draft.needs] == ["highlights"]
        await select_row(pilot, "today", thank_you)
        await pilot.press("f")
        await pilot.pause()
        screen = form(app)
        assert "Bluefin Robotics" in screen.spec.title
        fill(screen, highlights="the on-call rotation")
        await submit(pilot)
        after = app.draft_for(next(a for a in app.snapshot.actions if a.key == thank_you))  # type: ignore[union-attr]
        assert after is not None and after.needs == ()


async def test_a_line_for_one_interviewer_fills_only_their_thank_you(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()

        def draft(key: str) -> Draft:
            made = app.draft_for(next(a for a in app.snapshot.actions if a.key == key))  # type: ignore[union-attr]
            assert made is not None
            return made

        await select_row(pilot, "today", "ty-3-6")
        await pilot.press("f")
        await pilot.pause()
        screen = form(app)
        ben = store.contact(6).name
        # Each interviewer has a line of their own, to fill in.
        start = next(f.value for f in screen.spec.fields if f.name == "own_highlights")
        assert f"{ben}:" in start.splitlines()
        fill(screen, own_highlights=f"{ben}: the on-call rotation he is rebuilding")
        await submit(pilot)
        assert draft("ty-3-6").needs == ()
        assert "the on-call rotation he is rebuilding" in draft("ty-3-6").body
        assert [n.id for n in draft("ty-3-5").needs] == ["highlights"]


@pytest.fixture
def nameless(tmp_path: Path) -> Path:
    path = tmp_path / "followup.db"
    s = Store(open_db(path), now=NOW)
    build_demo(s, TODAY)
    s.conn.execute("DELETE FROM settings WHERE name = 'user_name'")
    s.conn.close()
    return path


async def test_the_first_c_with_no_name_asks_for_it_once(nameless: Path) -> None:
    s = Store(open_db(nameless), now=NOW)
    app = make_app(s)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        screen = form(app)
        assert "name" in screen.spec.title
        fill(screen, user_name="Ada Lovelace")
        await submit(pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert s.settings().user_name == "Ada Lovelace"
        top = app.query_one(TodayTable).selected_action()
        assert top is not None
        draft = app.draft_for(top)
        assert draft is not None and "Ada Lovelace" in draft.body
    s.conn.close()


async def test_a_skipped_name_prompt_is_not_offered_again(nameless: Path) -> None:
    for attempt in range(2):
        s = Store(open_db(nameless), now=NOW)
        app = make_app(s)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("c")
            await pilot.pause()
            if attempt == 0:
                form(app)
                await pilot.press("escape")
                await pilot.pause()
            else:  # remembered: c goes on to the draft (which asks: it needs your name)
                assert app.screen is app.screen_stack[0]
                assert any("needs" in n and "your name" in n for n in notes(app))
        s.conn.close()

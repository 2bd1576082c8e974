"""Pilot tests: press the dashboard's keys and check what changed in the database and on screen."""

from __future__ import annotations

import base64
from pathlib import Path

import pendulum
import pytest
from textual.coordinate import Coordinate
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, TextArea

from followup_tui import clipboard, drafts, playbook
from followup_tui.db import open_db
from followup_tui.models import Action, ContactKind, Direction, Stage
from followup_tui.store import Store
from followup_tui.tui.app import FollowupApp
from followup_tui.tui.copying import Copier
from followup_tui.tui.screens.date_prompt import DateScreen
from followup_tui.tui.screens.details import DetailScreen
from followup_tui.tui.screens.draft_editor import DraftEditor
from followup_tui.tui.screens.help import HelpScreen
from followup_tui.tui.widgets.contacts import ContactsTable
from followup_tui.tui.widgets.draft import DraftView
from followup_tui.tui.widgets.header import HeaderBar
from followup_tui.tui.widgets.pipeline import PipelineTable
from followup_tui.tui.widgets.today import TodayTable

TODAY = pendulum.Date(2026, 11, 25)  # a Wednesday
NOW = pendulum.datetime(2026, 11, 25, 9, 0, tz="UTC")
SIZE = (120, 36)


def fake_copier(text: str) -> clipboard.NativeResult:
    return clipboard.NativeResult(True, "testclip")


def no_copier(text: str) -> clipboard.NativeResult:
    return clipboard.NativeResult(False, "no DISPLAY or WAYLAND_DISPLAY, so no local clipboard")


@pytest.fixture(autouse=True)
def private_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv("TMUX", raising=False)


@pytest.fixture
def store() -> Store:
    from followup_tui.demo import build_demo

    s = Store(open_db(":memory:"), now=NOW)
    build_demo(s, TODAY)
    return s


def make_app(store: Store, copier: Copier | None = None) -> FollowupApp:
    return FollowupApp(store, TODAY, copier=copier or fake_copier, threaded=False)


async def press_through(pilot: Pilot[None], app: FollowupApp, key: str) -> None:
    """Press `key` on Today's action and, when the action asks first (its draft still
    needs something, or the guard holds it), press it again as the user would."""
    await pilot.press(key)
    await pilot.pause()
    pending = app.query_one(TodayTable).confirm.pending
    if pending is not None and pending.key == key:
        await pilot.press(key)
        await pilot.pause()


def due_actions(store: Store) -> list[Action]:
    return playbook.actions(store.playbook_state(TODAY), TODAY)


def row_keys(app: FollowupApp) -> list[str]:
    table = app.query_one(TodayTable)
    return [
        str(table.coordinate_to_cell_key(Coordinate(i, 0)).row_key.value)
        for i in range(table.row_count)
    ]


async def test_opens_on_today_with_ranked_actions_and_counts(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        expected = [a.key for a in due_actions(store)]
        assert row_keys(app) == expected
        assert app.focused is app.query_one(TodayTable)
        counts = playbook.counts(playbook.actions(store.playbook_state(TODAY), TODAY, None), TODAY)
        header = str(app.query_one(HeaderBar).render())
        assert f"{counts.overdue} overdue" in header
        assert f"{counts.due} due today" in header
        assert (f"{counts.held} held" in header) is (counts.held > 0)
        assert "Wed 25 Nov 2026" in header
        assert app.query_one(PipelineTable).row_count > 0
        assert app.query_one(ContactsTable).row_count > 0


async def test_draft_of_selected_action_is_visible(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        top = due_actions(store)[0]
        rendered = drafts.render(top, store.settings(), TODAY, store.templates())
        assert rendered is not None
        shown = str(app.query_one(DraftView).render())
        assert rendered.body.splitlines()[0] in shown
        await pilot.press("j")
        second = due_actions(store)[1]
        assert second.title in str(app.query_one(DraftView).render())


async def test_c_copies_the_draft_and_says_how(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        top = due_actions(store)[0]
        expected = drafts.render(top, store.settings(), TODAY, store.templates())
        assert expected is not None
        await press_through(pilot, app, "c")  # the top reply needs your answer
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.clipboard == expected.text
        messages = [n.message for n in app._notifications]
        assert any("Copied with testclip" in m for m in messages)


async def test_copy_without_a_display_uses_osc52_and_saves_a_file(
    store: Store, tmp_path: Path
) -> None:
    app = make_app(store, copier=no_copier)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        writes: list[str] = []
        driver = app._driver
        assert driver is not None
        original = driver.write

        def capture(data: str) -> None:
            writes.append(data)
            original(data)

        driver.write = capture  # type: ignore[method-assign]
        await press_through(pilot, app, "c")
        await app.workers.wait_for_complete()
        await pilot.pause()
        sequences = [w for w in writes if w.startswith("\x1b]52;c;")]
        assert sequences, "no OSC 52 sequence was written"
        assert base64.b64decode(sequences[-1][7:-1]).decode() == app.clipboard
        saved = tmp_path / "state" / "followup-tui" / "last-draft.txt"
        assert saved.read_text() == app.clipboard
        message = app._notifications.last.message if hasattr(app._notifications, "last") else ""
        messages = [n.message for n in app._notifications]
        assert any("OSC 52" in m and str(saved) in m for m in messages), (message, messages)


async def test_d_marks_done_and_moves_to_the_next_action(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = due_actions(store)
        await press_through(pilot, app, "d")
        await pilot.pause()
        touch = store.conn.execute(
            "SELECT action_key, direction FROM touches ORDER BY id DESC LIMIT 1"
        ).fetchone()
        assert touch == (before[0].key, Direction.OUT.value)
        assert before[0].key not in row_keys(app)
        assert app.query_one(TodayTable).selected_key() == row_keys(app)[0]
        assert before[0].key not in [a.key for a in due_actions(store)]


async def test_d_updates_the_contacts_last_touch(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        top = next(a for a in due_actions(store) if a.contact_id is not None and not a.held)
        app.query_one(TodayTable).move_cursor(row=row_keys(app).index(top.key))
        await pilot.pause()
        await press_through(pilot, app, "d")
        await pilot.pause()
        assert app.snapshot is not None
        row = next(r for r in app.snapshot.contacts if r.contact.id == top.contact_id)
        assert row.last_touch == TODAY


async def test_u_undoes_done_snooze_and_skip(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = row_keys(app)
        touches = store.conn.execute("SELECT count(*) FROM touches").fetchone()[0]
        await press_through(pilot, app, "d")
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        assert store.conn.execute("SELECT count(*) FROM touches").fetchone()[0] == touches
        assert row_keys(app) == before
        await pilot.press("x")
        await pilot.pause()
        assert store.override(before[0]) is not None
        await pilot.press("u")
        await pilot.pause()
        assert store.override(before[0]) is None
        assert row_keys(app) == before


async def test_s_snoozes_to_the_next_business_day(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        key = row_keys(app)[0]
        await pilot.press("s")
        await pilot.pause()
        override = store.override(key)
        assert override is not None and override.snoozed_until == pendulum.Date(2026, 11, 26)
        assert key not in row_keys(app)
        assert key not in [a.key for a in due_actions(store)]


async def test_capital_s_snoozes_to_a_typed_date(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        key = row_keys(app)[0]
        await pilot.press("S")
        await pilot.pause()
        assert isinstance(app.screen, DateScreen)
        app.screen.query_one(Input).value = "fri"
        await pilot.pause()
        assert "Fri 27 Nov" in str(app.screen.query_one("#date-preview").render())
        await pilot.press("enter")
        await pilot.pause()
        override = store.override(key)
        assert override is not None and override.snoozed_until == pendulum.Date(2026, 11, 27)


async def test_x_skips_for_good(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        keys = row_keys(app)
        await pilot.press("x")
        await pilot.pause()
        assert row_keys(app)[0] == keys[1]
        later = TODAY.add(days=30)
        assert keys[0] not in [
            a.key for a in playbook.actions(store.playbook_state(later), later, None)
        ]


async def test_e_edits_the_draft_before_copying(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, DraftEditor)
        area = app.screen.query_one(TextArea)
        area.text = "Hello, edited by hand."
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.clipboard == "Hello, edited by hand."
        assert "edited by hand" in str(app.query_one(DraftView).render())
        await press_through(pilot, app, "d")
        await pilot.pause()
        body = store.conn.execute("SELECT body FROM touches ORDER BY id DESC LIMIT 1").fetchone()[0]
        assert body == "Hello, edited by hand."


async def test_escape_cancels_the_editor(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, DraftEditor)
        assert app.clipboard == ""


async def test_ctrl_e_without_a_terminal_says_so(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert any("editor" in n.message for n in app._notifications)


def focused(app: FollowupApp) -> Widget | None:
    """The focused widget, read afresh (not narrowed by an earlier assert)."""
    return app.focused


async def test_panes_by_number_and_tab(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("2")
        assert focused(app) is app.query_one(PipelineTable)
        await pilot.press("3")
        assert focused(app) is app.query_one(ContactsTable)
        await pilot.press("1")
        assert focused(app) is app.query_one(TodayTable)
        await pilot.press("tab")
        assert focused(app) is app.query_one(PipelineTable)
        await pilot.press("shift+tab")
        assert focused(app) is app.query_one(TodayTable)


async def test_j_k_move_the_cursor(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.query_one(TodayTable)
        await pilot.press("j", "j")
        assert table.cursor_row == 2
        await pilot.press("k")
        assert table.cursor_row == 1
        await pilot.press("down")
        assert table.cursor_row == 2


async def test_selecting_an_application_narrows_today(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        pipeline = app.query_one(PipelineTable)
        app_id = int(pipeline.selected_key() or 0)
        keys = row_keys(app)
        assert keys, "the first application has no due action in the demo"
        expected = [a.key for a in due_actions(store) if a.application_id == app_id]
        assert keys == expected
        assert "showing:" in str(app.query_one(HeaderBar).render())
        await pilot.press("escape")
        await pilot.pause()
        assert row_keys(app) == [a.key for a in due_actions(store)]


async def test_selecting_a_contact_narrows_today(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        contact_id = int(app.query_one(ContactsTable).selected_key() or 0)
        expected = [a.key for a in due_actions(store) if a.contact_id == contact_id]
        assert row_keys(app) == expected


async def test_slash_filters_the_focused_pane(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        company = due_actions(store)[0].company
        assert company
        await pilot.press("slash")
        await pilot.press(*company.split()[0])
        await pilot.pause()
        keys = row_keys(app)
        assert keys
        assert all(
            company.split()[0].casefold() in " ".join([a.title, a.why, a.company or ""]).casefold()
            for a in due_actions(store)
            if a.key in keys
        )
        await pilot.press("enter")
        assert app.focused is app.query_one(TodayTable)
        await pilot.press("2", "slash", *"offer")
        await pilot.pause()
        pipeline = app.query_one(PipelineTable)
        assert app.snapshot is not None
        assert app.snapshot.pipeline and all(
            r.app.stage == Stage.OFFER for r in app.snapshot.pipeline
        )
        assert pipeline.row_count == len(app.snapshot.pipeline)
        await pilot.press("escape")
        await pilot.pause()
        assert app.state.filters["pipeline"] == ""


async def test_enter_opens_detail_and_d_there_marks_a_strategy_done(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("2", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        detail = app.screen
        pending = [i for i, line in enumerate(detail.lines) if line.action is not None]
        assert pending
        target = detail.lines[pending[0]].action
        assert target is not None
        from textual.widgets import OptionList

        detail.query_one(OptionList).highlighted = pending[0]
        await pilot.press("d")
        await pilot.pause()
        assert not isinstance(app.screen, DetailScreen)
        keys = store.conn.execute("SELECT action_key FROM touches").fetchall()
        assert (target.key,) in keys


async def test_question_mark_lists_every_key(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-keys").render())
        for key in (
            "d",
            "c",
            "s",
            "S",
            "x",
            "u",
            "e",
            "ctrl+e",
            "/",
            "q",
            "enter",
            "ctrl+p",
            "tab",
        ):
            assert f" {key} " in f" {text} ".replace("\n", " \n "), key
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_q_quits(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_command_palette_runs_actions(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        top = row_keys(app)[0]
        # The top reply needs your answer: the first done from the palette only says so,
        # the second (within five seconds) marks it done.
        for _ in range(2):
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press(*"action: done")
            await pilot.pause(0.5)
            await pilot.press("enter")
            await pilot.pause()
            if not store.conn.execute(
                "SELECT 1 FROM touches WHERE action_key = ?", [top]
            ).fetchone():
                assert any("Press d again" in n.message for n in app._notifications)
        assert (top,) in store.conn.execute("SELECT action_key FROM touches").fetchall()


async def test_palette_jumps_to_a_contact(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        contact = store.contact(1)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*contact.name)
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        assert app.screen.heading == contact.name


async def test_changes_from_elsewhere_appear(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    from followup_tui.demo import build_demo

    first = Store(open_db(path), now=NOW)
    build_demo(first, TODAY)
    app = FollowupApp(first, TODAY, copier=fake_copier, threaded=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        other = Store(open_db(path), now=NOW)
        contact = other.add_contact(
            "Quinn Outside", company="Elsewhere Inc", kind=ContactKind.RECRUITER
        )
        other.add_message(contact, NOW, subject="Are you free Friday?")
        other.conn.close()
        await pilot.pause(1.5)
        assert any(
            a.contact_name == "Quinn Outside"
            for a in (app.snapshot.actions if app.snapshot else ())
        )
        assert row_keys(app)[0].startswith("re-")


async def test_theme_is_remembered(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.theme = "nord"
        await pilot.pause()
    assert store.settings().theme == "nord"
    again = make_app(store)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == "nord"


HOSTILE = [
    "Smith [/] Ltd",
    "[@click=app.quit]Eve",
    "[bold]Bold[/bold] [link=https://evil.example]x[/link]",
    "Ann\x1b[31m Red\x1b]52;c;aGk=\x07",
]


async def test_hostile_names_render_literally_everywhere() -> None:
    s = Store(open_db(":memory:"), now=NOW)
    for i, name in enumerate(HOSTILE):
        app_id = s.add_application(name, f"{name} role", applied_on=TODAY.subtract(days=20))
        contact = s.add_contact(
            f"{name} person",
            company=name,
            kind=ContactKind.HIRING_MANAGER,
            application_ids=[app_id],
        )
        s.add_interview(app_id, NOW.subtract(days=1 + i), [contact], highlights=f"{name} highlight")
        s.add_message(contact, NOW.subtract(hours=1 + i), subject=f"{name} subject")
    s.set_setting("user_name", "Sam [b]Rivera[/b]")  # so c copies, not asks for a name
    app = make_app(s)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.is_running
        for _ in range(len(row_keys(app))):
            await press_through(pilot, app, "c")
            await app.workers.wait_for_complete()
            await pilot.press("j")
        await pilot.press("2", "enter")
        await pilot.pause()
        await pilot.press("escape", "3", "enter")
        await pilot.pause()
        await pilot.press("escape", "1", "escape")
        await press_through(pilot, app, "d")
        assert app.is_running, "an action ran from user text"
        today_table = app.query_one(TodayTable)
        cells = [
            str(today_table.get_row_at(i)[2]) + str(today_table.get_row_at(i)[3])
            for i in range(today_table.row_count)
        ]
        # Cells are cut to the column width; what shows must be the literal text.
        assert any("Smith [/]" in c for c in cells)
        assert any("[@click=app." in c for c in cells)
        assert any("[bold]Bold" in c for c in cells)
        assert all("\x1b" not in c for c in cells)
        notes = [n.message for n in app._notifications]
        assert any("[@click=app.quit]" in m or "Smith [/] Ltd" in m for m in notes)

"""Hostile text: markup, escape sequences, NUL bytes, bidi overrides, huge and non-BMP strings.

Anyone can write to a job seeker, and imports bring text from elsewhere, so names, notes,
highlights, subjects and templates may hold anything. The store keeps it byte for byte;
the command line prints it without control codes; the dashboard shows it literally on every
screen, runs no action it names, and never passes an escape sequence to the terminal.
"""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pendulum
import pytest
from click.testing import CliRunner
from textual.command import CommandList

from followup_tui import clipboard, playbook
from followup_tui.cli import cli
from followup_tui.db import open_db
from followup_tui.models import ContactKind, Stage, Strategy
from followup_tui.store import Store
from followup_tui.tui.app import FollowupApp
from followup_tui.tui.messages import RecordRef
from followup_tui.tui.screens.details import DetailScreen
from followup_tui.tui.widgets.contacts import ContactsTable
from followup_tui.tui.widgets.pipeline import PipelineTable
from followup_tui.tui.widgets.today import TodayTable

DAY = pendulum.Date(2026, 11, 25)
NOW = pendulum.datetime(2026, 11, 25, 9, 0, tz="UTC")
TODAY = DAY.isoformat()
MEGABYTE = 1_000_000

#: Each is a company, a role, a person, a title, notes, highlights, a subject, an event, a
#: resource; the dangerous part comes first so that it is on screen, not cut off.
HOSTILE: dict[str, str] = {
    "markup": "[bold]Bold[/bold] [italic]Co",
    "close-tag": "[/] Close [/bold] Co",
    "link": "[link=https://evil.example]Link Co[/link]",
    "click": "[@click=app.quit]Quit Co[/]",
    "variable": "$title [$error]Var Co[/]",
    "ansi": "\x1b[31mRed\x1b[0m\x1b[2J\x1b[H Co",
    "osc-title": "\x1b]0;Pwned\x07Title Co",
    "osc-clipboard": "\x1b]52;c;cm0gLXJmIH4K\x07Clip Co",
    "osc-hyperlink": "\x1b]8;;https://evil.example\x1b\\Hyper Co\x1b]8;;\x1b\\",
    "c1": "\x9b2J\x9d0;C1\x9c Co",
    "nul": "Nul\x00Byte Co",
    "rtl": "\u202eoC evil\u202c Co",
    "bidi-isolate": "\u2066Iso\u2069\u200f Co",
    "non-bmp": "\U0001d518nicode \U0001f98a Zo\u00eb Co",  # Fraktur U and a fox: beyond the BMP
    "backspace": "Back\x08\x08\x7fspace Co",
    "newlines": "Multi\nLine\r\nTab\tCo",
    "megabyte": "M" * MEGABYTE + " Co",
}
#: What no output may carry: C0 controls but newline and tab, DEL, C1, bidi controls.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
#: The only escape sequences the dashboard itself writes: CSI (colours, cursor moves).
OWN_SEQUENCES = re.compile(r"\x1b\[[0-9;:?]*[A-Za-z]")
#: Sequences from the hostile text: if any reaches the terminal whole, it would act.
PAYLOADS = ("\x1b[31mRed", "\x1b[2J\x1b[H", "\x1b]", "\x07", "\x9b2J", "\u202e", "\x00")


def hostile_world(store: Store, names: Iterable[str] = HOSTILE) -> dict[str, dict[str, int]]:
    """One of everything per hostile string; returns the ids made for each."""
    made: dict[str, dict[str, int]] = {}
    for name in names:
        text = HOSTILE[name]
        app_id = store.add_application(
            text, f"Role {text}", Stage.INTERVIEWING, applied_on=DAY.subtract(days=20)
        )
        contact = store.add_contact(
            text,
            title=text,
            kind=ContactKind.HIRING_MANAGER,
            email=f"{name}@example.com",
            notes=text,
            application_ids=[app_id],
        )
        interview = store.add_interview(
            app_id, NOW.subtract(days=1), [contact], kind=text, highlights=text
        )
        message = store.add_message(contact, NOW.subtract(hours=2), subject=text)
        store.add_event(text, DAY.add(days=3), location=text, met=[contact])
        store.add_resource(text, f"https://example.com/{name}", app_id=app_id, note=text)
        made[name] = {"application": app_id, "contact": contact, "interview": interview}
        made[name]["message"] = message
    store.set_template(
        Strategy.REPLY,
        HOSTILE["ansi"] + " $their_subject",
        "Hi $first_name,\n" + HOSTILE["click"] + HOSTILE["osc-clipboard"] + "\n$signature",
    )
    store.set_setting("user_name", HOSTILE["markup"])
    store.set_setting("signature", HOSTILE["osc-title"] + "\n" + HOSTILE["rtl"])
    return made


@pytest.fixture(scope="module")
def world_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, int]]]:
    path = tmp_path_factory.mktemp("hostile") / "followup.db"
    with contextlib.closing(open_db(path)) as conn:
        made = hostile_world(Store(conn, now=NOW))
    return path, made


@pytest.fixture
def world(world_file: tuple[Path, dict[str, dict[str, int]]], tmp_path: Path) -> Iterator[Store]:
    """A private copy of the hostile world, opened."""
    path = tmp_path / "followup.db"
    with (
        contextlib.closing(sqlite3.connect(world_file[0])) as source,
        contextlib.closing(sqlite3.connect(path)) as target,
    ):
        source.backup(target)
    store = Store(open_db(path), now=NOW)
    yield store
    store.conn.close()


# --- the store ------------------------------------------------------------------------------


def test_the_store_keeps_every_hostile_string_byte_for_byte(
    world: Store, world_file: tuple[Path, dict[str, dict[str, int]]]
) -> None:
    made = world_file[1]
    for name, text in HOSTILE.items():
        ids = made[name]
        contact = world.contact(ids["contact"])
        assert (contact.name, contact.title, contact.notes) == (text.strip(), text, text)
        application = world.application(ids["application"])
        assert application.company == text.strip()
        assert application.role == f"Role {text}".strip()
        interview = world.interview(ids["interview"])
        assert (interview.kind, interview.highlights) == (text, text)
        assert world.touch(ids["message"]).subject == text
    assert world.conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    # NUL bytes are stored, not cut: SQLite counts the whole string.
    (length,) = world.conn.execute(
        "SELECT length(CAST(notes AS BLOB)) FROM contacts WHERE id = ?",
        [made["nul"]["contact"]],
    ).fetchone()
    assert length == len(HOSTILE["nul"].encode())
    (big,) = world.conn.execute(
        "SELECT length(highlights) FROM interviews WHERE id = ?",
        [made["megabyte"]["interview"]],
    ).fetchone()
    assert big == len(HOSTILE["megabyte"])


def test_the_rules_and_search_cope_with_hostile_text(world: Store) -> None:
    found = playbook.actions(world.playbook_state(DAY), DAY, horizon_days=None)
    keys = [a.key for a in found]
    assert len(keys) == len(set(keys))
    strategies = {a.strategy for a in found}
    assert {Strategy.REPLY, Strategy.THANK_YOU, Strategy.EVENT} <= strategies
    for text in ("Bold", "Quit", "Nul", "\U0001d518nicode", "\U0001f98a"):
        assert world.search(text), text


# --- the command line -------------------------------------------------------------------------


def invoke(path: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", str(path), "--today", TODAY, *args])
    assert result.exit_code == 0, (result.output[-500:], result.exc_info)
    return result.stdout


def unsafe_in(text: str) -> list[str]:
    return sorted({repr(ch) for ch in UNSAFE.findall(text)})


def test_cli_today_prints_no_control_codes(world: Store) -> None:
    path = Path(world.conn.execute("PRAGMA database_list").fetchone()[2])
    shown = invoke(path, "today", "--days", "30")
    assert unsafe_in(shown) == []
    assert "[@click=app.quit]Quit Co" in shown  # literal, not read as anything
    assert "[31mRed" in shown and "\x1b" not in shown
    assert "Reply to" in shown


def test_cli_today_json_escapes_control_codes_and_keeps_the_text(world: Store) -> None:
    path = Path(world.conn.execute("PRAGMA database_list").fetchone()[2])
    raw = invoke(path, "today", "--json", "--days", "30")
    assert unsafe_in(raw) == []
    actions = json.loads(raw)
    contacts = {a["contact"] for a in actions}
    # JSON is for programs: each string arrives exactly as stored, escapes decoded.
    for name in ("ansi", "nul", "rtl", "osc-hyperlink", "non-bmp", "c1"):
        assert HOSTILE[name].strip() in contacts, name
    drafts = [a["draft"] for a in actions if a["draft"]]
    assert any(HOSTILE["click"] in d["body"] for d in drafts)


def test_cli_draft_and_done_print_no_control_codes(world: Store) -> None:
    path = Path(world.conn.execute("PRAGMA database_list").fetchone()[2])
    actions = json.loads(invoke(path, "today", "--json", "--days", "30"))
    with_draft = [a for a in actions if a["draft"]]
    assert len(with_draft) >= len(HOSTILE)
    for action in with_draft:
        text = invoke(path, "draft", action["key"])
        assert unsafe_in(text) == [], action["key"]
    printed = invoke(path, "done", actions[0]["key"])
    assert unsafe_in(printed) == []
    assert unsafe_in(invoke(path, "settings")) == []


def _csv(texts: dict[str, str]) -> str:
    rows = ["company,role,stage,applied,response_by,url,notes"]
    for name, text in texts.items():
        if name == "megabyte":
            text = "M" * 100_000  # the CSV reader's own field limit is 128 KiB
        quoted = '"' + text.replace('"', '""') + '"'
        rows.append(f"{quoted},{quoted},applied,2026-11-02,,,{quoted}")
    return "\n".join(rows) + "\n"


def test_imported_hostile_fields_are_kept_and_shown_safely(tmp_path: Path) -> None:
    path = tmp_path / "followup.db"
    source = tmp_path / "applications.csv"
    # A NUL byte makes the file binary, which the importer refuses (next test).
    texts = {name: text for name, text in HOSTILE.items() if "\x00" not in text}
    source.write_text(_csv(texts), encoding="utf-8", newline="")
    result = CliRunner().invoke(
        cli, ["--db", str(path), "--today", TODAY, "import", "csv", str(source)]
    )
    if result.exit_code == 2 and "No such command" in result.output:
        pytest.skip("this version has no `followup import csv`")
    assert result.exit_code == 0, (result.output[-500:], result.exc_info)
    assert unsafe_in(result.stdout) == [] and unsafe_in(result.stderr) == []
    with contextlib.closing(open_db(path)) as conn:
        companies = {row[0] for row in conn.execute("SELECT name FROM companies")}
    assert "[@click=app.quit]Quit Co[/]" in companies
    assert HOSTILE["osc-clipboard"] in companies and HOSTILE["rtl"] in companies
    shown = invoke(path, "today", "--days", "30")
    assert unsafe_in(shown) == []


def test_an_import_with_nul_bytes_is_refused_in_one_safe_line(tmp_path: Path) -> None:
    path = tmp_path / "followup.db"
    source = tmp_path / "applications.csv"
    source.write_text(_csv(HOSTILE), encoding="utf-8", newline="")
    result = CliRunner().invoke(
        cli, ["--db", str(path), "--today", TODAY, "import", "csv", str(source)]
    )
    if result.exit_code == 2 and "No such command" in result.output:
        pytest.skip("this version has no `followup import csv`")
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1 and unsafe_in(result.stderr) == []
    with contextlib.closing(open_db(path)) as conn:
        assert conn.execute("SELECT count(*) FROM companies").fetchone() == (0,)


# --- the dashboard --------------------------------------------------------------------------------


def terminal_output(app: FollowupApp) -> str:
    """Exactly what the dashboard would write to the terminal for the current screen."""
    update = app.screen._compositor.render_full_update()
    return update.render_segments(app.console)


class Watch:
    """Checks a screen: nothing unsafe reaches the terminal, and no action ran by itself."""

    def __init__(self, app: FollowupApp, monkeypatch: pytest.MonkeyPatch) -> None:
        self.app = app
        self.ran: list[str] = []
        self.literal_seen = False
        self.screens: set[str] = set()
        monkeypatch.setattr(app, "action_quit", self._record("quit"))
        monkeypatch.setattr(app, "exit", self._record("exit"))

    def _record(self, name: str) -> Any:
        def record(*args: object, **kwargs: object) -> None:
            self.ran.append(name)

        return record

    def check(self, where: str) -> str:
        out = terminal_output(self.app)
        for payload in PAYLOADS:
            assert payload not in out, f"{where}: {payload!r} reaches the terminal"
        rest = OWN_SEQUENCES.sub("", out)
        assert unsafe_in(rest) == [], f"{where}: {unsafe_in(rest)}"
        assert self.app.is_running, where
        assert self.ran == [], f"{where}: {self.ran}"
        self.literal_seen |= "[@click=app.quit]" in out or "[bold]Bold" in out
        self.screens.add(type(self.app.screen).__name__)
        return out


def quiet_copier(text: str) -> clipboard.NativeResult:
    return clipboard.NativeResult(True, "a test clipboard")


async def settle(pilot: Any) -> None:
    await pilot.pause()
    await pilot.pause()


@pytest.mark.slow
async def test_every_dashboard_screen_shows_hostile_text_literally(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The megabyte string has its own test below: here it would only slow every screen.
    world = Store(open_db(":memory:"), now=NOW)
    made = hostile_world(world, [name for name in HOSTILE if name != "megabyte"])
    hub_app, hub_contact = made["ansi"]["application"], made["ansi"]["contact"]
    # One application and one person that carry every hostile string: their detail screens
    # then show them all at once.
    for name, ids in made.items():
        text = HOSTILE[name]
        world.link_contact(hub_app, ids["contact"])
        world.add_interview(hub_app, NOW.subtract(days=2), [ids["contact"]], highlights=text)
        world.add_message(hub_contact, NOW.subtract(hours=3), subject=text, application_id=hub_app)
    app = FollowupApp(world, DAY, copier=quiet_copier, threaded=False)
    started = time.monotonic()
    async with app.run_test(size=(140, 44)) as pilot:
        watch = Watch(app, monkeypatch)
        await settle(pilot)
        watch.check("start")
        # Today: every row, so the draft pane shows every action's draft.
        today = app.query_one(TodayTable)
        assert today.row_count >= len(HOSTILE)
        for row in range(today.row_count):
            today.move_cursor(row=row)
            await pilot.pause()
            watch.check(f"today row {row}")
        # Pipeline and Contacts: every row narrows Today and names it in the header.
        for pane, table_type in (("2", PipelineTable), ("3", ContactsTable)):
            await pilot.press(pane)
            table = app.query_one(table_type)
            for row in range(table.row_count):
                table.move_cursor(row=row)
                await pilot.pause()
                watch.check(f"{table_type.__name__} row {row}")
            await pilot.press("escape")
        await pilot.press("1")
        # Detail screens: the hub's hold every hostile string; the others, one each.
        for name in ("ansi", "click", "osc-title", "rtl"):
            app.open_record(RecordRef("application", made[name]["application"]))
            await pilot.pause()
            out = watch.check(f"application detail {name}")
            if name == "ansi":
                assert "[@click=app.quit]Quit Co" in out and "Hyper Co" in out
            await pilot.press("escape")
            app.open_record(RecordRef("contact", made[name]["contact"]))
            await pilot.pause()
            watch.check(f"contact detail {name}")
            await pilot.press("escape")
        await settle(pilot)
        # The draft editor, the date prompt, forms, search, settings and templates.
        app.query_one(TodayTable).move_cursor(row=0)
        for key, screen in (
            ("e", "editor"),
            ("S", "snooze prompt"),
            ("E", "edit form"),
            ("h", "highlights form"),
            ("l", "log form"),
            ("f2", "settings"),
            ("f3", "templates"),
        ):
            await pilot.press(key)
            await settle(pilot)
            if key == "f3":
                await pilot.press("enter")  # the first strategy's template
                await settle(pilot)
            watch.check(screen)
            while app.screen is not app.screen_stack[0]:
                await pilot.press("escape")
                await settle(pilot)
        for pane, table_type in (("2", PipelineTable), ("3", ContactsTable)):
            await pilot.press(pane, "E")
            await settle(pilot)
            watch.check(f"edit form from {table_type.__name__}")
            while app.screen is not app.screen_stack[0]:
                await pilot.press("escape")
                await settle(pilot)
        await pilot.press("1")
        await pilot.press("ctrl+f")
        await settle(pilot)
        await pilot.press(*"Co")
        await pilot.pause(0.3)
        watch.check("search")
        await pilot.press("escape")
        await settle(pilot)
        # Notifications: done on several actions, each toast names one.
        for _ in range(3):
            await pilot.press("d")
            await pilot.pause()
            watch.check("notification")
        # The palette: hits for the hostile names, shown literally; choosing one opens it.
        for query, shown in (
            ("Quit Co", "[@click=app.quit]Quit Co"),
            ("Red Co", "[31mRed"),
            ("Zo Co", "Zo\u00eb Co"),
        ):
            await pilot.press("ctrl+p")
            await settle(pilot)
            await pilot.press(*query)
            hits = app.screen.query_one(CommandList)
            chosen = None
            for _ in range(100):  # the palette searches in the background
                prompts = [
                    str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)
                ]
                chosen = next((i for i, text in enumerate(prompts) if shown in text), None)
                if chosen is not None:
                    break
                await pilot.pause(0.05)
            assert chosen is not None, query
            watch.check(f"palette {query!r}")
            hits.highlighted = chosen
            await pilot.press("enter")
            await settle(pilot)
            watch.check(f"palette choice {query!r}")
            assert isinstance(app.screen, DetailScreen), query
            while app.screen is not app.screen_stack[0]:
                await pilot.press("escape")
                await settle(pilot)
        assert app.is_running and watch.ran == []
        assert watch.literal_seen
    assert {"DetailScreen", "DraftEditor", "CommandPalette"} <= watch.screens
    # A megabyte-long name must not freeze the dashboard.
    assert time.monotonic() - started < 120


async def test_a_megabyte_name_does_not_freeze_the_dashboard(tmp_path: Path) -> None:
    store = Store(open_db(":memory:"), now=NOW)
    big = HOSTILE["megabyte"]
    app_id = store.add_application(big, big, Stage.INTERVIEWING, applied_on=DAY.subtract(days=9))
    contact = store.add_contact(big, kind=ContactKind.HIRING_MANAGER, application_ids=[app_id])
    store.add_interview(app_id, NOW.subtract(days=1), [contact], highlights=big)
    store.add_message(contact, NOW.subtract(hours=1), subject=big)
    app = FollowupApp(store, DAY, copier=quiet_copier, threaded=False)
    started = time.monotonic()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        today = app.query_one(TodayTable)
        for row in range(today.row_count):
            today.move_cursor(row=row)
            await pilot.pause()
        await pilot.press("2", "3", "1", "d")
        await settle(pilot)
        assert app.is_running
    # Seconds, not the tens of seconds that measuring a megabyte per cell took.
    assert time.monotonic() - started < 10

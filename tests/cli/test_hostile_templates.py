"""Templates: whatever a user template holds, rendering neither crashes nor leaks anything.

Drafts are rendered with `string.Template.safe_substitute`, which fills only the names of
`drafts.PLACEHOLDERS` and never evaluates anything; templates that would come out wrong are
refused with the reason when saved (`drafts.validate_template`, used by `followup template`
and by the dashboard's template editor).
"""

from __future__ import annotations

import contextlib
import json
import time
from pathlib import Path

import pendulum
import pytest
from click.testing import CliRunner
from textual.widgets import Input, Label, TextArea

from followup_tui import drafts, playbook
from followup_tui.cli import cli
from followup_tui.db import open_db
from followup_tui.demo import build_demo
from followup_tui.models import Action, Settings, Strategy
from followup_tui.store import Store
from followup_tui.tui.app import FollowupApp
from followup_tui.tui.screens.templates import TemplateScreen

DAY = pendulum.Date(2026, 11, 25)
NOW = pendulum.datetime(2026, 11, 25, 9, 0, tz="UTC")
TODAY = DAY.isoformat()
TEN_MB = 10_000_000

#: Templates that try to reach Python's internals, or are simply broken.
HOSTILE_TEMPLATES = {
    "dunder": "Hi ${__class__} ${__init__.__globals__} $__builtins__",
    "format-field": "Hi {0.__globals__} {first_name.__class__.__mro__} {name!r:>{width}}",
    "attribute": "Hi $first_name.__class__ and ${first_name}.__dict__",
    "lone-dollar": "Costs $ 5 and $",
    "open-brace": "Hi ${first_name",
    "percent": "Hi %(first_name)s %s %%",
    "doubled": "Price: $$5, ${name}",
    "control": "Hi \x1b]52;c;cm0gLXJm\x07$first_name\x00",
}
#: Odd but harmless: after a placeholder, `.__class__` or `%s` is plain text, `$$` is a `$`.
HARMLESS = ("attribute", "percent", "doubled")
#: What a leak of Python's internals would look like in a draft.
LEAKS = ("<class", "<function", "<module", "<built-in", "__main__", "object at 0x", "mappingproxy")


@pytest.fixture
def store() -> Store:
    s = Store(open_db(":memory:"), now=NOW)
    build_demo(s, DAY)
    return s


def templated_actions(store: Store) -> list[Action]:
    found = playbook.actions(store.playbook_state(DAY), DAY, horizon_days=30)
    chosen: dict[Strategy, Action] = {}
    for action in found:
        if action.strategy in drafts.BUILT_IN and action.contact is not None:
            chosen.setdefault(action.strategy, action)
    return list(chosen.values())


@pytest.mark.parametrize("name", list(HOSTILE_TEMPLATES))
def test_a_hostile_template_renders_without_crashing_or_leaking(store: Store, name: str) -> None:
    text = HOSTILE_TEMPLATES[name]
    settings = store.settings()
    actions = templated_actions(store)
    assert len(actions) >= 5
    for action in actions:
        draft = drafts.render(action, settings, DAY, {action.strategy: (text, text)})
        assert draft is not None
        for leak in LEAKS:
            assert leak not in draft.subject + draft.body, (name, action.strategy)
        assert "\x1b" not in draft.body and "\x00" not in draft.body
    # Unknown names stay as typed: the user sees what was not filled in.
    assert draft is not None
    if name == "dunder":
        assert "${__class__}" in draft.body
    if name == "format-field":
        assert "{0.__globals__}" in draft.body


def test_a_ten_megabyte_template_renders_in_reasonable_time(store: Store) -> None:
    body = "Hi $first_name, " + "x" * TEN_MB + " $signature"
    action = templated_actions(store)[0]
    started = time.monotonic()
    draft = drafts.render(action, store.settings(), DAY, {action.strategy: ("S", body)})
    assert time.monotonic() - started < 10
    assert draft is not None and len(draft.body) > TEN_MB


def test_the_store_accepts_any_template_and_the_commands_survive_it(
    store: Store, tmp_path: Path
) -> None:
    """What an import or another program writes is not validated: rendering must cope."""
    path = tmp_path / "followup.db"
    with contextlib.closing(open_db(path)) as conn:
        other = Store(conn, now=NOW)
        build_demo(other, DAY)
        for strategy in drafts.BUILT_IN:
            other.set_template(
                strategy, HOSTILE_TEMPLATES["dunder"], HOSTILE_TEMPLATES["format-field"]
            )
        other.set_template(Strategy.REPLY, "Re: $their_subject", "Hi " + "y" * TEN_MB)
    runner = CliRunner()
    base = ["--db", str(path), "--today", TODAY]
    shown = runner.invoke(cli, [*base, "today", "--json", "--days", "30"])
    assert shown.exit_code == 0, shown.output[-300:]
    actions = json.loads(shown.stdout)
    for action in actions:
        if action["draft"]:
            assert not any(leak in action["draft"]["body"] for leak in LEAKS)
    reply = next(a["key"] for a in actions if a["strategy"] == "reply")
    printed = runner.invoke(cli, [*base, "draft", reply])
    assert printed.exit_code == 0
    assert len(printed.stdout) > TEN_MB


def test_validation_refuses_each_hostile_template_with_a_reason() -> None:
    for name, text in HOSTILE_TEMPLATES.items():
        if name in HARMLESS:
            continue
        problems = drafts.validate_template("Subject", text)
        assert problems, name
        assert all(len(p) < 200 and "\n" not in p for p in problems), problems
    reasons = drafts.validate_template("Subject", HOSTILE_TEMPLATES["dunder"])
    assert "body: unknown placeholder $__class__" in reasons
    reasons = drafts.validate_template("Subject", HOSTILE_TEMPLATES["format-field"])
    assert any("'{0.__globals__}' is not a placeholder" in r for r in reasons)
    reasons = drafts.validate_template("Subject", HOSTILE_TEMPLATES["lone-dollar"])
    assert any("malformed placeholder" in r for r in reasons)
    reasons = drafts.validate_template("Subject", HOSTILE_TEMPLATES["control"])
    assert any("control characters" in r for r in reasons)
    assert drafts.validate_template("Subject", "x" * (drafts.BODY_LIMIT + 1)) == [
        "the body is longer than 20,000 characters"
    ]
    assert drafts.validate_template("Hi\nthere", "Body") == ["the subject must be one line"]
    assert drafts.validate_template("S" * 201, "Body") == [
        "the subject is longer than 200 characters"
    ]
    assert drafts.validate_template("Subject", "  \n") == ["the body is empty"]


def test_validation_accepts_every_built_in_template_and_plain_text() -> None:
    for strategy, (subject, body) in drafts.BUILT_IN.items():
        assert drafts.validate_template(subject, body) == [], strategy
    assert drafts.validate_template("Hello", "Hi $first_name, it costs $$5 {or so}.") == []
    assert drafts.validate_template("Café ☕", "Grüße, ${my_name} \U0001f98a") == []


def test_every_placeholder_renders_from_the_context(store: Store) -> None:
    """Validation and rendering agree: what validates is filled in."""
    action = templated_actions(store)[0]
    values = drafts.values(action, Settings.from_pairs({}), DAY)
    assert set(values) == set(drafts.PLACEHOLDERS)


# --- followup template ----------------------------------------------------------------------------


def invoke(path: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", str(path), "--today", TODAY, "template", *args])
    return result.exit_code, result.stdout, result.stderr


def existing(path: Path) -> Path:
    """A new, empty database: `template` never creates one."""
    open_db(path).close()
    return path


def stored(path: Path) -> list[tuple[str, str, str]]:
    with contextlib.closing(open_db(path)) as conn:
        rows = conn.execute("SELECT strategy, subject, body FROM templates ORDER BY 1")
        return rows.fetchall()


@pytest.mark.parametrize("name", [n for n in HOSTILE_TEMPLATES if n not in HARMLESS])
def test_the_template_command_refuses_a_bad_template_and_saves_nothing(
    tmp_path: Path, name: str
) -> None:
    path = existing(tmp_path / "followup.db")
    code, _out, _err = invoke(path, "follow-up", "--subject", "Following up, $first_name")
    assert code == 0
    before = stored(path)
    code, out, err = invoke(path, "follow-up", "--body", HOSTILE_TEMPLATES[name])
    assert code == 1 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith("followup: template not saved: ")
    assert "\x1b" not in err and "\x00" not in err
    assert stored(path) == before


def test_the_template_command_shows_saves_and_resets(tmp_path: Path) -> None:
    path = existing(tmp_path / "followup.db")
    code, out, _ = invoke(path, "check-in")
    assert code == 0 and out.startswith("# the built-in check-in template")
    code, out, _ = invoke(path, "check-in", "--body", "Hi $first_name, any news from $company?")
    assert code == 0 and "Saved" in out
    assert stored(path)[0][2] == "Hi $first_name, any news from $company?"
    assert stored(path)[0][1] == drafts.BUILT_IN[Strategy.CHECK_IN][0]
    code, out, _ = invoke(path, "check-in")
    assert out.startswith("# your check-in template") and "any news" in out
    code, out, _ = invoke(path, "check-in", "--reset")
    assert code == 0 and stored(path) == []
    code, _, err = invoke(path, "social", "--body", "x")
    assert code == 2 and "social" in err


def test_a_ten_megabyte_body_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = existing(tmp_path / "followup.db")
    big = tmp_path / "body.txt"
    big.write_text("Hi $first_name " + "z" * TEN_MB, encoding="utf-8")
    started = time.monotonic()
    code, _, err = invoke(path, "reply", "--body-file", str(big))
    assert time.monotonic() - started < 5
    assert code == 1 and "longer than 20,000 characters" in err
    assert stored(path) == []


# --- the dashboard's template editor -------------------------------------------------------------


async def test_the_template_editor_refuses_a_hostile_template(store: Store) -> None:
    app = FollowupApp(store, DAY, threaded=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TemplateScreen)
        app.screen.query_one("#template-subject", Input).value = "Hi"
        app.screen.query_one("#template-body", TextArea).text = HOSTILE_TEMPLATES["format-field"]
        await pilot.pause()
        shown = str(app.screen.query_one("#template-problems", Label).render())
        assert "is not a placeholder" in shown
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, TemplateScreen)
        assert store.templates() == {}
        assert app.is_running

"""One table checks every setting: the command line and the settings screen accept the same
values, out-of-range values never reach the playbook, and nothing ends in a traceback."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pendulum
import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup_tui.cli import cli
from followup_tui.db import open_db
from followup_tui.models import Settings
from followup_tui.settings_table import TABLE, spec
from followup_tui.store import Invalid, Store

TODAY = "2026-11-25"
DAY = pendulum.Date(2026, 11, 25)
NAMES = [row.name for row in TABLE]
NUMBERS = [row.name for row in TABLE if row.kind == "number"]


pytestmark = pytest.mark.usefixtures("cli_isolated")


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), "--today", TODAY, *args], prog_name="followup")


def stored(db: Path) -> dict[str, str]:
    conn = open_db(db)
    try:
        return dict(conn.execute("SELECT name, value FROM settings").fetchall())
    finally:
        conn.close()


def write_raw(db: Path, name: str, value: str) -> None:
    conn = open_db(db)
    with conn:
        conn.execute(
            "INSERT INTO settings (name, value) VALUES (?, ?) "
            "ON CONFLICT(name) DO UPDATE SET value = excluded.value",
            [name, value],
        )
    conn.close()


def screen_accepts(name: str, text: str) -> bool:
    """What the settings screen (f2) says about `text` typed into the field `name`."""
    from followup_tui.tui.screens import forms, settings

    fields = {f.name: f for f in settings.settings_fields(Settings())}
    form = forms.FormScreen(forms.FormSpec("Settings", tuple(fields.values()), DAY))
    _value, _message, valid = form._check(fields[name], text)
    return valid


def test_the_table_covers_every_setting() -> None:
    assert list(Settings.names()) == NAMES
    for row in TABLE:
        assert row.default == getattr(Settings(), row.name)
        field = next(f for f in dataclasses.fields(Settings) if f.name == row.name)
        assert (row.kind == "number") == (field.type == "int")


def test_ranges() -> None:
    assert (spec("follow_up_cap").minimum, spec("follow_up_cap").maximum) == (0, 5)
    for name in NUMBERS:
        if name != "follow_up_cap":
            assert (spec(name).minimum, spec(name).maximum) == (0, 365), name
    assert spec("signature").maximum == 2000


def test_a_huge_number_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    result = run(db, "settings", "follow_up_after_applied_days", "99999999999")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stderr.count("\n") == 1
    assert "0 to 365" in result.stderr
    assert "follow_up_after_applied_days" not in stored(db)
    assert run(db, "add", "application", "--company", "Acme", "--role", "Dev").exit_code == 0
    assert run(db, "today", "--days", "30").exit_code == 0


def test_limits_are_inclusive(tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    assert run(db, "settings", "guard_bd", "0").exit_code == 0
    assert run(db, "settings", "share_gap_days", "365").exit_code == 0
    assert run(db, "settings", "share_gap_days", "366").exit_code == 1
    assert run(db, "settings", "follow_up_cap", "5").exit_code == 0
    assert run(db, "settings", "follow_up_cap", "6").exit_code == 1
    assert stored(db) == {"guard_bd": "0", "share_gap_days": "365", "follow_up_cap": "5"}


def test_a_huge_signature_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    result = run(db, "settings", "signature", "x" * 2001)
    assert result.exit_code == 1 and "2000" in result.stderr
    assert run(db, "settings", "signature", "Best,\nJo\n" + "x" * 1990).exit_code == 0
    assert not screen_accepts("signature", "x" * 10_000_000)


def test_work_days_the_screen_refuses_the_command_line_refuses(tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    for bad in ("funday", "", " , ", "mon,xyz", "monkey"):
        assert not screen_accepts("work_days", bad), bad
        assert run(db, "settings", "work_days", bad).exit_code == 1, bad
    assert "work_days" not in stored(db)
    assert run(db, "settings", "work_days", "Fri, mon,thursday,Mon").exit_code == 0
    assert stored(db)["work_days"] == "mon,thu,fri"


def test_out_of_range_stored_values_read_as_the_default_with_a_warning(tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    assert run(db, "add", "company", "--name", "Acme").exit_code == 0
    write_raw(db, "follow_up_cap", "99")
    write_raw(db, "signature", "s" * 10_000_000)
    write_raw(db, "user_name", "Jo")
    conn = open_db(db)
    read = Store(conn).settings()
    conn.close()
    assert (read.follow_up_cap, read.signature, read.user_name) == (2, "", "Jo")
    result = run(db, "settings", "follow_up_cap")
    assert result.exit_code == 0
    assert result.stdout == "follow_up_cap = 2\n"
    assert result.stderr.count("\n") == 1
    assert "follow_up_cap" in result.stderr and "signature" in result.stderr
    assert len(result.stderr) < 400
    # Setting a good value clears the warning about it.
    fixed = run(db, "settings", "follow_up_cap", "3")
    assert "follow_up_cap" not in fixed.stderr and "signature" in fixed.stderr
    today = run(db, "today", "--json")
    assert today.exit_code == 0 and today.stdout.startswith("[")


async def test_the_dashboard_warns_about_a_stored_value_out_of_range() -> None:
    from followup_tui.tui.app import FollowupApp

    store = Store(open_db(":memory:"))
    store.conn.execute("INSERT INTO settings (name, value) VALUES ('guard_bd', '-4')")
    app = FollowupApp(store, DAY, threaded=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("guard_bd" in m for m in messages), messages
        assert app.snapshot is not None and app.snapshot.settings.guard_bd == 2


def test_the_store_refuses_what_the_table_refuses() -> None:
    store = Store(open_db(":memory:"))
    with pytest.raises(Invalid):
        store.set_setting("follow_up_cap", "-1")
    with pytest.raises(Invalid):
        store.set_setting("theme", "x" * 500)
    store.set_setting("theme", "nord")
    assert store.settings().theme == "nord"


#: Values near the edges of what each setting takes, and anything at all.
VALUES = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.sampled_from(["0", "5", "6", "365", "366", "007", "+3", " 4 ", "٣", "1_0", "-0"]),
    st.sampled_from(["mon", "mon,fri", "Monday", "sat,sun", "fri,", ",", "mo", "tues"]),
    st.text(max_size=30),
    st.text(alphabet="abc-_ \n\t\x1b", min_size=1990, max_size=2010),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.sampled_from([n for n in NAMES if n != "theme"]), value=VALUES)
def test_command_line_and_screen_accept_the_same_values(
    tmp_path: Path, name: str, value: str
) -> None:
    db = tmp_path / "same.db"
    # "--": a value such as -1 is a value, not an option.
    result = run(db, "settings", "--", name, value)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1), result.output
    assert (result.exit_code == 0) == screen_accepts(name, value), (result.output, value)
    if result.exit_code == 1:
        assert result.stderr.count("\n") == 1


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.one_of(st.sampled_from(NAMES), st.text(max_size=20)), value=VALUES)
def test_no_name_and_value_ends_in_a_traceback(tmp_path: Path, name: str, value: str) -> None:
    db = tmp_path / "any.db"
    if not db.exists():
        # Something for every cadence to count from.
        app = run(db, "add", "application", "--company", "Acme", "--role", "Dev").stdout.strip()
        who = run(db, "add", "contact", "--name", "Jo Doe", "--application", app).stdout.strip()
        run(db, "add", "interview", "--application", app, "--at", "2026-11-20 10:00", "--with", who)
        run(db, "add", "message", "--contact", who, "--at", "yesterday")
        run(db, "add", "event", "--name", "Meetup", "--on", "+9d")
    result = run(db, "settings", "--", name, value)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output
    # Whatever was stored, the playbook still runs on it.
    for args in (["today", "--days", "30"], ["today", "--json", "--days", "365"]):
        shown = run(db, *args)
        assert shown.exit_code == 0, (name, value, shown.output, shown.exc_info)

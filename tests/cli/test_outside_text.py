"""Text from outside (file names, imported cells, names in the database) reaches the terminal
and the ICS and vCard exports with no control character and no bidirectional control."""

from __future__ import annotations

import re
from pathlib import Path

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.widgets import Input

from followup_tui.db import open_db
from followup_tui.store import Store
from followup_tui.text import escaped, printable
from followup_tui.transfer import export_ics, export_vcard
from followup_tui.tui.app import FollowupApp
from tests.cli.test_write_targets import invoke
from tests.tui.test_app import NOW as APP_NOW
from tests.tui.test_app import SIZE, fake_copier
from tests.tui.test_app import TODAY as APP_TODAY
from tests.tui.test_transfer_dashboard import run_command

DAY = pendulum.Date(2026, 11, 25)
NOW = pendulum.datetime(2026, 11, 25, 10, 0, tz="UTC")
#: C0 but tab and newline, DEL, C1, and the bidirectional controls.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
NASTY = [
    "\x1b]52;c;SGVsbG8=\x07",
    "\x1b]0;owned\x07",
    "\x1b[2J",
    "\x9b31m",
    "\u202e",
    "\u2066",
    "\u061c",
    "\u200f",
    "\r",
    "\x7f",
    "\t",
]
TEXT = st.lists(
    st.one_of(
        st.sampled_from(NASTY),
        st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=8),
    ),
    min_size=1,
    max_size=6,
).map("".join)
#: What a file name can hold: no slash, no NUL, not too long, not `.` or `..`.
NAME = TEXT.map(lambda text: text.replace("/", "").replace("\x00", "")[:40]).filter(
    lambda name: name.strip(".") != ""
)
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))


def clean(text: str) -> None:
    assert not FORBIDDEN.search(text), repr(text)


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("db") / "followup.db"
    result = invoke(path, "add", "company", "--name", "Acme")
    assert result.exit_code == 0, result.output
    return path


@SLOW
@given(name=NAME)
def test_file_names_from_the_command_line_are_echoed_without_controls(
    database: Path, name: str
) -> None:
    import tempfile

    folder = Path(tempfile.mkdtemp(dir=database.parent))
    target = folder / name
    outputs = [
        invoke(database, "import", "csv", str(target)),  # no such file
        invoke(database, "export", "csv", "-o", str(target)),  # written
        invoke(database, "export", "csv", "-o", str(target)),  # exists: refused
        invoke(database, "backup", "--force", str(folder / (name + ".bak"))),
        invoke(folder / (name + ".db"), "today"),
    ]
    for result in outputs:
        clean(result.stdout)
        clean(result.stderr)
    assert outputs[1].exit_code == 0 and target.exists()
    assert outputs[2].exit_code == 1


@SLOW
@given(cell=TEXT)
def test_import_problem_lines_carry_no_controls(database: Path, cell: str) -> None:
    import tempfile

    folder = Path(tempfile.mkdtemp(dir=database.parent))
    source = folder / "apps.csv"
    quoted = cell.replace('"', '""')
    source.write_text(f'company,role,stage\nAcme,"{quoted}","{quoted}"\n', encoding="utf-8")
    result = invoke(database, "import", "csv", "--dry-run", str(source))
    clean(result.stdout)
    clean(result.stderr)


@settings(max_examples=150, deadline=None)
@given(text=TEXT)
def test_ics_and_vcard_text_fields_carry_no_controls(text: str) -> None:
    store = Store(open_db(":memory:"), now=NOW)
    store.add_application(
        text + "Co", text + "Role", applied_on=pendulum.Date(2026, 11, 1), notes=text
    )
    store.add_contact(text + "Name", company=text, title=text, email=text, notes=text)
    for exported in (export_ics(store, DAY), export_vcard(store)):
        clean(exported.replace("\r\n", "\n"))


@given(text=TEXT)
def test_escaped_shows_every_control_as_an_escape(text: str) -> None:
    shown = escaped(text)
    clean(shown)
    assert "\n" not in shown and "\t" not in shown
    # Nothing but the controls changes.
    assert printable(shown) == shown


async def test_dashboard_notices_about_files_carry_no_controls(tmp_path: Path) -> None:
    store = Store(open_db(tmp_path / "db.db"), now=APP_NOW)
    app = FollowupApp(store, APP_TODAY, copier=fake_copier, threaded=False)
    name = "x\x1b]52;c;SGVsbG8=\x07\u202eyz.json"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = await run_command(app, pilot, "export: everything")
        form.query_one("#field-path", Input).value = str(tmp_path / name)
        await pilot.press("ctrl+s")
        await pilot.pause()
        form = await run_command(app, pilot, "import: applications")
        form.query_one("#field-path", Input).value = str(tmp_path / name)
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert (tmp_path / name).exists()
    messages = [n.message for n in app._notifications]
    assert len(messages) == 2, messages
    for message in messages:
        clean(message)
    # Where the dashboard names the file itself, the controls show as escapes.
    assert "x\\x1b]52;c;SGVsbG8=\\x07\\u202eyz.json" in messages[0]

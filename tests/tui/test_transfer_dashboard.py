"""Import, export and backup from the dashboard's command palette."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from textual.widgets import Input, Select

from followup_tui.db import open_db
from followup_tui.store import Store
from followup_tui.tui.app import FollowupApp
from followup_tui.tui.screens.forms import FormScreen
from tests import FIXTURES_ROOT
from tests.tui.test_app import NOW, SIZE, TODAY, fake_copier

FIXTURES = FIXTURES_ROOT / "linkedin"


async def run_command(app: FollowupApp, pilot: object, words: str) -> FormScreen[Any]:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*words)
    await pilot.pause(0.5)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, FormScreen), app.screen
    return app.screen


def count(store: Store, table: str) -> int:
    return int(store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


async def test_import_linkedin_previews_then_imports(tmp_path: Path) -> None:
    store = Store(open_db(tmp_path / "db.db"), now=NOW)
    app = FollowupApp(store, TODAY, copier=fake_copier, threaded=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = await run_command(app, pilot, "import: LinkedIn")
        form.query_one("#field-path", Input).value = str(FIXTURES / "Connections.csv")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert count(store, "contacts") == 0, "the preview wrote something"
        assert any("dry run" in n.message for n in app._notifications)
        form = await run_command(app, pilot, "import: LinkedIn")
        form.query_one("#field-path", Input).value = str(FIXTURES / "Connections.csv")
        form.query_one("#field-dry_run", Select).value = False
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert count(store, "contacts") > 0
        assert app.snapshot is not None and app.snapshot.contacts_total == count(store, "contacts")


async def test_a_missing_file_is_refused_in_the_form(tmp_path: Path) -> None:
    store = Store(open_db(tmp_path / "db.db"), now=NOW)
    app = FollowupApp(store, TODAY, copier=fake_copier, threaded=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = await run_command(app, pilot, "import: LinkedIn")
        form.query_one("#field-path", Input).value = str(tmp_path / "nope.csv")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert "no file" in str(app.screen.query_one("#path-message").render())


async def test_export_json_and_backup(tmp_path: Path) -> None:
    from followup_tui.demo import build_demo

    store = Store(open_db(tmp_path / "db.db"), now=NOW)
    build_demo(store, TODAY)
    app = FollowupApp(store, TODAY, copier=fake_copier, threaded=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = await run_command(app, pilot, "export: everything")
        target = tmp_path / "out.json"
        form.query_one("#field-path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await pilot.pause()
        dump = json.loads(target.read_text())
        assert dump["format"] == "followup-tui"
        form = await run_command(app, pilot, "backup: copy")
        copy = tmp_path / "copy.db"
        form.query_one("#field-path", Input).value = str(copy)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert os.stat(copy).st_mode & 0o777 == 0o600
        assert count(Store(open_db(copy)), "applications") == count(store, "applications")

"""The palette's import runs in a worker thread with a progress bar; the dashboard answers
keys meanwhile."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, ProgressBar, Select

from followup_tui.db import open_db
from followup_tui.store import Store
from followup_tui.tui.app import FollowupApp
from followup_tui.tui.screens.help import HelpScreen
from tests.store.test_import_batches import connections
from tests.tui.test_app import NOW, SIZE, TODAY, fake_copier
from tests.tui.test_transfer_dashboard import count, run_command


async def start_import(app: FollowupApp, pilot: Pilot[None], source: Path) -> None:
    """The palette's LinkedIn import of `source`, for real (not a dry run), started."""
    form = await run_command(app, pilot, "import: LinkedIn")
    form.query_one("#field-path", Input).value = str(source)
    form.query_one("#field-dry_run", Select).value = False
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_the_palette_import_runs_in_a_worker_with_a_progress_bar(tmp_path: Path) -> None:
    source = tmp_path / "Connections.csv"
    source.write_bytes(connections(8000))
    store = Store(open_db(tmp_path / "db.db"), now=NOW)
    app = FollowupApp(store, TODAY, copier=fake_copier)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await start_import(app, pilot, source)
        (worker,) = [w for w in app.workers if w.group == "import"]
        bars = list(app.screen.query("#import-progress").results(ProgressBar))
        await pilot.press("question_mark")
        await pilot.pause()
        answered_while_importing = isinstance(app.screen, HelpScreen) and worker.is_running
        await worker.wait()
        await pilot.pause()
        assert len(bars) == 1, "no progress bar while importing"
        assert answered_while_importing, "the dashboard waited for the import"
        assert bars[0].total == 8000 and bars[0].progress == 8000
        assert not list(app.query("#import-progress"))
        assert count(store, "contacts") == 8000
        assert any("8000 added" in n.message for n in app._notifications)

"""An import is one change of the history, however many batches it took."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from followup_tui.db import open_db
from followup_tui.store import Store
from followup_tui.transfer.base import Interrupted, write_batches
from followup_tui.tui.app import FollowupApp
from tests.store.test_history import one, path, run
from tests.store.test_import_batches import connections
from tests.tui.test_app import NOW, SIZE, TODAY, fake_copier, private_state
from tests.tui.test_import_worker import start_import
from tests.tui.test_transfer_dashboard import count

__all__ = ["path", "private_state"]


def test_followup_undo_takes_back_an_import_and_only_it(path: Path, tmp_path: Path) -> None:
    assert run(path, "add", "application", "--company", "Acme", "--role", "Engineer").exit_code == 0
    sheet = tmp_path / "x.csv"
    sheet.write_text(
        "company,role,url,notes\nAcme,Engineer,https://acme.example/job,imported notes\n"
        "Beta,Dev,,\n"
    )
    imported = run(path, "import", "csv", str(sheet))
    assert imported.exit_code == 0, imported.output
    store = Store(open_db(path))
    history = [c.label for c in store.journal.recent(2)]
    assert history[0] == "import csv x.csv"
    undone = run(path, "undo")
    assert undone.exit_code == 0 and "import csv x.csv" in undone.output
    acme = one(
        store, "SELECT url IS NULL AND notes IS NULL FROM applications WHERE role = 'Engineer'"
    )
    assert acme == 1  # the merge is taken back, the application the add made stays
    assert one(store, "SELECT count(*) FROM companies WHERE name = 'Beta'") == 0
    assert run(path, "undo").exit_code == 0  # then the add itself
    assert one(store, "SELECT count(*) FROM companies WHERE name = 'Acme'") == 0


def test_a_dry_run_is_no_change(path: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "x.csv"
    sheet.write_text("company,role\nGamma,Dev\n")
    before = one(Store(open_db(path)), "SELECT count(*) FROM changes")
    assert run(path, "import", "csv", "--dry-run", str(sheet)).exit_code == 0
    assert one(Store(open_db(path)), "SELECT count(*) FROM changes") == before


def test_an_import_stopped_half_way_is_one_change_that_undoes_what_it_wrote(path: Path) -> None:
    store = Store(open_db(path))
    before = one(store, "SELECT count(*) FROM companies")
    written: list[int] = []

    def write(n: int) -> None:
        if n == 150:
            raise OSError("the disk went away")
        written.append(store.add_company(f"Batch Co {n}"))

    import followup_tui.transfer.base as base

    with store.spanning("import many") as change:
        old = base.BATCH_SECONDS
        base.BATCH_SECONDS = 0.0  # one record per batch: many transactions
        try:
            with pytest.raises(Interrupted):
                write_batches(store, list(range(200)), write)
        finally:
            base.BATCH_SECONDS = old
    assert len(written) == 150
    assert one(store, "SELECT count(*) FROM changes") == 1
    assert change.change_id is not None
    store.undo_change(change.change_id)
    assert one(store, "SELECT count(*) FROM companies") == before


async def test_u_takes_back_a_palette_import(tmp_path: Path) -> None:
    source = tmp_path / "Connections.csv"
    source.write_bytes(connections(300))
    store = Store(open_db(tmp_path / "db.db"), now=NOW)
    app = FollowupApp(store, TODAY, copier=fake_copier)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await start_import(app, pilot, source)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert count(store, "contacts") == 300
        labels: list[Any] = [u.what for u in app.state.undo_stack]
        assert labels == ["import linkedin Connections.csv"]
        await pilot.press("escape", "u")
        await pilot.pause()
        assert count(store, "contacts") == 0

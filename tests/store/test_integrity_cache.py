"""The integrity check runs once per version of the file, not on every command."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from followup_tui.db import checked_integrity, files, open_db


def test_an_unchanged_file_is_checked_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "f.db"
    conn = open_db(path)
    conn.execute("INSERT INTO settings (name, value) VALUES ('user_name', 'Ada')")
    calls: list[int] = []
    real = files.integrity_problem

    def counting(c: object) -> str | None:
        calls.append(1)
        return real(c)  # type: ignore[arg-type]

    monkeypatch.setattr(files, "integrity_problem", counting)
    stamps = tmp_path / "state" / "checked"
    assert checked_integrity(conn, path, stamps) is None
    assert checked_integrity(conn, path, stamps) is None
    assert len(calls) == 1
    assert os.stat(stamps).st_mode & 0o777 == 0o600
    conn.execute("INSERT INTO settings (name, value) VALUES ('signature', 'A.')")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert checked_integrity(conn, path, stamps) is None
    assert len(calls) == 2, "a changed file must be checked again"


def test_a_failed_check_is_not_remembered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "f.db"
    conn = open_db(path)
    monkeypatch.setattr(files, "integrity_problem", lambda c: "page 3: bad")
    stamps = tmp_path / "checked"
    assert checked_integrity(conn, path, stamps) == "page 3: bad"
    assert checked_integrity(conn, path, stamps) == "page 3: bad"
    assert not stamps.exists()

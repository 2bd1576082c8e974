"""Import hygiene: the layers hold, no import cycle, the core never loads Textual, and
`followup today` starts light."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "followup_tui"
#: Modules of the dashboard that load no Textual: the command line reads the kept first
#: screen (cache.py, view.py) before Textual is imported, and the dashboard's own state and
#: what the panes show are plain data, tested without it.
TEXTUAL_FREE_TUI = (
    "followup_tui.tui",
    "followup_tui.tui.cache",
    "followup_tui.tui.present",
    "followup_tui.tui.snapshot",
    "followup_tui.tui.state",
    "followup_tui.tui.view",
)


def _modules() -> list[str]:
    """Every module of the package, from its files (nothing imported to find them)."""
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def _textual_free() -> list[str]:
    """Every module outside `tui/` (the command line's included: `followup today` never loads
    Textual, and the dashboard command imports the app only when it opens it) and the
    Textual-free modules of `tui/`. `__main__` is left out: importing it runs the program."""
    outside = [
        name
        for name in _modules()
        if not name.startswith("followup_tui.tui") and name != "followup_tui.__main__"
    ]
    return [*outside, *TEXTUAL_FREE_TUI]


#: None of them may import Textual (DESIGN §6).
CORE = _textual_free()

#: Imports each module named on the command line and reports which heavy packages it loaded.
IMPORT_SCRIPT = """
import importlib, json, sys
loaded = {}
for name in sys.argv[1:]:
    importlib.import_module(name)
    loaded[name] = sorted(
        top for top in ("textual", "sqlite_utils") if top in sys.modules
    )
print(json.dumps(loaded))
"""

#: Runs the real command line (`followup ARGS`) and reports what it loaded on the way.
CLI_SCRIPT = """
import json, sys
from followup_tui import cli
sys.argv = ["followup", *sys.argv[1:]]
code = 0
try:
    cli.main()
except SystemExit as exit:
    code = exit.code
sys.stdout.flush()
print()
print(json.dumps({
    "exit": code,
    "textual": "textual" in sys.modules,
    "sqlite_utils": "sqlite_utils" in sys.modules,
}))
"""


def _python(script: str, *args: str, tmp_path: Path) -> Any:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")}
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg-data")
    env["XDG_STATE_HOME"] = str(tmp_path / "xdg-state")
    env["COLUMNS"] = "80"
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_core_modules_do_not_import_textual(tmp_path: Path) -> None:
    loaded = _python(IMPORT_SCRIPT, *CORE, tmp_path=tmp_path)
    offenders = {name: found for name, found in loaded.items() if "textual" in found}
    assert not offenders, f"imports Textual: {offenders}"


def test_each_core_module_alone_stays_clear_of_textual(tmp_path: Path) -> None:
    """One interpreter per module, so no module hides behind another's imports."""
    for name in CORE:
        loaded = _python(IMPORT_SCRIPT, name, tmp_path=tmp_path)
        assert "textual" not in loaded[name], name


def test_the_check_would_see_textual(tmp_path: Path) -> None:
    """The dashboard does import Textual: the checks above are not vacuous."""
    loaded = _python(IMPORT_SCRIPT, "followup_tui.tui.app", tmp_path=tmp_path)
    assert "textual" in loaded["followup_tui.tui.app"]


@pytest.fixture(scope="module")
def migrated_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database, created (and migrated) by a run of the real command line."""
    tmp_path = tmp_path_factory.mktemp("layers")
    db = tmp_path / "followup.db"
    report = _python(
        CLI_SCRIPT, "--db", str(db), "--today", "2026-11-25", "demo", tmp_path=tmp_path
    )
    assert report["exit"] == 0
    assert not report["textual"]
    # Creating the schema is the one job that needs sqlite-utils.
    assert report["sqlite_utils"]
    return db


@pytest.mark.parametrize(
    "args",
    [
        ["today"],
        ["today", "--json", "--days", "7"],
        ["draft", "nope"],
        ["stage", "999", "offer"],
    ],
    ids=" ".join,
)
def test_followup_today_never_imports_textual_or_sqlite_utils(
    migrated_db: Path, tmp_path: Path, args: list[str]
) -> None:
    report = _python(
        CLI_SCRIPT, "--db", str(migrated_db), "--today", "2026-11-25", *args, tmp_path=tmp_path
    )
    assert not report["textual"], f"`followup {' '.join(args)}` imported Textual"
    assert not report["sqlite_utils"], f"`followup {' '.join(args)}` imported sqlite-utils"
    if args[0] == "today":
        assert report["exit"] == 0
    else:
        assert report["exit"] != 0


def test_help_does_not_import_textual(tmp_path: Path) -> None:
    report = _python(CLI_SCRIPT, "--help", tmp_path=tmp_path)
    assert report["exit"] == 0
    assert not report["textual"]


def test_python_m_followup_today_never_imports_textual(migrated_db: Path, tmp_path: Path) -> None:
    """`python -m followup_tui today`, watched by the interpreter's own import log."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")}
    env["XDG_STATE_HOME"] = str(tmp_path / "xdg-state")
    args = ["--db", str(migrated_db), "--today", "2026-11-25", "today"]
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "followup_tui", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "KEY" in done.stdout
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()}
    assert "followup_tui.playbook" in imported
    assert not {name for name in imported if name.split(".")[0] in ("textual", "sqlite_utils")}


# --- the layers and cycles -------------------------------------------------------------------


def test_the_layer_contracts_hold() -> None:
    """pyproject.toml's [tool.importlinter] contracts: core, db, store, transfer and demo."""
    program = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(program), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout, done.stdout


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (or a module importing itself),
    by Tarjan's algorithm, iterative."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1 or node in edges[node]:
                    found.append(sorted(group))
    return found


def test_the_cycle_finder_finds_cycles() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"d"}, "e": {"a"}}
    assert sorted(_cycles(edges)) == [["a", "b", "c"], ["d"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_anywhere() -> None:
    """Imports inside functions count: a deferred import is still a cycle of meaning."""
    graph = grimp.build_graph("followup_tui", exclude_type_checking_imports=True, cache_dir=None)
    edges = {name: set(graph.find_modules_directly_imported_by(name)) for name in graph.modules}
    cycles = _cycles(edges)
    shown = []
    for group in cycles:
        first, *rest = group
        back = graph.find_shortest_chain(importer=rest[0], imported=first) if rest else None
        there = graph.find_shortest_chain(importer=first, imported=rest[0]) if rest else None
        loop = " -> ".join([*(there or (first,)), *(back or ())[1:]])
        shown.append(f"{', '.join(group)}: {loop}")
    assert not cycles, "import cycles:\n" + "\n".join(shown)

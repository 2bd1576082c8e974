"""Time `followup today` on a 10,000-application database against reference commands.

Run by hand: `python benchmarks/bench_today.py [--runs 7] [--applications 10000]`.
Every timing is the median wall time of several runs of a fresh process, all measured in
this one run, so the ratios compare like with like on whatever machine runs it:

- `python -c pass`: the interpreter's own start-up;
- importing the package's dependencies (click, pendulum, sqlite3, sqlite_utils, pyperclip,
  platformdirs and textual.app): what a naive start-up would pay;
- `followup today` on the large demo database;
- `task next` of Taskwarrior on 10,000 pending tasks, when `task` is installed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from installed import compile_package

TODAY = "2026-11-25"


def median_seconds(command: list[str], runs: int, env: dict[str, str] | None = None) -> float:
    samples = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        subprocess.run(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env
        )
        samples.append(time.perf_counter() - start)
    return statistics.median(samples[1:])  # the first run only warms the file cache


def build_database(folder: Path, applications: int) -> Path:
    path = folder / f"demo-{applications}.db"
    if not path.exists():
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "followup_tui",
                "--db",
                str(path),
                "--today",
                TODAY,
                "demo",
                "--applications",
                str(applications),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        print(f"built {path.name} in {time.perf_counter() - start:.1f} s")
    return path


def taskwarrior_env(folder: Path, tasks: int) -> dict[str, str] | None:
    task = shutil.which("task")
    if task is None:
        return None
    data = folder / "task-data"
    rc = folder / "taskrc"
    env = {**os.environ, "TASKRC": str(rc), "TASKDATA": str(data)}
    if not data.exists():
        data.mkdir()
        rc.write_text(f"data.location={data}\nconfirmation=off\nverbose=nothing\n")
        rows = [
            {
                "description": f"Follow up with contact {i}",
                "status": "pending",
                "entry": "20261101T090000Z",
                "due": f"202612{(i % 28) + 1:02d}T090000Z",
                "project": f"company{i % 500}",
                "uuid": f"{i:08d}-0000-4000-8000-000000000000",
            }
            for i in range(tasks)
        ]
        source = folder / "tasks.json"
        source.write_text(json.dumps(rows))
        subprocess.run(
            [task, "import", str(source)],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="Folder to keep the databases in between runs.")
    args = parser.parse_args()
    compile_package()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="followup-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    database = build_database(folder, args.applications)
    followup = [
        sys.executable,
        "-m",
        "followup_tui",
        "--db",
        str(database),
        "--today",
        TODAY,
        "today",
    ]
    imports = "import click, pendulum, sqlite3, sqlite_utils, pyperclip, platformdirs, textual.app"
    results = {
        "python -c pass": median_seconds([sys.executable, "-c", "pass"], args.runs),
        "import all dependencies": median_seconds([sys.executable, "-c", imports], args.runs),
        f"followup today ({args.applications} applications)": median_seconds(followup, args.runs),
    }
    env = taskwarrior_env(folder, args.applications)
    if env is not None:
        results[f"task next ({args.applications} tasks)"] = median_seconds(
            ["task", "next"], args.runs, env
        )
    base = results["python -c pass"]
    today = results[f"followup today ({args.applications} applications)"]
    print(f"median of {args.runs} runs each")
    for name, seconds in results.items():
        print(
            f"{name:<40} {seconds * 1000:8.1f} ms  {seconds / base:6.1f}x python -c pass"
            f"  {today / seconds:5.2f}x (followup today / this)"
        )


if __name__ == "__main__":
    main()

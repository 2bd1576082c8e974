"""Import, export and backup's screens: the file prompt, and the summary of what an import
found wrong (the flows are transfer_flows.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pendulum import Date

from followup_tui.text import escaped
from followup_tui.tui.screens.forms import Field, FormScreen, FormSpec, Values
from followup_tui.tui.screens.help import HelpScreen


@dataclass(frozen=True)
class PathForm:
    """The file to read or write, and (for an import) whether to only preview it."""

    path: Path
    dry_run: bool = False

    @classmethod
    def read(cls, values: Values) -> PathForm:
        return cls(Path(values["path"]).expanduser(), bool(values.get("dry_run", False)))


def existing_file(text: str) -> str | None:
    path = Path(text).expanduser()
    if not path.exists():
        return f"no file at {escaped(str(path))}"
    return None if path.is_file() else f"{escaped(str(path))} is a folder, not a file"


def writable_folder(text: str) -> str | None:
    folder = Path(text).expanduser().parent
    return None if folder.is_dir() else f"no folder {escaped(str(folder))}"


def path_prompt(
    title: str,
    default: str,
    check: Callable[[str], str | None],
    today: Date,
    work_days: frozenset[int],
    preview: bool = False,
) -> FormScreen[PathForm]:
    """Ask for a file (checked as typed); with `preview`, whether to write nothing yet."""
    fields = [Field("path", "File", required=True, value=default, check=check)]
    if preview:
        fields.append(
            Field(
                "dry_run",
                "Preview first (writes nothing)",
                kind="choice",
                choices=((True, "yes, only show what would change"), (False, "no, import now")),
                value=True,
                required=True,
            )
        )
    return FormScreen(FormSpec(title, tuple(fields), today, work_days, "Go"), PathForm.read)


def summary_screen(lines: Sequence[str]) -> HelpScreen:
    """The first line as the title, then every problem an import met (cleaned already)."""
    return HelpScreen([("", line) for line in lines[1:]], title=lines[0], legend=None)

"""The dashboard's own setup: the settings form and the drafts' templates.

Each opens a modal that returns what was typed (screens/settings.py, screens/templates.py);
this writes it as one change of the history, which `u` takes back.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from followup_tui import drafts, models
from followup_tui.tui.screens.choose import ChooseScreen
from followup_tui.tui.screens.forms import FormScreen, FormSpec
from followup_tui.tui.screens.settings import changed_settings, settings_fields
from followup_tui.tui.screens.templates import TEMPLATED, TemplateScreen

if TYPE_CHECKING:
    from followup_tui.tui.host import Host


#: Where a skipped name prompt is remembered: one database file per line.
SKIPPED_FILE = "name-prompt-skipped"


def _skipped_file() -> Path:
    from followup_tui.paths import state_dir

    return state_dir() / SKIPPED_FILE


def name_prompt_skipped(database: str) -> bool:
    if not database:
        return False
    try:
        return database in _skipped_file().read_text(encoding="utf-8").splitlines()
    except OSError:
        return False


def _remember_skip(database: str) -> None:
    if not database:  # a database in memory: asked once per session only
        return
    path = _skipped_file()
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as file:
            file.write(database + "\n")


def ask_name(host: Host, database: str) -> None:
    """The first c, e or m with no name set: your name and signature, asked once (escape
    skips, and the skip is remembered for this database)."""
    current = host.store.settings()
    wanted = {"user_name", "signature"}
    fields = tuple(f for f in settings_fields(current) if f.name in wanted)

    def saved(values: dict[str, Any] | None) -> None:
        if values is None:
            _remember_skip(database)
            host.notify("Drafts will say [your name] until you set it (f2, Settings)")
            return
        _save_settings(host, current, values)

    spec = FormSpec("Your name, for the drafts you send", fields, host.today, host.work_days())
    host.push_screen(FormScreen(spec), saved)


def _save_settings(host: Host, current: models.Settings, values: dict[str, Any]) -> None:
    changed = changed_settings(current, values)
    if not changed:
        return

    def write() -> bool:
        for name, value in changed.items():
            host.store.set_setting(name, value)
        return True

    if host.saved(write, label="settings") is None:
        return
    host.push_undo("settings")
    host.notify(f"Saved {len(changed)} setting(s); the playbook uses them now")
    host.refresh_data()


def edit_settings(host: Host) -> None:
    current = host.store.settings()

    def saved(values: dict[str, Any] | None) -> None:
        if values is not None:
            _save_settings(host, current, values)

    spec = FormSpec("Settings", tuple(settings_fields(current)), host.today, host.work_days())
    host.push_screen(FormScreen(spec), saved)


def choose_template(host: Host) -> None:
    options = [(s.value, s.label) for s in TEMPLATED]
    host.push_screen(
        ChooseScreen("Edit the template of…", options), lambda chosen: edit_template(host, chosen)
    )


def edit_template(host: Host, chosen: str | None) -> None:
    if chosen is None:
        return
    strategy = models.Strategy(chosen)
    subject, body = host.store.template(strategy) or drafts.BUILT_IN[strategy]
    sample = host.selected_action()
    if sample is None or sample.strategy is not strategy:
        sample = next(
            (a for a in (host.snapshot.actions if host.snapshot else ()) if a.strategy is strategy),
            sample,
        )
    settings = host.store.settings()

    def preview(new_subject: str, new_body: str) -> str:
        if sample is None:
            return "(no action of this kind to preview with)"
        draft = drafts.render(sample, settings, host.today, {strategy: (new_subject, new_body)})
        return draft.text if draft else ""

    def done(result: tuple[str, str] | str | None) -> None:
        if result is None:
            return

        def write() -> bool:
            if result == "reset":
                host.store.reset_template(strategy)
                host.notify(f"{strategy.label}: back to the built-in template")
            else:
                assert isinstance(result, tuple)
                host.store.set_template(strategy, *result)
                host.notify(f"{strategy.label}: template saved")
            return True

        if host.saved(write, label=f"{strategy.label} template") is None:
            # Not saved (the notice says why): the editor comes back with what was typed.
            typed = result if isinstance(result, tuple) else (subject, body)
            host.push_screen(TemplateScreen(strategy, *typed, preview), done)
            return
        host.push_undo(f"{strategy.label} template")
        host.refresh_data()

    host.push_screen(TemplateScreen(strategy, subject, body, preview), done)

"""The dashboard's record keys: details, add, edit, stages, log, delete, settings, search.

A mixin of FollowupApp (app.py), which keeps the daily review (done, copy, snooze, skip,
undo) and the panes; these are the keys that run the rest of the job search.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from followup_tui import dates, drafts, models
from followup_tui.models import Action, Touch
from followup_tui.tui import editing, forms, modals, present, screens
from followup_tui.tui.panes import ContactsTable, PipelineTable, Table, TodayTable
from followup_tui.tui.part import AppPart


class RecordKeys(AppPart):
    def _actions_where(self, keep: Callable[[Action], bool]) -> list[Action]:
        app = self.dashboard
        return [a for a in (app.snapshot.actions if app.snapshot else ()) if keep(a)]

    def open_application(self, app_id: int) -> None:
        app = self.dashboard
        with app.db_lock:
            application = app.store.application(app_id)
            contacts = app.store.contacts_of(app_id)
            interviews = app.store.interviews_of(app_id)
            touches = app.store.touches_for(app_id=app_id)
            history = app.store.stage_history(app_id)
            done = app.store.strategies_done([app_id]).get(app_id, frozenset())
        mine = app._actions_where(lambda a: a.application_id == app_id)
        states = present.strip_states(app_id, {app_id: mine}, done, app.today)
        facts = [
            f"Stage: {application.stage.value}"
            + (
                f" · applied {dates.describe_day(application.applied_on)}"
                if application.applied_on
                else ""
            )
            + (
                f" · they'll answer by {dates.describe_day(application.response_by)}"
                if application.response_by
                else ""
            ),
            f"URL: {application.url}" if application.url else "",
            "Contacts: "
            + (", ".join(f"{c.name} ({c.kind.value})" for c in contacts) or "none yet"),
        ]
        for interview in interviews:
            facts.append(
                f"Interview {dates.describe_day(interview.starts_at.date())} "
                f"{interview.kind or ''}: " + (interview.highlights or "no highlights noted")
            )
        lines = [f"{dates.describe_day(at.date())}  stage → {stage.value}" for stage, at in history]
        lines += [_touch_line(t) for t in touches]
        lines.sort(reverse=True)
        app.push_screen(
            modals.DetailScreen(
                f"{application.company} — {application.role}",
                [f for f in facts if f],
                modals.strategy_lines(states, mine),
                lines,
                app.today,
            ),
            app._detail_done,
        )

    def open_contact(self, contact_id: int) -> None:
        app = self.dashboard
        with app.db_lock:
            contact = app.store.contact(contact_id)
            touches = app.store.touches_for(contact_id=contact_id)
        mine = app._actions_where(lambda a: a.contact_id == contact_id)
        facts = [
            f"{contact.title or contact.kind.value} at {contact.company or 'no company'}",
            " · ".join(x for x in (contact.email, contact.phone) if x),
            f"LinkedIn: {contact.linkedin_state.value}"
            + (f" · {contact.linkedin_url}" if contact.linkedin_url else ""),
            "Next: "
            + (
                "; ".join(
                    f"{a.title} ({dates.describe_day(a.due)})"
                    for a in sorted(mine, key=lambda a: a.due)
                )
                or "nothing planned"
            ),
        ]
        from followup_tui.tui.view import DUE, OVERDUE, UPCOMING

        states = {s: "n/a" for s in models.Strategy}
        for action in mine:
            status = action.status(app.today)
            states[action.strategy] = {
                models.Status.OVERDUE: OVERDUE,
                models.Status.DUE: DUE,
                models.Status.UPCOMING: UPCOMING,
            }[status]
        app.push_screen(
            modals.DetailScreen(
                contact.name,
                [f for f in facts if f],
                modals.strategy_lines(states, mine),
                [_touch_line(t) for t in touches],
                app.today,
            ),
            app._detail_done,
        )

    def _detail_done(self, key: str | None) -> None:
        app = self.dashboard
        if key is None or app.snapshot is None:
            return
        action = next((a for a in app.snapshot.actions if a.key == key), None)
        if action is not None:
            app._mark_done(action)

    # --- running the job search: add, edit, stage, log, delete, settings, search ----------

    def work_days(self) -> frozenset[int]:
        app = self.dashboard
        if app.snapshot is not None:
            return app.snapshot.settings.work_weekdays
        return app.store.settings().work_weekdays

    def selection(self) -> tuple[int | None, int | None]:
        app = self.dashboard
        """The selected (application id, contact id), by the focused pane."""
        focused = app.focused
        if isinstance(focused, PipelineTable):
            key = focused.selected_key()
            return (int(key) if key else None), None
        if isinstance(focused, ContactsTable):
            key = focused.selected_key()
            return None, (int(key) if key else None)
        action = app.selected_action()
        if action is None:
            return None, None
        return action.application_id, action.contact_id

    def action_add(self) -> None:
        app = self.dashboard

        def chosen(kind: str | None) -> None:
            if kind:
                app_id, contact_id = app.selection()
                editing.add(app, kind, application=app_id, contact=contact_id)

        app.push_screen(screens.ChooseScreen("Add…", editing.ADDABLE), chosen)

    def action_add_child(self) -> None:
        app = self.dashboard
        app_id, contact_id = app.selection()
        if isinstance(app.focused, ContactsTable) and contact_id is not None:
            editing.add(app, "message", contact=contact_id)
        elif app_id is not None:
            editing.add(app, "interview", application=app_id)
        else:
            app.notify("Select an application or a contact first", severity="warning")

    def _selected_application(self) -> int | None:
        app = self.dashboard
        app_id, _contact = app.selection()
        if app_id is None:
            app.notify("Select an application first (Pipeline, or an action)", severity="warning")
        return app_id

    def action_stage(self, step: int) -> None:
        app = self.dashboard
        app_id = app._selected_application()
        if app_id is not None:
            editing.step_stage(app, app_id, step)

    def action_pick_stage(self) -> None:
        app = self.dashboard
        app_id = app._selected_application()
        if app_id is not None:
            editing.pick_stage(app, app_id)

    def action_highlights(self) -> None:
        app = self.dashboard
        action = app.selected_action() if isinstance(app.focused, TodayTable) else None
        interview_id = action.interview_id if action else None
        if interview_id is None:
            app_id, _contact = app.selection()
            interviews = app.store.interviews_of(app_id) if app_id is not None else []
            interview_id = interviews[-1].id if interviews else None
        if interview_id is None:
            app.notify("No interview here: add one with n on an application", severity="warning")
            return
        editing.edit_interview(app, interview_id)

    def action_edit_record(self) -> None:
        app = self.dashboard
        focused = app.focused
        if isinstance(focused, PipelineTable):
            key = focused.selected_key()
            if key is not None:
                editing.edit_company(app, app.store.application(int(key)).company_id)
            return
        if isinstance(focused, ContactsTable):
            app.action_edit()
            return
        action = app.selected_action()
        if action is None:
            return
        if action.event_id is not None:
            editing.edit_event(app, action.event_id)
        elif action.resource_id is not None:
            editing.edit_resource(app, action.resource_id)
        elif action.strategy is models.Strategy.REPLY:
            editing.edit_message(app, int(action.key.removeprefix("re-")))
        elif action.interview_id is not None:
            editing.edit_interview(app, action.interview_id)
        elif action.application_id is not None:
            editing.edit_application(app, action.application_id)
        elif action.company_id is not None:
            editing.edit_company(app, action.company_id)

    def action_log(self) -> None:
        app = self.dashboard
        app_id, contact_id = app.selection()
        editing.log_touch(app, contact_id, app_id)

    def action_delete(self) -> None:
        app = self.dashboard
        focused = app.focused
        key = focused.selected_key() if isinstance(focused, Table) else None
        if key is None or isinstance(focused, TodayTable):
            app.notify(
                "Select an application (Pipeline) or a contact (Contacts) to delete",
                severity="warning",
            )
            return
        if isinstance(focused, PipelineTable):
            application = app.store.application(int(key))
            editing.delete(
                app, "applications", application.id, f"{application.company} — {application.role}"
            )
        else:
            contact = app.store.contact(int(key))
            editing.delete(app, "contacts", contact.id, contact.name)

    def action_settings(self) -> None:
        app = self.dashboard
        current = app.store.settings()

        def saved(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            changed = screens.changed_settings(current, values)
            if not changed:
                return

            def write() -> bool:
                for name, value in changed.items():
                    app.store.set_setting(name, value)
                return True

            if app.saved(write, label="settings") is None:
                return
            app.push_undo("settings")
            app.notify(f"Saved {len(changed)} setting(s); the playbook uses them now")
            app.refresh_data()

        spec = forms.FormSpec(
            "Settings", tuple(screens.settings_fields(current)), app.today, app.work_days()
        )
        app.push_screen(forms.FormScreen(spec), saved)

    def action_templates(self) -> None:
        app = self.dashboard
        options = [(s.value, s.label) for s in screens.TEMPLATED]
        app.push_screen(screens.ChooseScreen("Edit the template of…", options), app._edit_template)

    def _edit_template(self, chosen: str | None) -> None:
        app = self.dashboard
        if chosen is None:
            return
        strategy = models.Strategy(chosen)
        subject, body = app.store.template(strategy) or drafts.BUILT_IN[strategy]
        sample = app.selected_action()
        if sample is None or sample.strategy is not strategy:
            sample = next(
                (
                    a
                    for a in (app.snapshot.actions if app.snapshot else ())
                    if a.strategy is strategy
                ),
                sample,
            )
        settings = app.store.settings()

        def preview(new_subject: str, new_body: str) -> str:
            if sample is None:
                return "(no action of this kind to preview with)"
            draft = drafts.render(sample, settings, app.today, {strategy: (new_subject, new_body)})
            return draft.text if draft else ""

        def done(result: tuple[str, str] | str | None) -> None:
            if result is None:
                return

            def write() -> bool:
                if result == "reset":
                    app.store.reset_template(strategy)
                    app.notify(f"{strategy.label}: back to the built-in template")
                else:
                    assert isinstance(result, tuple)
                    app.store.set_template(strategy, *result)
                    app.notify(f"{strategy.label}: template saved")
                return True

            if app.saved(write, label=f"{strategy.label} template") is None:
                # Not saved (the notice says why): the editor comes back with what was typed.
                typed = result if isinstance(result, tuple) else (subject, body)
                app.push_screen(screens.TemplateScreen(strategy, *typed, preview), done)
                return
            app.push_undo(f"{strategy.label} template")
            app.refresh_data()

        app.push_screen(screens.TemplateScreen(strategy, subject, body, preview), done)

    def action_search(self) -> None:
        app = self.dashboard

        def search(text: str) -> list[tuple[str, int, str, str]]:
            with app.db_lock:
                return app.store.search_everything(text)

        def chosen(hit: tuple[str, int] | None) -> None:
            if hit is not None:
                app.open_hit(*hit)

        app.push_screen(screens.SearchScreen(search), chosen)

    def open_hit(self, kind: str, ref: int) -> None:
        """Open what a search found: its detail, or the pipeline filtered to a company."""
        app = self.dashboard
        if kind == "application":
            app.open_application(ref)
        elif kind == "contact":
            app.open_contact(ref)
        elif kind == "interview":
            app.open_application(app.store.interview(ref).application_id)
        else:
            app.filters["pipeline"] = app.store.company(ref).name
            app.action_focus_pane("pipeline")
            app.refresh_data()


def _touch_line(touch: Touch) -> str:
    arrow = "→" if touch.direction.value == "out" else "←"
    what = touch.strategy.label if touch.strategy else (touch.channel or "touch")
    about = touch.subject or touch.note or ""
    return f"{dates.describe_day(touch.at.date())}  {arrow} {what}" + (
        f": {about}" if about else ""
    )

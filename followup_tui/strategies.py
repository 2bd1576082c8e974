"""The eight follow-up strategies as pure rules, one method each: facts in, actions out.

playbook.py ranks what they yield, with the user's snoozes and skips applied.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypedDict

from pendulum import Date

from followup_tui.dates import add_business_days, add_days, describe_day
from followup_tui.facts import AppRef, PlaybookState
from followup_tui.models import Action, Settings, Stage, Strategy


def _stamp(day: Date) -> str:
    return day.strftime("%Y%m%d")


class AppFields(TypedDict, total=False):
    """The fields of an Action that name its application (and the company)."""

    company_id: int | None
    company: str | None
    application_id: int | None
    role: str | None
    stage: Stage | None
    applied_on: Date | None
    response_by: Date | None
    why_fit: str | None


def _app_fields(app: AppRef | None) -> AppFields:
    if app is None:
        return {}
    return {
        "company_id": app.company_id,
        "company": app.company,
        "application_id": app.id,
        "role": app.role,
        "stage": app.stage,
        "applied_on": app.applied_on,
        "response_by": app.response_by,
        "why_fit": app.why_fit,
    }


class Rules:
    """The rules of DESIGN §2, one method each, sharing the settings and the date."""

    def __init__(self, state: PlaybookState, today: Date, limit: Date | None = None) -> None:
        self.state = state
        self.today = today
        #: Actions due after this day are not built at all (they'd be filtered out anyway).
        self.limit = limit
        self.cfg: Settings = state.settings
        self.work = self.cfg.work_weekdays

    def beyond(self, due: Date) -> bool:
        return self.limit is not None and due > self.limit

    def bd(self, day: Date, days: int) -> Date:
        return add_business_days(day, days, self.work)

    def thank_you(self) -> Iterator[Action]:
        for fact in self.state.thank_yous:
            if fact.on > self.today:
                continue
            who = fact.contact.name if fact.contact else "your interviewer"
            key = f"ty-{fact.interview_id}"
            if not fact.no_participants and fact.contact:
                key += f"-{fact.contact.id}"
            yield Action(
                key=key,
                strategy=Strategy.THANK_YOU,
                title=f"Thank {who} for the interview",
                why=f"interviewed {describe_day(fact.on)} for {fact.app.role}",
                due=fact.on,
                deadline=self.bd(fact.on, self.cfg.thank_you_deadline_bd),
                contact=fact.contact,
                interview_id=fact.interview_id,
                interview_on=fact.on,
                highlights=(fact.own_highlights or "").strip() or fact.highlights,
                no_interviewer=fact.no_participants,
                panel=(fact.panel_index, fact.panel_size),
                **_app_fields(fact.app),
            )

    def linkedin(self) -> Iterator[Action]:
        for fact in self.state.linkedin:
            base = fact.first_interview or fact.added_on
            due = self.bd(base, self.cfg.linkedin_due_bd)
            if self.beyond(due):
                continue
            why = (
                f"met at the interview on {describe_day(fact.first_interview)}"
                if fact.first_interview
                else f"added {describe_day(fact.added_on)}"
            )
            fields: AppFields = _app_fields(fact.app) or {
                "company_id": fact.company_id,
                "company": fact.company,
            }
            yield Action(
                key=f"li-{fact.contact.id}",
                strategy=Strategy.LINKEDIN,
                title=f"Connect with {fact.contact.name} on LinkedIn",
                why=why,
                due=due,
                deadline=self.bd(due, self.cfg.linkedin_deadline_bd),
                contact=fact.contact,
                interview_on=fact.first_interview,
                **fields,
            )

    def follow_up(self) -> Iterator[Action]:
        cfg = self.cfg
        for fact in self.state.follow_ups:
            interview = (
                fact.last_interview
                if fact.last_interview and fact.last_interview <= self.today
                else None
            )
            if interview is None and fact.app.stage != "applied":
                continue
            base = interview or fact.applied_on
            if base is None:
                continue
            # Any inbound touch from the company resets the wait: it starts again from there.
            anchor = max(base, fact.last_inbound) if fact.last_inbound else base
            if interview is not None or anchor != base:
                first_due = self.bd(anchor, cfg.follow_up_after_interview_bd)
            else:
                first_due = add_days(anchor, cfg.follow_up_after_applied_days)
            if fact.response_by and fact.response_by >= anchor:
                first_due = max(
                    first_due, self.bd(fact.response_by, cfg.follow_up_after_response_by_bd)
                )
            sent = [day for day in fact.sent if day >= anchor]
            if len(sent) >= cfg.follow_up_cap:
                continue  # going cold: check-ins take over
            number = len(sent) + 1
            due = first_due if not sent else self.bd(sent[-1], cfg.follow_up_repeat_bd)
            since = f"the interview on {describe_day(anchor)}" if interview else None
            if anchor != base:
                since = f"their last message on {describe_day(anchor)}"
            why = (
                f"no news since {since}"
                if since
                else f"applied {describe_day(anchor)}, no response"
            )
            if number > 1:
                why += f"; follow-up {number} of {cfg.follow_up_cap}"
            yield Action(
                key=f"fu-{fact.app.id}-{_stamp(anchor)}-{number}",
                strategy=Strategy.FOLLOW_UP,
                title=f"Follow up on {fact.app.role} at {fact.app.company}",
                why=why,
                due=due,
                deadline=self.bd(due, cfg.follow_up_deadline_bd),
                contact=fact.contact,
                interview_on=interview,
                follow_up=number,
                open_questions=fact.open_questions if interview else None,
                **_app_fields(fact.app),
            )

    def share_info(self) -> Iterator[Action]:
        cfg = self.cfg
        for fact in self.state.shares:
            base = fact.last_interview or fact.added_on
            due = add_days(base, cfg.share_after_interview_days) if fact.last_interview else base
            last_out = self.state.last_outbound.get(fact.contact.id)
            if last_out is not None:
                due = max(due, self.bd(last_out, cfg.share_quiet_bd))
            if fact.last_share is not None:
                due = max(due, add_days(fact.last_share, cfg.share_gap_days))
            if self.beyond(due):
                continue
            fields: AppFields = _app_fields(fact.app) or {
                "company_id": fact.company_id,
                "company": fact.company,
            }
            yield Action(
                key=f"sh-{fact.resource_id}-{fact.contact.id}",
                strategy=Strategy.SHARE_INFO,
                title=f"Share “{fact.title}” with {fact.contact.name}",
                why=f"useful to {fact.company}",
                due=due,
                deadline=self.bd(due, cfg.share_deadline_bd),
                contact=fact.contact,
                resource_id=fact.resource_id,
                resource_title=fact.title,
                resource_url=fact.url,
                resource_note=fact.note,
                interview_on=fact.last_interview,
                **fields,
            )

    def social(self) -> Iterator[Action]:
        cfg = self.cfg
        for fact in self.state.socials:
            if fact.last_touch_on is None:
                due, why = self.today, "not engaged yet"
            else:
                due = add_days(fact.last_touch_on, cfg.social_every_days)
                why = f"last engaged {describe_day(fact.last_touch_on)}"
            if self.beyond(due):
                continue
            yield Action(
                key=f"so-{fact.company_id}-{fact.last_touch_id or 0}",
                strategy=Strategy.SOCIAL,
                title=f"Engage with {fact.company} on social media",
                why=why,
                due=due,
                deadline=add_days(due, cfg.social_deadline_days),
                social_links=fact.links,
                pages=self.state.connected_pages.get(fact.app.id, ()),
                **_app_fields(fact.app),
            )

    def event(self) -> Iterator[Action]:
        cfg = self.cfg
        for fact in self.state.events:
            if fact.contact is None:
                if fact.on < self.today:
                    continue
                who = ", ".join(fact.attendees) if fact.attendees else "nobody recorded yet"
                yield Action(
                    key=f"ev-{fact.event_id}",
                    strategy=Strategy.EVENT,
                    title=f"Prepare for {fact.name}",
                    why=f"on {describe_day(fact.on)}; who will be there: {who}",
                    due=add_days(fact.on, -cfg.event_prepare_days),
                    deadline=fact.on,
                    event_id=fact.event_id,
                    event_name=fact.name,
                    company_id=fact.company_id,
                    company=fact.company,
                )
                continue
            if fact.on >= self.today:
                continue
            due = add_days(fact.on, cfg.event_after_days)
            yield Action(
                key=f"ev-{fact.event_id}-{fact.contact.id}",
                strategy=Strategy.EVENT,
                title=f"Write to {fact.contact.name}, met at {fact.name}",
                why=f"met {describe_day(fact.on)}",
                due=due,
                deadline=self.bd(due, cfg.event_after_deadline_bd),
                contact=fact.contact,
                event_id=fact.event_id,
                event_name=fact.name,
                event_on=fact.on,
                company_id=fact.company_id,
                company=fact.company,
            )

    def reply(self) -> Iterator[Action]:
        for fact in self.state.replies:
            rejected = fact.app.rejected_on if fact.app else None
            about = f": {fact.subject}" if fact.subject else ""
            fields: AppFields = _app_fields(fact.app) or {
                "company_id": fact.company_id,
                "company": fact.company,
            }
            yield Action(
                key=f"re-{fact.touch_id}",
                strategy=Strategy.REPLY,
                title=f"Reply to {fact.contact.name}",
                why=f"wrote {describe_day(fact.on)}{about}",
                due=fact.on,
                deadline=self.bd(fact.on, self.cfg.reply_deadline_bd),
                contact=fact.contact,
                answers_us=fact.answers_us,
                closing=rejected is not None and rejected <= fact.on,
                **fields,
            )

    def check_in(self, pending_follow_up: set[int]) -> Iterator[Action]:
        cfg = self.cfg
        for fact in self.state.check_ins:
            if fact.active and fact.company_id in pending_follow_up:
                continue
            every = cfg.check_in_active_days if fact.active else cfg.check_in_closed_days
            due = add_days(fact.since, every)
            if self.beyond(due):
                continue
            yield Action(
                key=f"ci-{fact.company_id}-{fact.last_touch_id or 0}",
                strategy=Strategy.CHECK_IN,
                title=f"Check in with {fact.contact.name} at {fact.company}",
                why=f"quiet since {describe_day(fact.since)}",
                due=due,
                deadline=self.bd(due, cfg.check_in_deadline_bd),
                contact=fact.contact,
                **_app_fields(fact.app),
            )

    def closing(self) -> Iterator[Action]:
        """After a rejection with no message from the company: one gracious close."""
        for fact in self.state.closings:
            if self.beyond(fact.rejected_on):
                continue
            yield Action(
                key=f"cl-{fact.app.id}",
                strategy=Strategy.CHECK_IN,
                title=f"Close gracefully with {fact.contact.name} at {fact.app.company}",
                why=f"rejected {describe_day(fact.rejected_on)}: thank them, stay in touch",
                due=fact.rejected_on,
                deadline=self.bd(fact.rejected_on, 1),
                contact=fact.contact,
                closing=True,
                **_app_fields(fact.app),
            )

    def all(self) -> list[Action]:
        found: list[Action] = []
        found.extend(self.reply())
        found.extend(self.thank_you())
        # Every follow-up, even beyond the limit: a pending one holds the check-in back.
        follow_ups = list(self.follow_up())
        found.extend(a for a in follow_ups if not self.beyond(a.due))
        found.extend(self.linkedin())
        found.extend(self.share_info())
        found.extend(self.social())
        found.extend(self.event())
        # A skipped follow-up is not pending: the check-in takes over, as after the cap.
        pending = {
            a.company_id
            for a in follow_ups
            if a.company_id is not None and a.key not in self.state.skipped
        }
        found.extend(self.check_in(pending))
        found.extend(self.closing())
        return found

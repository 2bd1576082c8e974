"""The playbook's facts, read with a few set-based queries (the store's `playbook_state`)."""

from __future__ import annotations

from pendulum import Date

from followup_tui.dates import add_days
from followup_tui.facts import PlaybookState
from followup_tui.models import parse_date
from followup_tui.store.config import Config
from followup_tui.store.rules import Rules


class Facts(Config):
    """What the playbook's rules read, in one `PlaybookState`."""

    def playbook_state(self, today: Date, horizon_days: int | None = None) -> PlaybookState:
        """The facts every rule reads, from a handful of set-based queries, as of `today`.

        `horizon_days` lets the store skip facts that can't become due by then (pass the
        same horizon to `playbook.actions`): a company is read for a check-in only when its
        quiet period runs its cadence by that day.
        """
        settings = self.settings()
        reader = Rules(self.conn, today)
        thank_yous = reader.thank_yous()
        linkedin = reader.linkedin()
        follow_ups = reader.follow_ups()
        shares = reader.shares()
        socials = reader.socials()
        events = reader.events()
        replies = reader.replies()
        active_by = closed_by = "9999-12-31"
        if horizon_days is not None:
            limit = add_days(today, horizon_days)
            active_by = add_days(limit, -settings.check_in_active_days).isoformat()
            closed_by = add_days(limit, -settings.check_in_closed_days).isoformat()
        check_ins = reader.check_ins(active_by, closed_by)
        closings = reader.closings()
        pages = reader.connected_pages({fact.app.id for fact in socials})
        overrides = self.conn.execute(
            "SELECT key, snoozed_until, skipped FROM action_overrides"
        ).fetchall()
        return PlaybookState(
            settings=settings,
            thank_yous=tuple(thank_yous),
            linkedin=tuple(linkedin),
            follow_ups=tuple(follow_ups),
            shares=tuple(shares),
            socials=tuple(socials),
            events=tuple(events),
            replies=tuple(replies),
            check_ins=tuple(check_ins),
            closings=tuple(closings),
            know=lambda ids: Rules(self.conn, today).acquaintances(ids),
            connected_pages=pages,
            last_outbound=reader.last_out,
            skipped=frozenset(key for key, _until, skipped in overrides if skipped),
            snoozed={
                key: parse_date(until) for key, until, skipped in overrides if until and not skipped
            },
        )

"""Business-day arithmetic and friendly date parsing ("today", "+3d", "+2bd", "fri", ISO)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import pendulum
from pendulum import Date, DateTime

from followup_tui.models import WEEKDAY_NAMES

MON_FRI = frozenset(range(5))


class DateParseError(ValueError):
    """A date the user typed could not be read; the message says which forms work."""


def add_days(day: Date, days: int) -> Date:
    # Ordinal arithmetic is several times faster than Date.add, and the playbook does a lot of it.
    return _from_ordinal(day.toordinal() + days)


@lru_cache(maxsize=8192)
def _from_ordinal(ordinal: int) -> Date:
    # Thousands of actions fall on a few hundred days: build each day once.
    return Date.fromordinal(ordinal)


def add_business_days(day: Date, days: int, work_days: Iterable[int] = MON_FRI) -> Date:
    """Move `days` work days from `day` (backwards when negative); the start day never counts."""
    return _add_business_days(day.toordinal(), days, frozenset(work_days) or MON_FRI)


@lru_cache(maxsize=8192)
def _add_business_days(ordinal: int, days: int, work: frozenset[int]) -> Date:
    step = 1 if days >= 0 else -1
    left = abs(days)
    weekday = (ordinal + 6) % 7  # date.fromordinal(1) is a Monday
    while left:
        ordinal += step
        weekday = (weekday + step) % 7
        if weekday in work:
            left -= 1
    return _from_ordinal(ordinal)


def business_days_between(start: Date, end: Date, work_days: Iterable[int] = MON_FRI) -> int:
    """Work days after `start` up to and including `end` (0 when end <= start)."""
    work = frozenset(work_days) or MON_FRI
    count = 0
    ordinal, weekday = start.toordinal(), start.weekday()
    while ordinal < end.toordinal():
        ordinal += 1
        weekday = (weekday + 1) % 7
        if weekday in work:
            count += 1
    return count


def next_business_day(day: Date, work_days: Iterable[int] = MON_FRI) -> Date:
    return add_business_days(day, 1, work_days)


_RELATIVE = re.compile(
    r"(?:in\s+)?\+?(\d{1,4})\s*(bd|business\s*days?|d|days?|w|wks?|weeks?|m|mo|months?)"
)
_WEEKDAY = re.compile(r"(?:next\s+)?([a-z]{3,9})")
#: A weekday is typed as a prefix of its full name ("fri", "thurs", "wednesday"), so words
#: that merely start like one ("month", "sunny") are refused rather than read as a day.
_FULL_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

DATE_FORMS_HELP = "use YYYY-MM-DD, today, tomorrow, +3d, +2bd, +1w or a weekday such as fri"


#: Days outside these years are typing mistakes, and would overflow date arithmetic later.
YEARS = range(1970, 2200)


def fixed_now(today: Date) -> DateTime | None:
    """The moment writes are stamped with when the world is seen from another day: the end
    of that day, after anything else logged for it. None when `today` is the real today:
    then the clock keeps running (a dashboard stays open for hours)."""
    if today == pendulum.today().date():
        return None
    return pendulum.datetime(today.year, today.month, today.day, 23, 59, 59, tz="local")


def read_today(text: str | None) -> Date:
    """The day `--today` names (any form of parse_day, counted from the real today), or the
    real today when it names none."""
    real = pendulum.today().date()
    if not text:
        return real
    try:
        return parse_day(text, real)
    except DateParseError as error:
        if "too far away" in str(error):
            raise DateParseError(
                f"--today {text.strip()!r} is too far away: use a year from "
                f"{YEARS.start} to {YEARS.stop - 1}"
            ) from None
        raise DateParseError(f"--today {text.strip()!r} is not a date: {DATE_FORMS_HELP}") from None


def parse_day(text: str, today: Date, work_days: Iterable[int] = MON_FRI) -> Date:
    day = _parse_day(text, today, work_days)
    if day.year not in YEARS:
        raise DateParseError(
            f"{text.strip()!r} is {day.isoformat()}, too far away: use a year from "
            f"{YEARS.start} to {YEARS.stop - 1}"
        )
    return day


def _parse_day(text: str, today: Date, work_days: Iterable[int] = MON_FRI) -> Date:
    """Read a date typed by a person, relative to `today`.

    Weekday names mean the next such day strictly after today.
    Raises DateParseError with a message that lists the accepted forms.
    """
    s = " ".join(text.strip().lower().split())
    if not s:
        raise DateParseError(f"no date given: {DATE_FORMS_HELP}")
    if s in ("today", "tod", "now"):
        return today
    if s in ("tomorrow", "tmr", "tmrw", "tom"):
        return add_days(today, 1)
    if s == "yesterday":
        return add_days(today, -1)
    if match := _RELATIVE.fullmatch(s):
        count, unit = int(match[1]), match[2]
        if count > 36500:
            raise DateParseError(f"{text.strip()!r} is too far away: {DATE_FORMS_HELP}")
        if unit.startswith("b"):
            return add_business_days(today, count, work_days)
        if unit.startswith("w"):
            return add_days(today, 7 * count)
        if unit.startswith("m"):
            return today.add(months=count)
        return add_days(today, count)
    if (match := _WEEKDAY.fullmatch(s)) and (
        found := [i for i, name in enumerate(_FULL_WEEKDAYS) if name.startswith(match[1])]
    ):
        ahead = (found[0] - today.weekday()) % 7 or 7
        return add_days(today, ahead)
    try:
        return Date.fromisoformat(s)
    except ValueError:
        pass
    raise DateParseError(f"can't read the date {text.strip()!r}: {DATE_FORMS_HELP}")


def parse_moment(
    text: str, today: Date, tz: str = "local", work_days: Iterable[int] = MON_FRI
) -> DateTime:
    """Read "YYYY-MM-DD HH:MM" (or any form of parse_day, optionally followed by HH:MM)."""
    import pendulum

    s = text.strip()
    clock = "09:00"
    if match := re.fullmatch(r"(.*?)[ T](\d{1,2}:\d{2})", s):
        s, clock = match[1], match[2]
    day = parse_day(s, today, work_days)
    hour, minute = (int(part) for part in clock.split(":"))
    if hour > 23 or minute > 59:
        raise DateParseError(f"can't read the time {clock!r}: use HH:MM, e.g. 14:30")
    return pendulum.datetime(day.year, day.month, day.day, hour, minute, tz=tz)


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WEEKDAYS = tuple(name.title() for name in WEEKDAY_NAMES)


def describe_day(day: Date) -> str:
    """A short human form such as "Fri 27 Nov" (plain tables: pendulum's format is slow)."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"

"""Business-day arithmetic and the date forms people type."""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pendulum import Date

from followup_tui.dates import (
    DateParseError,
    add_business_days,
    business_days_between,
    next_business_day,
    parse_day,
    parse_moment,
)

# A fixed week: Fri 14 Nov 2025 to Mon 24 Nov 2025.
THU = pendulum.date(2025, 11, 13)
FRI = pendulum.date(2025, 11, 14)
SAT = pendulum.date(2025, 11, 15)
SUN = pendulum.date(2025, 11, 16)
MON = pendulum.date(2025, 11, 17)
TUE = pendulum.date(2025, 11, 18)
NEXT_FRI = pendulum.date(2025, 11, 21)
NEXT_MON = pendulum.date(2025, 11, 24)

#: Sunday to Thursday, as in much of the Middle East.
SUN_THU = frozenset({6, 0, 1, 2, 3})


def test_the_fixed_week_is_what_the_names_say() -> None:
    assert [d.weekday() for d in (THU, FRI, SAT, SUN, MON, TUE)] == [3, 4, 5, 6, 0, 1]


# --- business days ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (FRI, 1, MON),
        (FRI, 2, TUE),
        (FRI, 5, NEXT_FRI),
        (THU, 1, FRI),
        (SAT, 1, MON),
        (SUN, 1, MON),
        (MON, -1, FRI),
        (TUE, -2, FRI),
        (SUN, -1, FRI),
        (NEXT_MON, -5, MON),
        (SAT, 0, SAT),
        (FRI, 0, FRI),
    ],
)
def test_add_business_days_skips_the_weekend(start: Date, days: int, expected: Date) -> None:
    assert add_business_days(start, days) == expected


def test_add_business_days_with_custom_work_days() -> None:
    # Sunday-to-Thursday week: the day after Thursday is Sunday, the day before Sunday Thursday.
    assert add_business_days(THU, 1, SUN_THU) == SUN
    assert add_business_days(SUN, -1, SUN_THU) == THU
    assert add_business_days(FRI, 1, SUN_THU) == SUN
    # Three-day week: Mon, Wed, Fri.
    mon_wed_fri = {0, 2, 4}
    assert add_business_days(MON, 1, mon_wed_fri) == MON.add(days=2)
    assert add_business_days(MON, 3, mon_wed_fri) == NEXT_MON
    assert business_days_between(MON, NEXT_MON, mon_wed_fri) == 3


def test_no_work_days_at_all_means_monday_to_friday() -> None:
    assert add_business_days(FRI, 1, ()) == MON


def test_business_days_between_counts_work_days_after_start_up_to_end() -> None:
    assert business_days_between(FRI, MON) == 1
    assert business_days_between(FRI, SUN) == 0
    assert business_days_between(FRI, NEXT_FRI) == 5
    assert business_days_between(MON, MON) == 0
    assert business_days_between(MON, FRI) == 0  # end before start


def test_next_business_day() -> None:
    assert next_business_day(FRI) == MON
    assert next_business_day(THU) == FRI
    assert next_business_day(THU, SUN_THU) == SUN


# --- parse_day --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-12-01", pendulum.date(2025, 12, 1)),
        ("  2026-01-31 ", pendulum.date(2026, 1, 31)),
        ("today", FRI),
        ("Today", FRI),
        ("tomorrow", SAT),
        ("TOMORROW", SAT),
        ("+3d", MON),
        ("+1d", SAT),
        ("3 days", MON),
        ("+2bd", TUE),
        ("+1bd", MON),
        ("+1w", NEXT_FRI),
        ("+2w", pendulum.date(2025, 11, 28)),
        ("mon", MON),
        ("monday", MON),
        ("Tue", TUE),
        ("sat", SAT),
        ("sun", SUN),
    ],
)
def test_parse_day_forms(text: str, expected: Date) -> None:
    assert parse_day(text, FRI) == expected


def test_weekday_names_mean_strictly_after_today() -> None:
    # On a Friday, "fri" is next week's Friday, never today.
    assert parse_day("fri", FRI) == NEXT_FRI
    assert parse_day("friday", FRI) == NEXT_FRI
    assert parse_day("thu", FRI) == pendulum.date(2025, 11, 20)
    assert parse_day("sat", FRI) == SAT
    assert parse_day("mon", MON) == NEXT_MON


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tues", TUE),
        ("thurs", pendulum.date(2025, 11, 20)),
        ("wednesday", pendulum.date(2025, 11, 19)),
        ("next friday", NEXT_FRI),
        ("Next  Mon", MON),
    ],
)
def test_weekday_spellings(text: str, expected: Date) -> None:
    assert parse_day(text, FRI) == expected


@pytest.mark.parametrize("text", ["next month", "month", "monkey", "sunny", "fridge", "thunder"])
def test_words_that_only_start_like_a_weekday_are_refused(text: str) -> None:
    # "next month" silently becoming next Monday would snooze for days instead of weeks.
    with pytest.raises(DateParseError):
        parse_day(text, FRI)


def test_business_day_offsets_follow_the_work_days() -> None:
    assert parse_day("+1bd", THU, SUN_THU) == SUN
    assert parse_day("+1bd", THU) == FRI


def test_parse_day_returns_a_pendulum_date() -> None:
    assert isinstance(parse_day("2025-12-01", FRI), Date)
    assert isinstance(parse_day("+2bd", FRI), Date)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "next blursday",
        "2025-13-45",
        "14/11/2025",
        "soon",
        "+d",
        "fri fri",
        "3 fortnights",
    ],
)
def test_garbage_is_refused_with_the_accepted_forms(text: str) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_day(text, FRI)
    message = str(caught.value)
    for form in ("YYYY-MM-DD", "today", "tomorrow", "+3d", "+2bd", "+1w", "fri"):
        assert form in message
    if text.strip():
        assert text.strip() in message


def test_date_parse_error_is_a_value_error() -> None:
    # Callers that only know ValueError (click's converters) still catch it.
    assert issubclass(DateParseError, ValueError)


# --- parse_moment -----------------------------------------------------------------------


def test_parse_moment_reads_date_and_time() -> None:
    moment = parse_moment("2025-11-14 14:30", MON, tz="Europe/Paris")
    assert (moment.year, moment.month, moment.day, moment.hour, moment.minute) == (
        2025,
        11,
        14,
        14,
        30,
    )
    assert moment.utcoffset() == dt.timedelta(hours=1)


def test_parse_moment_accepts_a_t_separator_and_friendly_days() -> None:
    moment = parse_moment("2025-11-14T08:05", MON, tz="UTC")
    assert (moment.date(), moment.hour, moment.minute) == (FRI, 8, 5)
    tomorrow = parse_moment("tomorrow 16:45", FRI, tz="UTC")
    assert (tomorrow.date(), tomorrow.hour, tomorrow.minute) == (SAT, 16, 45)


def test_parse_moment_without_a_time_is_nine_in_the_morning() -> None:
    moment = parse_moment("mon", FRI, tz="UTC")
    assert (moment.date(), moment.hour, moment.minute) == (MON, 9, 0)


@pytest.mark.parametrize("text", ["2025-11-14 25:00", "2025-11-14 10:75", "blursday 10:00", ""])
def test_parse_moment_refuses_bad_input(text: str) -> None:
    with pytest.raises(DateParseError):
        parse_moment(text, FRI, tz="UTC")


# --- properties -------------------------------------------------------------------------

days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)).map(
    lambda d: pendulum.date(d.year, d.month, d.day)
)
work_day_sets = st.one_of(
    st.just(frozenset(range(5))),
    st.frozensets(st.integers(min_value=0, max_value=6), min_size=1),
)


@settings(max_examples=200, deadline=None)
@given(
    start=days,
    count=st.integers(min_value=-60, max_value=60).filter(lambda n: n != 0),
    work=work_day_sets,
)
def test_add_business_days_always_lands_on_a_work_day(
    start: Date, count: int, work: frozenset[int]
) -> None:
    assert add_business_days(start, count, work).weekday() in work


@settings(max_examples=200, deadline=None)
@given(start=days, count=st.integers(min_value=0, max_value=60), work=work_day_sets)
def test_business_days_between_inverts_add_business_days(
    start: Date, count: int, work: frozenset[int]
) -> None:
    end = add_business_days(start, count, work)
    assert end >= start
    assert business_days_between(start, end, work) == count


@settings(max_examples=200, deadline=None)
@given(start=days, count=st.integers(min_value=-60, max_value=60), work=work_day_sets)
def test_going_forward_and_back_returns_to_a_work_day(
    start: Date, count: int, work: frozenset[int]
) -> None:
    if start.weekday() not in work:
        start = add_business_days(start, 1, work)
    assert add_business_days(add_business_days(start, count, work), -count, work) == start


def test_writes_are_stamped_live_today_and_at_the_end_of_another_day() -> None:
    from followup_tui.dates import fixed_now

    assert fixed_now(pendulum.today().date()) is None  # the clock keeps running
    other = fixed_now(pendulum.Date(2026, 1, 2))
    assert other is not None
    assert (other.year, other.month, other.day, other.hour, other.minute) == (2026, 1, 2, 23, 59)

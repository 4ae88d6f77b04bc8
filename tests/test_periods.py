from datetime import UTC, date, datetime

import pytest

from lagesbild import periods


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2027, 1, 1), (2026, 53)),  # DESIGN.md: 2027-01-01 is in v. 53 of 2026
        (date(2026, 1, 1), (2026, 1)),
        (date(2024, 12, 30), (2025, 1)),
        (date(2026, 11, 20), (2026, 47)),
    ],
)
def test_iso_week_uses_the_iso_week_year(day, expected):
    assert periods.iso_week_of(day) == expected


def test_friday_meeting_covers_the_seven_days_before_it():
    period = periods.period_for_week(2026, 47)
    assert period.meeting_date == date(2026, 11, 20)
    assert (period.start, period.end) == (date(2026, 11, 13), date(2026, 11, 19))
    assert period.label == "v. 47 2026"
    assert period.slug == "2026-47"


@pytest.mark.parametrize(
    ("day", "meeting"),
    [
        (date(2026, 11, 19), date(2026, 11, 20)),  # Thursday: tomorrow's meeting
        (date(2026, 11, 20), date(2026, 11, 27)),  # the meeting day itself belongs to the next period
        (date(2026, 11, 22), date(2026, 11, 27)),
    ],
)
def test_period_containing_a_day_is_the_next_meeting(day, meeting):
    assert periods.period_containing(day).meeting_date == meeting


def test_meeting_weekday_is_configurable():
    period = periods.period_for_week(2026, 47, weekday=2)
    assert period.meeting_date == date(2026, 11, 17)
    assert periods.period_containing(date(2026, 11, 17), weekday=2).meeting_date == date(2026, 11, 24)


def test_previous_periods_walk_back_across_the_year_boundary():
    period = periods.period_for_week(2027, 1)
    previous = periods.previous_periods(period, 2)
    assert [p.label for p in previous] == ["v. 53 2026", "v. 52 2026"]


def test_same_weeks_last_year_falls_back_from_week_53():
    assert periods.same_period_last_year(periods.period_for_week(2026, 53)).label == "v. 52 2025"


def test_local_days_follow_stockholm_time_across_daylight_saving():
    # 23:30 UTC is already the next day in Sweden, summer (UTC+2) and winter (UTC+1).
    assert periods.local_date(datetime(2026, 6, 18, 23, 30, tzinfo=UTC)) == date(2026, 6, 19)
    assert periods.local_date(datetime(2026, 1, 18, 23, 30, tzinfo=UTC)) == date(2026, 1, 19)
    assert periods.local_date(datetime(2026, 1, 18, 22, 59, tzinfo=UTC)) == date(2026, 1, 18)


def test_reporting_window_is_in_utc_from_local_midnights():
    period = periods.period_for_week(2026, 47)
    assert period.reported_from == datetime(2026, 11, 12, 23, 0, tzinfo=UTC)
    assert period.reported_until == datetime(2026, 11, 19, 23, 0, tzinfo=UTC)


@pytest.mark.parametrize("slug", ["2026-54", "2026-0", "2026", "abc-12", "2026-47-1", "1-1"])
def test_bad_week_slugs_are_rejected(slug):
    assert periods.parse_week_slug(slug) is None


def test_week_slug_round_trips():
    assert periods.parse_week_slug("2026-53") == (2026, 53)
    assert periods.week_slug(2026, 5) == "2026-05"


def test_swedish_dates():
    assert periods.format_date(date(2026, 6, 19)) == "19 juni 2026"


@pytest.mark.parametrize(
    ("hour", "band"), [(0, "natt"), (5, "natt"), (6, "dag"), (17, "dag"), (18, "kvall"), (23, "kvall")]
)
def test_time_bands(hour, band):
    from datetime import time

    assert periods.time_band_for(time(hour, 30)) == band

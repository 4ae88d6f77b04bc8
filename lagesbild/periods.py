"""ISO weeks, meeting periods and Europe/Stockholm bucketing. Pure functions, no database.

Weeks are ISO 8601 weeks (Monday first; week 1 holds the year's first Thursday) labelled with their
ISO week-year, so 2027-01-01 is "v. 53 2026". Timestamps are stored in UTC and bucketed into local
(Europe/Stockholm) days.

A meeting is held on a configurable weekday (ISO 1–7, Friday = 5 by default). The meeting of ISO week W
covers the seven days from the previous meeting day up to the day before its own meeting day: with
Friday meetings, v. 47 2026 (Friday 20 November) covers Friday 13 to Thursday 19 November. What was
reported in that window about earlier dates is shown as "sent inrapporterat".
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Europe/Stockholm")

SWEDISH_MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)
SWEDISH_MONTHS_SHORT = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
SWEDISH_WEEKDAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")


def local_date(moment: datetime) -> date:
    """Return the Europe/Stockholm calendar date of an aware timestamp."""
    return moment.astimezone(LOCAL_TZ).date()


def local_midnight_utc(day: date) -> datetime:
    """Return the UTC instant at which the local (Europe/Stockholm) day begins."""
    return datetime.combine(day, time.min, tzinfo=LOCAL_TZ).astimezone(UTC)


def today_local(now: datetime | None = None) -> date:
    return local_date(now or datetime.now(UTC))


def iso_week_of(day: date) -> tuple[int, int]:
    """Return (ISO week-year, ISO week) of a date."""
    iso = day.isocalendar()
    return iso.year, iso.week


def weeks_in_iso_year(iso_year: int) -> int:
    return date(iso_year, 12, 28).isocalendar().week


def week_slug(iso_year: int, iso_week: int) -> str:
    return f"{iso_year}-{iso_week:02d}"


def parse_week_slug(slug: str) -> tuple[int, int] | None:
    """Parse "2026-47" into (2026, 47); None when it is not a real ISO week."""
    match = re.fullmatch(r"([0-9]{4})-([0-9]{1,2})", slug)  # ASCII digits: int() also reads "٢٠٢٦"
    if match is None:
        return None
    iso_year, iso_week = int(match.group(1)), int(match.group(2))
    if not (1900 <= iso_year <= 9998 and 1 <= iso_week <= weeks_in_iso_year(iso_year)):
        return None
    return iso_year, iso_week


def week_label(iso_year: int, iso_week: int) -> str:
    return f"v. {iso_week} {iso_year}"


def format_date(day: date) -> str:
    """Swedish long date: "19 juni 2026"."""
    return f"{day.day} {SWEDISH_MONTHS[day.month - 1]} {day.year}"


def local_time_text(moment: datetime) -> str:
    """Europe/Stockholm clock time of an aware timestamp, Swedish style: "14.32"."""
    local = moment.astimezone(LOCAL_TZ)
    return f"{local.hour:02d}.{local.minute:02d}"


def time_band_for(moment: time) -> str:
    """Return the band value of a time of day: dag 06–18, kväll 18–24, natt 00–06."""
    if moment.hour < 6:
        return "natt"
    if moment.hour < 18:
        return "dag"
    return "kvall"


@dataclass(frozen=True)
class MeetingPeriod:
    """The meeting of one ISO week and the days it covers (start and end inclusive)."""

    iso_year: int
    iso_week: int
    meeting_date: date
    start: date
    end: date
    # When the previous meeting was closed before this period's reporting window opened (an early
    # close), late reports are taken from that moment on: what was posted in between about the closed
    # period's days would otherwise reach no lägesbild at all (see late_window in meeting_queries).
    late_from: datetime | None = field(default=None, compare=False)

    @property
    def slug(self) -> str:
        return week_slug(self.iso_year, self.iso_week)

    @property
    def label(self) -> str:
        return week_label(self.iso_year, self.iso_week)

    @property
    def reported_from(self) -> datetime:
        """UTC start of the reporting window (the previous meeting day, local midnight)."""
        return local_midnight_utc(self.start)

    @property
    def reported_until(self) -> datetime:
        """UTC end (exclusive) of the reporting window (this meeting day, local midnight)."""
        return local_midnight_utc(self.end + timedelta(days=1))

    @property
    def reported_late_from(self) -> datetime:
        """UTC start of the window for late reports: the reporting window, or the earlier close."""
        if self.late_from is not None and self.late_from < self.reported_from:
            return self.late_from
        return self.reported_from

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def previous(self, n: int = 1) -> "MeetingPeriod":
        return period_for_meeting_date(self.meeting_date - timedelta(weeks=n))

    def next(self, n: int = 1) -> "MeetingPeriod":
        return period_for_meeting_date(self.meeting_date + timedelta(weeks=n))

    @property
    def weekday(self) -> int:
        return self.meeting_date.isoweekday()


def period_for_meeting_date(meeting_date: date) -> MeetingPeriod:
    iso_year, iso_week = iso_week_of(meeting_date)
    return MeetingPeriod(
        iso_year=iso_year,
        iso_week=iso_week,
        meeting_date=meeting_date,
        start=meeting_date - timedelta(days=7),
        end=meeting_date - timedelta(days=1),
    )


def period_for_week(iso_year: int, iso_week: int, weekday: int = 5) -> MeetingPeriod:
    """Return the meeting period of an ISO week for meetings held on `weekday` (ISO 1–7)."""
    return period_for_meeting_date(date.fromisocalendar(iso_year, iso_week, weekday))


def period_containing(day: date, weekday: int = 5) -> MeetingPeriod:
    """Return the period whose days include `day`: the next meeting strictly after it."""
    days_ahead = (weekday - day.isoweekday()) % 7 or 7
    return period_for_meeting_date(day + timedelta(days=days_ahead))


def previous_periods(period: MeetingPeriod, count: int) -> list[MeetingPeriod]:
    """Return the `count` periods before `period`, most recent first."""
    return [period.previous(n) for n in range(1, count + 1)]


def same_period_last_year(period: MeetingPeriod) -> MeetingPeriod | None:
    """Return the period of the same ISO week one year earlier (v. 53 falls back to v. 52)."""
    year = period.iso_year - 1
    week = min(period.iso_week, weeks_in_iso_year(year))
    return period_for_week(year, week, period.weekday)

"""The group's meeting weekday and time: stored in the database, the configuration only a default.

`meeting_weekday()` is the one place the app asks which weekday the group meets on. It reads the
`group_settings` row once per request (or CLI command) and keeps the answer on flask.g, so the week
page, which asks several times, costs one query. `set_meeting_day` is the one write; it forgets the
cached answer so the rest of the same request sees the new day.

Changing the weekday moves the periods of the weeks to come, never a meeting already held: a meeting
row stores its own meeting date and period days, and its pages and frozen record read those
(meeting/snapshot.py period_of, meeting/week.py period_from_slug).
"""

from dataclasses import dataclass
from datetime import time

from flask import current_app, g
from sqlalchemy.orm import Session

from lagesbild.audit import record
from lagesbild.extensions import db
from lagesbild.models import GroupSettings
from lagesbild.periods import SWEDISH_WEEKDAYS

_CACHE = "_lagesbild_meeting_day"


@dataclass(frozen=True)
class MeetingDay:
    weekday: int  # ISO 1–7
    time: time | None
    stored: bool  # False: the configured default (nothing stored yet)

    @property
    def weekday_name(self) -> str:
        return SWEDISH_WEEKDAYS[self.weekday - 1]


def meeting_day(session: Session | None = None) -> MeetingDay:
    """The stored meeting day and time, or the configured weekday; cached for the request."""
    cached = g.get(_CACHE)
    if cached is not None:
        return cached
    settings = GroupSettings.current(session or db.session)
    if settings is not None and settings.meeting_weekday:
        day = MeetingDay(settings.meeting_weekday, settings.meeting_time, stored=True)
    else:
        day = MeetingDay(current_app.config["MEETING_WEEKDAY"], None, stored=False)
    setattr(g, _CACHE, day)
    return day


def meeting_weekday(session: Session | None = None) -> int:
    """ISO weekday (1 = Monday … 7 = Sunday) the group meets on."""
    return meeting_day(session).weekday


def forget() -> None:
    g.pop(_CACHE, None)


def set_meeting_day(session: Session, weekday: int, at: time | None, *, via: str, audit: bool = True) -> bool:
    """Store the meeting weekday and time; audit the change (before/after). False when nothing changed."""
    if not 1 <= weekday <= 7:
        raise ValueError(f"weekday {weekday} is not an ISO weekday")
    settings = GroupSettings.current(session)
    stored = settings is not None and settings.meeting_weekday is not None
    before = {
        "weekday": _name(settings.meeting_weekday) if stored else None,
        "time": _text(settings.meeting_time) if stored else None,
    }
    after = {"weekday": _name(weekday), "time": _text(at)}
    if before == after:
        return False
    if settings is None:
        settings = GroupSettings()
        session.add(settings)
    moved = (settings.meeting_weekday or meeting_weekday(session)) != weekday
    settings.meeting_weekday, settings.meeting_time = weekday, at
    session.flush()
    if moved:
        from lagesbild.rollup.table import WEEK, rebuild

        # The week roll-up counts per meeting period: a new weekday moves every period's last day.
        rebuild(session, weekday, [WEEK])
    if audit:
        # No object: the audit sentence reads "… ändrade gruppens mötesdag", the days in before/after.
        record("settings.meeting_day", before=before, after=after, detail={"via": via})
    forget()
    return True


def _name(weekday: int) -> str:
    return SWEDISH_WEEKDAYS[weekday - 1]


def _text(at: time | None) -> str | None:
    return at.strftime("%H:%M") if at is not None else None


def describe(weekday: int, at: time | None) -> str:
    """Swedish: "fredag" or "fredag kl. 13.00"."""
    name = SWEDISH_WEEKDAYS[weekday - 1]
    return f"{name} kl. {at.hour:02d}.{at.minute:02d}" if at is not None else name

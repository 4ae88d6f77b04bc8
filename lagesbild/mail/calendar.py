"""iCalendar (RFC 5545) for a member: the group's meetings and the due dates of the organisation's
open actions, as all-day events. Like mail, a calendar leaves the group's system (calendar apps sync
to their providers), so it carries no free text: an action is named by number, area and owner."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from lagesbild.models import Action, ActionStatus, Meeting, User
from lagesbild.periods import local_date, period_containing

from . import links

if TYPE_CHECKING:  # icalendar is imported when a calendar is made, not when the app starts
    from icalendar import Calendar, Event

UPCOMING_WEEKS = 8
PAST_DAYS = 365


def _calendar(name: str) -> Calendar:
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", "-//Lägesbild//lagesbild//SV")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    return cal


def _event(uid: str, day: date, summary: str, url: str, stamp: datetime) -> Event:
    from icalendar import Event

    event = Event()
    event.add("uid", f"{uid}@{links.message_domain()}")
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("url", url)
    event.add("description", url)
    return event


def meeting_event(meeting_date: date, label: str, url: str, stamp: datetime) -> Event:
    return _event(
        f"meeting-{meeting_date.isoformat()}", meeting_date, f"Möte Örat mot marken ({label})", url, stamp
    )


def meeting_ics(meeting: Meeting, now: datetime) -> bytes:
    cal = _calendar(f"Möte {meeting.label}")
    url = links.link("meeting.meeting_page", meeting_id=meeting.id)
    cal.add_component(meeting_event(meeting.meeting_date, meeting.label, url, now))
    return cal.to_ical()


def feed(session: Session, user: User, now: datetime, weekday: int) -> bytes:
    """The user's feed: meetings of the past year and the coming weeks, the organisation's due dates."""
    cal = _calendar("Lägesbild")
    today = local_date(now)
    held = {
        meeting.meeting_date: meeting
        for meeting in session.scalars(
            select(Meeting).where(Meeting.meeting_date >= today - timedelta(days=PAST_DAYS))
        )
    }
    period = period_containing(today, weekday)
    for step in range(UPCOMING_WEEKS):
        upcoming = period.next(step)
        held.setdefault(upcoming.meeting_date, upcoming)
    for day, item in sorted(held.items()):
        if isinstance(item, Meeting):
            url = links.link("meeting.meeting_page", meeting_id=item.id)
        else:
            url = links.link("meeting.week_page", slug=item.slug)
        cal.add_component(meeting_event(day, item.label, url, now))
    actions = session.scalars(
        select(Action)
        .where(
            Action.owner_organisation_id == user.organisation_id,
            Action.status.in_(ActionStatus.open_statuses()),
            Action.due_on.is_not(None),
        )
        .order_by(Action.id)
    )
    for action in actions:
        where = f", {action.area.name}" if action.area else ""
        url = (
            links.link("meeting.meeting_page", meeting_id=action.meeting_id)
            if action.meeting_id
            else links.link("meeting.current_week")
        ) + "#atgarder"
        summary = f"Åtgärd nr {action.id} ska vara klar ({action.owner.name}{where})"
        cal.add_component(_event(f"action-{action.id}", action.due_on, summary, url, now))
    return cal.to_ical()

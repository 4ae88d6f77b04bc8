"""The invitation to a walk as an iCalendar (.ics) event, for members to put in their calendars."""

from datetime import timedelta

from lagesbild.models import Walk
from lagesbild.periods import LOCAL_TZ

DURATION = timedelta(hours=2)  # a walk with its summing-up usually takes one and a half to two hours


def ics(walk: Walk, url: str) -> bytes:
    """One VEVENT: the walk's name, start (local time), place, invitation text and a link to its page."""
    from icalendar import Calendar, Event  # imported when an invitation is made, not at app start

    calendar = Calendar()
    calendar.add("prodid", "-//Lägesbild//Trygghetsvandring//SV")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"trygghetsvandring-{walk.id}@lagesbild")
    event.add("dtstamp", walk.updated_at)
    start = walk.starts_at.astimezone(LOCAL_TZ)
    event.add("dtstart", start)
    event.add("dtend", start + DURATION)
    event.add("summary", f"Trygghetsvandring: {walk.title}")
    event.add("location", walk.meeting_point or walk.area.name)
    description = "\n\n".join(part for part in (walk.invitation_text, walk.stops, url) if part)
    event.add("description", description)
    event.add("url", url)
    calendar.add_component(event)
    return calendar.to_ical()

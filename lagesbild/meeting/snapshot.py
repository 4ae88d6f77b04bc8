"""The week's picture as plain data: shared by the week page, the opening agenda and the frozen record.

A snapshot holds counts, flags, notes, actions and attendance, never an observation's text, point or
author, so the frozen record shows the same to every member whatever the sharing levels were.
"""

from datetime import date, datetime

from sqlalchemy.orm import Session

from lagesbild.models import Action, Meeting
from lagesbild.periods import MeetingPeriod, format_date, local_date, period_for_week, today_local
from lagesbild.privacy import check_text
from lagesbild.text import swedish_key

from . import queries
from .aggregate import WeekFigures, build_figures
from .queries import WeekFilters

SNAPSHOT_VERSION = 1
DUE_SOON_DAYS = 7  # the "due this week" badge: due today or within the next seven days


def week_figures(session: Session, period: MeetingPeriod, filters: WeekFilters | None = None) -> WeekFigures:
    """The period's table and flags (one grouped query plus the reference lookups)."""
    ref = queries.reference(session)
    current, *rest = queries.cell_counts(session, period, filters or WeekFilters(), ref.top_of)
    previous, last_year = rest[:-1], rest[-1]
    return build_figures(current, previous, last_year, ref.area_names, ref.category_names)


def period_of(meeting: Meeting, weekday: int) -> MeetingPeriod:
    period = period_for_week(meeting.iso_year, meeting.iso_week, weekday)
    if period.start != meeting.period_start:  # the meeting weekday changed since; keep the stored days
        period = MeetingPeriod(
            meeting.iso_year, meeting.iso_week, meeting.meeting_date, meeting.period_start, meeting.period_end
        )
    return period


def attention(action: Action, today: date) -> str | None:
    """ "overdue" or "due_soon" (due within a week) for the badges, by the rule on Action; else None."""
    if action.is_overdue(today):
        return "overdue"
    return "due_soon" if action.is_due_soon(today, DUE_SOON_DAYS) else None


def action_dict(action: Action, today: date | None = None) -> dict:
    """An action as the pages and the frozen record show it; the badge as of `today` (or closing)."""
    return {
        "id": action.id,
        "title": action.title,
        "description": action.description,
        "area": action.area.name if action.area else None,
        "place": action.place.name if action.place else None,
        "owner": action.owner.name,
        "due_on": action.due_on.isoformat() if action.due_on else None,
        "due_text": format_date(action.due_on) if action.due_on else None,
        "status": action.status.value,
        "status_label": action.status.label,
        "decided_at": action.meeting.label if action.meeting else None,
        "observations": sorted(o.id for o in action.observations),
        "attention": attention(action, today or today_local()),
    }


def build_snapshot(
    session: Session,
    meeting: Meeting,
    period: MeetingPeriod,
    actions: list[Action],
    closed_at: datetime,
    closed_by: str,
) -> dict:
    """Everything the frozen record "Lägesbild v. 47 2026" shows, exactly as at closing."""
    figures = week_figures(session, period)
    return {
        "version": SNAPSHOT_VERSION,
        "title": f"Lägesbild {meeting.label}",
        "period": {
            "slug": period.slug,
            "label": period.label,
            "meeting_date": format_date(period.meeting_date),
            "start": format_date(period.start),
            "end": format_date(period.end),
        },
        "figures": figures.to_dict(),
        "late_count": queries.late_count(session, period, WeekFilters()),
        "silent_organisations": [org.name for org in queries.silent_organisations(session, period)],
        "attendance": sorted((org.name for org in meeting.attendees), key=swedish_key),
        "agenda": [
            {"kind": item.kind.value, "title": item.title, "notes": item.notes}
            for item in meeting.agenda_items
        ],
        "actions": [action_dict(action) for action in actions],
        "closed_at": closed_at.isoformat(),
        "closed_at_text": format_date(local_date(closed_at)),
        "closed_by": closed_by,
    }


def _record_texts(snapshot: dict):
    """(label, text) for every text of the record that people typed: notes, actions and names.

    Agenda titles, area and place names are left out: the app writes the titles from the figures and
    the reference names, and the figures' numbers are no one's personal data.
    """
    for number, item in enumerate(snapshot["agenda"], 1):
        yield f"Anteckningarna till punkt {number}", item["notes"]
    for action in snapshot["actions"]:
        yield f"Åtgärd {action['id']}", action["title"]
        yield f"Beskrivningen av åtgärd {action['id']}", action["description"]
    for name in sorted({action["owner"] for action in snapshot["actions"]} | {*snapshot["attendance"]}):
        yield "Organisationsnamnet", name
    for name in snapshot["silent_organisations"]:
        yield "Organisationsnamnet", name
    yield "Namnet på den som avslutar mötet", snapshot["closed_by"]
    if snapshot.get("close_reason"):
        yield "Skälet att avsluta före mötesdagen", snapshot["close_reason"]


def personal_data_problem(snapshot: dict) -> str | None:
    """The Swedish message for the first text in the record that fails the personal-data guard."""
    for label, text in _record_texts(snapshot):
        if message := check_text(text, label):
            return message
    return None

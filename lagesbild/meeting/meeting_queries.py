"""Reads of meetings and actions: the open actions every week page lists, a period's meeting, search."""

import dataclasses

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from lagesbild.models import Action, ActionStatus, AgendaItem, Meeting, MeetingStatus, Observation
from lagesbild.periods import SWEDISH_MONTHS_SHORT, MeetingPeriod
from lagesbild.text import LIKE_ESCAPE, contains_pattern


def open_actions(session: Session) -> list[Action]:
    """Open actions (öppen, pågår) from every meeting, due first."""
    stmt = (
        select(Action)
        .options(
            joinedload(Action.owner),
            joinedload(Action.area),
            joinedload(Action.place),
            joinedload(Action.meeting),
            selectinload(Action.observations),
        )
        .where(Action.status.in_([ActionStatus.OPPEN, ActionStatus.PAGAR]))
        .order_by(Action.due_on.is_(None), Action.due_on, Action.id)
    )
    return list(session.scalars(stmt).unique())


def organisation_actions(session: Session, organisation_id: int, limit: int = 10) -> list[Action]:
    """The open actions an organisation owns, due first (its members' start page)."""
    stmt = (
        select(Action)
        .where(
            Action.owner_organisation_id == organisation_id, Action.status.in_(ActionStatus.open_statuses())
        )
        .order_by(Action.due_on.is_(None), Action.due_on, Action.id)
        .limit(limit)
    )
    return list(session.scalars(stmt))


def meeting_for(session: Session, period: MeetingPeriod) -> Meeting | None:
    return session.scalar(
        select(Meeting).where(Meeting.iso_year == period.iso_year, Meeting.iso_week == period.iso_week)
    )


def meeting_with_details(session: Session, meeting_id: int) -> Meeting | None:
    return session.scalar(
        select(Meeting)
        .options(selectinload(Meeting.agenda_items), selectinload(Meeting.attendees))
        .where(Meeting.id == meeting_id)
    )


def search_meetings(session: Session, q: str | None, limit: int = 100) -> list[Meeting]:
    """Meetings newest first; with `q`, those whose notes, snapshot or actions mention it."""
    stmt = select(Meeting).order_by(Meeting.meeting_date.desc()).limit(limit)
    if q:
        pattern = contains_pattern(q)
        in_notes = select(AgendaItem.meeting_id).where(AgendaItem.notes.ilike(pattern, escape=LIKE_ESCAPE))
        in_actions = select(Action.meeting_id).where(
            or_(
                Action.title.ilike(pattern, escape=LIKE_ESCAPE),
                Action.description.ilike(pattern, escape=LIKE_ESCAPE),
            )
        )
        stmt = stmt.where(or_(Meeting.id.in_(in_notes), Meeting.id.in_(in_actions)))
    return list(session.scalars(stmt))


def with_late_window(session: Session, period: MeetingPeriod) -> MeetingPeriod:
    """`period`, with its late reports counted from the previous meeting's close when that came early.

    Nothing falls between periods: an observation posted after a meeting closed, dated in its period,
    is shown by the next period as "sent inrapporterat" even when the close came before the next
    period's reporting window opened.
    """
    previous = period.previous()
    closed_at = session.scalar(
        select(Meeting.closed_at).where(
            Meeting.iso_year == previous.iso_year,
            Meeting.iso_week == previous.iso_week,
            Meeting.status == MeetingStatus.CLOSED,
        )
    )
    return dataclasses.replace(period, late_from=closed_at) if closed_at else period


@dataclasses.dataclass(frozen=True)
class CloseSummary:
    """What closing a meeting does, shown before the chair confirms it."""

    to_lock: int
    new_actions: int
    present: int

    @property
    def text(self) -> str:
        """ "26 iakttagelser låses, 1 ny åtgärd, 6 närvarande" """
        observations = "iakttagelse låses" if self.to_lock == 1 else "iakttagelser låses"
        actions = "ny åtgärd" if self.new_actions == 1 else "nya åtgärder"
        return f"{self.to_lock} {observations}, {self.new_actions} {actions}, {self.present} närvarande"


def close_summary(session: Session, meeting: Meeting, period: MeetingPeriod) -> CloseSummary:
    """The counts close_meeting() will act on: the same clause locks, the actions decided here."""
    to_lock = session.scalar(
        select(func.count())
        .select_from(Observation)
        .where(Observation.in_period(period), Observation.locked_at.is_(None))
    )
    new_actions = session.scalar(
        select(func.count()).select_from(Action).where(Action.meeting_id == meeting.id)
    )
    return CloseSummary(to_lock or 0, new_actions or 0, len(meeting.attendees))


PICK_LIMIT = 200  # observations offered for linking to an action (a week holds far fewer)


def pick_list(session: Session, period: MeetingPeriod, viewer) -> list[tuple[int, str]]:
    """(id, label) of the period's observations `viewer` sees, late reports included, to link to an action:
    "#12 18 nov, Stora torg: Klotter – Klotter på väggen …"."""
    from .queries import WeekFilters, late_points, period_points  # the week page's reads

    rows = [
        *period_points(session, period, viewer, WeekFilters(), limit=PICK_LIMIT),
        *late_points(session, period, viewer, WeekFilters()),
    ]
    picks = []
    for row in rows:
        day = f"{row.occurred_on.day} {SWEDISH_MONTHS_SHORT[row.occurred_on.month - 1]}"
        text = row.description if len(row.description) <= 60 else row.description[:59] + "…"
        picks.append((row.id, f"#{row.id} {day}, {row.place or row.area}: {row.category} – {text}"))
    return picks

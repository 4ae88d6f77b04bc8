"""Reads of meetings and actions: the open actions every week page lists, a period's meeting, search."""

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from lagesbild.models import Action, ActionStatus, AgendaItem, Meeting
from lagesbild.periods import MeetingPeriod
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

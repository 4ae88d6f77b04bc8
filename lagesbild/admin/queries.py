"""Reads for the administration pages: lists in Swedish order and the audit trail in pages."""

from datetime import date, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from lagesbild.models import AuditEvent, Organisation, Role, User
from lagesbild.paging import Page, paginate
from lagesbild.periods import local_midnight_utc
from lagesbild.text import LIKE_ESCAPE, contains_pattern, swedish_key


def organisations(session: Session, *, active_only: bool = False) -> list[Organisation]:
    if active_only:
        return Organisation.active_in_swedish_order(session)
    return sorted(session.scalars(select(Organisation)), key=lambda org: swedish_key(org.name))


def member_counts(session: Session) -> dict[int, int]:
    rows = session.execute(
        select(User.organisation_id, func.count()).where(User.is_active).group_by(User.organisation_id)
    )
    return dict(rows.all())


def users(
    session: Session, q: str = "", organisation_id: int = 0, role: str = "", status: str = "aktiva"
) -> list[User]:
    query = select(User).join(User.organisation)
    if q:
        pattern = contains_pattern(q.lower())
        query = query.where(
            or_(
                func.lower(User.display_name).like(pattern, escape=LIKE_ESCAPE),
                func.lower(User.email).like(pattern, escape=LIKE_ESCAPE),
            )
        )
    if organisation_id:
        query = query.where(User.organisation_id == organisation_id)
    if role:
        query = query.where(User.role == Role(role))
    if status == "aktiva":
        query = query.where(User.is_active)
    elif status == "inaktiva":
        query = query.where(User.is_active.is_(False))
    return sorted(session.scalars(query), key=lambda user: swedish_key(user.display_name))


def all_users(session: Session) -> list[User]:
    return sorted(session.scalars(select(User)), key=lambda user: swedish_key(user.display_name))


def audit_actions(session: Session) -> list[str]:
    return list(session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))


def audit_page(
    session: Session,
    action: str = "",
    actor_id: int = 0,
    date_from: date | None = None,
    date_to: date | None = None,
    page: int = 1,
    size: int = 50,
) -> Page[AuditEvent]:
    """Newest first; dates are days in Europe/Stockholm, both ends included."""
    conditions = []
    if action:
        conditions.append(AuditEvent.action == action)
    if actor_id:
        conditions.append(AuditEvent.actor_id == actor_id)
    if date_from:
        conditions.append(AuditEvent.at >= local_midnight_utc(date_from))
    if date_to:
        conditions.append(AuditEvent.at < local_midnight_utc(date_to + timedelta(days=1)))
    statement = select(AuditEvent).where(*conditions).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    return paginate(session, statement, page, size)


def recent_events_about(session: Session, user: User, limit: int = 10) -> list[AuditEvent]:
    query = (
        select(AuditEvent)
        .where(
            or_(
                AuditEvent.actor_id == user.id,
                (AuditEvent.object_type == "user") & (AuditEvent.object_id == user.id),
            )
        )
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))

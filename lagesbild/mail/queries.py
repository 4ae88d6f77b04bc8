"""Reads of the mail capability: the outbox for the coordinator, feeds, the start page's facts."""

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, joinedload

from lagesbild.auth.sessions import token_hash
from lagesbild.meeting.queries import silent_organisations
from lagesbild.models import Action, CalendarFeed, MailStatus, OutboxMessage, Role, User
from lagesbild.paging import Page, paginate
from lagesbild.periods import MeetingPeriod

NEEDS_ATTENTION = (MailStatus.FAILED, MailStatus.INTERRUPTED)


def outbox(session: Session, status: str = "", number: int = 1, size: int = 50) -> Page[OutboxMessage]:
    """One page of the messages, failed and interrupted ones first, then the latest."""
    stmt = select(OutboxMessage).options(joinedload(OutboxMessage.user))
    if status:
        stmt = stmt.where(OutboxMessage.status == MailStatus(status))
    attention = case((OutboxMessage.status.in_(NEEDS_ATTENTION), 0), else_=1)
    return paginate(session, stmt.order_by(attention, OutboxMessage.id.desc()), number, size)


def status_counts(session: Session) -> dict[MailStatus, int]:
    rows = session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status))
    counts = dict(rows.all())
    return {status: counts.get(status, 0) for status in MailStatus}


def feed_owner(session: Session, raw: str) -> User | None:
    """The active user whose unrevoked calendar address this is, else None."""
    if not raw or len(raw) > 100:
        return None
    feed = session.scalar(
        select(CalendarFeed).where(
            CalendarFeed.token_hash == token_hash(raw), CalendarFeed.revoked_at.is_(None)
        )
    )
    if feed is None or not (feed.user.is_active and feed.user.organisation.is_active):
        return None
    return feed.user


def has_feed(session: Session, user: User) -> bool:
    return (
        session.scalar(
            select(func.count())
            .select_from(CalendarFeed)
            .where(CalendarFeed.user_id == user.id, CalendarFeed.revoked_at.is_(None))
        )
        > 0
    )


def start_facts(session: Session, user: User, period: MeetingPeriod, today) -> dict:
    """What the mail says, for the start page: the organisation's overdue actions and silence."""
    overdue = session.scalar(
        select(func.count())
        .select_from(Action)
        .where(Action.overdue_clause(today), Action.owner_organisation_id == user.organisation_id)
    )
    silent = any(org.id == user.organisation_id for org in silent_organisations(session, period))
    facts = {"overdue": overdue or 0, "silent": silent, "failed": 0}
    if user.has_role(Role.COORDINATOR):
        facts["failed"] = (
            session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.status.in_(NEEDS_ATTENTION))
            )
            or 0
        )
    return facts

"""The messages that are due because time passed (not because someone did something): each run of
`utskick` queues what is due now. Every one has an event key, so running often queues each once."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lagesbild.meeting import meeting_queries
from lagesbild.meeting.queries import silent_organisations
from lagesbild.meeting_day import meeting_weekday
from lagesbild.models import Action, AuditEvent, MailStatus, MeetingStatus, OutboxMessage
from lagesbild.periods import local_date, period_containing

from . import messages

STOCKHOLM = ZoneInfo("Europe/Stockholm")
DUE_SOON_DAYS = 3
WEEKLY_FROM = time(8, 0)


def reminder_time() -> time:
    hours, _, minutes = str(current_app.config["MAIL_REMINDER_TIME"]).partition(":")
    return time(int(hours), int(minutes or 0))


def plan(session: Session, now: datetime) -> dict[str, int]:
    """Queue what is due at `now` (UTC); return how many new messages of each sort."""
    local_now = now.astimezone(STOCKHOLM)
    today = local_date(now)
    counts = {"reminder": 0, "action_due": 0, "action_overdue": 0, "weekly": 0}
    period = period_containing(today, meeting_weekday(session))
    remind_on = period.meeting_date - timedelta(days=current_app.config["MAIL_REMINDER_DAYS_BEFORE"])
    meeting = meeting_queries.meeting_for(session, period)
    closed = meeting is not None and meeting.status is MeetingStatus.CLOSED
    if not closed and local_now >= datetime.combine(remind_on, reminder_time(), STOCKHOLM):
        counts["reminder"] = messages.reminder(session, period, silent_organisations(session, period), now)
    for action in session.scalars(select(Action).where(Action.due_soon_clause(today, DUE_SOON_DAYS))):
        counts["action_due"] += messages.action_due_soon(session, action, now)
    for action in session.scalars(select(Action).where(Action.overdue_clause(today))):
        counts["action_overdue"] += messages.action_overdue(session, action, today, now)
    weekday = current_app.config["MAIL_WEEKLY_WEEKDAY"]
    if today.isoweekday() == weekday and local_now.time() >= WEEKLY_FROM:
        iso_year, iso_week, _ = today.isocalendar()
        counts["weekly"] = messages.weekly_note(session, iso_year, iso_week, weekly_facts(session, now), now)
    return counts


def weekly_facts(session: Session, now: datetime) -> dict[str, int]:
    """The last seven days in counts: promise changes, failed and interrupted mail, mail still waiting."""
    since = now - timedelta(days=7)

    def outbox_count(*conditions) -> int:
        return session.scalar(select(func.count()).select_from(OutboxMessage).where(*conditions)) or 0

    return {
        "promise_changes": session.scalar(
            select(func.count(func.distinct(AuditEvent.object_id))).where(
                AuditEvent.object_type == "promise", AuditEvent.at >= since
            )
        )
        or 0,
        "failed": outbox_count(OutboxMessage.status == MailStatus.FAILED, OutboxMessage.created_at >= since),
        "interrupted": outbox_count(
            OutboxMessage.status == MailStatus.INTERRUPTED, OutboxMessage.created_at >= since
        ),
        "waiting": outbox_count(OutboxMessage.status == MailStatus.WAITING),
    }

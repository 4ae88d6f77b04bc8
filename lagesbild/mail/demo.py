"""The demo's outbox: what a run of `utskick` would queue today, and this week's note to the coordinator.

The demo meetings have already queued their own messages (new actions, summaries); with no mail server
they stay in the outbox, where the coordinator reads them under Utskick.
"""

from sqlalchemy.orm import Session

from lagesbild.models import utcnow
from lagesbild.periods import local_date

from . import messages, schedule


def add_demo_mail(session: Session) -> int:
    """Queue what is due now (reminder, due and overdue actions) and the weekly note; return how many."""
    now = utcnow()
    planned = sum(schedule.plan(session, now).values())
    iso_year, iso_week, _ = local_date(now).isocalendar()
    facts = schedule.weekly_facts(session, now)
    return planned + messages.weekly_note(session, iso_year, iso_week, facts, now)

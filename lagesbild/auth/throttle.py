"""Login throttling: a sliding one-minute window over the failures in the audit trail.

Every failed sign-in is an audit event anyway (`login.failure`, with the e-mail tried and the client
address), so counting them needs no second store: the limit holds across processes and restarts and on
both databases. Only failures count (a member signing in many times is never slowed down), and the
block lifts by itself one minute after the failures, so nobody can lock a member out for good.
"""

from datetime import timedelta

from sqlalchemy import func, select

from lagesbild.extensions import db
from lagesbild.models import AuditEvent, utcnow

WINDOW = timedelta(minutes=1)
MAX_FAILURES = 5
THROTTLED_MESSAGE = "För många misslyckade inloggningsförsök. Vänta en minut och försök sedan igen."


def login_blocked(email: str, client_address: str) -> bool:
    """Say whether the e-mail or the address had MAX_FAILURES failed sign-ins within the window."""
    since = utcnow() - WINDOW
    recent = (AuditEvent.action == "login.failure", AuditEvent.at >= since)
    by_address = db.session.scalar(
        select(func.count()).where(*recent, AuditEvent.client_address == client_address)
    )
    if by_address >= MAX_FAILURES:
        return True
    by_account = db.session.scalar(
        select(func.count()).where(*recent, AuditEvent.detail["email"].as_string() == email)
    )
    return by_account >= MAX_FAILURES


def second_factor_blocked(user_id: int) -> bool:
    """Say whether this account had MAX_FAILURES wrong second-factor codes within the window."""
    since = utcnow() - WINDOW
    count = db.session.scalar(
        select(func.count()).where(
            AuditEvent.action == "login.second_factor_failure",
            AuditEvent.at >= since,
            AuditEvent.actor_id == user_id,
        )
    )
    return count >= MAX_FAILURES

"""Write messages to the outbox, in the caller's transaction (the event's own): never lost, never doubled.

The caller commits once, so the message exists exactly when the event does. One event queues at most
one message per person: (event_key, user_id) is unique and the insert skips an existing pair, also when
two runs plan the same reminder at the same moment (INSERT … ON CONFLICT DO NOTHING, on both databases).
"""

import hashlib
from collections.abc import Iterable
from datetime import datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from lagesbild.models import MailKind, MailStatus, OutboxMessage, User, utcnow

from . import links, preferences


def message_id(event_key: str, user_id: int) -> str:
    """The Message-ID of the event's message to the user: the same on every attempt, so a receiving
    system recognises a copy it already has."""
    digest = hashlib.sha256(f"{event_key}/{user_id}".encode()).hexdigest()[:32]
    return f"<{digest}@{links.message_domain()}>"


def render(kind: MailKind, user: User, context: dict) -> tuple[str, str]:
    """The plain-text and HTML parts of a message (Jinja autoescapes the HTML part)."""
    context = {
        **context,
        "user": user,
        "kind": kind,
        "unsubscribe_url": unsubscribe_url(user, kind) if kind.optional else None,
        "preferences_url": links.link("mail.preferences"),
    }
    # The app's environment (autoescape for .html, the filters) without the context processors: those
    # serve pages (a logout form needs a browser session), and a run of `utskick` has no request.
    env = current_app.jinja_env
    return (
        env.get_template(f"mail/messages/{kind.value}.txt").render(**context),
        env.get_template(f"mail/messages/{kind.value}.html").render(**context),
    )


def unsubscribe_url(user: User, kind: MailKind) -> str:
    return links.link("mail.unsubscribe", token=preferences.unsubscribe_token(user, kind))


def _insert_once(session: Session, values: dict) -> int:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # Count what came back, not the rowcount: an ORM-enabled insert on PostgreSQL (psycopg) reports -1.
    statement = insert(OutboxMessage).values(**values).on_conflict_do_nothing().returning(OutboxMessage.id)
    return len(session.execute(statement).all())


def enqueue(
    session: Session,
    kind: MailKind,
    event_key: str,
    users: Iterable[User],
    subject: str,
    *,
    now: datetime | None = None,
    **context,
) -> int:
    """Queue one message of `kind` about `event_key` to each user who wants it; return how many are new.

    `now` is when the run that plans it runs (due from then on); an event's own message is due at once.
    """
    users = [user for user in users if preferences.wants(session, user, kind)]
    if not users:
        return 0
    queued = set(
        session.scalars(
            select(OutboxMessage.user_id).where(
                OutboxMessage.event_key == event_key, OutboxMessage.user_id.in_([u.id for u in users])
            )
        )
    )
    now = now or utcnow()
    added = 0
    for user in users:
        if user.id in queued:
            continue
        text, html = render(kind, user, {"subject": subject, **context})
        added += _insert_once(
            session,
            {
                "kind": kind,
                "event_key": event_key,
                "user_id": user.id,
                "recipient": user.email,
                "message_id": message_id(event_key, user.id),
                "subject": subject,
                "body_text": text,
                "body_html": html,
                "status": MailStatus.WAITING,
                "created_at": now,
                "next_attempt_at": now,
                "attempts": 0,
            },
        )
    return added

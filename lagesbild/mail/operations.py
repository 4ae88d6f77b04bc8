"""Writes of the mail capability: preferences, unsubscribe, organisation defaults, sending again,
calendar addresses. Each records an audit event; the caller commits once."""

import secrets

from sqlalchemy import update
from sqlalchemy.orm import Session

from lagesbild.audit import record
from lagesbild.auth.sessions import token_hash
from lagesbild.models import (
    CalendarFeed,
    MailDefault,
    MailKind,
    MailPreference,
    MailStatus,
    Organisation,
    OutboxMessage,
    User,
    utcnow,
)


def set_preferences(
    session: Session, user: User, chosen: dict[MailKind, bool], *, actor: User | None
) -> list[str]:
    """Store the user's own choice for each kind given; return the kinds that changed."""
    from . import preferences

    current = preferences.choices(session, user)
    changed = []
    for kind, enabled in chosen.items():
        if not kind.optional:
            continue
        row = session.get(MailPreference, (user.id, kind))
        if row is None:
            session.add(MailPreference(user_id=user.id, kind=kind, enabled=enabled))
        else:
            row.enabled = enabled
        if current.get(kind) != enabled:
            changed.append(kind.value)
    if changed:
        session.flush()
        record(
            "mail.preferences",
            actor=actor,
            obj=user,
            after={kind.value: enabled for kind, enabled in chosen.items() if kind.value in changed},
        )
    return changed


def unsubscribe(session: Session, user: User, kind: MailKind) -> None:
    """Turn off exactly one kind for one user (the one-click link); waiting messages of it stop too."""
    set_preferences(session, user, {kind: False}, actor=None)
    session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.user_id == user.id,
            OutboxMessage.kind == kind,
            OutboxMessage.status == MailStatus.WAITING,
            OutboxMessage.claimed_by.is_(None),
        )
        .values(status=MailStatus.CANCELLED)
        .execution_options(synchronize_session=False)
    )
    record("mail.unsubscribe", actor=None, obj=user, detail={"kind": kind.value})


def set_organisation_defaults(
    session: Session, organisation: Organisation, chosen: dict[MailKind, bool], *, actor: User
) -> None:
    for kind, enabled in chosen.items():
        row = session.get(MailDefault, (organisation.id, kind))
        if row is None:
            session.add(MailDefault(organisation_id=organisation.id, kind=kind, enabled=enabled))
        else:
            row.enabled = enabled
    session.flush()
    record(
        "mail.defaults",
        actor=actor,
        obj=organisation,
        after={kind.value: enabled for kind, enabled in chosen.items()},
    )


class CannotSendAgain(Exception):
    """Only a failed or interrupted message with its text still in the outbox can be queued again."""


def send_again(message: OutboxMessage, *, actor: User) -> None:
    """Queue a failed or interrupted message again, with the same Message-ID (the coordinator's call)."""
    if message.status not in (MailStatus.FAILED, MailStatus.INTERRUPTED) or message.kind is MailKind.ACCOUNT:
        raise CannotSendAgain
    before = message.status.value
    message.status = MailStatus.WAITING
    message.claimed_by = None
    message.claimed_at = None
    message.attempts = 0
    message.next_attempt_at = utcnow()
    record(
        "mail.send_again", actor=actor, obj=message, before={"status": before}, after={"status": "waiting"}
    )


def new_calendar_feed(session: Session, user: User) -> str:
    """Give the user a new private calendar address; the earlier one stops working. Return the token."""
    revoke_calendar_feeds(session, user, audited=False)
    raw = secrets.token_urlsafe(32)
    session.add(CalendarFeed(user_id=user.id, token_hash=token_hash(raw)))
    session.flush()
    record("calendar.create", actor=user, obj=user)
    return raw


def revoke_calendar_feeds(session: Session, user: User, *, audited: bool = True) -> int:
    count = session.execute(
        update(CalendarFeed)
        .where(CalendarFeed.user_id == user.id, CalendarFeed.revoked_at.is_(None))
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if audited:
        record("calendar.revoke", actor=user, obj=user, detail={"revoked": count})
    return count

"""One-time links for invites and password resets: single use, seven days, only the hash stored."""

import secrets
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from lagesbild.extensions import db
from lagesbild.models import OneTimeToken, TokenPurpose, User, utcnow

from . import once
from .sessions import token_hash

TOKEN_LIFETIME = timedelta(days=7)


def issue(user: User, purpose: TokenPurpose, created_by: User | None) -> str:
    """Create a link token for `user`; earlier unused links of the user stop working."""
    now = utcnow()
    void_unused(user)
    raw = secrets.token_urlsafe(32)
    db.session.add(
        OneTimeToken(
            token_hash=token_hash(raw),
            purpose=purpose,
            user=user,
            created_by_id=getattr(created_by, "id", None),
            created_at=now,
            expires_at=now + TOKEN_LIFETIME,
        )
    )
    return raw


def find_usable(raw: str) -> OneTimeToken | None:
    """Return the unused, unexpired token for an active user, else None."""
    if not raw or len(raw) > 100:
        return None
    token = db.session.scalar(select(OneTimeToken).where(OneTimeToken.token_hash == token_hash(raw)))
    if token is None or token.used_at is not None or token.expires_at <= utcnow():
        return None
    if not (token.user.is_active and token.user.organisation.is_active):
        return None
    return token


def spend(token: OneTimeToken) -> bool:
    """Mark the link used; return False when another request spent (or voided) it first (`once.claim`)."""
    now = utcnow()
    unused = (OneTimeToken.id == token.id, OneTimeToken.used_at.is_(None), OneTimeToken.expires_at > now)
    if not once.claim(OneTimeToken, *unused, used_at=now):
        return False
    set_committed_value(token, "used_at", now)
    return True


def void_unused(user: User) -> int:
    """Void every unused link of `user`; return how many (a deactivated user's links die for good)."""
    result = db.session.execute(
        update(OneTimeToken)
        .where(OneTimeToken.user_id == user.id, OneTimeToken.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0

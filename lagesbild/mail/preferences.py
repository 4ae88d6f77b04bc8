"""Who gets which kind: the user's own choice, else the organisation's default, else on.

The unsubscribe token is signed (itsdangerous, keyed with the secret key, its own salt) and holds
exactly one user id and one kind: it can turn off that kind for that user and nothing else.
"""

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from lagesbild.models import MailDefault, MailKind, MailPreference, Role, User

UNSUBSCRIBE_SALT = "lagesbild-mail-unsubscribe"


def wants(session: Session, user: User, kind: MailKind) -> bool:
    """Whether `user` gets messages of `kind` now (an inactive account never does)."""
    if not (user.is_active and user.organisation.is_active):
        return False
    if not kind.optional:
        return True
    own = session.get(MailPreference, (user.id, kind))
    if own is not None:
        return own.enabled
    default = session.get(MailDefault, (user.organisation_id, kind))
    return True if default is None else default.enabled


def choices(session: Session, user: User) -> dict[MailKind, bool]:
    """The optional kinds the user may get (the weekly note is the coordinator's), and whether they do."""
    return {
        kind: wants(session, user, kind)
        for kind in MailKind
        if kind.optional and (kind is not MailKind.WEEKLY or user.has_role(Role.COORDINATOR))
    }


def organisation_defaults(session: Session, organisation_id: int) -> dict[MailKind, bool]:
    rows = session.scalars(select(MailDefault).where(MailDefault.organisation_id == organisation_id))
    stored = {row.kind: row.enabled for row in rows}
    return {kind: stored.get(kind, True) for kind in MailKind if kind.optional}


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(user: User, kind: MailKind) -> str:
    return _serializer().dumps([user.id, kind.value])


def read_unsubscribe_token(token: str) -> tuple[int, MailKind] | None:
    """The (user id, kind) a token was made for, or None for anything not signed by us."""
    if not token or len(token) > 200:
        return None
    try:
        user_id, kind = _serializer().loads(token)
        kind = MailKind(kind)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or not kind.optional:
        return None
    return user_id, kind

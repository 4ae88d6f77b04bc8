"""The second factor: TOTP codes from an authenticator app (RFC 6238) and single-use recovery codes."""

import hashlib
import hmac
import secrets
import time

import pyotp
from flask import current_app, session
from sqlalchemy import or_, select
from sqlalchemy.orm.attributes import set_committed_value

from lagesbild.extensions import db
from lagesbild.models import RecoveryCode, Role, User, utcnow

from . import once

ISSUER = "Lägesbild"
RECOVERY_CODE_COUNT = 10
# Unambiguous characters (no 0/O, 1/I/L) so a code read off paper is typed right.
_RECOVERY_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


_PENDING_SECRET_KEY = "totp_pending_secret"  # noqa: S105 (the name of a session key)


def new_secret() -> str:
    return pyotp.random_base32()


def pending_secret() -> str:
    """The secret being enrolled, kept in the signed session until the first code confirms it."""
    secret = session.get(_PENDING_SECRET_KEY)
    if not isinstance(secret, str) or len(secret) != 32:
        secret = session[_PENDING_SECRET_KEY] = new_secret()
    return secret


def forget_pending_secret() -> None:
    session.pop(_PENDING_SECRET_KEY, None)


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def matching_step(secret: str, code: str, *, at: float | None = None) -> int | None:
    """Return the time step a 6-digit code belongs to (now, or one step either side), else None."""
    code = "".join(code.split())
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    now = time.time() if at is None else at
    step = int(now // totp.interval)
    for candidate in (step, step - 1, step + 1):
        if hmac.compare_digest(totp.generate_otp(candidate), code):
            return candidate
    return None


def accept_code(user: User, code: str) -> bool:
    """Check a code against the user's secret; a code is accepted once (no replay in its window)."""
    if not user.totp_secret:
        return False
    step = matching_step(user.totp_secret, code)
    if step is None:
        return False
    # The stored step only moves forward, and only for the one request whose UPDATE moves it, so a
    # code is accepted once however many requests bring it at the same moment.
    earlier = or_(User.totp_last_step.is_(None), User.totp_last_step < step)
    if not once.claim(User, User.id == user.id, earlier, totp_last_step=step):
        return False
    set_committed_value(user, "totp_last_step", step)
    return True


def second_factor_required(user: User) -> bool:
    """Chairs and coordinators who enrolled, or all of them when the configuration demands it."""
    if user.totp_enabled:
        return True
    return must_enrol(user)


def required_by_config(user: User) -> bool:
    """The configuration demands a second factor of this chair or coordinator (never demo users)."""
    return (
        current_app.config["REQUIRE_TOTP_FOR_PRIVILEGED"] and user.has_role(Role.CHAIR) and not user.is_demo
    )


def must_enrol(user: User) -> bool:
    return required_by_config(user) and not user.totp_enabled


def _hash_recovery(code: str) -> str:
    # The codes carry 60 random bits, so a fast hash is enough (no guessable input to stretch).
    normalised = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(normalised.encode()).hexdigest()


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with a fresh batch; return the plain codes to show once."""
    batch = drop_recovery_codes(user) + 1
    plain = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(12))
        plain.append(f"{raw[:4]}-{raw[4:8]}-{raw[8:]}")
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_hash_recovery(raw), batch=batch))
    return plain


def drop_recovery_codes(user: User) -> int:
    """Delete the user's recovery codes; return the number of the last batch."""
    old = db.session.scalars(select(RecoveryCode).where(RecoveryCode.user_id == user.id)).all()
    for code in old:
        db.session.delete(code)
    return max((code.batch for code in old), default=0)


def use_recovery_code(user: User, code: str) -> bool:
    """Spend one unused recovery code; it can never be used again."""
    return once.claim(
        RecoveryCode,
        RecoveryCode.user_id == user.id,
        RecoveryCode.code_hash == _hash_recovery(code),
        RecoveryCode.used_at.is_(None),
        used_at=utcnow(),
    )


def unused_recovery_codes(user: User) -> int:
    rows = db.session.scalars(
        select(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    ).all()
    return len(rows)

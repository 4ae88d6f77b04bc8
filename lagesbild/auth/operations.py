"""Writes for sign-in, sign-out and the member's own account, each with its audit event."""

from dataclasses import dataclass

from flask import request
from sqlalchemy import func, select

from lagesbild.audit import record
from lagesbild.extensions import db
from lagesbild.models import OneTimeToken, User, UserSession, utcnow

from . import sessions, throttle, tokens, totp
from .passwords import hash_password, needs_rehash, verify_password


@dataclass
class SignInResult:
    throttled: bool = False
    # The new session: signed in, or waiting for the second factor; None when refused.
    session: UserSession | None = None


def attempt_sign_in(email: str, password: str) -> SignInResult:
    """Throttle, check the password and start a session; every outcome is audited.

    Commits once in the middle: the throttle's count must be visible to concurrent attempts before
    the deliberately slow hash check, which must not hold SQLite's write lock (a POST takes it at
    BEGIN) while other members post observations.
    """
    email = normalise_email(email)
    user = db.session.scalar(select(User).where(func.lower(User.email) == email))
    decision = throttle.reserve_login(
        throttle.account_key(user.id if user else None, email), client_address()
    )
    if not decision.allowed:
        # Not even checked (no hash work for an attacker to make us do); audited once a window.
        if decision.first_refusal:
            actor = user if decision.refused_by == "account_address" else None
            record("login.throttled", actor=actor, detail={"per": decision.refused_by})
        return SignInResult(throttled=True)
    stored_hash = user.password_hash if user else None
    db.session.commit()
    user = authenticate(user, stored_hash, password)
    if user is None:
        return SignInResult()
    # Only failures count against the limits.
    throttle.give_back(decision.slots)
    return SignInResult(session=sign_in(user))


def authenticate(user: User | None, stored_hash: str | None, password: str) -> User | None:
    """Return the user when the password matches and the account may sign in; audit a failure."""
    ok = verify_password(stored_hash, password)
    if not (ok and user is not None and user.is_active and user.organisation.is_active):
        # A known account is named by its id and stored e-mail; what was typed is never kept (it may
        # be a password typed into the wrong box).
        record("login.failure", actor=user, detail={"email": user.email} if user else None)
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def sign_in(user: User) -> UserSession:
    """Start a new session; it counts as signed in only once a required second factor is given."""
    pending = totp.second_factor_required(user)
    row = sessions.start_session(user, second_factor_done=not pending)
    if not pending:
        complete_sign_in(user, method="password")
    return row


def complete_sign_in(user: User, *, method: str) -> None:
    user.last_login_at = utcnow()
    record("login.success", actor=user, obj=user, detail={"method": method})


def pass_second_factor(row: UserSession, code: str) -> bool:
    """Accept a TOTP or recovery code for a pending session; audit either way."""
    user = row.user
    method = "totp" if totp.accept_code(user, code) else None
    if method is None and totp.use_recovery_code(user, code):
        method = "recovery_code"
    if method is None:
        record("login.second_factor_failure", actor=user, obj=user)
        throttle.second_factor_failed(user.id)
        return False
    row.second_factor_done = True
    complete_sign_in(user, method=method)
    return True


def sign_out(row: UserSession | None) -> None:
    """End every session of the user, so a cookie copied from any device stops working."""
    if row is None:
        return
    count = sessions.revoke_all(row.user)
    record("logout", actor=row.user, obj=row.user, detail={"sessions_ended": count})


def change_password(user: User, new_password: str) -> UserSession:
    """Set a new password, end every session of the user and start a fresh one for this browser."""
    user.password_hash = hash_password(new_password)
    user.password_changed_at = utcnow()
    count = sessions.revoke_all(user)
    record("account.password_change", actor=user, obj=user, detail={"sessions_ended": count})
    return sessions.start_session(user, second_factor_done=True)


def redeem_token(token: OneTimeToken, new_password: str) -> User | None:
    """Spend the link and set the password from it; None when the link was spent meanwhile."""
    # Hash before taking the token's row lock: the slow hash must not make other requests wait.
    password_hash = hash_password(new_password)
    if not tokens.spend(token):
        return None
    user = token.user
    user.password_hash = password_hash
    user.password_changed_at = utcnow()
    count = sessions.revoke_all(user)
    record(
        f"account.{token.purpose.value}_redeemed",
        actor=user,
        obj=user,
        detail={"sessions_ended": count},
    )
    return user


def enable_totp(user: User, secret: str) -> list[str]:
    """Turn on the second factor with a confirmed secret; return new recovery codes to show once."""
    user.totp_secret = secret
    user.totp_enabled = True
    codes = totp.new_recovery_codes(user)
    record("account.totp_enabled", obj=user, actor=user)
    return codes


def confirm_second_factor_change(user: User, proof: str, *, change: str) -> bool:
    """Accept the user's password or a current code (spending its time step) before `change`.

    A signed-in browser alone must not be enough to weaken the second factor: a borrowed or stolen
    session cannot turn it off or mint recovery codes. A wrong answer is audited as a failed second
    factor, so the same per-account throttle as at sign-in applies.
    """
    if totp.accept_code(user, proof) or verify_password(user.password_hash, proof):
        return True
    record("login.second_factor_failure", actor=user, obj=user, detail={"confirming": change})
    throttle.second_factor_failed(user.id)
    return False


def renew_recovery_codes(user: User, *, keep: UserSession | None) -> list[str]:
    """Replace the recovery codes and end the user's other sessions (`keep` is the browser asking)."""
    codes = totp.new_recovery_codes(user)
    count = sessions.revoke_all(user, except_row=keep)
    record("account.recovery_codes_renewed", obj=user, actor=user, detail={"sessions_ended": count})
    return codes


def disable_totp(user: User, *, actor: User, keep: UserSession | None = None) -> None:
    """Turn off the second factor (the user themself, or a coordinator for a lost phone).

    Every session of the user ends except `keep` (the user's own browser when they turn it off).
    """
    user.totp_secret = None
    user.totp_enabled = False
    user.totp_last_step = None
    totp.drop_recovery_codes(user)
    count = sessions.revoke_all(user, except_row=keep)
    record("account.totp_disabled", actor=actor, obj=user, detail={"sessions_ended": count})


def normalise_email(email: str) -> str:
    return email.strip().lower()


def client_address() -> str:
    return (request.remote_addr or "")[:64]

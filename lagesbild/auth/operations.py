"""Writes for sign-in: authentication and its audit events."""

from flask import request
from sqlalchemy import func, select

from lagesbild.audit import record
from lagesbild.extensions import db
from lagesbild.models import User, utcnow

from .passwords import hash_password, needs_rehash, verify_password


def authenticate(email: str, password: str) -> User | None:
    """Return the active user with this e-mail and password, auditing success and failure."""
    email = normalise_email(email)
    user = db.session.scalar(select(User).where(func.lower(User.email) == email))
    ok = verify_password(user.password_hash if user else None, password)
    if not (ok and user is not None and user.is_active and user.organisation.is_active):
        record("login.failure", actor=user, detail={"email": email[:254]})
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    record("login.success", actor=user, obj=user)
    return user


def normalise_email(email: str) -> str:
    return email.strip().lower()


def client_address() -> str:
    return (request.remote_addr or "")[:64]

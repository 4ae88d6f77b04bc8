"""Server-side sessions: the cookie carries a random token, the database its SHA-256 and its state.

Flask's own session is a signed cookie that cannot be taken back; a copy of it would stay valid until
it expires. Keeping a row per signed-in session lets logout, deactivation and a password change end
every earlier session at once: a cookie captured before is refused after, because its row is revoked.
"""

import functools
import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app, g, request, session
from sqlalchemy import Select, bindparam, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import joinedload

from lagesbild.database import SAFE_METHODS, write_lock
from lagesbild.extensions import db
from lagesbild.models import User, UserSession, utcnow

SESSION_KEY = "sid"
# last_seen_at is written at most this often, so reading pages does not mean writing on every request.
TOUCH_INTERVAL = timedelta(minutes=1)
# Per-request cache of the session record, and the id of a session to mark active after this request.
_ROW = "session_row"
_TOUCH = "touch_session"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user: User, *, second_factor_done: bool) -> UserSession:
    """Replace whatever the browser had with a brand-new session (no session fixation)."""
    session.clear()
    token = secrets.token_urlsafe(32)
    row = UserSession(
        token_hash=token_hash(token),
        user=user,
        second_factor_done=second_factor_done,
        client_address=(request.remote_addr or "")[:64],
    )
    db.session.add(row)
    session[SESSION_KEY] = token
    session.permanent = True
    return row


@functools.cache
def _session_by_token() -> Select:
    """One statement for the three rows every request reads: the session, its user and organisation.

    Built once per process (on first use, when the mappers are complete), not on every request:
    constructing it and computing its cache key took ~0.25 ms of every request.
    """
    return (
        select(UserSession)
        .options(joinedload(UserSession.user).joinedload(User.organisation))
        .where(UserSession.token_hash == bindparam("token_hash"))
    )


def current_session_row() -> UserSession | None:
    """Return this browser's live session record (second factor given or not), else None."""
    if _ROW in g:
        return g.get(_ROW)
    token = session.get(SESSION_KEY)
    row = None
    if isinstance(token, str) and token:
        row = db.session.scalar(_session_by_token(), {"token_hash": token_hash(token)})
        if row is not None and not is_live(row, utcnow()):
            row = None
    setattr(g, _ROW, row)
    return row


def _duration(value) -> timedelta:
    """A timeout from the config: a timedelta, or seconds (as LAGESBILD_* environment values are)."""
    return value if isinstance(value, timedelta) else timedelta(seconds=float(value))


def is_live(row: UserSession, now: datetime) -> bool:
    config = current_app.config
    user = row.user
    return (
        row.revoked_at is None
        and now - row.last_seen_at <= _duration(config["SESSION_IDLE_TIMEOUT"])
        and now - row.created_at <= _duration(config["SESSION_ABSOLUTE_LIFETIME"])
        and user.is_active
        and user.organisation.is_active
    )


def load_user_from_request(_request) -> User | None:
    """Flask-Login's request loader: the user of a live session whose second factor is done."""
    row = current_session_row()
    if row is None or not row.second_factor_done:
        return None
    # Only page reads count as activity: every form is loaded by a GET before it is posted, and a
    # POST then never writes anything it did not mean to (see touch_after_read).
    if request.method in SAFE_METHODS and utcnow() - row.last_seen_at >= TOUCH_INTERVAL:
        setattr(g, _TOUCH, row.id)
    return row.user


def touch_after_read(response):
    """Record activity after a page read, in its own short write transaction.

    A separate connection keeps the request's read transaction (and the test's session) untouched;
    write_lock() makes it queue for SQLite's write lock instead of failing.
    """
    session_id = g.pop(_TOUCH, None)
    if session_id is not None:
        try:
            with write_lock(), db.engine.begin() as connection:
                connection.execute(
                    update(UserSession).where(UserSession.id == session_id).values(last_seen_at=utcnow())
                )
        except SQLAlchemyError:
            # Activity is best effort: a busy database must not turn a page read into an error.
            current_app.logger.warning("could not record session activity", exc_info=True)
    return response


def revoke_all(user: User, *, except_row: UserSession | None = None) -> int:
    """Revoke every live session of `user` (except `except_row`); return how many were ended."""
    query = update(UserSession).where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
    if except_row is not None:
        query = query.where(UserSession.id != except_row.id)
    result = db.session.execute(query.values(revoked_at=utcnow()))
    return result.rowcount or 0


def revoke_every_session() -> int:
    """Revoke every live session of every user; return how many were ended.

    After a restore: the restored rows include sessions that were revoked (logout, deactivation,
    password change) after the backup was taken, and a cookie copied back then must not work again.
    """
    result = db.session.execute(
        update(UserSession)
        .where(UserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def end_browser_session() -> None:
    session.clear()
    g.pop(_ROW, None)

"""Fixtures for the account and administration tests."""

import re
import time
from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import select, update

from lagesbild.extensions import db
from lagesbild.models import AuditEvent, LoginThrottle, Role, UserSession, utcnow

from .support import data_context, login


@pytest.fixture
def session_cookie():
    """Return the signed session cookie a test client holds (what an attacker would copy)."""

    def get(client) -> str:
        cookie = client.get_cookie("lagesbild_session")
        assert cookie is not None, "the client holds no session cookie"
        return cookie.value

    return get


@pytest.fixture
def client_with_cookie(app):
    """Return a new test client that presents a copied session cookie."""

    def make(value: str):
        other = app.test_client()
        other.set_cookie("lagesbild_session", value)
        return other

    return make


@pytest.fixture
def age_sessions(app):
    """Move every session's activity and start back in time (idle timeout, absolute lifetime)."""

    def age(idle: timedelta = timedelta(0), lifetime: timedelta = timedelta(0)):
        with data_context(app):
            # End the test's read transaction first: SQLite cannot turn a stale snapshot into a writer.
            db.session.commit()
            now = utcnow()
            db.session.execute(update(UserSession).values(last_seen_at=now - idle, created_at=now - lifetime))
            db.session.commit()

    return age


@pytest.fixture
def forget_failures(app):
    """Move the throttle's windows back, as if a minute and more had passed since the failures."""

    def move():
        with data_context(app):
            db.session.commit()
            db.session.execute(
                update(LoginThrottle).values(window_started_at=utcnow() - timedelta(minutes=1, seconds=1))
            )
            db.session.commit()

    return move


@pytest.fixture
def audit_actions(app):
    def actions() -> list[str]:
        with data_context(app):
            db.session.expire_all()
            return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))

    return actions


@pytest.fixture
def totp_now():
    """Return the current code for a secret, or the code of the next time step (a fresh code)."""

    def code(secret: str, steps_ahead: int = 0) -> str:
        totp = pyotp.TOTP(secret)
        return totp.at(time.time() + steps_ahead * totp.interval)

    return code


LINK = re.compile(r"https?://[^\"'<\s]+/konto/aktivera/[A-Za-z0-9_\-]+")


@pytest.fixture
def link_in():
    """Return the one-time link shown on a page, as a path."""

    def find(html: str) -> str:
        match = LINK.search(html)
        assert match, "no one-time link on the page"
        return "/konto/aktivera/" + match.group(0).rsplit("/", 1)[1]

    return find


SECRET = re.compile(r'<code id="totp-secret">([A-Z2-7 ]+)</code>')
RECOVERY = re.compile(r"<li><code>([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})</code></li>")


def enrol(client, totp_now) -> tuple[str, list[str]]:
    """Enrol through the pages; return the secret and the recovery codes shown."""
    page = client.get("/konto/tvafaktor").get_data(as_text=True)
    secret = SECRET.search(page).group(1).replace(" ", "")
    assert "otpauth://totp/" in page
    response = client.post("/konto/tvafaktor", data={"code": totp_now(secret)})
    assert response.status_code == 200
    codes = RECOVERY.findall(response.get_data(as_text=True))
    return secret, codes


@pytest.fixture
def enrolled_chair(app, make_user, totp_now):
    chair = make_user(Role.CHAIR)
    client = app.test_client()
    login(client, chair)
    secret, codes = enrol(client, totp_now)
    client.post("/logga-ut")
    return chair, secret, codes

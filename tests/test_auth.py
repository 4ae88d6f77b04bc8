"""Sign-in, sessions that really end, safe redirects and the member's own password."""

import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
from sqlalchemy import select

from lagesbild.auth.redirects import safe_next
from lagesbild.models import AuditEvent, Role, User, UserSession

from .support import PASSWORD, login

NEW_PASSWORD = "en-lång-mening-om-eslöv-2026"


def test_login_gives_an_http_only_lax_cookie_and_the_start_page(client, make_user):
    user = make_user(Role.MEMBER)
    response = login(client, user)
    assert response.status_code == 302
    assert response.headers["Location"] == "/start"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert client.get("/start").status_code == 200


class TestASessionLifetimeOfThreeHours:
    @pytest.fixture
    def app_config(self, app_config):
        app_config["SESSION_ABSOLUTE_LIFETIME"] = 3 * 3600  # seconds, as LAGESBILD_* gives it
        return app_config

    def test_the_cookie_lives_as_long_as_the_session_may(self, client, make_user):
        """The cookie is not sent again with later answers, so it must not end before the session."""
        signed_in_at = datetime.now(UTC)
        cookie = login(client, make_user()).headers["Set-Cookie"]
        expires = parsedate_to_datetime(re.search(r"Expires=([^;]+)", cookie).group(1))
        assert abs(expires - (signed_in_at + timedelta(hours=3))) < timedelta(minutes=1)


def test_cookie_is_secure_when_configured_for_https(app, client, make_user):
    app.config["SESSION_COOKIE_SECURE"] = True
    response = login(client, make_user())
    assert "Secure" in response.headers["Set-Cookie"]


def test_login_starts_a_new_session_id(client, make_user):
    """Session fixation: whatever the browser had before sign-in is replaced."""
    with client.session_transaction() as session:
        session["sid"] = "planted-by-an-attacker"
        session["other"] = "kept?"
    login(client, make_user())
    with client.session_transaction() as session:
        assert session["sid"] != "planted-by-an-attacker"
        assert "other" not in session


def test_wrong_password_is_refused_in_swedish_and_audited_without_the_password(client, make_user, db_read):
    user = make_user()
    response = login(client, user, "fel-lösenord-helt-klart")
    assert response.status_code == 200
    assert "Fel e-postadress eller lösenord." in response.get_data(as_text=True)
    event = db_read(
        lambda session: session.scalar(select(AuditEvent).where(AuditEvent.action == "login.failure"))
    )
    assert event.detail == {"email": user.email}
    assert event.client_address == "127.0.0.1"
    assert "fel-lösenord" not in repr((event.before, event.after, event.detail))


def test_successful_login_is_audited(client, make_user, audit_actions, db_read):
    user = make_user()
    login(client, user)
    assert audit_actions() == ["login.success"]
    assert db_read(lambda session: session.get(User, user.id).last_login_at) is not None


def test_deactivated_user_cannot_sign_in(client, make_user):
    user = make_user(is_active=False)
    assert login(client, user).status_code == 200


# --- sessions that really end ------------------------------------------------------------------


def test_a_cookie_captured_before_logout_is_refused_after(
    client, make_user, session_cookie, client_with_cookie
):
    login(client, make_user())
    captured = session_cookie(client)
    assert client_with_cookie(captured).get("/start").status_code == 200

    response = client.post("/logga-ut")
    assert response.headers["Location"] == "/logga-in"
    replay = client_with_cookie(captured).get("/start")
    assert replay.status_code == 302
    assert replay.headers["Location"].startswith("/logga-in")


def test_logout_ends_the_sessions_on_every_device(app, make_user):
    user = make_user()
    phone, laptop = app.test_client(), app.test_client()
    login(phone, user)
    login(laptop, user)
    phone.post("/logga-ut")
    assert laptop.get("/start").status_code == 302


def test_deactivation_ends_the_session_at_once(app, make_user, login_as, session_cookie, client_with_cookie):
    member = make_user(Role.MEMBER)
    coordinator = make_user(Role.COORDINATOR)
    member_client = app.test_client()
    login(member_client, member)
    captured = session_cookie(member_client)

    admin = login_as(coordinator)
    assert admin.post(f"/admin/anvandare/{member.id}/inaktivera").status_code == 302
    assert member_client.get("/start").status_code == 302
    assert client_with_cookie(captured).get("/start").status_code == 302


def test_password_change_ends_every_earlier_session(app, make_user, session_cookie, client_with_cookie):
    user = make_user()
    here, elsewhere = app.test_client(), app.test_client()
    login(here, user)
    login(elsewhere, user)
    captured_here = session_cookie(here)

    response = here.post(
        "/konto/losenord",
        data={"current_password": PASSWORD, "new_password": NEW_PASSWORD, "repeat": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert here.get("/start").status_code == 200, "the browser that changed it stays signed in"
    assert elsewhere.get("/start").status_code == 302
    assert client_with_cookie(captured_here).get("/start").status_code == 302
    assert login(app.test_client(), user, PASSWORD).status_code == 200
    assert login(app.test_client(), user, NEW_PASSWORD).status_code == 302


def test_idle_session_ends(client, make_user, age_sessions):
    login(client, make_user())
    age_sessions(idle=timedelta(minutes=61), lifetime=timedelta(minutes=61))
    assert client.get("/start").status_code == 302


def test_active_session_ends_after_its_absolute_lifetime(client, make_user, age_sessions):
    login(client, make_user())
    age_sessions(idle=timedelta(0), lifetime=timedelta(hours=12, minutes=1))
    assert client.get("/start").status_code == 302


def test_reading_pages_keeps_the_session_alive_but_writes_at_most_once_a_minute(
    client, make_user, age_sessions, db_read
):
    def last_seen():
        return db_read(lambda session: session.scalar(select(UserSession.last_seen_at)))

    login(client, make_user())
    age_sessions(idle=timedelta(minutes=50), lifetime=timedelta(minutes=50))
    assert client.get("/start").status_code == 200
    touched = last_seen()
    assert client.get("/start").status_code == 200
    assert last_seen() == touched
    age_sessions(idle=timedelta(minutes=30), lifetime=timedelta(minutes=80))
    assert client.get("/konto/aktiv").status_code == 204
    age_sessions(idle=timedelta(minutes=0), lifetime=timedelta(minutes=80))
    assert client.get("/start").status_code == 200


def test_logout_is_a_post_form_on_every_page(client, make_user):
    login(client, make_user())
    page = client.get("/start").get_data(as_text=True)
    assert 'action="/logga-ut"' in page and 'method="post"' in page
    assert client.get("/logga-ut").status_code == 405


# --- open redirects ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "//evil.example/start",
        "https://evil.example",
        "http://evil.example/start",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "/\tstart",
        "",
    ],
)
def test_next_never_leaves_the_site(client, make_user, target):
    response = client.post(
        "/logga-in", query_string={"next": target}, data={"email": make_user().email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/start"


def test_next_to_a_local_page_is_followed(client, make_user):
    response = client.post(
        "/logga-in?next=/konto/losenord", data={"email": make_user().email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/konto/losenord"


@pytest.mark.parametrize("target", ["/start", "/iakttagelser?vecka=2026-w47", "/admin/anvandare/3"])
def test_safe_next_keeps_local_paths(target):
    assert safe_next(target) == target


def test_anonymous_visit_remembers_where_to_go(client, make_user):
    response = client.get("/konto/losenord")
    assert response.headers["Location"] == "/logga-in?next=%2Fkonto%2Flosenord"


# --- the member's own password -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("kort-ord", "minst 12 tecken"),
        ("password1234", "för vanligt"),
        ("aaaaaaaaaaaaaaaa", "för vanligt"),
    ],
)
def test_weak_new_passwords_are_refused_beside_the_field(login_as, make_user, new, message):
    client = login_as(make_user())
    response = client.post(
        "/konto/losenord", data={"current_password": PASSWORD, "new_password": new, "repeat": new}
    )
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)


def test_wrong_current_password_and_mismatch_are_refused(login_as, make_user):
    client = login_as(make_user())
    page = client.post(
        "/konto/losenord",
        data={"current_password": "fel-fel-fel-fel", "new_password": NEW_PASSWORD, "repeat": NEW_PASSWORD},
    ).get_data(as_text=True)
    assert "Det nuvarande lösenordet stämmer inte." in page
    page = client.post(
        "/konto/losenord",
        data={"current_password": PASSWORD, "new_password": NEW_PASSWORD, "repeat": NEW_PASSWORD + "x"},
    ).get_data(as_text=True)
    assert "Lösenorden är inte likadana." in page


def test_account_page_shows_the_member_and_the_menu_link(login_as, make_user):
    user = make_user(Role.MEMBER)
    page = login_as(user).get("/konto").get_data(as_text=True)
    assert user.email in page and "Byt lösenord" in page
    assert 'href="/konto"' in page
    assert "Tvåstegsverifiering" not in page


def test_security_headers_forbid_inline_scripts_framing_and_plugins(client, app):
    response = client.get("/logga-in")
    csp = response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";", 1)[0]
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "'nonce-"):
        assert directive in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers
    app.config["SESSION_COOKIE_SECURE"] = True
    assert client.get("/logga-in").headers["Strict-Transport-Security"] == "max-age=31536000"

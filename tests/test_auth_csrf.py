"""CSRF: every state-changing request needs the token; an expired form comes back filled in."""

import re
from contextlib import contextmanager
from unittest import mock

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import func, select

from lagesbild.extensions import db
from lagesbild.models import Organisation, Role, User

from .support import PASSWORD

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


@pytest.fixture
def app_config(app_config):
    app_config["WTF_CSRF_ENABLED"] = True
    return app_config


def token_in(html: str) -> str:
    match = TOKEN.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


class _TwoHoursAgoSigner(TimestampSigner):
    def get_timestamp(self) -> int:
        return super().get_timestamp() - 7200


class _TwoHoursAgoSerializer(URLSafeTimedSerializer):
    default_signer = _TwoHoursAgoSigner


@contextmanager
def two_hours_ago():
    """Sign CSRF tokens as if the page had been loaded two hours ago (past WTF_CSRF_TIME_LIMIT)."""
    with mock.patch("flask_wtf.csrf.URLSafeTimedSerializer", _TwoHoursAgoSerializer):
        yield


def sign_in(client, user):
    token = token_in(client.get("/logga-in").get_data(as_text=True))
    response = client.post("/logga-in", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    return client


def test_sign_in_and_out_work_with_tokens(client, make_user):
    sign_in(client, make_user())
    token = token_in(client.get("/start").get_data(as_text=True))
    assert client.post("/logga-ut", data={"csrf_token": token}).status_code == 302
    assert client.get("/start").status_code == 302


def test_logout_without_a_token_is_refused_with_a_swedish_page(client, make_user):
    sign_in(client, make_user())
    response = client.post("/logga-ut")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Felaktig begäran" in page and "säkerhetstoken" in page
    assert client.get("/start").status_code == 200, "still signed in"


def test_login_without_a_token_is_refused(client, make_user):
    response = client.post("/logga-in", data={"email": make_user().email, "password": PASSWORD})
    assert response.status_code == 400


def test_admin_button_without_a_token_changes_nothing(client, make_user):
    member = make_user(Role.MEMBER)
    sign_in(client, make_user(Role.COORDINATOR))
    assert client.post(f"/admin/anvandare/{member.id}/inaktivera").status_code == 400
    db.session.refresh(member)
    assert member.is_active


def test_expired_form_comes_back_with_everything_typed_and_nothing_written(client, make_user, make_org):
    org = make_org("Brinova")
    sign_in(client, make_user(Role.COORDINATOR))
    with two_hours_ago():
        old_token = token_in(client.get("/admin/anvandare/ny").get_data(as_text=True))
    typed = {
        "display_name": "Åsa Öberg",
        "email": "asa.oberg@example.com",
        "organisation_id": str(org.id),
        "role": "chair",
        "csrf_token": old_token,
    }
    response = client.post("/admin/anvandare/ny", data=typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Formuläret hade gått ut. Kontrollera uppgifterna och skicka igen." in page
    assert 'value="Åsa Öberg"' in page and 'value="asa.oberg@example.com"' in page
    assert f'<option selected value="{org.id}">' in page or f'value="{org.id}" selected' in page
    assert "CSRF" not in page
    assert db.session.scalar(select(func.count()).select_from(User).where(User.email == typed["email"])) == 0

    fresh = token_in(page)
    assert fresh != old_token
    response = client.post("/admin/anvandare/ny", data={**typed, "csrf_token": fresh})
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(User).where(User.email == typed["email"])) == 1


def test_a_token_from_an_earlier_session_also_brings_the_form_back(app, make_user):
    """Signed out and in again in another tab: the old page's token no longer matches."""
    user = make_user(Role.MEMBER)
    client = sign_in(app.test_client(), user)
    page = client.get("/konto/losenord").get_data(as_text=True)
    old_token = token_in(page)
    with client.session_transaction() as session:
        session["csrf_token"] = "0" * 40  # what a new session holds instead
    response = client.post(
        "/konto/losenord",
        data={"current_password": PASSWORD, "new_password": "x", "repeat": "y", "csrf_token": old_token},
    )
    assert response.status_code == 200
    assert "Formuläret hade gått ut" in response.get_data(as_text=True)


def test_a_view_that_would_write_during_the_replay_is_stopped(client, make_user, monkeypatch):
    """Even a view that skips validation cannot act on a request whose token failed."""
    coordinator = make_user(Role.COORDINATOR)
    sign_in(client, coordinator)
    with two_hours_ago():
        old_token = token_in(client.get("/admin/organisationer/ny").get_data(as_text=True))
    monkeypatch.setattr("flask_wtf.FlaskForm.validate_on_submit", lambda self, *a, **k: True)
    response = client.post(
        "/admin/organisationer/ny", data={"name": "Smygande AB", "kind": "ovrig", "csrf_token": old_token}
    )
    assert response.status_code == 400
    assert db.session.scalar(select(Organisation).where(Organisation.name == "Smygande AB")) is None

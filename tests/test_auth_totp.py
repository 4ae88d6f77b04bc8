"""The second factor: enrolment, verification at sign-in, replay, recovery codes, enforcement."""

import pytest
from sqlalchemy import select

from lagesbild.models import RecoveryCode, Role, User

from .fixtures_auth import RECOVERY, SECRET
from .support import PASSWORD, login


@pytest.fixture
def totp_enabled(db_read):
    """Whether the user's second factor is on, as stored (not as the test's copy of the user says)."""
    return lambda user: db_read(lambda session: session.get(User, user.id).totp_enabled)


def test_enrolment_needs_a_right_code_and_gives_ten_single_use_codes(
    login_as, make_user, totp_now, db_read, totp_enabled
):
    chair = make_user(Role.CHAIR)
    client = login_as(chair)
    page = client.get("/konto/tvafaktor").get_data(as_text=True)
    secret = SECRET.search(page).group(1).replace(" ", "")
    wrong = client.post(
        "/konto/tvafaktor", data={"code": "000000" if totp_now(secret) != "000000" else "111111"}
    )
    assert "Koden stämmer inte" in wrong.get_data(as_text=True)
    assert not totp_enabled(chair)

    response = client.post("/konto/tvafaktor", data={"code": totp_now(secret)})
    codes = RECOVERY.findall(response.get_data(as_text=True))
    assert len(codes) == 10 == len(set(codes))
    assert totp_enabled(chair)
    stored = db_read(
        lambda session: session.scalars(
            select(RecoveryCode.code_hash).where(RecoveryCode.user_id == chair.id)
        ).all()
    )
    assert len(stored) == 10 and not set(codes) & set(stored), "only hashes are stored"


def test_a_late_answer_to_an_earlier_request_does_not_take_back_the_secret_being_enrolled(
    login_as, make_user, client_with_cookie, totp_now, totp_enabled
):
    """A browser applies every Set-Cookie it receives, in the order the answers arrive. The previous
    page's favicon or keep-alive, sent with the cookie as it was, may be answered after the enrolment
    page: were that answer to send the cookie again, it would put back a session without the secret
    the member is scanning, and the right code would be refused."""
    chair = make_user(Role.CHAIR)
    client = login_as(chair)
    client.get("/start")
    sent_before = client.get_cookie("lagesbild_session").value
    page = client.get("/konto/tvafaktor").get_data(as_text=True)
    secret = SECRET.search(page).group(1).replace(" ", "")
    for path in ("/static/img/favicon.svg", "/start"):
        with client_with_cookie(sent_before).get(path) as late:
            assert late.status_code == 200
            assert "Set-Cookie" not in late.headers, f"{path} sent the session cookie again"
    response = client.post("/konto/tvafaktor", data={"code": totp_now(secret)})
    assert len(RECOVERY.findall(response.get_data(as_text=True))) == 10
    assert totp_enabled(chair)


def test_members_have_no_second_factor_pages(login_as, make_user):
    assert login_as(make_user(Role.MEMBER)).get("/konto/tvafaktor").status_code == 403


def test_sign_in_asks_for_the_code_and_the_session_is_not_signed_in_before(app, enrolled_chair, totp_now):
    chair, secret, _codes = enrolled_chair
    client = app.test_client()
    response = login(client, chair)
    assert response.status_code == 302
    assert response.headers["Location"] == "/logga-in/verifiera"
    assert client.get("/start").status_code == 302, "password alone does not sign in"

    wrong = client.post("/logga-in/verifiera", data={"code": "12345"})
    assert "Koden stämmer inte" in wrong.get_data(as_text=True)
    assert client.get("/start").status_code == 302

    right = client.post("/logga-in/verifiera", data={"code": totp_now(secret, steps_ahead=1)})
    assert right.status_code == 302 and right.headers["Location"] == "/start"
    assert client.get("/start").status_code == 200


def test_a_code_is_accepted_only_once(app, enrolled_chair, totp_now):
    chair, secret, _codes = enrolled_chair
    code = totp_now(secret, steps_ahead=1)
    first = app.test_client()
    login(first, chair)
    assert first.post("/logga-in/verifiera", data={"code": code}).status_code == 302
    second = app.test_client()
    login(second, chair)
    replay = second.post("/logga-in/verifiera", data={"code": code})
    assert replay.status_code == 200
    assert second.get("/start").status_code == 302


def test_recovery_code_works_once(app, enrolled_chair):
    chair, _secret, codes = enrolled_chair
    first = app.test_client()
    login(first, chair)
    assert first.post("/logga-in/verifiera", data={"code": codes[0].lower()}).status_code == 302
    assert first.get("/start").status_code == 200

    second = app.test_client()
    login(second, chair)
    assert second.post("/logga-in/verifiera", data={"code": codes[0]}).status_code == 200
    assert second.get("/start").status_code == 302
    assert second.post("/logga-in/verifiera", data={"code": codes[1]}).status_code == 302


def test_wrong_codes_are_throttled(app, enrolled_chair, totp_now):
    chair, secret, _codes = enrolled_chair
    client = app.test_client()
    login(client, chair)
    for _ in range(5):
        client.post("/logga-in/verifiera", data={"code": "ABCD-EFGH-JKMN"})
    response = client.post("/logga-in/verifiera", data={"code": totp_now(secret, steps_ahead=1)})
    assert response.status_code == 429
    assert "För många" in response.get_data(as_text=True)


def test_cancel_during_the_second_step_ends_the_pending_session(app, enrolled_chair):
    chair, _secret, codes = enrolled_chair
    client = app.test_client()
    login(client, chair)
    client.post("/logga-ut")
    assert client.post("/logga-in/verifiera", data={"code": codes[0]}).headers["Location"] == "/logga-in"


def test_renewing_codes_replaces_the_old_ones(app, enrolled_chair, totp_now):
    chair, secret, old_codes = enrolled_chair
    client = app.test_client()
    login(client, chair)
    client.post("/logga-in/verifiera", data={"code": totp_now(secret, steps_ahead=1)})
    renewed = client.post("/konto/tvafaktor/nya-koder", data={"renew-proof": PASSWORD})
    new_codes = RECOVERY.findall(renewed.get_data(as_text=True))
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    other = app.test_client()
    login(other, chair)
    assert other.post("/logga-in/verifiera", data={"code": old_codes[2]}).status_code == 200


def signed_in_twice(app, chair, codes):
    """The chair signed in on this browser and on another, with recovery codes (the app's code of
    the next half-minute stays unused)."""
    here, elsewhere = app.test_client(), app.test_client()
    login(here, chair)
    assert here.post("/logga-in/verifiera", data={"code": codes[0]}).status_code == 302
    login(elsewhere, chair)
    assert elsewhere.post("/logga-in/verifiera", data={"code": codes[1]}).status_code == 302
    return here, elsewhere


def test_new_recovery_codes_need_a_current_code_and_end_the_other_sessions(app, enrolled_chair, totp_now):
    chair, secret, old_codes = enrolled_chair
    here, elsewhere = signed_in_twice(app, chair, old_codes)

    refused = here.post("/konto/tvafaktor/nya-koder", data={"renew-proof": "fel-lösenord-helt-enkelt"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 200 and "Lösenordet eller koden stämmer inte." in page
    assert 'id="renew-proof-error"' in page, "the message sits beside the field"
    assert not RECOVERY.findall(page)
    assert elsewhere.get("/start").status_code == 200, "nothing changed"

    renewed = here.post("/konto/tvafaktor/nya-koder", data={"renew-proof": totp_now(secret, steps_ahead=1)})
    assert len(RECOVERY.findall(renewed.get_data(as_text=True))) == 10
    assert elsewhere.get("/start").status_code == 302, "the other browser is signed out"
    assert here.get("/start").status_code == 200, "this browser stays signed in"


def test_turning_off_the_second_factor_needs_the_password_and_ends_the_other_sessions(
    app, enrolled_chair, totp_now, totp_enabled
):
    chair, _secret, codes = enrolled_chair
    here, elsewhere = signed_in_twice(app, chair, codes)

    refused = here.post("/konto/tvafaktor/stang-av", data={"disable-proof": "fel-lösenord-helt-enkelt"})
    assert 'id="disable-proof-error"' in refused.get_data(as_text=True)
    assert totp_enabled(chair)
    assert elsewhere.get("/start").status_code == 200

    done = here.post("/konto/tvafaktor/stang-av", data={"disable-proof": PASSWORD}, follow_redirects=True)
    assert "Tvåstegsverifieringen är avstängd" in done.get_data(as_text=True)
    assert not totp_enabled(chair)
    assert elsewhere.get("/start").status_code == 302, "the other browser is signed out"
    assert here.get("/start").status_code == 200, "this browser stays signed in"


def test_guessing_the_password_to_turn_off_the_second_factor_is_throttled(
    app, enrolled_chair, totp_now, totp_enabled
):
    chair, _secret, codes = enrolled_chair
    here, _elsewhere = signed_in_twice(app, chair, codes)
    for n in range(5):
        here.post("/konto/tvafaktor/stang-av", data={"disable-proof": f"gissning-nummer-{n}"})
    response = here.post("/konto/tvafaktor/stang-av", data={"disable-proof": PASSWORD})
    assert response.status_code == 429
    assert "För många" in response.get_data(as_text=True)
    assert totp_enabled(chair)


def test_coordinator_turns_off_a_lost_second_factor(app, enrolled_chair, make_user, login_as):
    chair, _secret, codes = enrolled_chair
    chair_browser = app.test_client()
    login(chair_browser, chair)
    chair_browser.post("/logga-in/verifiera", data={"code": codes[0]})
    admin = login_as(make_user(Role.COORDINATOR))
    assert admin.post(f"/admin/anvandare/{chair.id}/stang-av-tvafaktor").status_code == 302
    assert chair_browser.get("/start").status_code == 302, "the chair's sessions end"
    assert login(app.test_client(), chair).headers["Location"] == "/start"


class TestRequiredByConfiguration:
    @pytest.fixture
    def app_config(self, app_config):
        app_config["REQUIRE_TOTP_FOR_PRIVILEGED"] = True
        return app_config

    def test_chair_must_enrol_at_next_sign_in(self, client, make_user, totp_now):
        chair = make_user(Role.CHAIR)
        response = login(client, chair)
        assert response.headers["Location"] == "/logga-in/verifiera"
        assert client.get("/logga-in/verifiera").headers["Location"] == "/logga-in/ny-tvafaktor"
        page = client.get("/logga-in/ny-tvafaktor").get_data(as_text=True)
        assert "Din roll kräver tvåstegsverifiering" in page
        assert client.get("/start").status_code == 302
        secret = SECRET.search(page).group(1).replace(" ", "")
        done = client.post("/logga-in/ny-tvafaktor", data={"code": totp_now(secret)})
        assert len(RECOVERY.findall(done.get_data(as_text=True))) == 10
        assert client.get("/start").status_code == 200
        assert "kan inte stängas av" in client.get("/konto/tvafaktor").get_data(as_text=True)

    def test_members_and_demo_users_are_not_asked(self, app, make_user):
        assert login(app.test_client(), make_user(Role.MEMBER)).headers["Location"] == "/start"
        demo = make_user(Role.COORDINATOR, is_demo=True)
        assert login(app.test_client(), demo).headers["Location"] == "/start"

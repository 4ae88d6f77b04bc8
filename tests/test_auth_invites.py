"""Invite and reset links: made by the coordinator, single use, seven days."""

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from lagesbild.extensions import db
from lagesbild.models import OneTimeToken, Role, TokenPurpose, User, utcnow

from .support import PASSWORD, login

CHOSEN = "min-egen-fras-om-stora-torg"


def create_user(admin, org, email="ny.medlem@example.com", role="member"):
    response = admin.post(
        "/admin/anvandare/ny",
        data={"display_name": "Ny Medlem", "email": email, "organisation_id": org.id, "role": role},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return admin.get(response.headers["Location"]).get_data(as_text=True)


def test_new_user_gets_a_seven_day_single_use_link(app, login_as, make_user, make_org, link_in, db_read):
    org = make_org("HSB")
    admin = login_as(make_user(Role.COORDINATOR))
    page = create_user(admin, org)
    assert "Inbjudningslänk" in page and "sju" in page
    link = link_in(page)
    user = db_read(lambda session: session.scalar(select(User).where(User.email == "ny.medlem@example.com")))
    again = admin.get(f"/admin/anvandare/{user.id}").get_data(as_text=True)
    assert "/konto/aktivera/" not in again, "the link is shown once"

    token = db_read(lambda session: session.scalar(select(OneTimeToken)))
    assert token.purpose == TokenPurpose.INVITE
    assert token.expires_at - token.created_at == timedelta(days=7)
    assert link.rsplit("/", 1)[1] not in token.token_hash

    visitor = app.test_client()
    assert "Välkommen till Lägesbild" in visitor.get(link).get_data(as_text=True)
    weak = visitor.post(link, data={"new_password": "kort", "repeat": "kort"})
    assert "minst 12 tecken" in weak.get_data(as_text=True)
    done = visitor.post(link, data={"new_password": CHOSEN, "repeat": CHOSEN})
    assert done.headers["Location"] == "/logga-in"

    assert visitor.get(link).status_code == 404, "used once"
    assert visitor.post(link, data={"new_password": CHOSEN, "repeat": CHOSEN}).status_code == 404
    assert login(app.test_client(), user, CHOSEN).status_code == 302


def test_link_expires_after_seven_days(app, login_as, make_user, make_org, link_in):
    admin = login_as(make_user(Role.COORDINATOR))
    link = link_in(create_user(admin, make_org()))
    with app.app_context():
        db.session.execute(update(OneTimeToken).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    response = app.test_client().get(link)
    assert response.status_code == 404
    assert "gått ut" in response.get_data(as_text=True)


def test_reset_link_replaces_the_old_one_and_ends_sessions(app, login_as, make_user, link_in):
    member = make_user(Role.MEMBER)
    member_client = app.test_client()
    login(member_client, member)
    admin = login_as(make_user(Role.COORDINATOR))

    first = link_in(
        admin.get(
            admin.post(f"/admin/anvandare/{member.id}/aterstall-losenord").headers["Location"]
        ).get_data(as_text=True)
    )
    second_page = admin.get(
        admin.post(f"/admin/anvandare/{member.id}/aterstall-losenord").headers["Location"]
    ).get_data(as_text=True)
    assert "Länk för nytt lösenord" in second_page
    second = link_in(second_page)
    visitor = app.test_client()
    assert visitor.get(first).status_code == 404, "only the newest link works"
    assert login(app.test_client(), member, PASSWORD).status_code == 302, "old password works until used"

    visitor.post(second, data={"new_password": CHOSEN, "repeat": CHOSEN})
    assert member_client.get("/start").status_code == 302
    assert login(app.test_client(), member, PASSWORD).status_code == 200
    assert login(app.test_client(), member, CHOSEN).status_code == 302


def test_link_of_a_deactivated_user_does_not_work(app, login_as, make_user, make_org, link_in, db_read):
    admin = login_as(make_user(Role.COORDINATOR))
    link = link_in(create_user(admin, make_org()))
    user = db_read(lambda session: session.scalar(select(User).where(User.email == "ny.medlem@example.com")))
    admin.post(f"/admin/anvandare/{user.id}/inaktivera")
    assert app.test_client().get(link).status_code == 404


def test_invite_and_audit_never_hold_the_token(app, login_as, make_user, make_org, link_in, db_read):
    from lagesbild.models import AuditEvent

    admin = login_as(make_user(Role.COORDINATOR))
    raw = link_in(create_user(admin, make_org())).rsplit("/", 1)[1]
    events = db_read(lambda session: session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all())
    assert [e.action for e in events][-2:] == ["user.create", "user.invite_link"]
    assert all(raw not in repr((e.before, e.after, e.detail)) for e in events)


def test_a_link_made_before_deactivation_stays_dead_after_reactivation(
    app, login_as, make_user, make_org, link_in, db_read
):
    admin = login_as(make_user(Role.COORDINATOR))
    link = link_in(create_user(admin, make_org()))
    user = db_read(lambda session: session.scalar(select(User).where(User.email == "ny.medlem@example.com")))
    admin.post(f"/admin/anvandare/{user.id}/inaktivera")
    admin.post(f"/admin/anvandare/{user.id}/aktivera")
    visitor = app.test_client()
    assert visitor.get(link).status_code == 404
    assert visitor.post(link, data={"new_password": CHOSEN, "repeat": CHOSEN}).status_code == 404
    assert db_read(lambda session: session.get(User, user.id).password_hash) is None


def test_links_start_with_the_configured_address_never_the_host_header(
    login_as, make_user, make_org, session_cookie, db_read
):
    admin = login_as(make_user(Role.COORDINATOR))
    # The coordinator's request reaches the app with a Host header someone else chose.
    forged = {"Host": "angripare.example"}
    admin.set_cookie("lagesbild_session", session_cookie(admin), domain="angripare.example")
    data = {
        "display_name": "Ny",
        "email": "ny@example.com",
        "organisation_id": make_org().id,
        "role": "member",
    }
    created = admin.post("/admin/anvandare/ny", data=data, headers=forged)
    assert created.status_code == 302, created.get_data(as_text=True)
    page = admin.get(created.headers["Location"], headers=forged).get_data(as_text=True)
    assert "https://lagesbild.example.se/konto/aktivera/" in page
    assert "angripare" not in page

    member = make_user(Role.MEMBER)
    reset = admin.post(f"/admin/anvandare/{member.id}/aterstall-losenord", headers=forged)
    page = admin.get(reset.headers["Location"], headers=forged).get_data(as_text=True)
    assert "https://lagesbild.example.se/konto/aktivera/" in page
    assert "angripare" not in page


class TestWithoutBaseUrl:
    @pytest.fixture
    def app_config(self, app_config):
        app_config["BASE_URL"] = None
        return app_config

    def test_no_link_is_made_and_the_coordinator_is_told_what_to_set(
        self, login_as, make_user, make_org, db_read
    ):
        admin = login_as(make_user(Role.COORDINATOR))
        org = make_org()
        data = {"display_name": "Ny", "email": "ny@example.com", "organisation_id": org.id, "role": "member"}
        refused = admin.post("/admin/anvandare/ny", data=data).get_data(as_text=True)
        assert "LAGESBILD_BASE_URL" in refused
        assert 'value="ny@example.com"' in refused, "what the coordinator typed is kept"
        assert (
            db_read(lambda session: session.scalar(select(User).where(User.email == "ny@example.com")))
            is None
        )

        member = make_user(Role.MEMBER)
        page = admin.post(f"/admin/anvandare/{member.id}/aterstall-losenord", follow_redirects=True)
        assert "LAGESBILD_BASE_URL" in page.get_data(as_text=True)
        assert "/konto/aktivera/" not in page.get_data(as_text=True)
        assert db_read(lambda session: session.scalar(select(OneTimeToken))) is None


def test_deactivating_an_organisation_voids_its_members_links(app, login_as, make_user, make_org, link_in):
    admin = login_as(make_user(Role.COORDINATOR))
    org = make_org()
    link = link_in(create_user(admin, org))
    admin.post(f"/admin/organisationer/{org.id}/inaktivera")
    admin.post(f"/admin/organisationer/{org.id}/aktivera")
    assert app.test_client().get(link).status_code == 404

"""The coordinator's administration: organisations, users, roles and the audit trail."""

from datetime import timedelta

from sqlalchemy import select, update

from lagesbild.extensions import db
from lagesbild.models import AuditEvent, Organisation, OrganisationKind, Role, User, utcnow

from .support import login


def test_organisations_are_listed_in_swedish_order(login_as, make_user, make_org):
    for name in ("Örkelljunga vakt", "Zeta AB", "Ängelholms bo", "Åby förening", "Arlöv"):
        make_org(name)
    page = login_as(make_user(Role.COORDINATOR)).get("/admin/organisationer").get_data(as_text=True)
    positions = [
        page.index(name) for name in ("Arlöv", "Zeta AB", "Åby förening", "Ängelholms bo", "Örkelljunga vakt")
    ]
    assert positions == sorted(positions)


def test_create_edit_and_refuse_a_duplicate_organisation(login_as, make_user, audit_actions, db_read):
    admin = login_as(make_user(Role.COORDINATOR))
    response = admin.post(
        "/admin/organisationer/ny", data={"name": " Trygg Säkerhet AB ", "kind": "bevakningsbolag"}
    )
    assert response.status_code == 302
    org = db_read(
        lambda session: session.scalar(select(Organisation).where(Organisation.name == "Trygg Säkerhet AB"))
    )
    assert org.kind == OrganisationKind.BEVAKNINGSBOLAG

    duplicate = admin.post("/admin/organisationer/ny", data={"name": "trygg säkerhet ab", "kind": "ovrig"})
    assert "Det finns redan en organisation med det namnet." in duplicate.get_data(as_text=True)
    missing = admin.post("/admin/organisationer/ny", data={"name": "", "kind": "ovrig"})
    assert "Fyll i organisationens namn." in missing.get_data(as_text=True)
    bogus = admin.post("/admin/organisationer/ny", data={"name": "X", "kind": "hemlig"})
    assert "Välj ett av alternativen i listan." in bogus.get_data(as_text=True)

    admin.post(
        f"/admin/organisationer/{org.id}/andra", data={"name": "Trygg Väktare AB", "kind": "bevakningsbolag"}
    )
    event = db_read(
        lambda session: session.scalar(select(AuditEvent).where(AuditEvent.action == "organisation.update"))
    )
    assert event.before["name"] == "Trygg Säkerhet AB" and event.after["name"] == "Trygg Väktare AB"
    assert audit_actions()[-2:] == ["organisation.create", "organisation.update"]


def test_deactivating_an_organisation_signs_its_members_out(app, login_as, make_user, make_org):
    org = make_org("Brinova")
    member = make_user(Role.MEMBER, organisation=org)
    member_client = app.test_client()
    login(member_client, member)
    admin = login_as(make_user(Role.COORDINATOR))

    assert admin.post(f"/admin/organisationer/{org.id}/inaktivera").status_code == 302
    assert member_client.get("/start").status_code == 302
    assert login(app.test_client(), member).status_code == 200
    admin.post(f"/admin/organisationer/{org.id}/aktivera")
    assert login(app.test_client(), member).status_code == 302


def test_coordinator_cannot_lock_themself_out(login_as, make_user, db_read):
    coordinator = make_user(Role.COORDINATOR)
    admin = login_as(coordinator)
    page = admin.post(
        f"/admin/organisationer/{coordinator.organisation_id}/inaktivera", follow_redirects=True
    )
    assert "Du kan inte inaktivera din egen organisation." in page.get_data(as_text=True)
    page = admin.post(f"/admin/anvandare/{coordinator.id}/inaktivera", follow_redirects=True)
    assert "Du kan inte inaktivera ditt eget konto." in page.get_data(as_text=True)
    page = admin.post(
        f"/admin/anvandare/{coordinator.id}/andra",
        data={
            "display_name": coordinator.display_name,
            "email": coordinator.email,
            "organisation_id": coordinator.organisation_id,
            "role": "member",
        },
    )
    assert "Du kan inte ändra din egen roll." in page.get_data(as_text=True)
    stored = db_read(lambda session: session.get(User, coordinator.id))
    assert stored.is_active and stored.role == Role.COORDINATOR


def test_user_list_filters_and_sorts_the_swedish_way(login_as, make_user, make_org):
    police = make_org("Polisen")
    make_user(Role.MEMBER, organisation=police, display_name="Örjan Polis", email="orjan@example.com")
    make_user(Role.CHAIR, organisation=police, display_name="Zandra Polis", email="zandra@example.com")
    make_user(Role.MEMBER, display_name="Åke Annan", email="ake@example.com", is_active=False)
    admin = login_as(make_user(Role.COORDINATOR, display_name="Anna Samordnare"))

    page = admin.get("/admin/anvandare").get_data(as_text=True)
    assert page.index("Anna Samordnare") < page.index("Zandra Polis") < page.index("Örjan Polis")
    assert "Åke Annan" not in page, "deactivated users are hidden by default"
    assert "Åke Annan" in admin.get("/admin/anvandare?status=inaktiva").get_data(as_text=True)

    filtered = admin.get(f"/admin/anvandare?organisation={police.id}&role=chair").get_data(as_text=True)
    assert "Zandra Polis" in filtered and "Örjan Polis" not in filtered
    assert "Örjan" in admin.get("/admin/anvandare?q=ORJAN").get_data(as_text=True)
    # % and _ are what they are, not wildcards that list everyone.
    assert "Örjan Polis" not in admin.get("/admin/anvandare?q=%25").get_data(as_text=True)
    assert "Örjan Polis" not in admin.get("/admin/anvandare?q=_").get_data(as_text=True)
    bad = admin.get("/admin/anvandare?role=kung")
    assert bad.status_code == 200 and "Välj ett av alternativen i listan." in bad.get_data(as_text=True)


def test_create_user_refuses_duplicates_and_inactive_organisations(login_as, make_user, make_org, db_read):
    taken = make_user(email="upptagen@example.com")
    closed = make_org("Nedlagd förening", is_active=False)
    admin = login_as(make_user(Role.COORDINATOR))
    form = {
        "display_name": "Ny",
        "email": "UPPTAGEN@example.com",
        "organisation_id": taken.organisation_id,
        "role": "member",
    }
    assert "Det finns redan en användare med den e-postadressen." in admin.post(
        "/admin/anvandare/ny", data=form
    ).get_data(as_text=True)
    form.update(email="ny@example.com", organisation_id=closed.id)
    assert "Välj ett av alternativen i listan." in admin.post("/admin/anvandare/ny", data=form).get_data(
        as_text=True
    )
    form.update(email="inte-en-adress", organisation_id=taken.organisation_id)
    assert "Skriv en giltig e-postadress" in admin.post("/admin/anvandare/ny", data=form).get_data(
        as_text=True
    )
    assert db_read(lambda session: session.scalar(select(User).where(User.email == "ny@example.com"))) is None


def test_role_change_is_audited_with_before_and_after(login_as, make_user, db_read):
    member = make_user(Role.MEMBER)
    admin = login_as(make_user(Role.COORDINATOR))
    response = admin.post(
        f"/admin/anvandare/{member.id}/andra",
        data={
            "display_name": member.display_name,
            "email": member.email,
            "organisation_id": member.organisation_id,
            "role": "chair",
        },
    )
    assert response.status_code == 302
    assert db_read(lambda session: session.get(User, member.id).role) == Role.CHAIR
    event = db_read(
        lambda session: session.scalar(select(AuditEvent).where(AuditEvent.action == "user.role_change"))
    )
    assert (event.before["role"], event.after["role"]) == ("member", "chair")
    assert event.object_id == member.id


def test_deactivate_and_reactivate_a_user(app, login_as, make_user):
    member = make_user(Role.MEMBER)
    admin = login_as(make_user(Role.COORDINATOR))
    admin.post(f"/admin/anvandare/{member.id}/inaktivera")
    assert login(app.test_client(), member).status_code == 200
    page = admin.get(f"/admin/anvandare/{member.id}").get_data(as_text=True)
    assert "Inaktiverad" in page and "Återaktivera" in page
    admin.post(f"/admin/anvandare/{member.id}/aktivera")
    assert login(app.test_client(), member).status_code == 302


def test_audit_trail_filters_by_event_user_and_date_and_pages(app, login_as, make_user):
    member = make_user(Role.MEMBER)
    for _ in range(3):
        login(app.test_client(), member)
    login(app.test_client(), member, "fel-lösenord-igen")
    coordinator = make_user(Role.COORDINATOR)
    admin = login_as(coordinator)
    with app.app_context():
        db.session.execute(
            update(AuditEvent)
            .where(AuditEvent.action == "login.failure")
            .values(at=utcnow() - timedelta(days=40))
        )
        db.session.commit()

    everything = admin.get("/admin/logg").get_data(as_text=True)
    assert "5 händelser" in everything
    failures = admin.get("/admin/logg?action=login.failure").get_data(as_text=True)
    assert "1 händelse." in failures and "fel-lösenord" not in failures
    by_member = admin.get(f"/admin/logg?actor={member.id}&action=login.success").get_data(as_text=True)
    assert "3 händelser" in by_member
    today = utcnow().date().isoformat()
    recent = admin.get(f"/admin/logg?date_from={today}").get_data(as_text=True)
    assert "4 händelser" in recent
    bad = admin.get("/admin/logg?date_from=igår")
    assert bad.status_code == 200 and "ÅÅÅÅ-MM-DD" in bad.get_data(as_text=True)

    with app.app_context():
        db.session.add_all(AuditEvent(action="test.filler") for _ in range(60))
        db.session.commit()
    first = admin.get("/admin/logg").get_data(as_text=True)
    assert "sida 1 av 2" in first and "Nästa sida" in first
    second = admin.get("/admin/logg?sida=2").get_data(as_text=True)
    assert "sida 2 av 2" in second and "Föregående sida" in second


def test_coordinator_sees_administration_in_the_menu_and_others_do_not(app, make_user):
    for role, shown in ((Role.MEMBER, False), (Role.CHAIR, False), (Role.COORDINATOR, True)):
        client = app.test_client()
        login(client, make_user(role))
        page = client.get("/start").get_data(as_text=True)
        assert ('href="/admin"' in page) is shown
        assert 'href="/konto"' in page


def test_create_user_command_makes_the_first_coordinator(app, runner, audit_actions):
    args = [
        "create-user",
        "--email",
        "Samordnare@Eslov.se",
        "--name",
        "Sara S",
        "--organisation",
        "Eslövs kommun",
    ]
    weak = runner.invoke(args=[*args, "--password", "kort"])
    assert weak.exit_code != 0 and "minst 12 tecken" in weak.output
    done = runner.invoke(args=[*args, "--kind", "kommunal", "--password", "en-lång-fras-för-sara"])
    assert done.exit_code == 0, done.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "samordnare@eslov.se"))
        assert user.role == Role.COORDINATOR and user.organisation.kind == OrganisationKind.KOMMUNAL
    assert audit_actions() == ["user.create"]
    assert login(app.test_client(), user, "en-lång-fras-för-sara").status_code == 302


def test_an_edited_user_filter_in_the_audit_trail_is_refused_once(login_as, make_user):
    page = login_as(make_user(Role.COORDINATOR)).get("/admin/logg?actor=abc").get_data(as_text=True)
    assert page.count("Välj ett av alternativen i listan.") == 1

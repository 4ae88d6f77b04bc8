"""The samverkansöverenskommelse: the coordinator enters one with focus areas, activities and versions;
the group reads it; Eslöv's 2021–2022 agreement is in the demo."""

from datetime import date

from sqlalchemy import func, select

from lagesbild.agreement.demo import seed_demo_agreement
from lagesbild.extensions import db
from lagesbild.models import (
    Agreement,
    AgreementActivity,
    AgreementVersion,
    AuditEvent,
    FocusArea,
    Role,
)

from .support import login
from .test_privacy_fields import TYPED, fields_of, message

HOSTILE = "<script>alert(1)</script>"
AGREEMENT = {
    "title": "Samverkansöverenskommelse 2023–2026",
    "parties": "Kommunen (kommunstyrelsen) och lokalpolisområdet (lokalpolisområdeschefen)",
    "starts_on": "2023-01-01",
    "ends_on": "2026-12-31",
    "signed_on": "2023-02-14",
    "decided_by": "Kommunstyrelsen och lokalpolisområdeschefen",
    "forums": "Örat mot marken; SSPE",
    "follow_up_by": "Kommunpolisen och trygghetssamordnaren",
}


def test_coordinator_enters_an_agreement_with_focus_areas_activities_and_versions(
    app, make_user, login_as, db_read
):
    coordinator = make_user(Role.COORDINATOR, display_name="Sara Samordnare")
    client = login_as(coordinator)
    response = client.post("/overenskommelser/ny", data=AGREEMENT)
    assert response.status_code == 302
    agreement_id = db_read(lambda session: session.scalar(select(Agreement.id)))
    url = f"/overenskommelser/{agreement_id}"
    assert (
        client.post(f"{url}/omraden", data={"omrade-name": "Trygghet i offentlig miljö"}).status_code == 302
    )
    area_id = db_read(lambda session: session.scalar(select(FocusArea.id)))
    activity = {
        "aktivitet-focus_area": str(area_id),
        "aktivitet-name": "Trygghetsvandringar",
        "aktivitet-effect_goal": "En tryggare utemiljö för alla",
        "aktivitet-responsible": HOSTILE,
    }
    assert client.post(f"{url}/aktiviteter", data=activity).status_code == 302
    version = {
        "version-decided_on": "2024-03-01",
        "version-decided_by": "Kommunstyrelsen",
        "version-changes": "Nytt område",
    }
    assert client.post(f"{url}/versioner", data=version).status_code == 302

    member_client = app.test_client()
    assert login(member_client, make_user(Role.MEMBER)).status_code == 302
    page = member_client.get(url).get_data(as_text=True)
    assert "Trygghet i offentlig miljö" in page and "En tryggare utemiljö för alla" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and HOSTILE not in page
    assert "Version 1, beslutad 14 februari 2023 av Kommunstyrelsen och lokalpolisområdeschefen" in page
    assert "Version 2, beslutad 1 mars 2024 av Kommunstyrelsen" in page and "Sara Samordnare" in page
    assert "Lägg till" not in page, "the group reads; only the coordinator enters"
    events = db_read(
        lambda session: session.execute(
            select(AuditEvent.action, AuditEvent.detail)
            .where(AuditEvent.action.like("agreement.%"))
            .order_by(AuditEvent.id)  # in the order they happened (PostgreSQL keeps no other)
        ).all()
    )
    assert [action for action, _ in events] == [
        "agreement.create",
        "agreement.version",
        "agreement.focus_area",
        "agreement.activity",
        "agreement.version",
    ]
    assert "Nytt område" not in str(events) and "Trygghetsvandringar" not in str(events)


def test_bad_input_is_refused_beside_the_field_and_kept(app, make_user, login_as, db_read):
    client = login_as(make_user(Role.COORDINATOR))
    response = client.post(
        "/overenskommelser/ny", data={**AGREEMENT, "ends_on": "2022-12-31", "parties": TYPED}
    )
    assert response.status_code == 200
    page = fields_of(response)
    assert page.texts["ends_on-error"].strip() == "Slutdagen kan inte ligga före startdagen."
    assert page.texts["parties-error"].strip() == message("Parterna")
    assert page.values["parties"] == TYPED and page.values["title"] == AGREEMENT["title"]
    assert db_read(lambda session: session.scalar(select(func.count(Agreement.id)))) == 0


def test_personal_data_in_an_activity_is_refused_and_nothing_is_added(app, make_user, login_as, db_read):
    client = login_as(make_user(Role.COORDINATOR))
    client.post("/overenskommelser/ny", data=AGREEMENT)
    agreement_id = db_read(lambda session: session.scalar(select(Agreement.id)))
    client.post(f"/overenskommelser/{agreement_id}/omraden", data={"omrade-name": "Unga"})
    area_id = db_read(lambda session: session.scalar(select(FocusArea.id)))
    activity = {
        "aktivitet-focus_area": str(area_id),
        "aktivitet-name": "Läger",
        "aktivitet-effect_goal": TYPED,
        "aktivitet-responsible": "Grundskolan",
    }
    response = client.post(f"/overenskommelser/{agreement_id}/aktiviteter", data=activity)
    assert response.status_code == 200
    page = fields_of(response)
    assert page.texts["aktivitet-effect_goal-error"].strip() == message("Effektmålet")
    assert page.values["aktivitet-effect_goal"] == TYPED
    assert db_read(lambda session: session.scalar(select(func.count(AgreementActivity.id)))) == 0


def test_the_demo_holds_eslovs_2021_2022_agreement(app, make_user):
    make_user(Role.COORDINATOR, is_demo=True)
    with app.app_context():
        seed_demo_agreement(db.session)
        db.session.commit()
        agreement = db.session.scalar(select(Agreement))
        assert (agreement.starts_on, agreement.ends_on, agreement.signed_on) == (
            date(2021, 5, 1),
            date(2022, 12, 31),
            date(2021, 6, 18),
        )
        assert [area.name for area in agreement.focus_areas] == [
            "Trygghet i offentlig miljö",
            "Tidig upptäckt av barn och unga vuxna i riskmiljöer",
            "Våld i nära relationer",
            "Våldsbejakande extremism",
            "Alkohol- och drogförebyggande arbete",
        ]
        assert db.session.scalar(select(func.count(AgreementActivity.id))) == 14
        assert all(a.effect_goal and a.responsible for a in db.session.scalars(select(AgreementActivity)))
        assert [v.number for v in db.session.scalars(select(AgreementVersion))] == [1, 2]

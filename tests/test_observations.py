"""Posting, editing, correcting and withdrawing observations, and the member's own list."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from lagesbild.extensions import db
from lagesbild.models import AuditEvent, Observation, ObservationStatus, Place, Role, Sharing
from lagesbild.periods import today_local


def _count(db_read) -> int:
    return db_read(lambda session: session.scalar(select(func.count(Observation.id))))


def test_the_form_offers_places_categories_and_today(client, login_as, member, reference):
    login_as(member)
    html = client.get("/iakttagelser/ny").get_data(as_text=True)
    assert 'value="Stora torg"' in html
    assert '<optgroup label="Skadegörelse"' in html and ">Klotter och tags</option>" in html
    assert f'value="{today_local().isoformat()}"' in html
    assert "Skriv inte namn" in html


def test_member_posts_an_observation_by_place_name(client, login_as, member, valid_form, area_named, app):
    login_as(member)
    response = client.post("/iakttagelser/ny", data=valid_form(plats="stora TORG", tid="21:30"))
    assert response.status_code == 302 and response.location.endswith("/mina-iakttagelser")
    with app.app_context():
        observation = db.session.scalar(select(Observation))
        assert observation.place.name == "Stora torg"
        assert observation.area == area_named("Eslövs centrum")
        assert observation.time_band.value == "kvall"  # derived from 21:30
        assert observation.organisation_id == member.organisation_id
        assert db.session.scalar(select(func.count()).where(AuditEvent.action == "observation.create")) == 1
    page = client.get("/mina-iakttagelser").get_data(as_text=True)
    assert "Nytt klotter på väggen vid fontänen." in page


def test_a_map_point_is_assigned_to_the_nearest_places_area(
    client, login_as, member, valid_form, area_named, app
):
    login_as(member)
    # A little east of the Berga pin.
    response = client.post("/iakttagelser/ny", data=valid_form(plats="", lat="55.8372", lon="13.3205"))
    assert response.status_code == 302
    with app.app_context():
        observation = db.session.scalar(select(Observation))
        assert observation.place_id is None and observation.area == area_named("Berga")
    assert client.get("/iakttagelser/omrade?lat=55.8372&lon=13.3205").get_json()["omrade"] == "Berga"
    assert client.get("/iakttagelser/omrade?lat=59.3&lon=18.0").status_code == 400


def test_double_click_or_resubmit_creates_one_observation(client, login_as, member, valid_form, db_read):
    login_as(member)
    first = client.post("/iakttagelser/ny", data=valid_form())
    again = client.post("/iakttagelser/ny", data=valid_form())
    assert first.status_code == again.status_code == 302
    assert _count(db_read) == 1
    observation = db_read(lambda session: session.scalar(select(Observation)))
    assert again.location.endswith(f"/iakttagelser/{observation.id}")
    assert "redan sparad" in client.get(again.location).get_data(as_text=True)
    # A new form (new token) is a new observation.
    client.post("/iakttagelser/ny", data=valid_form(token="another-one-time-token-1234"))
    assert _count(db_read) == 2


def test_errors_are_swedish_beside_the_field_and_everything_typed_stays(
    client, login_as, member, valid_form, db_read
):
    login_as(member)
    tomorrow = (today_local() + timedelta(days=1)).isoformat()
    data = valid_form(
        plats="Ingenstans", datum=tomorrow, antal="0", beskrivning="Kvar <b>fet</b> text", tid="25:00"
    )
    html = client.post("/iakttagelser/ny", data=data).get_data(as_text=True)
    assert "Formuläret innehåller fel" in html
    assert "Okänd plats" in html and 'value="Ingenstans"' in html
    assert "Datumet kan inte ligga i framtiden." in html and f'value="{tomorrow}"' in html
    assert "Ange antal som ett heltal" in html
    assert "Ange klockslag som TT:MM" in html
    assert "Kvar &lt;b&gt;fet&lt;/b&gt; text" in html
    assert _count(db_read) == 0


def test_a_description_is_required_and_at_most_2000_characters(client, login_as, member, valid_form, db_read):
    login_as(member)
    assert "Skriv en kort beskrivning" in client.post(
        "/iakttagelser/ny", data=valid_form(beskrivning=" ")
    ).get_data(as_text=True)
    html = client.post("/iakttagelser/ny", data=valid_form(beskrivning="x" * 2001)).get_data(as_text=True)
    assert "högst 2000 tecken (nu 2001)" in html
    assert _count(db_read) == 0


def test_a_personnummer_is_refused_with_what_and_where(client, login_as, member, valid_form, db_read):
    login_as(member)
    text = "Mannen med personnummer 850709-9805 stod vid kiosken."
    html = client.post("/iakttagelser/ny", data=valid_form(beskrivning=text)).get_data(as_text=True)
    assert "Beskrivningen verkar innehålla ett personnummer (”850709-9805”" in html
    assert "Ta bort det" in html
    assert text in html  # kept in the textarea
    assert _count(db_read) == 0


def test_a_time_and_a_conflicting_band_is_an_error_a_band_alone_is_fine(
    client, login_as, member, valid_form, db_read
):
    login_as(member)
    html = client.post("/iakttagelser/ny", data=valid_form(tid="03:00", tidsband="dag")).get_data(
        as_text=True
    )
    assert "stämmer inte överens" in html
    client.post("/iakttagelser/ny", data=valid_form(tid="", tidsband="natt"))
    observation = db_read(lambda session: session.scalar(select(Observation)))
    assert observation.time_of_day is None and observation.time_band.value == "natt"


def test_mine_lists_own_observations_newest_first_by_week(client, login_as, member, make_observation):
    make_observation(author=member, occurred_on=date(2026, 11, 10), description="Äldre")
    make_observation(author=member, occurred_on=date(2026, 11, 18), description="Nyare")
    make_observation(description="Någon annans")
    login_as(member)
    html = client.get("/mina-iakttagelser").get_data(as_text=True)
    assert html.index("v. 47 2026") < html.index("Nyare") < html.index("v. 46 2026") < html.index("Äldre")
    assert "Någon annans" not in html


def test_author_edits_while_open_and_the_audit_names_the_change_without_the_text(
    client, login_as, member, make_observation, valid_form, db_read, stored
):
    observation = make_observation(author=member, description="Först")
    login_as(member)
    form = client.get(f"/iakttagelser/{observation.id}/andra").get_data(as_text=True)
    assert "Först</textarea>" in form
    response = client.post(f"/iakttagelser/{observation.id}/andra", data=valid_form(beskrivning="Sedan"))
    assert response.status_code == 302
    assert stored(Observation, observation.id).description == "Sedan"
    event = db_read(
        lambda session: session.scalar(select(AuditEvent).where(AuditEvent.action == "observation.update"))
    )
    assert event.detail == {"fields": ["description", "reported_to_police"]}
    assert event.before == {"reported_to_police": "vet_ej"} and event.after == {"reported_to_police": "nej"}
    assert "Först" not in str((event.before, event.after)) and "Sedan" not in str((event.before, event.after))


def test_after_the_meeting_closed_only_chair_or_coordinator_correct_with_a_reason(
    client, app, login_as, member, chair, make_observation, valid_form, db_read, stored
):
    observation = make_observation(author=member, description="Låst text", locked_at=datetime.now(UTC))
    login_as(member)
    assert "Bara ordföranden eller samordnaren kan rätta" in client.get("/mina-iakttagelser").get_data(
        as_text=True
    )
    assert client.get(f"/iakttagelser/{observation.id}/andra").status_code == 403
    assert client.post(f"/iakttagelser/{observation.id}/aterkalla").status_code == 403

    chair_client = app.test_client()
    from .support import login

    login(chair_client, chair)
    without_reason = chair_client.post(
        f"/iakttagelser/{observation.id}/andra", data=valid_form(beskrivning="Rättad")
    )
    assert "Skriv varför" in without_reason.get_data(as_text=True)
    response = chair_client.post(
        f"/iakttagelser/{observation.id}/andra",
        data=valid_form(beskrivning="Rättad", polis="vet_ej", anledning="Fel kategori"),
    )
    assert response.status_code == 302
    event = db_read(
        lambda session: session.scalar(select(AuditEvent).where(AuditEvent.action == "observation.correct"))
    )
    assert event.actor_id == chair.id
    assert event.before == {} and event.after == {} and event.detail == {"fields": ["description"]}
    assert stored(Observation, observation.id).correction_reason == "Fel kategori"
    history = chair_client.get(f"/iakttagelser/{observation.id}").get_data(as_text=True)
    assert "Fel kategori" in history and "Beskrivning ändrad" in history and "Låst text" not in history


def test_withdrawn_leaves_the_lists_but_stays_in_the_audit_trail(
    client, login_as, member, make_observation, db_read, stored
):
    observation = make_observation(author=member, description="Postat av misstag")
    login_as(member)
    assert "Postat av misstag" in client.get("/iakttagelser").get_data(as_text=True)
    confirm = client.get(f"/iakttagelser/{observation.id}/aterkalla").get_data(as_text=True)
    assert "Återkalla iakttagelsen" in confirm
    assert client.post(f"/iakttagelser/{observation.id}/aterkalla").status_code == 302
    assert stored(Observation, observation.id).status is ObservationStatus.WITHDRAWN
    for url in ("/iakttagelser", "/mina-iakttagelser", "/iakttagelser.json"):
        assert "Postat av misstag" not in client.get(url).get_data(as_text=True)
    assert client.get(f"/iakttagelser/{observation.id}").status_code == 404
    event = db_read(
        lambda session: session.scalar(select(AuditEvent).where(AuditEvent.action == "observation.withdraw"))
    )
    assert event.before == {"status": "active"} and event.after == {"status": "withdrawn"}
    assert (
        stored(Observation, observation.id).description == "Postat av misstag"
    )  # the row keeps what it said


def test_chair_withdraws_anothers_observation_only_with_a_reason(app, chair, make_observation, stored):
    from .support import login

    observation = make_observation()
    client = app.test_client()
    login(client, chair)
    assert "Skriv varför" in client.post(f"/iakttagelser/{observation.id}/aterkalla").get_data(as_text=True)
    client.post(f"/iakttagelser/{observation.id}/aterkalla", data={"anledning": "Dubblett"})
    assert stored(Observation, observation.id).status is ObservationStatus.WITHDRAWN


def test_a_member_cannot_change_another_members_observation(client, login_as, member, make_observation):
    others = make_observation()
    restricted = make_observation(sharing=Sharing.BEGRANSAD)
    login_as(member)
    assert client.get(f"/iakttagelser/{others.id}/andra").status_code == 403
    assert client.get(f"/iakttagelser/{restricted.id}/andra").status_code == 404


def test_chair_role_is_what_the_correction_rule_checks(make_user):
    from lagesbild.observations.access import may_correct

    assert may_correct(make_user(Role.COORDINATOR)) and may_correct(make_user(Role.CHAIR))
    assert not may_correct(make_user(Role.MEMBER))


def test_editing_an_observation_whose_place_was_deactivated_keeps_its_point(
    client, login_as, member, make_observation, app
):
    observation = make_observation(author=member, place="Stinstorget")
    with app.app_context():
        db.session.get(Place, observation.place_id).is_active = False
        db.session.commit()
    login_as(member)
    html = client.get(f"/iakttagelser/{observation.id}/andra").get_data(as_text=True)
    assert f'value="{observation.lat:.6f}"' in html
    assert 'value="Stinstorget"' not in html


def test_mine_is_grouped_by_meeting_period_opens_on_the_current_one_and_pages_older(
    client, login_as, member, make_observation
):
    """Issue #13 item 7: the lägesbild's periods and labels; the current period first, older ones paged."""
    from lagesbild.periods import period_containing, today_local

    today = today_local()
    days = [today - timedelta(weeks=k) for k in range(1, 7)]  # six earlier periods, one each
    for k, day in enumerate(days, 1):
        make_observation(author=member, occurred_on=day, description=f"För {k} veckor sedan")
    labels = [f"Lägesbild {period_containing(day).label}" for day in [today, *days]]
    login_as(member)
    first = client.get("/mina-iakttagelser").get_data(as_text=True)
    positions = [first.index(label) for label in labels[:5]]
    assert positions == sorted(positions) and labels[5] not in first
    assert "Inga iakttagelser från dig under perioden ännu." in first  # the current period, still empty
    assert 'href="/mina-iakttagelser?sida=2" rel="next">Äldre perioder' in first
    second = client.get("/mina-iakttagelser?sida=2").get_data(as_text=True)
    assert labels[5] in second and labels[6] in second and "För 6 veckor sedan" in second
    assert labels[0] not in second and 'rel="prev">← Nyare perioder' in second


def test_members_editing_ends_with_the_periods_meeting_or_after_the_configured_weeks(
    app, client, login_as, member, make_user, make_observation, make_meeting
):
    from lagesbild.periods import period_containing, today_local

    last_week = today_local() - timedelta(weeks=1)
    open_period = make_observation(author=member, occurred_on=last_week)
    old = make_observation(author=member, occurred_on=today_local() - timedelta(weeks=6))
    app.config["MEMBER_EDIT_WEEKS"] = 4  # the default (the test config lifts it for dated fixtures)
    login_as(member)
    assert client.get(f"/iakttagelser/{open_period.id}/andra").status_code == 200
    assert client.get(f"/iakttagelser/{old.id}/andra").status_code == 403  # no meeting, but too old
    app.config["MEMBER_EDIT_WEEKS"] = 8
    assert client.get(f"/iakttagelser/{old.id}/andra").status_code == 200
    app.config["MEMBER_EDIT_WEEKS"] = 4

    make_meeting(make_user(Role.CHAIR), period=period_containing(last_week), closed=True)
    late = make_observation(author=member, occurred_on=last_week)  # posted after the close: not locked
    assert late.locked_at is None
    assert client.get(f"/iakttagelser/{late.id}/andra").status_code == 403
    assert client.post(f"/iakttagelser/{late.id}/aterkalla").status_code == 403
    mine = client.get("/mina-iakttagelser").get_data(as_text=True)
    assert "Perioden är stängd för ändringar." in mine

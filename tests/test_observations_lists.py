"""The group's list and its JSON: period, filters, and restricted observations only as counts."""

from datetime import UTC, date, datetime, timedelta

import pytest

from lagesbild.models import OrganisationKind, Role, Sharing
from lagesbild.observations.geo import assign_area
from lagesbild.periods import period_for_week

from .support import login

WEEK = "2026-47"  # Friday meetings: 13–19 November 2026
IN_WEEK = date(2026, 11, 16)


@pytest.fixture
def orgs(make_org, make_user):
    housing = make_org("ebo", OrganisationKind.BOSTADSBOLAG)
    police = make_org("Polisen", OrganisationKind.POLIS)
    return {
        "member": make_user(Role.MEMBER, organisation=housing),
        "colleague": make_user(Role.MEMBER, organisation=housing),
        "police": make_user(Role.MEMBER, organisation=police),
        "chair": make_user(Role.CHAIR, organisation=make_org("Kommunen", OrganisationKind.KOMMUNAL)),
    }


@pytest.fixture
def restricted(orgs, make_observation):
    return make_observation(
        author=orgs["police"],
        occurred_on=IN_WEEK,
        sharing=Sharing.BEGRANSAD,
        description="Hemlig spaningsuppgift",
        place="Berga",
    )


def _client(app, user):
    client = app.test_client()
    assert login(client, user).status_code == 302
    return client


def test_restricted_details_reach_others_only_as_counts_in_every_output(
    app, orgs, restricted, make_observation
):
    make_observation(author=orgs["police"], occurred_on=IN_WEEK, description="Öppen uppgift")
    outsider = _client(app, orgs["member"])
    html = outsider.get(f"/iakttagelser?vecka={WEEK}").get_data(as_text=True)
    assert "Öppen uppgift" in html
    assert "Hemlig spaningsuppgift" not in html and "1 begränsad iakttagelse visas bara som antal" in html
    data = outsider.get(f"/iakttagelser.json?vecka={WEEK}").get_json()
    assert [item["beskrivning"] for item in data["iakttagelser"]] == ["Öppen uppgift"]
    assert data["begransade_antal"] == 1
    assert str(restricted.lat) not in outsider.get(f"/iakttagelser.json?vecka={WEEK}").get_data(as_text=True)
    assert outsider.get(f"/iakttagelser/{restricted.id}").status_code == 404
    assert outsider.get(f"/iakttagelser/{restricted.id}/andra").status_code == 404
    assert outsider.get(f"/iakttagelser/{restricted.id}/aterkalla").status_code == 404


@pytest.mark.parametrize("viewer", ["police", "chair"])
def test_own_organisation_and_the_chair_see_restricted_details(app, orgs, restricted, viewer):
    client = _client(app, orgs[viewer])
    html = client.get(f"/iakttagelser?vecka={WEEK}").get_data(as_text=True)
    assert "Hemlig spaningsuppgift" in html and "visas bara som antal" not in html
    data = client.get(f"/iakttagelser.json?vecka={WEEK}").get_json()
    assert data["iakttagelser"][0]["rapportor"] == orgs["police"].display_name
    assert data["begransade_antal"] == 0
    assert client.get(f"/iakttagelser/{restricted.id}").status_code == 200


def test_the_period_shows_what_happened_in_it_and_what_was_reported_late(app, orgs, make_observation):
    make_observation(author=orgs["member"], occurred_on=IN_WEEK, description="I veckan")
    make_observation(author=orgs["member"], occurred_on=date(2026, 11, 20), description="Nästa vecka")
    period = period_for_week(2026, 47)
    make_observation(
        author=orgs["member"],
        occurred_on=date(2026, 11, 2),
        created_at=period.reported_from + timedelta(days=2),
        description="Sent rapporterad",
    )
    html = _client(app, orgs["member"]).get(f"/iakttagelser?vecka={WEEK}").get_data(as_text=True)
    assert "I veckan" in html and "Nästa vecka" not in html
    assert html.index("Sent inrapporterat") < html.index("Sent rapporterad")


def test_filters_by_category_area_and_organisation_kind(app, orgs, make_observation, area_named):
    make_observation(
        author=orgs["member"], occurred_on=IN_WEEK, category="SKG.KLOTTER", description="Klottret"
    )
    make_observation(
        author=orgs["police"],
        occurred_on=IN_WEEK,
        category="BRD.AVFALL",
        place="Berga",
        description="Branden",
    )
    client = _client(app, orgs["member"])

    def shown(query: str) -> set[str]:
        data = client.get(f"/iakttagelser.json?vecka={WEEK}&{query}").get_json()
        return {item["beskrivning"] for item in data["iakttagelser"]}

    assert shown("kategori=SKG") == {"Klottret"}
    assert shown("kategori=BRD.AVFALL") == {"Branden"}
    assert shown(f"omrade={area_named('Berga').id}") == {"Branden"}
    assert shown("organisationstyp=bostadsbolag") == {"Klottret"}
    assert shown("") == {"Klottret", "Branden"}
    html = client.get(f"/iakttagelser?vecka={WEEK}&kategori=<script>&omrade=x").get_data(as_text=True)
    assert (
        "Några filter kunde inte läsas" in html
        and "<script>" not in html.split("<main")[1].split("</main>")[0]
    )
    assert client.get("/iakttagelser?vecka=2026-99").status_code == 200
    assert client.get("/iakttagelser?_scheme=javascript&_external=0&_anchor=x").status_code == 200


def test_withdrawn_observations_leave_the_list_and_the_json(app, orgs, make_observation):
    from lagesbild.models import ObservationStatus

    make_observation(
        author=orgs["member"], occurred_on=IN_WEEK, status=ObservationStatus.WITHDRAWN, description="Borta"
    )
    client = _client(app, orgs["member"])
    assert "Borta" not in client.get(f"/iakttagelser?vecka={WEEK}").get_data(as_text=True)
    assert client.get(f"/iakttagelser.json?vecka={WEEK}").get_json()["iakttagelser"] == []


# --- area assignment (pure) --------------------------------------------------------------------


class Thing:
    def __init__(self, **fields):
        self.__dict__.update(fields)


SQUARE = (
    '{"type": "Polygon", "coordinates": '
    "[[[13.0, 55.0], [13.1, 55.0], [13.1, 55.1], [13.0, 55.1], [13.0, 55.0]]]}"
)


def test_a_point_inside_a_polygon_belongs_to_that_area_even_if_a_place_is_nearer():
    areas = [
        Thing(id=1, geojson=SQUARE, centre_lat=55.05, centre_lon=13.05),
        Thing(id=2, geojson=None, centre_lat=55.2, centre_lon=13.2),
    ]
    places = [Thing(lat=55.099, lon=13.101, area_id=2, is_active=True)]
    assert assign_area(55.098, 13.099, areas, places) == 1
    feature = '{"type": "Feature", "properties": {}, "geometry": ' + SQUARE + "}"
    areas[0].geojson = feature
    assert assign_area(55.05, 13.05, areas, places) == 1


def test_outside_polygons_the_nearest_active_place_decides():
    areas = [
        Thing(id=1, geojson=SQUARE, centre_lat=55.05, centre_lon=13.05),
        Thing(id=2, geojson=None, centre_lat=56, centre_lon=14),
        Thing(id=3, geojson="{broken", centre_lat=0, centre_lon=0),
    ]
    places = [
        Thing(lat=55.20, lon=13.20, area_id=2, is_active=True),
        Thing(lat=55.21, lon=13.21, area_id=3, is_active=False),  # nearer, but deactivated
    ]
    assert assign_area(55.211, 13.211, areas, places) == 2
    assert assign_area(55.211, 13.211, areas, []) == 1  # no places: nearest centre
    assert assign_area(55.0, 13.0, [], []) is None


def test_eslov_points_get_the_area_of_the_nearest_gazetteer_place(db_read, reference, area_named):
    from lagesbild.observations.queries import active_areas, active_places

    places, areas = db_read(lambda session: (active_places(session), active_areas(session)))
    assert assign_area(55.84024, 13.30368, areas, places) == area_named("Eslövs centrum").id  # Stora torg
    marieholm = next(p for p in places if p.name == "Marieholm")
    assert assign_area(marieholm.lat + 0.001, marieholm.lon, areas, places) == marieholm.area_id


def test_the_area_lookup_for_the_map_needs_a_point_in_the_municipality(client, login_as, orgs, reference):
    login_as(orgs["member"])
    assert client.get("/iakttagelser/omrade?lat=55.84&lon=13.30").get_json()["omrade"] == "Eslövs centrum"
    assert client.get("/iakttagelser/omrade?lat=nan&lon=13.3").status_code == 400
    assert client.get("/iakttagelser/omrade").status_code == 400


def test_recent_observations_show_in_the_current_period_by_default(app, orgs, make_observation):
    from lagesbild.periods import today_local

    make_observation(
        author=orgs["member"], occurred_on=today_local(), description="Idag", created_at=datetime.now(UTC)
    )
    assert "Idag" in _client(app, orgs["member"]).get("/iakttagelser").get_data(as_text=True)

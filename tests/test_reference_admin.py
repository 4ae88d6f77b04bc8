"""The coordinator's reference data: merges keep history, deactivation, boundaries, places, aliases."""

import io
import json

import pytest
from pyproj import Transformer
from sqlalchemy import select

from lagesbild.models import Area, AuditEvent, Category, Observation, Organisation, Place, PostedUnder, Role
from lagesbild.reference_admin.ordering import usual_first

from .support import login

ADMIN = "/admin/referensdata"


@pytest.fixture
def coordinator_client(app, make_user, reference):
    client = app.test_client()
    assert login(client, make_user(Role.COORDINATOR)).status_code == 302
    return client


@pytest.fixture
def member_client(app, make_user, reference):
    client = app.test_client()
    assert login(client, make_user(Role.MEMBER)).status_code == 302
    return client


def _id(db_read, model, **where):
    return db_read(lambda s: s.scalar(select(model.id).filter_by(**where)))


def _events(db_read, action):
    return db_read(
        lambda s: s.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        ).all()
    )


def test_merging_a_category_counts_its_observations_under_the_other_and_keeps_what_they_were_posted_under(
    coordinator_client, make_observation, db_read
):
    old = make_observation(category="SKG.SKOLA", description="Krossad ruta vid skolan.")
    make_observation(category="SKG.SKOLA")
    source, target = _id(db_read, Category, code="SKG.SKOLA"), _id(db_read, Category, code="SKG.ALLMAN_PLATS")

    response = coordinator_client.post(f"{ADMIN}/kategorier/{source}/sla-ihop", data={"target": str(target)})

    assert response.status_code == 302
    moved = db_read(lambda s: s.scalars(select(Observation.category_id)).all())
    assert moved == [target, target]  # every report counts them under the merged one now
    posted = db_read(lambda s: s.scalars(select(PostedUnder.category_id)).all())
    assert posted == [source, source]
    assert db_read(lambda s: s.get(Category, source).is_active) is False
    (event,) = _events(db_read, "category.merge")
    assert event.detail["observations_moved"] == 2 and event.detail["into_code"] == "SKG.ALLMAN_PLATS"
    assert "Krossad" not in json.dumps([event.before, event.after, event.detail])
    log = coordinator_client.get("/admin/logg").get_data(as_text=True)
    assert "Kategori sammanslagen" in log and "Skadegörelse på skola/förskola/fritidsgård" in log
    page = coordinator_client.get(f"/iakttagelser/{old.id}").get_data(as_text=True)
    assert "Rapporterades under" in page and "Skadegörelse på skola/förskola/fritidsgård" in page


def test_merging_a_duplicate_place_moves_its_observations_and_its_name_becomes_an_alias(
    coordinator_client, member_client, make_observation, valid_form, db_read
):
    make_observation(place="Hotel Stensson")
    source, target = _id(db_read, Place, name="Hotel Stensson"), _id(db_read, Place, name="Stora torg")

    assert (
        coordinator_client.post(
            f"{ADMIN}/platser/{source}/sla-ihop", data={"target": str(target)}
        ).status_code
        == 302
    )

    # The flash counts in Swedish: one observation is "1 iakttagelse".
    index = coordinator_client.get(f"{ADMIN}").get_data(as_text=True)
    assert "Hotel Stensson är sammanslagen med Stora torg; 1 iakttagelse flyttades." in index
    observation = db_read(lambda s: s.scalars(select(Observation)).one())
    assert observation.place_id == target
    assert db_read(lambda s: s.scalar(select(PostedUnder.place_id))) == source
    assert db_read(lambda s: s.get(Place, source).is_active) is False
    # A member still typing the old name gets the place it was merged into.
    assert member_client.post("/iakttagelser/ny", data=valid_form(plats="Hotel Stensson")).status_code == 302
    assert db_read(lambda s: s.scalars(select(Observation.place_id)).all()) == [target, target]


def test_a_deactivated_subcategory_leaves_the_post_form_and_old_observations_keep_it(
    coordinator_client, member_client, make_observation, valid_form, db_read
):
    old = make_observation(category="ORD.TIGGERI")
    category = _id(db_read, Category, code="ORD.TIGGERI")

    assert coordinator_client.post(f"{ADMIN}/kategorier/{category}/inaktivera").status_code == 302

    assert "ORD.TIGGERI" not in member_client.get("/iakttagelser/ny").get_data(as_text=True)
    refused = member_client.post("/iakttagelser/ny", data=valid_form(kategori="ORD.TIGGERI"))
    assert refused.status_code == 200 and "Välj en kategori ur listan" in refused.get_data(as_text=True)
    assert db_read(lambda s: s.get(Observation, old.id).category_id) == category
    assert len(_events(db_read, "category.deactivate")) == 1


def test_a_top_category_with_active_subcategories_is_not_deactivated(coordinator_client, db_read):
    top = _id(db_read, Category, code="ORD")
    response = coordinator_client.post(f"{ADMIN}/kategorier/{top}/inaktivera", follow_redirects=True)
    assert "Inaktivera eller flytta först underkategorierna." in response.get_data(as_text=True)
    assert db_read(lambda s: s.get(Category, top).is_active) is True


def test_a_deactivated_place_is_refused_by_the_post_form(
    coordinator_client, member_client, valid_form, db_read
):
    place = _id(db_read, Place, name="Stadsparken")
    assert coordinator_client.post(f"{ADMIN}/platser/{place}/inaktivera").status_code == 302
    refused = member_client.post("/iakttagelser/ny", data=valid_form(plats="Stadsparken"))
    assert "Okänd plats" in refused.get_data(as_text=True)


def test_moving_a_subcategory_changes_its_code_prefix_and_is_audited(coordinator_client, db_read):
    category, mil = _id(db_read, Category, code="SKG.ALLMAN_PLATS"), _id(db_read, Category, code="MIL")
    form = {"name": "Skadegörelse på allmän plats", "description": "", "parent": str(mil), "sort_order": "5"}
    assert coordinator_client.post(f"{ADMIN}/kategorier/{category}/andra", data=form).status_code == 302
    assert db_read(lambda s: s.get(Category, category).code) == "MIL.ALLMAN_PLATS"
    (event,) = _events(db_read, "category.move")
    assert event.before["code"] == "SKG.ALLMAN_PLATS"


def test_a_place_added_by_coordinates_belongs_to_the_area_whose_boundary_holds_it(
    coordinator_client, db_read
):
    form = {
        "name": "Nya lekplatsen",
        "kind": "lekplats",
        "lat": "55,8455",
        "lon": "13.3150",
        "aliases": "Leken",
    }
    response = coordinator_client.post(f"{ADMIN}/platser/ny", data=form)
    assert response.status_code == 302
    place = db_read(lambda s: s.scalar(select(Place).where(Place.name == "Nya lekplatsen")))
    assert db_read(lambda s: s.get(Area, place.area_id).name) == "Rönneberga"
    assert place.aliases == "Leken"


def test_a_place_outside_the_municipality_is_refused_beside_the_field(coordinator_client):
    form = {"name": "Långt bort", "kind": "", "lat": "59.33", "lon": "18.06", "aliases": ""}
    response = coordinator_client.post(f"{ADMIN}/platser/ny", data=form)
    assert response.status_code == 200
    assert "Punkten ligger utanför kommunen" in response.get_data(as_text=True)


def test_editing_a_place_moves_it_into_the_area_of_its_new_point_or_keeps_what_was_typed(
    coordinator_client, db_read
):
    place = _id(db_read, Place, name="Stinstorget")
    url = f"{ADMIN}/platser/{place}/andra"
    outside = {"name": "Stinstorget norra", "kind": "", "lat": "59.33", "lon": "18.06", "aliases": "Stinsen"}
    page = coordinator_client.post(url, data=outside).get_data(as_text=True)
    assert "Punkten ligger utanför kommunen" in page and 'value="Stinstorget norra"' in page
    assert db_read(lambda s: s.get(Place, place).name) == "Stinstorget"

    moved = outside | {"lat": "55,8455", "lon": "13.3150"}
    page = coordinator_client.post(url, data=moved, follow_redirects=True).get_data(as_text=True)
    assert "Platsen Stinstorget norra är sparad (Rönneberga)." in page
    assert db_read(lambda s: s.get(Area, s.get(Place, place).area_id).name) == "Rönneberga"


def test_the_place_field_finds_a_place_by_its_alias(member_client, valid_form, db_read):
    assert member_client.post("/iakttagelser/ny", data=valid_form(plats="Stinsen")).status_code == 302
    assert db_read(lambda s: s.scalar(select(Place.name).join(Observation.place))) == "Stinstorget"


def _square_3006(lat: float, lon: float, half_m: float) -> bytes:
    """A square boundary around a point, in SWEREF 99 TM as a municipality's GIS would export it."""
    x, y = Transformer.from_crs("EPSG:4326", "EPSG:3006", always_xy=True).transform(lon, lat)
    ring = [
        [x - half_m, y - half_m],
        [x + half_m, y - half_m],
        [x + half_m, y + half_m],
        [x - half_m, y + half_m],
    ]
    collection = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3006"}},
        "features": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "Polygon", "coordinates": [ring + ring[:1]]},
            }
        ],
    }
    return json.dumps(collection).encode()


def _upload(client, url, name, content: bytes):
    data = {"name": name, "sort_order": "5", "boundary": (io.BytesIO(content), "grans.geojson")}
    return client.post(url, data=data, content_type="multipart/form-data")


def test_a_boundary_in_sweref_is_previewed_with_its_overlaps_and_then_owns_the_places_inside(
    coordinator_client, db_read
):
    # 200 m around Stora torg: inside the bundled (approximate) Eslövs centrum.
    response = _upload(
        coordinator_client, f"{ADMIN}/omraden/ny", "Torget", _square_3006(55.84024, 13.30368, 200)
    )
    assert response.status_code == 302
    preview = coordinator_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "16,0 ha" in preview  # 400 m × 400 m, measured in metres
    assert "Eslövs centrum" in preview and "Överlappar andra områden" in preview
    assert db_read(lambda s: s.scalar(select(Area).where(Area.name == "Torget"))) is None  # not saved yet

    token = response.headers["Location"].rsplit("/", 1)[1]
    assert coordinator_client.post(f"{ADMIN}/omraden/granser/{token}/spara").status_code == 302

    area = db_read(lambda s: s.scalar(select(Area).where(Area.name == "Torget")))
    assert area.geojson and not area.boundary_is_approximate
    lon, lat = json.loads(area.geojson)["coordinates"][0][0]
    assert 13.29 < lon < 13.31 and 55.83 < lat < 55.85  # reprojected to lon/lat
    assert db_read(lambda s: s.scalar(select(Place.area_id).where(Place.name == "Stora torg"))) == area.id


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (_square_3006(59.33, 18.06, 200), "utanför kommunen"),
        # Lund's centre: inside the box around Eslöv's places, 9 km outside the outline they draw.
        (_square_3006(55.705, 13.191, 300), "utanför kommunen"),
        (
            json.dumps(
                {
                    "type": "Polygon",
                    "coordinates": [
                        [[13.30, 55.83], [13.31, 55.84], [13.31, 55.83], [13.30, 55.84], [13.30, 55.83]]
                    ],
                }
            ).encode(),
            "ingen giltig polygon",
        ),
        (b"not json", "ingen GeoJSON"),
    ],
    ids=["outside", "lund", "self-crossing", "not-json"],
)
def test_a_bad_boundary_is_refused_beside_the_field_and_nothing_is_saved(
    coordinator_client, db_read, content, message
):
    response = _upload(coordinator_client, f"{ADMIN}/omraden/ny", "Fel", content)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db_read(lambda s: s.scalar(select(Area).where(Area.name == "Fel"))) is None


def test_usual_categories_come_first_in_their_order():
    class Sub:
        def __init__(self, id_):
            self.id = id_

    tree = [("ORD", [Sub(1), Sub(2)]), ("SKG", [Sub(3), Sub(4)])]
    ordered = usual_first(tree, {4})
    assert [top for top, _ in ordered] == ["SKG", "ORD"]
    assert [sub.id for sub in ordered[0][1]] == [4, 3]
    assert usual_first(tree, set()) == tree


def test_the_problembild_draws_and_exports_the_area_boundaries_marked_approximate(
    problembild_world, login_as
):
    client = login_as(problembild_world.coordinator)
    page = client.get(f"/problembild?{problembild_world.query}").get_data(as_text=True)
    assert "ungefärlig gräns" in page and '"Polygon"' in page  # the choropleth's shapes, not circles
    exported = json.loads(
        client.get(f"/problembild/fil/geojson?{problembild_world.query}&variant=intern").data
    )
    areas = [f for f in exported["features"] if f["properties"]["typ"] == "område"]
    shapes = {f["geometry"]["type"] for f in areas}
    assert shapes <= {"Polygon", "MultiPolygon"}  # every bundled area has its shape, none a point
    assert {f["properties"]["gräns"] for f in areas} == {"ungefärlig gräns"}


def test_a_name_with_personal_data_is_refused_beside_the_field_and_kept(coordinator_client, db_read):
    form = {"name": "Hos 070-123 45 67", "kind": "", "lat": "55.84", "lon": "13.30", "aliases": ""}
    page = coordinator_client.post(f"{ADMIN}/platser/ny", data=form).get_data(as_text=True)
    assert "Namnet verkar innehålla ett telefonnummer" in page
    assert 'value="Hos 070-123 45 67"' in page  # what was typed stays in the form
    assert db_read(lambda s: s.scalar(select(Place).where(Place.name.like("Hos%")))) is None


def _files(client, **files):
    data = {"files": [(io.BytesIO(content), name) for name, content in files.items()]}
    return client.post(f"{ADMIN}/filer", data=data, content_type="multipart/form-data")


def test_reference_files_uploaded_in_the_admin_are_previewed_then_loaded(coordinator_client, db_read):
    bad = _files(coordinator_client, **{"organisations.csv": b"name,kind\nVaktbolaget,vakter\n"})
    assert "organisations.csv rad 2: kind ska vara en av" in bad.get_data(as_text=True)

    uploaded = _files(
        coordinator_client,
        **{"organisations.csv": b"name,kind,usual_categories\nVaktbolaget,bevakningsbolag,ORD.BERUSAD\n"},
    )
    assert uploaded.status_code == 302
    preview = coordinator_client.get(uploaded.headers["Location"]).get_data(as_text=True)
    assert "organisation ny: Vaktbolaget" in preview
    assert db_read(lambda s: s.scalar(select(Organisation).where(Organisation.name == "Vaktbolaget"))) is None

    assert coordinator_client.post(uploaded.headers["Location"] + "/bekrafta").status_code == 302
    org = db_read(lambda s: s.scalar(select(Organisation).where(Organisation.name == "Vaktbolaget")))
    assert [c.code for c in db_read(lambda s: s.get(Organisation, org.id).usual_categories)] == [
        "ORD.BERUSAD"
    ]


def test_the_coordinator_changes_the_meeting_day_audited_and_a_held_meeting_keeps_its_days(
    coordinator_client, make_user, make_meeting, db_read
):
    make_meeting(make_user(Role.CHAIR), closed=True)  # v. 47 2026, Friday 20 November: 13–19 November

    refused = coordinator_client.post(f"{ADMIN}/motesdag", data={"weekday": "2", "starts": "25.00"})
    assert "Ange ett klockslag som 13.00" in refused.get_data(as_text=True)
    assert 'value="25.00"' in refused.get_data(as_text=True)  # what was typed is kept
    assert (
        coordinator_client.post(f"{ADMIN}/motesdag", data={"weekday": "2", "starts": "13.00"}).status_code
        == 302
    )

    assert "tisdagar kl. 13.00" in coordinator_client.get(ADMIN).get_data(as_text=True)
    # The weeks to come follow Tuesday: v. 48's meeting is Tuesday 24 November, covering 17–23 November.
    week48 = coordinator_client.get("/vecka/2026-48").get_data(as_text=True)
    assert "Möte 24 november 2026. Perioden omfattar 17 november 2026 – 23 november 2026" in week48
    # The meeting already held keeps its Friday and its days.
    week47 = coordinator_client.get("/vecka/2026-47").get_data(as_text=True)
    assert "Möte 20 november 2026. Perioden omfattar 13 november 2026 – 19 november 2026" in week47
    (event,) = _events(db_read, "settings.meeting_day")
    assert event.after == {"weekday": "tisdag", "time": "13:00"} and event.before["weekday"] is None
    assert "ändrade gruppens mötesdag." in coordinator_client.get("/admin/logg").get_data(as_text=True)

"""A real group's install: `setup`, demo and real kept apart, the reference set as files."""

import json

from sqlalchemy import func, select

from lagesbild.extensions import db
from lagesbild.models import (
    Area,
    AuditEvent,
    Category,
    GroupSettings,
    Installation,
    InstallKind,
    Organisation,
    Place,
    Role,
    demo_row_count,
)


def _count(db_read, model) -> int:
    return db_read(lambda s: s.scalar(select(func.count()).select_from(model)))


def _setup_again_adds_nothing(runner, db_read) -> None:
    """`setup` again says there is nothing to add and adds no area, place, category, organisation."""
    counts = [_count(db_read, model) for model in (Area, Place, Category, Organisation)]

    again = runner.invoke(args=["setup", "--reference", "eslov"])

    assert again.exit_code == 0, again.output
    assert "Ingenting att lägga till" in again.output
    assert [_count(db_read, model) for model in (Area, Place, Category, Organisation)] == counts


def test_setup_eslov_loads_the_group_without_a_demo_row_and_keeps_make_run_from_seeding(runner, db_read):
    result = runner.invoke(args=["setup", "--reference", "eslov"])
    assert result.exit_code == 0, result.output
    assert "Lade till 18 områden, 42 platser, 61 kategorier, 10 organisationer." in result.output
    assert db_read(demo_row_count) == 0
    assert db_read(lambda s: Installation.current(s).kind) is InstallKind.REAL
    names = set(db_read(lambda s: s.scalars(select(Organisation.name)).all()))
    assert {"Polisen LPO Eslöv", "Räddningstjänsten Syd", "Eslövs Bostads AB (ebo)"} <= names
    assert not any("demo" in name for name in names)
    # Every bundled area has its polygon, marked as an approximate boundary with how it was built.
    areas = db_read(lambda s: s.scalars(select(Area)).all())
    assert all(area.geojson and area.boundary_is_approximate for area in areas)
    assert all("ungefärlig gräns" in area.source for area in areas)
    # `make run` asks is-empty before seeding the demo: a set-up database is not empty.
    assert runner.invoke(args=["is-empty"]).exit_code == 1


def test_setup_twice_adds_nothing_and_never_overwrites_what_the_group_changed(runner, db_read, app):
    assert runner.invoke(args=["setup", "--reference", "eslov"]).exit_code == 0
    with app.app_context():
        place = db.session.scalar(select(Place).where(Place.name == "Stora torg"))
        place.lat = 55.8405
        db.session.commit()
    _setup_again_adds_nothing(runner, db_read)
    assert db_read(lambda s: s.scalar(select(Place.lat).where(Place.name == "Stora torg"))) == 55.8405
    assert _count(db_read, Installation) == 1


def test_setup_on_a_database_with_data_adds_only_what_is_missing(runner, db_read):
    assert runner.invoke(args=["setup", "--reference", "tom"]).exit_code == 0
    assert _count(db_read, Area) == 0
    result = runner.invoke(args=["setup", "--reference", "eslov"])
    assert result.exit_code == 0, result.output
    assert "Lade till 18 områden" in result.output
    assert db_read(lambda s: s.scalar(select(Installation.reference_set))) == "tom"
    events = db_read(lambda s: s.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all())
    assert events.count("reference.setup") == 2 and "area.create" in events


def test_setup_refuses_a_demo_database_and_seed_demo_refuses_a_real_one(runner, make_org, db_read):
    make_org(is_demo=True)
    refused = runner.invoke(args=["setup", "--reference", "eslov"])
    assert refused.exit_code != 0
    assert "demodata" in refused.output and "blandas" in refused.output
    assert _count(db_read, Area) == 0 and _count(db_read, Installation) == 0


def test_seed_demo_refuses_a_set_up_install_and_real_rows_even_with_force(runner, make_user, db_read):
    assert runner.invoke(args=["setup", "--reference", "tom"]).exit_code == 0
    refused = runner.invoke(args=["seed-demo", "--force", "--weeks", "1"])
    assert refused.exit_code != 0
    assert "skarp installation" in refused.output
    assert db_read(demo_row_count) == 0


def test_seed_demo_refuses_a_database_with_real_accounts_even_with_force(runner, make_user, db_read):
    make_user(Role.COORDINATOR)  # made by create-user before any setup
    refused = runner.invoke(args=["seed-demo", "--force", "--weeks", "1"])
    assert refused.exit_code != 0
    assert "blandas" in refused.output
    assert db_read(demo_row_count) == 0


def test_demo_rows_are_counted_in_every_table_with_an_is_demo_column(make_org, make_user, db_read):
    demo = make_org(is_demo=True)
    make_user(organisation=demo, is_demo=True)
    make_user()  # real
    assert db_read(demo_row_count) == 2


def test_setup_from_files_refuses_bad_lines_with_their_numbers_and_writes_nothing(runner, db_read, tmp_path):
    (tmp_path / "categories.csv").write_text(
        "code,parent_code,name,description,colour,is_activity,sort_order\n"
        "SKG,,Skadegörelse,,#D55E00,0,1\n"
        "SKG.KLOTTER,SKG,Klotter,,#D55E00,0,x\n"
        "TRF.FORT,TRF,Fortkörning,,#000000,0,2\n",
        encoding="utf-8",
    )
    (tmp_path / "places.csv").write_text(
        "name,kind,area,lat,lon,approximate,source\nTorget,torg,Centrum,55.8,13.3,0,\n"
        "Ring 070-123 45 67,torg,Centrum,55.8,13.3,0,\n",
        encoding="utf-8",
    )
    result = runner.invoke(args=["setup", "--from", str(tmp_path)])
    assert result.exit_code != 0
    assert "categories.csv rad 3: sort_order ska vara ett heltal." in result.output
    assert "categories.csv rad 4: Överkategorin TRF" in result.output
    assert "places.csv rad 2: Området ”Centrum” finns inte" in result.output
    assert "places.csv rad 3: Platsens namn" in result.output  # the personal-data guard: a phone number
    assert _count(db_read, Category) == 0 and _count(db_read, Installation) == 0


def test_export_then_import_round_trips_and_the_dry_run_changes_nothing(runner, db_read, tmp_path):
    assert runner.invoke(args=["setup", "--reference", "eslov"]).exit_code == 0
    assert runner.invoke(args=["reference", "export", str(tmp_path)]).exit_code == 0
    feature = json.loads((tmp_path / "areas.geojson").read_text(encoding="utf-8"))["features"][0]
    assert feature["properties"]["boundary_note"] == "ungefärlig gräns"
    assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")

    places = (tmp_path / "places.csv").read_text(encoding="utf-8")
    (tmp_path / "places.csv").write_text(places.replace("Stora torg,", "Stora torget,", 1), encoding="utf-8")
    dry = runner.invoke(args=["reference", "import", str(tmp_path), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Provkörning" in dry.output and "plats ny: Stora torget" in dry.output
    assert db_read(lambda s: s.scalar(select(Place).where(Place.name == "Stora torget"))) is None

    real = runner.invoke(args=["reference", "import", str(tmp_path)])
    assert real.exit_code == 0, real.output
    assert "Lade till 1 plats." in real.output
    assert db_read(lambda s: s.scalar(select(Place.area_id).where(Place.name == "Stora torget")))


def test_import_adds_a_subcategory_under_a_top_category_the_database_already_holds(runner, db_read, tmp_path):
    assert runner.invoke(args=["setup", "--reference", "eslov"]).exit_code == 0
    (tmp_path / "categories.csv").write_text(
        "code,parent_code,name,description,colour,is_activity,sort_order\n"
        "SKG.LEKPLATS,SKG,Skadegörelse på lekplats,,#D55E00,0,230\n",
        encoding="utf-8",
    )
    result = runner.invoke(args=["reference", "import", str(tmp_path)])
    assert result.exit_code == 0, result.output
    parent = db_read(lambda s: s.scalar(select(Category).where(Category.code == "SKG.LEKPLATS")).parent.code)
    assert parent == "SKG"


def test_setup_stores_the_sets_meeting_day_and_run_again_keeps_the_day_the_group_chose(runner, app, db_read):
    from lagesbild.meeting_day import meeting_weekday, set_meeting_day

    result = runner.invoke(args=["setup", "--reference", "eslov"])
    assert "Satte mötesdagen till fredag." in result.output
    assert db_read(lambda s: s.scalar(select(GroupSettings.meeting_weekday))) == 5
    with app.app_context():
        set_meeting_day(db.session, 4, None, via="admin")  # the coordinator moved it to Thursday
        db.session.commit()

    again = runner.invoke(args=["setup", "--reference", "eslov"])

    assert "Mötesdag: torsdag" in again.output and "Satte" not in again.output
    app.config["MEETING_WEEKDAY"] = 2  # configuration is only the default of a database without a day
    assert db_read(lambda s: meeting_weekday(s)) == 4


def test_reference_import_sets_the_meeting_day_after_a_dry_run_and_export_writes_it(
    runner, db_read, tmp_path
):
    (tmp_path / "meeting.csv").write_text("weekday,time\nonsdag,8\n", encoding="utf-8")
    refused = runner.invoke(args=["reference", "import", str(tmp_path)])
    assert refused.exit_code != 0
    assert "meeting.csv rad 2: time ska vara ett klockslag som 13.00 (nu ”8”)." in refused.output
    (tmp_path / "meeting.csv").write_text("weekday,time\nonsdag,8.30\n", encoding="utf-8")

    dry = runner.invoke(args=["reference", "import", str(tmp_path), "--dry-run"])
    assert "Satte mötesdagen till onsdag kl. 08.30." in dry.output
    assert db_read(lambda s: s.scalar(select(func.count()).select_from(GroupSettings))) == 0
    assert runner.invoke(args=["reference", "import", str(tmp_path)]).exit_code == 0

    (event,) = db_read(
        lambda s: s.scalars(select(AuditEvent).where(AuditEvent.action == "settings.meeting_day")).all()
    )
    assert event.after == {"weekday": "onsdag", "time": "08:30"}
    out = tmp_path / "export"
    assert runner.invoke(args=["reference", "export", str(out)]).exit_code == 0
    assert (out / "meeting.csv").read_text(encoding="utf-8") == "weekday,time,source\nonsdag,08.30,\n"


def test_setup_again_finds_what_the_group_renamed_or_moved_and_adds_nothing(runner, app, db_read):
    assert runner.invoke(args=["setup", "--reference", "eslov"]).exit_code == 0
    with app.app_context():
        renames = ((Place, "Stora torg", "Stortorget"), (Area, "Berga", "Berga norra"))
        renames += ((Organisation, "Polisen LPO Eslöv", "Polisen, lokalpolisområde Eslöv"),)
        for model, old, new in renames:
            db.session.scalar(select(model).where(model.name == old)).name = new
        moved = db.session.scalar(select(Category).where(Category.code == "SKG.SKOLA"))
        moved.name, moved.code = "Skadegörelse vid skolor", "ORD.SKOLA"  # renamed and moved under ORD
        db.session.commit()
    _setup_again_adds_nothing(runner, db_read)
    assert (
        db_read(lambda s: s.scalar(select(Place.name).where(Place.source_key == "Stora torg")))
        == "Stortorget"
    )

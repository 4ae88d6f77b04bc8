"""The problembild report: what counts, where, when, development, measures, and the period form."""

import json
from datetime import date

from lagesbild.extensions import db
from lagesbild.periods import today_local
from lagesbild.problembild.frames import week_keys
from lagesbild.problembild.report import build_report, previous_period

from .fixtures_problembild import HOSTILE


def records(report, key):
    return report.tables[key].frame.to_dict("records")


def test_what_counts_withdrawn_never_restricted_internally(problembild_world, db_read):
    internal = db_read(lambda session: build_report(session, date(2025, 1, 1), date(2025, 12, 31)))
    public = db_read(lambda session: build_report(session, date(2025, 1, 1), date(2025, 12, 31), public=True))
    assert internal.total == problembild_world.total_internal == 35
    assert public.total == problembild_world.total_public == 34
    disturbances = {r["Kod"]: r for r in records(internal, "kategorier")}["ORD"]
    assert disturbances["Antal"] == 2  # the lone July one and the restricted one; not the withdrawn one


def test_extent_compares_with_the_previous_equal_period(problembild_world, db_read):
    report = db_read(lambda session: build_report(session, date(2025, 1, 1), date(2025, 12, 31)))
    graffiti = {r["Kod"]: r for r in records(report, "underkategorier")}["SKG.KLOTTER"]
    assert (graffiti["Antal"], graffiti["Föregående period"], graffiti["Förändring"]) == (17, 6, 11)
    assert graffiti["Kategori"] == HOSTILE["category"]
    fires = {r["Kod"]: r for r in records(report, "kategorier")}["BRD"]
    assert (fires["Antal"], fires["Föregående period"], fires["Förändring (%)"]) == (4, 2, 100)


def test_previous_period_is_equally_long():
    assert previous_period(date(2026, 1, 1), date(2026, 12, 31)) == (date(2025, 1, 1), date(2025, 12, 31))
    assert previous_period(date(2024, 3, 1), date(2024, 3, 31)) == (date(2024, 2, 1), date(2024, 2, 29))
    assert previous_period(date(2026, 6, 10), date(2026, 6, 19)) == (date(2026, 5, 31), date(2026, 6, 9))


def test_weeks_are_iso_weeks_labelled_with_their_week_year():
    assert week_keys(date(2026, 12, 28), date(2027, 1, 3)) == ["2026-W53"]
    assert week_keys(date(2025, 12, 29), date(2026, 1, 5)) == ["2026-W01", "2026-W02"]


def test_where_and_when(problembild_world, db_read):
    report = db_read(lambda session: build_report(session, date(2025, 1, 1), date(2025, 12, 31)))
    areas = {r["Område"]: r for r in records(report, "omraden")}
    assert areas[HOSTILE["area"]]["Totalt"] == 7  # the speeding at Källebergsskolan
    assert areas["Eslövs centrum"]["Totalt"] == 28
    hot = records(report, "hotspots")
    assert hot[0]["Plats"] == "Stora torg" and hot[0]["Antal"] == 18  # activities are not problems
    assert hot[0]["Vad som händer där"].startswith("Klotter och tags (12), Brand i papperskorg")
    months = {r["Månad"]: r["Totalt"] for r in records(report, "manader")}
    assert months["mar 2025"] == 17 and months["dec 2025"] == 4 and months["Totalt"] == 35
    weeks = {r["Vecka"]: r["Antal"] for r in records(report, "veckor")}
    assert weeks["v. 1 2026"] == 4, "31 December 2025 lies in ISO week 1 of 2026"
    weekday = {r["Veckodag"]: r for r in records(report, "veckodag_tid")}
    assert weekday["Fredag"]["Kväll (18–24)"] == 14  # 14 March, 4 July and 8 August 2025 were Fridays


def test_measures_promises_survey_and_underlag(problembild_world, db_read):
    report = db_read(lambda session: build_report(session, date(2025, 1, 1), date(2025, 12, 31)))
    actions = {r["Status"]: r["Antal åtgärder"] for r in records(report, "atgarder")}
    assert (actions["Öppen"], actions["Klar"], actions["Totalt"]) == (1, 3, 4)
    assert records(report, "atgarder_exempel")[0]["Åtgärd"] == HOSTILE["action_title"]
    walks = {r["Kod"]: r["Antal"] for r in records(report, "aktiviteter")}
    assert walks["AKT.TRYGGHETSVANDRING"] == 3
    (promise,) = records(report, "medborgarloften")
    assert (promise["Mål (minst)"], promise["Utfört"], promise["Status"]) == (4, 3, "Efter")
    (survey,) = records(report, "trygghetsmatning")
    assert (survey["Värde"], survey["Iakttagelser i perioden"]) == (1.7, 7)
    top = records(report, "underlag_antal")[0]
    assert (top["Område"], top["Kategori"], top["Antal"]) == ("Eslövs centrum", HOSTILE["category"], 17)
    rise = records(report, "underlag_okning")[0]
    assert rise["Förändring"] == 11


def test_screen_states_the_week_rule_and_offers_the_files(problembild_world, login_as):
    page = (
        login_as(problembild_world.chair)
        .get(f"/problembild?{problembild_world.query}")
        .get_data(as_text=True)
    )
    assert "ISO 8601" in page and 'id="underlag"' in page
    for kind in ("xlsx", "csv", "geojson", "html"):
        assert f"/problembild/fil/{kind}?" in page
    assert "variant=offentlig" in page
    assert page.count('<svg role="img"') == 5, "five charts plus the Leaflet map on screen"
    assert "L.heatLayer" in page and 'nonce="' in page


def test_the_wide_coverage_table_aligns_by_one_class_not_one_per_cell(problembild_world, login_as):
    # 60 organisations × 53 weeks of <td class="num"> were 77 KB of a 335 KB page (target 300 KB).
    page = (
        login_as(problembild_world.chair)
        .get(f"/problembild?{problembild_world.query}")
        .get_data(as_text=True)
    )
    coverage = page[page.index('id="tabell-rapportering"') :]
    coverage = coverage[: coverage.index("</table>")]
    assert 'class="pb-numeric"' in coverage and 'class="num"' not in coverage
    assert coverage.count("<td>") >= 3 * 53  # three organisations, every ISO week of 2025 and the totals
    categories = page[page.index('id="tabell-kategorier"') :]
    assert '<td class="num">' in categories[: categories.index("</table>")]  # narrow tables as before


def test_screen_defaults_to_this_calendar_year(problembild_world, login_as):
    page = login_as(problembild_world.coordinator).get("/problembild").get_data(as_text=True)
    this_year = today_local().year
    assert f'value="{this_year}-01-01"' in page and f'value="{this_year}-12-31"' in page


def test_a_bad_period_gets_a_message_beside_the_field(problembild_world, login_as):
    client = login_as(problembild_world.coordinator)
    response = client.get("/problembild?from=2025-12-31&to=2025-01-01")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Slutdatumet kan inte ligga före startdatumet." in page and 'aria-invalid="true"' in page
    assert 'value="2025-12-31"' in page, "what was typed is kept"
    garbage = client.get("/problembild?from=igår&to=2025-01-01")
    assert garbage.status_code == 400 and "ÅÅÅÅ-MM-DD" in garbage.get_data(as_text=True)
    assert client.get("/problembild?from=2010-01-01&to=2025-12-31").status_code == 400


def test_menu_and_start_tile_only_for_chair_and_coordinator(problembild_world, app, login_as):
    from .support import login

    member_client = app.test_client()
    login(member_client, problembild_world.member)
    assert "/problembild" not in member_client.get("/start").get_data(as_text=True)
    assert "/problembild" in login_as(problembild_world.chair).get("/start").get_data(as_text=True)


def test_charts_are_accessible_svg_and_survive_mathtext_in_names(app, problembild_world, db_read):
    from sqlalchemy import select

    from lagesbild.models import Area
    from lagesbild.problembild.charts import all_charts

    with app.app_context():
        db.session.scalar(select(Area).where(Area.name == "Sallerup")).name = r"$\notacommand{ Sallerup"
        db.session.commit()
    report = db_read(lambda session: build_report(session, date(2025, 1, 1), date(2025, 12, 31)))
    charts = all_charts(report) | all_charts(report, printable=False)
    assert set(charts) == {"kategorier", "omraden", "manader", "veckor", "veckodag", "karta"}
    for name, svg in charts.items():
        assert svg.startswith('<svg role="img" aria-labelledby="diagram-') and "<title id=" in svg, name
        assert "<script" not in svg and "<metadata" not in svg
    assert r"$\notacommand{ Sallerup" in charts["omraden"], "drawn as plain text"


def test_the_screen_map_draws_an_area_stored_as_a_feature_to_the_metre(problembild_world, app, login_as):
    """The problembild's map reads area outlines as the week map does (maps.area_geometry): a boundary
    stored as a GeoJSON Feature is drawn as its polygon, not a circle, and its coordinates are sent to
    five decimals (about a metre; a year's outlines were a third of the page's 300 KB at 5M)."""
    from sqlalchemy import select

    from lagesbild.models import Area

    ring = [[13.301234567, 55.841234567], [13.309876543, 55.841234567], [13.305555555, 55.846666666]]
    feature = {
        "type": "Feature",
        "properties": {},
        "geometry": {"type": "Polygon", "coordinates": [ring + ring[:1]]},
    }
    with app.app_context():
        area = db.session.scalar(select(Area).where(Area.name == "Eslövs centrum"))
        area.geojson = json.dumps(feature)
        db.session.commit()
    page = (
        login_as(problembild_world.chair)
        .get(f"/problembild?{problembild_world.query}")
        .get_data(as_text=True)
    )
    assert "[13.30123, 55.84123]" in page and "[13.30556, 55.84667]" in page
    assert "13.301234567" not in page

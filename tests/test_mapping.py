"""The week map's JSON document (lagesbild/meeting/mapping.py): a pure function of figures and points."""

import json
from datetime import date
from types import SimpleNamespace

from jinja2.utils import htmlsafe_json_dumps

from lagesbild.meeting.aggregate import build_figures
from lagesbild.meeting.mapping import map_document, to_json
from lagesbild.meeting.queries import Reference

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[13.31, 55.83], [13.33, 55.83], [13.33, 55.84], [13.31, 55.83]]],
}


def _reference(berga_geojson):
    areas = {
        1: SimpleNamespace(id=1, name="Berga", centre_lat=55.837, centre_lon=13.3195, geojson=berga_geojson,
                           is_active=True),
        2: SimpleNamespace(id=2, name="Eslövs centrum", centre_lat=55.8393, centre_lon=13.3042, geojson="{",
                           is_active=True),
        3: SimpleNamespace(id=3, name="Gammalt område", centre_lat=55.9, centre_lon=13.2, geojson=None,
                           is_active=False),
    }  # fmt: skip
    categories = {10: SimpleNamespace(id=10, name="Skadegörelse", colour="#d55e00"),
                  20: SimpleNamespace(id=20, name="Trafik", colour="#009e73")}  # fmt: skip
    return Reference(areas, categories, {10: 10, 20: 20})


def test_areas_carry_polygons_rises_and_totals_and_the_legend_the_tables_counts():
    ref = _reference(json.dumps({"type": "Feature", "geometry": SQUARE, "properties": {}}))
    figures = build_figures({(1, 10): 7, (2, 10): 1}, [{}] * 8, {}, ref.area_names, ref.category_names)
    point = SimpleNamespace(
        id=5, lat=55.8371234, lon=13.3195, top_category_id=10, category="Skadegörelse", place=None,
        area="Berga", occurred_on=date(2026, 11, 15), description="Klotter <b>" + "x" * 300,
    )  # fmt: skip
    document = map_document(figures, ref, [point], [])
    # Only categories with observations, with the table's counts (restricted ones included there).
    assert document["categories"] == [{"id": 10, "name": "Skadegörelse", "colour": "#d55e00", "count": 8}]
    areas = {a["name"]: a for a in document["areas"]}
    assert set(areas) == {"Berga", "Eslövs centrum"}  # inactive and empty: not drawn
    assert areas["Berga"]["geometry"] == SQUARE and areas["Berga"]["rises"] == ["Skadegörelse"]
    assert areas["Eslövs centrum"]["geometry"] is None  # a broken polygon falls back to a circle
    [drawn] = document["points"]
    assert drawn["lat"] == 55.83712 and drawn["place"] == "Berga" and len(drawn["text"]) == 160
    text = to_json(document)
    assert "<b>" not in text and "\\u003cb\\u003e" in text and json.loads(text) == document
    # The polygons' kept encoding spliced in (mapping._geometry) gives the very text of encoding it all.
    assert text == str(htmlsafe_json_dumps(document, ensure_ascii=False, separators=(",", ":")))


def test_the_map_names_each_subcategory_once_and_draws_polygons_to_the_metre():
    """At 5M karta.json was 232 KB (issue #12: at most 200): the 600 points repeated their subcategory's
    name, polygons carried 6 decimals (10 cm) and the JSON spaces between tokens."""
    precise = {
        "type": "Polygon",
        "coordinates": [[[13.3100004, 55.8300001], [13.33, 55.83], [13.3, 55.8412346]]],
    }
    ref = _reference(json.dumps(precise))
    figures = build_figures({(1, 10): 4}, [{}] * 8, {}, ref.area_names, ref.category_names)

    def point(n: int, name: str):
        return SimpleNamespace(
            id=n, lat=55.837, lon=13.3195, top_category_id=10, category=name, place="Torget", area="Berga",
            occurred_on=date(2026, 11, 15), description="Klotter",
        )  # fmt: skip

    document = map_document(
        figures, ref, [point(1, "Nedskräpning"), point(2, "Brand")], [point(3, "Nedskräpning")]
    )
    text = to_json(document)
    assert text.count("Nedskräpning") == 1 and text.count("Brand") == 1
    assert [(p["id"], document["names"][p["n"]], p["late"]) for p in document["points"]] == [
        (1, "Nedskräpning", False),
        (2, "Brand", False),
        (3, "Nedskräpning", True),
    ]
    berga = next(a for a in document["areas"] if a["name"] == "Berga")
    assert berga["geometry"]["coordinates"] == [[[13.31, 55.83], [13.33, 55.83], [13.3, 55.84123]]]
    assert ": " not in text and ", " not in text and json.loads(text) == document

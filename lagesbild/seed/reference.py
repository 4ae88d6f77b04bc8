"""Load Eslöv's areas, places and the two-level taxonomy from the project's own CSV files.

The facts come from the shared gazetteer and taxonomy (sources kept in the `source` column). Loading
is idempotent: existing rows (matched by name or code) are updated, never deleted.
"""

import csv
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from lagesbild.models import Area, Category, Place


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("lagesbild.reference").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def load_reference(session: Session) -> dict[str, int]:
    """Upsert areas, places and categories; return how many of each the files hold."""
    areas = {area.name: area for area in session.scalars(select(Area))}
    for row in _rows("areas.csv"):
        area = areas.get(row["name"]) or Area(name=row["name"])
        area.centre_lat = float(row["centre_lat"])
        area.centre_lon = float(row["centre_lon"])
        area.sort_order = int(row["sort_order"])
        areas[area.name] = area
        session.add(area)
    session.flush()

    places = {place.name: place for place in session.scalars(select(Place))}
    place_rows = _rows("places.csv")
    for row in place_rows:
        place = places.get(row["name"]) or Place(name=row["name"])
        place.kind = row["kind"]
        place.area = areas[row["area"]]
        place.lat, place.lon = float(row["lat"]), float(row["lon"])
        place.approximate = row["approximate"] == "1"
        place.source = row["source"]
        session.add(place)

    categories = {category.code: category for category in session.scalars(select(Category))}
    category_rows = _rows("categories.csv")
    for row in category_rows:  # parents come first in the file
        category = categories.get(row["code"]) or Category(code=row["code"])
        category.name = row["name"]
        category.description = row["description"]
        category.colour = row["colour"]
        category.is_activity = row["is_activity"] == "1"
        category.sort_order = int(row["sort_order"])
        category.parent = categories[row["parent_code"]] if row["parent_code"] else None
        categories[category.code] = category
        session.add(category)
    session.flush()
    return {"areas": len(areas), "places": len(place_rows), "categories": len(category_rows)}

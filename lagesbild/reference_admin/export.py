"""Write the stored reference data as the files `reference import` and `setup --from` read (sets.py).

Inactive rows are written too (is_active 0), merged ones included, so a set moved to another install
keeps every name its observations may have been posted under.
"""

import csv
import io
import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from lagesbild.meeting_day import meeting_day
from lagesbild.models import Area, Category, Organisation, Place

from .sets import COLUMNS


def _flag(value: bool) -> str:
    return "1" if value else "0"


def _csv(filename: str, rows: list[dict]) -> bytes:
    required, optional = COLUMNS[filename]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[*required, *optional], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def set_files(session: Session) -> dict[str, bytes]:
    """The five files' contents, by file name."""
    categories = session.scalars(select(Category).order_by(Category.sort_order, Category.code)).all()
    # Parents before their subcategories, as the reader wants them.
    categories = [c for c in categories if c.parent is None] + [c for c in categories if c.parent]
    category_rows = [
        {
            "code": c.code,
            "parent_code": c.parent.code if c.parent else "",
            "name": c.name,
            "description": c.description,
            "colour": c.colour,
            "is_activity": _flag(c.is_activity),
            "sort_order": c.sort_order,
            "is_active": _flag(c.is_active),
        }
        for c in categories
    ]
    places = session.scalars(select(Place).order_by(Place.id)).all()
    place_rows = [
        {
            "name": p.name,
            "kind": p.kind,
            "area": p.area.name,
            "lat": p.lat,
            "lon": p.lon,
            "approximate": _flag(p.approximate),
            "source": p.source,
            "aliases": p.aliases,
            "is_active": _flag(p.is_active),
        }
        for p in places
    ]
    organisations = session.scalars(
        select(Organisation).where(~Organisation.is_demo).order_by(Organisation.id)
    )
    organisation_rows = [
        {
            "name": o.name,
            "kind": o.kind.value,
            "usual_categories": ";".join(c.code for c in o.usual_categories),
            "is_active": _flag(o.is_active),
        }
        for o in organisations
    ]
    return {
        "categories.csv": _csv("categories.csv", category_rows),
        "places.csv": _csv("places.csv", place_rows),
        "organisations.csv": _csv("organisations.csv", organisation_rows),
        "areas.geojson": areas_geojson(session.scalars(select(Area).order_by(Area.sort_order, Area.id))),
        "meeting.csv": _csv("meeting.csv", [_meeting_row(session)]),
    }


def _meeting_row(session: Session) -> dict:
    """The meeting day the group meets on now (the stored one, or the configured default)."""
    day = meeting_day(session)
    at = f"{day.time.hour:02d}.{day.time.minute:02d}" if day.time else ""
    return {"weekday": day.weekday_name, "time": at, "source": ""}


def area_feature(area: Area, extra: dict | None = None) -> dict:
    """One area as a GeoJSON Feature; its properties say when the boundary is approximate."""
    properties = {
        "name": area.name,
        "centre_lat": area.centre_lat,
        "centre_lon": area.centre_lon,
        "sort_order": area.sort_order,
        "source": area.source,
        "approximate_boundary": area.boundary_is_approximate,
        "boundary_note": "ungefärlig gräns" if area.geojson and area.boundary_is_approximate else "",
        "is_active": area.is_active,
        **(extra or {}),
    }
    geometry = json.loads(area.geojson) if area.geojson else None
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def areas_geojson(areas) -> bytes:
    collection = {"type": "FeatureCollection", "features": [area_feature(area) for area in areas]}
    return (json.dumps(collection, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def write_folder(session: Session, folder: Path) -> dict[str, int]:
    """Write the files into `folder`; return how many rows (features) each holds."""
    written = {}
    for name, content in set_files(session).items():
        (folder / name).write_bytes(content)
        if name.endswith(".csv"):
            written[name] = content.decode("utf-8").count("\n") - 1
        else:
            written[name] = len(json.loads(content)["features"])
    return written

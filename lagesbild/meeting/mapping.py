"""The week map's data: one JSON document that static/js/lagesbild-map.js draws. Pure.

The page carries only an empty map box; the browser fetches `/vecka/<slug>/karta.json` (CSP
`connect-src 'self'`) and builds every marker, popup, label and legend entry from it with DOM text
nodes, so member text is never parsed as HTML or JavaScript. The JSON is also HTML-safe (<, >, & and
' are \\u-escaped), so even a browser that sniffed it as a page would find no markup in it.

What it holds:
- categories: the top categories with observations this period, their colour and count (the legend);
  the counts are the table's (restricted observations included), not just the points the viewer sees;
- areas: every area with its centre, its total, the categories that rose (trends.py) and its polygon
  (Area.geojson, GeoJSON lon/lat) when it has one, so the map draws a choropleth or circles;
- points: the observations whose details the viewer may see (capped, queries.MAP_POINTS), and late
  reports about earlier dates marked `late`; each names its subcategory by an index `n` into `names`
  (600 points share a few dozen names: at 5M the repeated names were 25 KB of 232);
- heat: [lat, lon, count] per 100 m cell of every observation of the period the viewer may see
  (queries.heat_cells), so the heat layer shows where everything happened while the points stay capped.

Size (issue #12: at most 200 KB at 5M): no spaces between JSON tokens, and polygon coordinates rounded
to 5 decimals (about a metre, as the points are); docs/performance.md has the figures.

CPU (issue #12: the week page's whole job): the polygons are half the document and depend only on the
stored GeoJSON, so each is parsed, rounded and encoded once per process and kept under its own text
(`_geometry`), and to_json splices that encoding in rather than encoding it again on every request.
"""

import json
from functools import lru_cache

from jinja2.utils import htmlsafe_json_dumps

from lagesbild import maps

from .aggregate import WeekFigures
from .queries import Reference

POPUP_TEXT_MAX = 160
DECIMALS = maps.DECIMALS  # about 1 m: the points' precision, as the polygons'
LATE_COLOUR = "#ffffff"


def _short(text: str) -> str:
    return text if len(text) <= POPUP_TEXT_MAX else text[: POPUP_TEXT_MAX - 1] + "…"


def _point(point, late: bool, names: dict[str, int]) -> dict:
    return {
        "id": point.id,
        "lat": round(point.lat, DECIMALS),
        "lon": round(point.lon, DECIMALS),
        "category": point.top_category_id,
        "n": names.setdefault(point.category, len(names)),
        "place": point.place or point.area,
        "day": point.occurred_on.isoformat(),
        "text": _short(point.description),
        "late": late,
    }


class Encoded(dict):
    """A JSON object encoded once: equal to its value, `text` its encoding as to_json writes it."""

    def __init__(self, value: dict, text: str):
        super().__init__(value)
        self.text = text


@lru_cache(maxsize=256)
def _geometry(geojson: str | None) -> Encoded | None:
    """maps.area_geometry() with its JSON, kept per process under the stored GeoJSON text itself.

    The key is the input, so this can never be stale: an area whose polygon is edited brings a new text,
    which misses and is built at once. 256 polygons bound the memory (an installation has a few dozen
    areas; an old text falls out when evicted)."""
    geometry = maps.area_geometry(geojson)
    return None if geometry is None else Encoded(geometry, _dumps(geometry))


def map_document(figures: WeekFigures, ref: Reference, points, late, heat=()) -> dict:
    """The map's JSON document (see the module docstring) for the week's figures and visible points."""
    categories = [
        {
            "id": column["id"],
            "name": column["name"],
            "colour": ref.categories[column["id"]].colour,
            "count": figures.column_totals[index],
        }
        for index, column in enumerate(figures.columns)
        if figures.column_totals[index]
    ]
    totals = figures.area_totals()
    rises: dict[int, list[str]] = {}
    for flag in figures.flags:
        rises.setdefault(flag.area_id, []).append(flag.category)
    names: dict[str, int] = {}
    areas = [
        {
            "id": area.id,
            "name": area.name,
            "lat": round(area.centre_lat, 5),
            "lon": round(area.centre_lon, 5),
            "count": totals.get(area.id, 0),
            "rises": rises.get(area.id, []),
            "geometry": _geometry(area.geojson),
        }
        for area in ref.areas.values()
        if area.is_active or totals.get(area.id)
    ]
    return {
        "categories": categories,
        "areas": areas,
        "points": [_point(p, False, names) for p in points] + [_point(p, True, names) for p in late],
        "names": list(names),  # subcategory names, in the order of the points' `n`
        "heat": [[round(lat, 5), round(lon, 5), n] for lat, lon, n in heat],
    }


# One encoder for every part: json.dumps with options builds a new encoder on each call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _dumps(value) -> str:
    """HTML-safe JSON (<, >, &, ' escaped as \\u sequences), names kept readable, no spaces between
    tokens (a tenth of the bytes at 5M)."""
    return str(htmlsafe_json_dumps(value, dumps=_ENCODER.encode))


def _area(area: dict) -> str:
    """One area's object, its polygon's kept encoding spliced in (the polygon is the area's last key, so
    the text is the same as encoding the whole object)."""
    geometry = area.get("geometry")
    if not isinstance(geometry, Encoded):
        return _dumps(area)
    rest = _dumps({key: value for key, value in area.items() if key != "geometry"})
    return f'{rest[:-1]}{"," if len(rest) > 2 else ""}"geometry":{geometry.text}}}'


def to_json(document: dict) -> str:
    """The document as HTML-safe JSON (_dumps), the areas' polygons from their kept encoding."""
    parts = [
        f"{_dumps(key)}:{'[' + ','.join(map(_area, value)) + ']' if key == 'areas' else _dumps(value)}"
        for key, value in document.items()
    ]
    return "{" + ",".join(parts) + "}"

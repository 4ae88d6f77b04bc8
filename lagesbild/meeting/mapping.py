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
"""

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
            "geometry": maps.area_geometry(area.geojson),
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


def to_json(document: dict) -> str:
    """The document as HTML-safe JSON (<, >, &, ' escaped as \\u sequences), names kept readable, no
    spaces between tokens (a tenth of the bytes at 5M)."""
    return str(htmlsafe_json_dumps(document, ensure_ascii=False, separators=(",", ":")))

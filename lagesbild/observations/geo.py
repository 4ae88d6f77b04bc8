"""Which area (delområde) a point belongs to. Pure: takes plain objects, returns an area id.

An area with a polygon (Area.geojson, lon/lat GeoJSON) claims the points inside it. Eslöv's areas have
no polygons yet, so a point elsewhere belongs to the area of the nearest active named place, and
without places to the area whose centre is nearest.
"""

import json
import math
from collections.abc import Iterable
from functools import lru_cache

from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry


@lru_cache(maxsize=256)
def _geometry(geojson: str) -> BaseGeometry | None:
    try:
        data = json.loads(geojson)
        if data.get("type") == "Feature":
            data = data["geometry"]
        return shape(data)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None  # a broken polygon must not stop members from posting


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(min(1.0, a)))


def assign_area(lat: float, lon: float, areas: Iterable, places: Iterable) -> int | None:
    """Return the id of the area a point belongs to (see the module docstring), None without areas.

    `areas` need id, geojson, centre_lat, centre_lon (and is_active); `places` need lat, lon, area_id
    and is_active.
    """
    areas = [area for area in areas if getattr(area, "is_active", True)]
    point = Point(lon, lat)
    for area in areas:
        geometry = _geometry(area.geojson) if area.geojson else None
        if geometry is not None and geometry.covers(point):
            return area.id
    active_ids = {area.id for area in areas}
    candidates = [
        (distance_m(lat, lon, place.lat, place.lon), place.area_id)
        for place in places
        if getattr(place, "is_active", True) and place.area_id in active_ids
    ]
    if not candidates:
        candidates = [(distance_m(lat, lon, a.centre_lat, a.centre_lon), a.id) for a in areas]
    return min(candidates, key=lambda pair: pair[0])[1] if candidates else None

"""Which area (delområde) a point belongs to. Pure: takes plain objects, returns an area id.

An area with a boundary (Area.geojson, lon/lat GeoJSON) claims the points inside it. Where boundaries
overlap, a surveyed boundary wins over an approximate one (the bundled sets' "ungefärlig gräns"), then
the area first in the list order (sort_order). A point outside every boundary belongs to the area of
the nearest active named place, and without places to the area whose centre is nearest.

The boundaries are indexed once per set of boundaries (an STRtree of prepared geometries), so placing
a point costs a tree lookup, not a test against every polygon.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from lagesbild.reference_admin.geometry import geometry_of

if TYPE_CHECKING:  # shapely is imported by the first placement, not when the app starts
    from shapely import STRtree


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(min(1.0, a)))


@lru_cache(maxsize=8)
def _index(boundaries: tuple[tuple[tuple, str], ...]) -> tuple[STRtree, list[tuple]]:
    """An STRtree over the boundaries that parse, with the (rank, id) of each geometry in it."""
    import shapely
    from shapely import STRtree

    geometries, ranks = [], []
    for rank, geojson in boundaries:
        geometry = geometry_of(geojson)
        if geometry is not None:  # a broken boundary must not stop members from posting
            shapely.prepare(geometry)
            geometries.append(geometry)
            ranks.append(rank)
    return STRtree(geometries), ranks


def area_by_boundary(lat: float, lon: float, areas: Iterable) -> int | None:
    """The id of the area whose boundary covers the point (see the module docstring), or None."""
    boundaries = tuple(
        (
            (bool(getattr(area, "boundary_is_approximate", False)), getattr(area, "sort_order", 0), area.id),
            area.geojson,
        )
        for area in areas
        if area.geojson
    )
    if not boundaries:
        return None
    from shapely.geometry import Point

    tree, ranks = _index(boundaries)
    hits = tree.query(Point(lon, lat), predicate="covered_by")
    return min(ranks[i] for i in hits)[2] if len(hits) else None


def assign_area(lat: float, lon: float, areas: Iterable, places: Iterable) -> int | None:
    """Return the id of the area a point belongs to (see the module docstring), None without areas.

    `areas` need id, geojson, sort_order, centre_lat, centre_lon (and is_active, boundary_is_approximate);
    `places` need lat, lon, area_id and is_active.
    """
    areas = [area for area in areas if getattr(area, "is_active", True)]
    found = area_by_boundary(lat, lon, areas)
    if found is not None:
        return found
    active_ids = {area.id for area in areas}
    candidates = [
        (distance_m(lat, lon, place.lat, place.lon), place.area_id)
        for place in places
        if getattr(place, "is_active", True) and place.area_id in active_ids
    ]
    if not candidates:
        candidates = [(distance_m(lat, lon, a.centre_lat, a.centre_lon), a.id) for a in areas]
    return min(candidates, key=lambda pair: pair[0])[1] if candidates else None

"""Reads for the coordinator's reference pages, and the check of an uploaded area boundary."""

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from lagesbild.models import Area, Category, Place
from lagesbild.observations.queries import active_areas, active_places, validation_context
from lagesbild.text import swedish_key

from .geometry import (
    SWEREF99TM,
    BoundaryError,
    area_m2,
    boundary_problems,
    describe_size,
    geometry_of,
    read_feature_collection,
    reproject,
    to_metres,
    to_wgs84,
)

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

# How far beyond the outline drawn from the group's own places an uploaded boundary may reach.
MUNICIPALITY_MARGIN_M = 2_000


def category_tree(session: Session) -> list[tuple[Category, list[Category]]]:
    """Every top category with every subcategory, inactive ones included, in the taxonomy's order."""
    categories = session.scalars(select(Category).order_by(Category.sort_order, Category.code)).all()
    tops = [c for c in categories if c.parent_id is None]
    return [(top, [c for c in categories if c.parent_id == top.id]) for top in tops]


def places(session: Session) -> list[Place]:
    return sorted(session.scalars(select(Place)), key=lambda place: swedish_key(place.name))


def areas(session: Session) -> list[Area]:
    return session.scalars(select(Area).order_by(Area.sort_order, Area.id)).all()


def municipality_bounds(session: Session) -> tuple[float, float, float, float]:
    """Where points and boundaries may lie: the post form's box around the places and area centres;
    before there are any, a box of about 50 km around the configured map centre."""
    context = validation_context(session)
    if not context.places and not context.areas:
        lat, lon = current_app.config["MAP_CENTER"]
        return (lat - 0.5, lat + 0.5, lon - 0.8, lon + 0.8)
    return context.bounds


def municipality_outline(session: Session) -> "BaseGeometry":
    """Where an uploaded area boundary must lie (lon/lat): within MUNICIPALITY_MARGIN_M (2 km) of the
    convex hull of the group's active named places, its active areas' centres and the boundaries it
    uploaded itself. The bundled approximate boundaries are left out: they fill a rectangle drawn around
    the localities, which reaches into the neighbouring municipalities (Lund). Before there is any
    place or area, a box of about 50 km around the configured map centre."""
    # shapely: loaded by the boundary upload, not at app start.
    from shapely.geometry import Point, box
    from shapely.ops import unary_union

    places, areas = active_places(session), active_areas(session)
    to_m = to_metres().transform
    parts = [Point(to_m(place.lon, place.lat)) for place in places]
    parts += [Point(to_m(area.centre_lon, area.centre_lat)) for area in areas]
    for area in areas:
        own = geometry_of(area.geojson) if area.geojson and not area.boundary_is_approximate else None
        if own is not None:
            parts.append(reproject(own, to_metres()))
    if not parts:
        lat, lon = current_app.config["MAP_CENTER"]
        return box(lon - 0.8, lat - 0.5, lon + 0.8, lat + 0.5)
    outline = unary_union(parts).convex_hull.buffer(MUNICIPALITY_MARGIN_M, 16)
    return reproject(outline, to_wgs84(SWEREF99TM))


@dataclass
class BoundaryCheck:
    geojson: str  # lon/lat GeoJSON geometry
    centre: tuple[float, float]  # a point inside it (lat, lon)
    size: str  # "3,2 ha"
    overlaps: list[tuple[str, str]]  # (other area, size of the overlap)


def check_boundary(session: Session, data: bytes, area: Area | None) -> BoundaryCheck:
    """Read and validate one area's boundary file; BoundaryError with a Swedish message when refused.

    Valid polygon(s), inside the municipality; overlaps with the other active areas' boundaries are
    reported with their size (the coordinator decides: the first area whose boundary holds a point
    gets it).
    """
    if not data:
        raise BoundaryError("Välj en GeoJSON-fil med områdets gräns.")
    if len(data) > 5 * 1024 * 1024:
        raise BoundaryError("Filen är större än 5 MB.")
    features = [feature for feature in read_feature_collection(data) if feature.geojson]
    if len(features) != 1:
        raise BoundaryError("Filen ska innehålla precis ett område med gräns (Polygon eller MultiPolygon).")
    feature = features[0]
    others = [
        (other.name, other.geojson)
        for other in session.scalars(select(Area).where(Area.is_active, Area.geojson.is_not(None)))
        if area is None or other.id != area.id
    ]
    from shapely.geometry import shape  # shapely: loaded by the boundary upload, not at app start

    geometry = shape(json.loads(feature.geojson))
    problems, overlaps = boundary_problems(geometry, municipality_outline(session), others)
    if problems:
        raise BoundaryError(" ".join(problems))
    return BoundaryCheck(
        geojson=feature.geojson,
        centre=feature.centre,
        size=describe_size(area_m2(geometry)),
        overlaps=[(name, describe_size(size)) for name, size in overlaps],
    )


def boundary_map(session: Session, pending: dict):
    """The preview map: the uploaded boundary over the other active areas' boundaries."""
    import folium

    from lagesbild import maps
    from lagesbild.escaping import for_map

    fmap = maps.new_map(zoom_start=12)
    for other in session.scalars(select(Area).where(Area.is_active, Area.geojson.is_not(None))):
        if other.id == pending["area_id"]:
            continue
        folium.GeoJson(
            json.loads(other.geojson),
            style_function=lambda _feature: {"color": "#555555", "weight": 1, "fillOpacity": 0.05},
            tooltip=folium.Tooltip(for_map(other.name)),
        ).add_to(fmap)
    new = json.loads(pending["geojson"])
    folium.GeoJson(
        new,
        style_function=lambda _feature: {"color": "#0072B2", "weight": 3, "fillOpacity": 0.25},
        tooltip=folium.Tooltip(for_map(f"{pending['name']} (ny gräns)")),
    ).add_to(fmap)
    from shapely.geometry import shape

    west, south, east, north = shape(new).bounds
    fmap.fit_bounds([[south, west], [north, east]])
    return maps.render(fmap)

"""Area boundaries from GeoJSON: read, reproject to lon/lat, validate. Pure functions.

Municipal GIS exports come in SWEREF 99 TM (EPSG:3006) more often than in WGS 84 (EPSG:4326). A file
says which through the (2008) GeoJSON "crs" member; without it, RFC 7946 says lon/lat. Coordinates that
cannot be degrees (|x| > 180) without a "crs" are read as SWEREF 99 TM too, since that is what such a
file almost always is, and the preview shows the result before anything is saved.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

# shapely, pyproj and numpy are imported by the functions: every CLI command and server start imports
# this module (through the reference data's loading), few of them draw a boundary.
if TYPE_CHECKING:
    from pyproj import Transformer
    from shapely.geometry.base import BaseGeometry

SWEREF99TM = "EPSG:3006"
WGS84 = "EPSG:4326"


class BoundaryError(ValueError):
    """A boundary that cannot be used; the message is Swedish."""


@dataclass
class Feature:
    number: int  # 1-based position in the file, for messages
    properties: dict
    geojson: str | None  # lon/lat geometry as GeoJSON text
    centre: tuple[float, float] | None  # (lat, lon)


@lru_cache(maxsize=2)
def to_wgs84(source: str) -> Transformer:
    from pyproj import Transformer

    return Transformer.from_crs(source, WGS84, always_xy=True)


@lru_cache(maxsize=1)
def to_metres() -> Transformer:
    from pyproj import Transformer

    return Transformer.from_crs(WGS84, SWEREF99TM, always_xy=True)


def reproject(geometry: BaseGeometry, transformer: Transformer) -> BaseGeometry:
    """The geometry with every coordinate passed through `transformer` (x/y order)."""
    import numpy as np
    import shapely

    def points(xy):
        x, y = transformer.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geometry, points)


def _crs_of(data: dict) -> str:
    name = str(((data.get("crs") or {}).get("properties") or {}).get("name") or "")
    if name.endswith(("3006", "3006/")):
        return SWEREF99TM
    if not name or name.endswith(("4326", "CRS84")):
        return WGS84
    raise BoundaryError(f"Koordinatsystemet {name} stöds inte; använd EPSG:4326 eller EPSG:3006.")


def _looks_projected(geometry: BaseGeometry) -> bool:
    minx, miny, maxx, maxy = geometry.bounds
    return max(abs(minx), abs(maxx)) > 180 or max(abs(miny), abs(maxy)) > 90


def polygon_from(geometry: dict, crs: str = WGS84) -> BaseGeometry:
    """A Polygon or MultiPolygon in lon/lat from a GeoJSON geometry; BoundaryError when it is none."""
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        raise BoundaryError("Gränsen ska vara en Polygon eller MultiPolygon.")
    from shapely.geometry import shape

    try:
        shapely_geometry = shape(geometry)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        raise BoundaryError("Gränsens koordinater kunde inte läsas.") from None
    if shapely_geometry.is_empty:
        raise BoundaryError("Gränsen är tom.")
    if crs == WGS84 and _looks_projected(shapely_geometry):
        crs = SWEREF99TM
    if crs != WGS84:
        shapely_geometry = reproject(shapely_geometry, to_wgs84(crs))
    if not shapely_geometry.is_valid:
        raise BoundaryError("Gränsen är ingen giltig polygon (den korsar sig själv eller har för få hörn).")
    return shapely_geometry


def read_feature_collection(data: bytes) -> list[Feature]:
    """The features of a GeoJSON FeatureCollection (or one Feature, or a bare geometry)."""
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise BoundaryError("Filen är ingen GeoJSON (JSON kunde inte läsas).") from None
    if not isinstance(parsed, dict):
        raise BoundaryError("Filen är ingen GeoJSON.")
    crs = _crs_of(parsed)
    if parsed.get("type") == "FeatureCollection":
        raw = parsed.get("features")
    elif parsed.get("type") == "Feature":
        raw = [parsed]
    else:
        raw = [{"type": "Feature", "properties": {}, "geometry": parsed}]
    if not isinstance(raw, list) or not raw:
        raise BoundaryError("Filen har inga områden (features).")
    from shapely.geometry import mapping

    features = []
    for number, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            raise BoundaryError(f"Område {number} är inget GeoJSON-objekt.")
        properties = item.get("properties") if isinstance(item.get("properties"), dict) else {}
        geometry = None
        if item.get("geometry") is not None:
            try:
                geometry = polygon_from(item["geometry"], crs)
            except BoundaryError as error:
                raise BoundaryError(f"Område {number}: {error}") from None
        centre = _centre(properties, geometry)
        text = json.dumps(mapping(geometry), separators=(",", ":")) if geometry is not None else None
        features.append(Feature(number, properties, text, centre))
    return features


def _centre(properties: dict, geometry: BaseGeometry | None) -> tuple[float, float] | None:
    try:
        return float(properties["centre_lat"]), float(properties["centre_lon"])
    except (KeyError, TypeError, ValueError):
        pass
    if geometry is None:
        return None
    point = geometry.representative_point()  # inside the polygon, unlike a centroid of a crescent
    return round(point.y, 6), round(point.x, 6)


@lru_cache(maxsize=512)
def geometry_of(geojson: str) -> BaseGeometry | None:
    """A stored boundary as a shapely geometry; None for a broken one (it must not stop anyone posting)."""
    from shapely import make_valid
    from shapely.geometry import shape

    try:
        data = json.loads(geojson)
        if data.get("type") == "Feature":
            data = data["geometry"]
        geometry = shape(data)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    return geometry if geometry.is_valid else make_valid(geometry)


def area_m2(geometry: BaseGeometry) -> float:
    """The area in square metres (computed in SWEREF 99 TM, which keeps areas true in Sweden)."""
    return reproject(geometry, to_metres()).area


def boundary_problems(
    geometry: BaseGeometry,
    outline: BaseGeometry,
    others: list[tuple[str, str]],
) -> tuple[list[str], list[tuple[str, float]]]:
    """Problems that refuse the boundary, and its overlaps with other areas' boundaries (name, m²).

    `outline` (lon/lat) is the municipality as the reference data draw it (queries.municipality_outline);
    a boundary must lie inside it. `others` are (name, geojson) of the other active areas with a boundary.
    """
    problems = []
    if not outline.contains(geometry):
        problems.append("Gränsen ligger helt eller delvis utanför kommunen.")
    overlaps = []
    for name, other_geojson in others:
        other = geometry_of(other_geojson)
        if other is None or not other.intersects(geometry):
            continue
        size = area_m2(other.intersection(geometry))
        if size >= 1.0:  # shared edges are not overlaps
            overlaps.append((name, size))
    return problems, overlaps


def describe_size(m2: float) -> str:
    """Square metres as Swedish text: "3,2 ha" from a hectare, else "450 m²"."""
    if m2 >= 10_000:
        return f"{m2 / 10_000:.1f}".replace(".", ",") + " ha"
    return f"{round(m2):,}".replace(",", "\u00a0") + " m²"

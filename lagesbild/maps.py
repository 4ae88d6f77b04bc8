"""The map libraries served by the app itself, and folium maps rendered for a nonce-based CSP.

Leaflet and its plugins come from npm (static/package.json -> static/node_modules); only their
distribution folders are served, at /vendor/<package>/<file>, never the rest of node_modules (package
metadata, sources, READMEs). The week page, presentation mode and the post form draw with
static/js/lagesbild-map.js; the problembild keeps folium's static output, rendered in parts: the asset
URLs, the map's <div>, and its script, which the template places in a <script nonce=…> tag.
"""

import io
import json
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import Flask, abort, current_app, request, send_file, url_for
from werkzeug.security import safe_join

from lagesbild.config import PROJECT_ROOT

if TYPE_CHECKING:  # folium (with pandas and numpy) is imported by the pages that draw a folium map
    import folium

NODE_MODULES = PROJECT_ROOT / "static" / "node_modules"
# The only folders of node_modules the app serves: each package's built distribution.
VENDOR_DIST = {
    "leaflet": "leaflet/dist",
    "leaflet.markercluster": "leaflet.markercluster/dist",
    "leaflet.heat": "leaflet.heat/dist",
    "jquery": "jquery/dist",  # folium's popups (problembild) call $(…)
}

# folium's asset names -> (package, file in its distribution folder).
LOCAL_JS = {
    "leaflet": ("leaflet", "leaflet.js"),
    "jquery": ("jquery", "jquery.min.js"),
    "markerclusterjs": ("leaflet.markercluster", "leaflet.markercluster.js"),
    "leaflet-heat.js": ("leaflet.heat", "leaflet-heat.js"),
}
LOCAL_CSS = {
    "leaflet_css": ("leaflet", "leaflet.css"),
    "markerclustercss": ("leaflet.markercluster", "MarkerCluster.css"),
    "markerclusterdefaultcss": ("leaflet.markercluster", "MarkerCluster.Default.css"),
}


def vendor_path(package: str, filename: str) -> str | None:
    """The path of a file in a map library's distribution folder; safe_join refuses paths that leave it."""
    return safe_join(str(NODE_MODULES / VENDOR_DIST[package]), filename) if package in VENDOR_DIST else None


def vendor(package: str, filename: str):
    """A file of a map library's distribution folder."""
    path = vendor_path(package, filename)
    if path is None or not os.path.isfile(path):
        abort(404)
    # Read whole (the largest is leaflet.js, 150 kB) so no file handle outlives the response.
    with open(path, "rb") as file:
        data = io.BytesIO(file.read())
    return send_file(
        data,
        download_name=os.path.basename(path),
        last_modified=os.path.getmtime(path),
        max_age=current_app.get_send_file_max_age(path),
        as_attachment=False,
    )


def _only_distribution_files():
    """/static/node_modules/… would serve every installed file: only /vendor/ serves them."""
    filename = (request.view_args or {}).get("filename", "")
    if request.endpoint == "static" and filename.startswith("node_modules"):
        abort(404)


def init_app(app: Flask) -> None:
    app.add_url_rule("/vendor/<package>/<path:filename>", "vendor", vendor)
    app.before_request(_only_distribution_files)
    app.jinja_env.globals["vendor_url"] = vendor_url


def vendor_url(package: str, filename: str) -> str:
    return url_for("vendor", package=package, filename=filename)


# Assets for folium.Icon markers (Bootstrap, Font Awesome); Lägesbild draws circle markers instead.
UNUSED = {
    "bootstrap",
    "awesome_markers",
    "bootstrap_css",
    "glyphicons_css",
    "awesome_markers_font_css",
    "awesome_markers_css",
    "awesome_rotate_css",
}


class UnknownMapAsset(LookupError):
    """A folium element wants a script or style that is not installed locally."""


@dataclass(frozen=True)
class MapParts:
    js: list[str]
    css: list[str]
    html: str
    script: str


DECIMALS = 5  # about 1 m: the precision of every coordinate a map is sent


def area_geometry(geojson: str | None) -> dict | None:
    """An area's stored GeoJSON (a Polygon or MultiPolygon, or a Feature holding one) as a geometry with
    its coordinates rounded to DECIMALS; None when it has none or it does not parse, and the map then
    draws a circle at the area's centre rather than break. Both maps (the week's and the problembild's)
    draw areas from this."""
    if not geojson:
        return None
    try:
        data = json.loads(geojson)
    except ValueError:
        return None
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = data.get("geometry")
    if not (isinstance(data, dict) and data.get("type") in ("Polygon", "MultiPolygon")):
        return None
    try:
        return {"type": data["type"], "coordinates": _rounded(data["coordinates"])}
    except (KeyError, TypeError, IndexError):
        return None


def _rounded(coordinates):
    """Nested GeoJSON coordinate lists with every number rounded to DECIMALS."""
    if not isinstance(coordinates, list):
        raise TypeError("GeoJSON coordinates are lists")
    if coordinates and isinstance(coordinates[0], int | float):
        return [round(value, DECIMALS) for value in coordinates]
    return [_rounded(part) for part in coordinates]


def new_map(location: tuple[float, float] | None = None, zoom_start: int = 13, **options) -> "folium.Map":
    """Return a folium map with the configured tile server and no folium-made page styles."""
    import folium

    config = current_app.config
    fmap = folium.Map(
        location=location or config["MAP_CENTER"],
        zoom_start=zoom_start,
        tiles=None,
        width="100%",
        height="100%",
        **options,
    )
    folium.TileLayer(config["TILE_URL"], attr=config["TILE_ATTRIBUTION"], name="Karta", control=False).add_to(
        fmap
    )
    return fmap


def _walk(element):
    yield element
    for child in element._children.values():
        yield from _walk(child)


def render(fmap: "folium.Map") -> MapParts:
    """Render a map into local asset URLs, its <div> and its script."""
    figure = fmap.get_root()
    figure.render()
    js, css = [], []
    for element in _walk(figure):
        for declared, local, urls in (("default_js", LOCAL_JS, js), ("default_css", LOCAL_CSS, css)):
            for name, _url in getattr(element, declared, []):
                if name in UNUSED:
                    continue
                if name not in local:
                    raise UnknownMapAsset(name)  # never folium's CDN: every asset is served from /vendor/
                urls.append(vendor_url(*local[name]))
    return MapParts(
        js=list(dict.fromkeys(js)),
        css=list(dict.fromkeys(css)),
        html=figure.html.render(),
        script=figure.script.render(),
    )

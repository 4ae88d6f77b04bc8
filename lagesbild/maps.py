"""folium maps served with the app's own Leaflet assets, rendered for a nonce-based CSP.

folium's defaults point at CDNs and its page header carries global styles, so a map here is rendered
in parts: the asset URLs (from static/node_modules, installed from npm), the map's <div>, and its
script, which the template places in a <script nonce=…> tag.
"""

from dataclasses import dataclass

import folium
from flask import current_app, url_for

# folium's asset names -> files under static/ (see static/package.json).
LOCAL_JS = {
    "leaflet": "node_modules/leaflet/dist/leaflet.js",
    "jquery": "node_modules/jquery/dist/jquery.min.js",  # folium's popups call $(…)
    "markerclusterjs": "node_modules/leaflet.markercluster/dist/leaflet.markercluster.js",
    "leaflet-heat.js": "node_modules/leaflet.heat/dist/leaflet-heat.js",
}
LOCAL_CSS = {
    "leaflet_css": "node_modules/leaflet/dist/leaflet.css",
    "markerclustercss": "node_modules/leaflet.markercluster/dist/MarkerCluster.css",
    "markerclusterdefaultcss": "node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css",
}
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


def new_map(location: tuple[float, float] | None = None, zoom_start: int = 13, **options) -> folium.Map:
    """Return a folium map with the configured tile server and no folium-made page styles."""
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


def render(fmap: folium.Map) -> MapParts:
    """Render a map into local asset URLs, its <div> and its script."""
    figure = fmap.get_root()
    figure.render()
    js, css = [], []
    for element in _walk(figure):
        for name, _url in getattr(element, "default_js", []):
            if name in UNUSED:
                continue
            if name not in LOCAL_JS:
                raise UnknownMapAsset(name)
            js.append(url_for("static", filename=LOCAL_JS[name]))
        for name, _url in getattr(element, "default_css", []):
            if name in UNUSED:
                continue
            if name not in LOCAL_CSS:
                raise UnknownMapAsset(name)
            css.append(url_for("static", filename=LOCAL_CSS[name]))
    return MapParts(
        js=list(dict.fromkeys(js)),
        css=list(dict.fromkeys(css)),
        html=figure.html.render(),
        script=figure.script.render(),
    )

"""Maps use the app's own Leaflet assets and a nonce'd script, never a CDN."""

import folium
import pytest
from folium.plugins import HeatMap, MarkerCluster

from lagesbild import maps


def test_a_map_renders_with_local_assets_only(app):
    with app.test_request_context():
        fmap = maps.new_map()
        cluster = MarkerCluster().add_to(fmap)
        folium.CircleMarker([55.84, 13.30], popup="p", tooltip="t").add_to(cluster)
        HeatMap([[55.84, 13.30, 1]]).add_to(fmap)
        parts = maps.render(fmap)
    assert parts.js and parts.css
    assert all(url.startswith("/vendor/") for url in parts.js + parts.css)
    assert "cdn" not in (parts.html + parts.script).lower()
    assert "L.markerClusterGroup" in parts.script and "L.heatLayer" in parts.script


def test_a_plugin_without_a_local_asset_is_refused(app):
    from folium.plugins import Fullscreen

    with app.test_request_context():
        fmap = maps.new_map()
        Fullscreen().add_to(fmap)
        with pytest.raises(maps.UnknownMapAsset):
            maps.render(fmap)


def test_only_the_map_libraries_distribution_files_are_served(client):
    for path in ("/vendor/leaflet/leaflet.js", "/vendor/leaflet.markercluster/MarkerCluster.css"):
        served = client.get(path)
        served.close()  # a file response: release its handle
        assert served.status_code == 200 and "no-store" not in served.headers.get("Cache-Control", ""), path
    # The npm folder itself (package metadata, sources) is not reachable, nor anything outside dist/.
    for path in (
        "/static/node_modules/leaflet/package.json",
        "/static/node_modules/leaflet/dist/leaflet.js",
        "/vendor/leaflet/../package.json",
        "/vendor/leaflet/%2e%2e/package.json",
    ):
        assert client.get(path).status_code == 404, path

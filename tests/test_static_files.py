"""Scripts, styles and the map libraries' files: linked by their content's hash, kept for a year."""

import re

from flask import url_for

from lagesbild.static_files import A_YEAR, version_of

LINKED = re.compile(r'(?:href|src)="(/(?:static|vendor)/[^"?]+)\?v=([0-9a-f]{16})"')


def _cache_control(client, url: str) -> str:
    with client.get(url) as response:
        assert response.status_code == 200, url
        return response.headers.get("Cache-Control", "")


def test_a_page_links_its_files_by_their_content_and_those_answers_may_be_kept(client):
    linked = LINKED.findall(client.get("/logga-in").get_data(as_text=True))
    assert {path for path, _ in linked} >= {"/static/css/app.css", "/static/js/site.js"}
    for path, version in linked:
        kept = _cache_control(client, f"{path}?v={version}")
        assert f"max-age={A_YEAR}" in kept and "immutable" in kept and "no-cache" not in kept, path


def test_the_map_libraries_files_are_linked_the_same_way(app, client):
    with app.test_request_context():
        url = url_for("vendor", package="leaflet", filename="leaflet.js")
    assert re.fullmatch(r"/vendor/leaflet/leaflet\.js\?v=[0-9a-f]{16}", url)
    assert f"max-age={A_YEAR}" in _cache_control(client, url)


def test_without_the_files_hash_or_with_another_the_browser_asks_again(client):
    for url in (
        "/static/css/app.css",
        "/static/css/app.css?v=0123456789abcdef",
        "/vendor/leaflet/leaflet.js",
    ):
        cache_control = _cache_control(client, url)
        assert "max-age" not in cache_control and "no-store" not in cache_control, url


def test_a_changed_file_has_another_version(tmp_path):
    script = tmp_path / "site.js"
    script.write_text("var a = 1;")
    first = version_of(str(script))
    script.write_text("var a = 22;")
    assert version_of(str(script)) not in (None, first)
    assert version_of(str(tmp_path / "missing.js")) is None
    assert version_of(str(tmp_path)) is None  # a folder is no file
    assert version_of(None) is None

"""The app factory, configuration layers, database setup, error pages and headers."""

import os
import stat

import pytest
from flask import abort
from sqlalchemy import text

from lagesbild import create_app
from lagesbild.extensions import db


def test_config_layers_defaults_instance_environment_then_test(tmp_path, monkeypatch, database_url):
    instance = tmp_path / "inst"
    instance.mkdir()
    (instance / "config.py").write_text(
        "PORT = 6001\nTILE_URL = 'https://tiles.example/{z}/{x}/{y}.png'\nMEETING_WEEKDAY = 4\n"
    )
    monkeypatch.setenv("LAGESBILD_PORT", "7002")
    monkeypatch.setenv("LAGESBILD_MEETING_WEEKDAY", "3")
    app = create_app(
        {"INSTANCE_PATH": str(instance), "SQLALCHEMY_DATABASE_URI": database_url, "MEETING_WEEKDAY": 2}
    )
    assert app.config["HOST"] == "127.0.0.1"  # default
    assert app.config["TILE_URL"].startswith("https://tiles.example")  # instance/config.py
    assert app.config["PORT"] == 7002  # environment beats the instance file
    assert app.config["MEETING_WEEKDAY"] == 2  # test config beats the environment


def test_database_url_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("LAGESBILD_DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    app = create_app({"INSTANCE_PATH": str(tmp_path / "inst")})
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("x.sqlite3")


def test_secret_key_is_generated_once_into_the_instance_folder(tmp_path, database_url):
    instance = tmp_path / "inst"
    first = create_app({"INSTANCE_PATH": str(instance), "SQLALCHEMY_DATABASE_URI": database_url})
    second = create_app({"INSTANCE_PATH": str(instance), "SQLALCHEMY_DATABASE_URI": database_url})
    key_file = instance / "secret_key"
    assert len(first.config["SECRET_KEY"]) >= 32
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600


def test_default_database_is_sqlite_in_the_instance_folder(tmp_path):
    app = create_app({"INSTANCE_PATH": str(tmp_path / "inst")})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'inst' / 'lagesbild.sqlite3'}"


@pytest.mark.sqlite_only
def test_sqlite_runs_with_wal_foreign_keys_and_a_busy_timeout(database):
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_foreign_keys_are_enforced(database):
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError):
        db.session.execute(
            text(
                "INSERT INTO place (name, kind, area_id, lat, lon, approximate, source, is_active) "
                "VALUES ('X', '', 999, 55.8, 13.3, false, '', true)"
            )
        )
        db.session.flush()
    db.session.rollback()


def test_pages_are_swedish_with_security_headers(client):
    response = client.get("/logga-in")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="sv">' in html
    assert "Hoppa till innehållet" in html
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in csp
    assert "unsafe-inline" not in csp.split("script-src", 1)[1].split(";", 1)[0]
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_every_request_gets_a_new_nonce(client):
    first = client.get("/logga-in").headers["Content-Security-Policy"]
    second = client.get("/logga-in").headers["Content-Security-Policy"]
    assert first != second


@pytest.mark.parametrize(
    ("path", "code", "words"),
    [
        ("/finns-inte", 404, "Sidan finns inte"),
        ("/halsa-fel", 403, "Åtkomst nekad"),
        ("/halsa-400", 400, "Felaktig begäran"),
        ("/halsa-429", 429, "För många försök"),
        ("/halsa-500", 500, "Något gick fel"),
    ],
)
@pytest.mark.own_app
def test_error_pages_are_in_swedish(app, path, code, words):
    app.testing = False  # let the 500 handler run instead of propagating
    app.add_url_rule("/halsa-fel", "t403", lambda: abort(403))
    app.add_url_rule("/halsa-400", "t400", lambda: abort(400))
    app.add_url_rule("/halsa-429", "t429", lambda: abort(429))
    app.add_url_rule("/halsa-500", "t500", lambda: 1 / 0)
    response = app.test_client().get(path)
    assert response.status_code == code
    html = response.get_data(as_text=True)
    assert words in html and '<html lang="sv">' in html
    assert "Traceback" not in html


def test_json_clients_get_json_errors(client):
    response = client.get("/finns-inte", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.json["fel"] == "Sidan finns inte"


def test_map_assets_are_served_by_the_app_itself(client):
    for asset in (
        "leaflet/leaflet.js",
        "leaflet/leaflet.css",
        "leaflet.markercluster/leaflet.markercluster.js",
        "leaflet.heat/leaflet-heat.js",
    ):
        response = client.get(f"/vendor/{asset}")  # the packages' dist folders (lagesbild/maps.py)
        assert response.status_code == 200, asset
        response.close()


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/logga-in")

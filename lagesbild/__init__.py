"""Lägesbild: the weekly situational picture for municipal crime-prevention groups."""

import functools
import gc
import os
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from lagesbild.config import PROJECT_ROOT, Defaults, ensure_secret_key, environment_overrides


def _without_collection_pauses(build):
    """Run `build` with Python's cyclic garbage collector paused, and keep the first app out of it.

    Building the app imports the models and the blueprints: about a hundred thousand objects that live
    as long as the process. The collector, counting the allocations, ran full collections over them
    while they were being made, and the interpreter runs one more at exit, each finding next to
    nothing to free (docs/performance.md has the figures); `flask --help`, every CLI command and
    `serve` paid for them. After the process's first build the objects alive are frozen (gc.freeze:
    later collections skip them), as Python's documentation advises before a fork: gunicorn's workers
    then neither rescan nor copy the app they inherit. The price is the few thousand objects the
    imports left unreachable, kept for the process's life; later builds (the tests build one per test)
    only pause the collector, so what they leave behind is collected as usual.
    """
    first = [True]

    @functools.wraps(build)
    def wrapped(*args, **kwargs):
        collecting = gc.isenabled()
        gc.disable()
        try:
            app = build(*args, **kwargs)
            if first[0]:
                first[0] = False
                gc.freeze()
            return app
        finally:
            if collecting:
                gc.enable()

    return wrapped


@_without_collection_pauses
def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: config layers, extensions, blueprints, error pages, CLI."""
    test_config = test_config or {}
    instance_path = (
        test_config.get("INSTANCE_PATH")
        or os.environ.get("LAGESBILD_INSTANCE_PATH")
        or PROJECT_ROOT / "instance"
    )
    app = Flask(
        __name__,
        template_folder=PROJECT_ROOT / "templates",
        static_folder=PROJECT_ROOT / "static",
        instance_path=str(instance_path),
        instance_relative_config=True,
    )
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(environment_overrides())
    app.config.update(test_config)
    _finish_config(app)
    # Before any blueprint binds its rules: ids in URLs are ASCII digits within PostgreSQL's integer.
    from lagesbild.inputs import IdConverter

    app.url_map.converters["int"] = IdConverter

    from lagesbild import extensions, form_html, formats, maps, security, static_files

    extensions.init_app(app)
    form_html.install()
    security.init_app(app)
    formats.init_app(app)
    maps.init_app(app)
    static_files.init_app(app)
    from lagesbild.rollup.operations import listen as count_observation_writes

    count_observation_writes()
    from lagesbild.report_cache import listen as version_report_writes

    version_report_writes(app)

    from lagesbild import auth, errors, web

    auth.init_app(app)
    web.init_app(app)
    errors.init_app(app)
    _register_blueprints(app)

    from lagesbild import cli

    cli.init_app(app)
    _trust_proxies(app)
    return app


def _trust_proxies(app: Flask) -> None:
    """Behind PROXY_FIX reverse proxies, take the client address and scheme from their headers.

    Only X-Forwarded-For and X-Forwarded-Proto are trusted, and only the last PROXY_FIX hops of
    them (the ones our proxies appended); a client can put anything before those. The host is not
    taken from X-Forwarded-Host: proxies pass the Host header on, so links keep the site's name.
    """
    hops = app.config["PROXY_FIX"]
    if isinstance(hops, bool) or not isinstance(hops, int) or hops < 0:
        raise ValueError(f"PROXY_FIX must be the number of trusted proxies (0 or more), not {hops!r}")
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=0, x_port=0, x_prefix=0)


def _finish_config(app: Flask) -> None:
    """Fill in what depends on other settings: the secret key and the SQLite path (the instance
    folder), and the cookie's lifetime (the session's)."""
    from lagesbild.storage import FOLDER_MODE, private_folder, tighten

    app.config["PERMANENT_SESSION_LIFETIME"] = app.config["SESSION_ABSOLUTE_LIFETIME"]

    instance = Path(app.instance_path)
    # It holds the database, the secret key and pending uploads: owner-only (0700).
    tighten(instance, FOLDER_MODE)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = ensure_secret_key(instance)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        private_folder(instance)
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'lagesbild.sqlite3'}"


def _register_blueprints(app: Flask) -> None:
    """Every blueprint, in one place: each capability's blueprint.py is its URL table.

    Only this function imports the blueprint modules (tests/test_structure.py checks it).
    """
    from lagesbild.admin.blueprint import bp as admin_bp
    from lagesbild.agreement.blueprint import bp as agreement_bp
    from lagesbild.analysis.blueprint import bp as analysis_bp
    from lagesbild.auth.blueprint import account_bp
    from lagesbild.auth.blueprint import bp as auth_bp
    from lagesbild.followup.blueprint import bp as followup_bp
    from lagesbild.mail.blueprint import bp as mail_bp
    from lagesbild.meeting.blueprint import bp as meeting_bp
    from lagesbild.observations.blueprint import bp as observations_bp
    from lagesbild.plan.blueprint import bp as plan_bp
    from lagesbild.problembild.blueprint import bp as problembild_bp
    from lagesbild.promises.blueprint import bp as promises_bp
    from lagesbild.records.blueprint import bp as records_bp
    from lagesbild.reference_admin.blueprint import bp as reference_admin_bp
    from lagesbild.walks.blueprint import bp as walks_bp
    from lagesbild.web.blueprint import bp as web_bp

    blueprints = (
        account_bp,
        web_bp,
        auth_bp,
        observations_bp,
        meeting_bp,
        problembild_bp,
        promises_bp,
        admin_bp,
        records_bp,
        mail_bp,
        reference_admin_bp,
        walks_bp,
        agreement_bp,
        analysis_bp,
        plan_bp,
        followup_bp,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    from lagesbild import uploads

    # Every import's pending uploads: the idle hour is checked before each request is served.
    app.before_request(uploads.remove_abandoned)

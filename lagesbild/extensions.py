"""Flask extensions, created unbound; init_app() binds them."""

import click
from flask import Flask
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from lagesbild.database import configure_engine, sqlite_engine_options
from lagesbild.models.base import Base

db = SQLAlchemy(model_class=Base)
csrf = CSRFProtect()
login_manager = LoginManager()


def init_app(app: Flask) -> None:
    busy_timeout = app.config["SQLITE_BUSY_TIMEOUT_S"]
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        options = sqlite_engine_options(busy_timeout)
        options.update(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    db.init_app(app)
    with app.app_context():
        configure_engine(db.engine, busy_timeout)
    # Flask-Migrate imports Alembic (a second of a CLI start on a busy machine): only `flask db …`
    # and the migration tests need it, so it is bound on first use (see _LazyMigrate).
    # lagesbild/cli.py registers its `db` command group the same way.
    app.extensions["migrate"] = _LazyMigrate(app)
    csrf.init_app(app)
    login_manager.init_app(app)


def _migrations_dir():
    from lagesbild.config import PROJECT_ROOT

    return PROJECT_ROOT / "migrations"


class _LazyMigrate:
    """app.extensions["migrate"] until Flask-Migrate is first used, then Flask-Migrate's own record.

    flask_migrate's functions (upgrade, migrate …) and migrations/env.py read attributes of
    app.extensions["migrate"]; the first such read binds the real extension, which replaces this.
    """

    def __init__(self, app: Flask):
        self._app = app
        self._config = None

    def _bound(self):
        if self._config is None:
            from flask_migrate import Migrate

            Migrate(render_as_batch=True, compare_type=True).init_app(
                self._app, db, directory=str(_migrations_dir())
            )
            self._config = self._app.extensions["migrate"]
        return self._config

    def __getattr__(self, name: str):
        return getattr(self._bound(), name)

    def cli_group(self) -> click.Group:
        self._bound()
        from flask_migrate.cli import db as db_group

        return db_group

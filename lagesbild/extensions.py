"""Flask extensions, created unbound; init_app() binds them."""

from flask import Flask
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from lagesbild.database import configure_engine, sqlite_engine_options
from lagesbild.models.base import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate(render_as_batch=True, compare_type=True)
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
    migrate.init_app(app, db, directory=str(_migrations_dir()))
    csrf.init_app(app)
    login_manager.init_app(app)


def _migrations_dir():
    from lagesbild.config import PROJECT_ROOT

    return PROJECT_ROOT / "migrations"

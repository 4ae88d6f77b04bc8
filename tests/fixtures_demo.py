"""The demo data set, seeded once per worker and handed to the demo tests as copies.

`flask seed-demo` costs seconds of CPU (two years of observations and every capability's records); the
demo tests used to run it one each. Now the first test of a worker that needs the demo runs the real
command (the CLI, into an empty database of its own: the *template*), and every later one reads a copy:

- `demo_shared`: one copy per worker that the tests which only read share. It is made read-only
  (SQLite: `PRAGMA query_only` on every connection; PostgreSQL: `default_transaction_read_only` on the
  database), so a test that wrote to it would fail instead of changing what the next test reads.
- `demo_copy`: a copy of its own for a test that writes (signs in, runs a command that changes rows),
  dropped after the test.

SQLite copies the file (the template's WAL checkpointed into it first); PostgreSQL makes
`CREATE DATABASE … TEMPLATE …` from the per-worker template, which must have no open connection (its
engine is disposed after seeding and nothing else connects to it). Every PostgreSQL database made here
is named with LAGESBILD_TEST_DATABASE_PREFIX and the xdist worker id and dropped when the worker ends.
The demo is built around today's Swedish date: the template lives for one run only, never longer.
"""

import itertools
import os
import shutil
import sqlite3
from dataclasses import dataclass, field

import pytest
from flask import Flask
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url

from lagesbild.extensions import db
from lagesbild.models import Base

from .conftest import build_test_app
from .support import create_postgres_database


@dataclass
class DemoDatabase:
    """An app bound to one database holding the demo; `output` is what the seeding command printed."""

    app: Flask
    output: str

    def read(self, fn):
        """fn(session) in a fresh app context, as the `db_read` fixture does."""
        with self.app.app_context():
            return fn(db.session)


@dataclass
class _Demo:
    """This worker's template and the copies made of it."""

    base_config: dict
    template_url: str
    output: str
    engines: dict[tuple, Engine] = field(default_factory=dict)
    names: itertools.count = field(default_factory=itertools.count)
    postgres_copies: list[str] = field(default_factory=list)


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def _template_name() -> str:
    return f"lagesbild_demo_{_worker()}"


def _prefixed(name: str) -> str:
    """As tests/support.create_postgres_database names a database."""
    return os.environ.get("LAGESBILD_TEST_DATABASE_PREFIX", "") + name


def _admin_url() -> str:
    return os.environ["LAGESBILD_TEST_DATABASE_URL"]


def _drop_postgres(name: str) -> None:
    admin = create_engine(_admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _dispose(demo: _Demo, url: str) -> None:
    for key in [key for key in demo.engines if key[0] == url]:
        demo.engines.pop(key).dispose()


def _seed_template(config: dict, database_url: str, tmp_dir) -> tuple[str, str]:
    """Run the real `seed-demo` into a new, empty database; return its URL and the command's output."""
    if database_url.startswith("sqlite"):
        path = tmp_dir / "demo-template.sqlite3"
        for leftover in tmp_dir.glob(f"{path.name}*"):  # an earlier test's seed failed: start empty
            leftover.unlink()
        url = f"sqlite:///{path}"
    else:
        url = create_postgres_database(_admin_url(), _template_name())
    seeded, engines = _seed(config, url)
    for engine in engines.values():  # no connection may stay open: the template is copied
        engine.dispose()
    if url.startswith("sqlite"):
        # The seed's last pages are in the -wal file: write them into the database file and leave it
        # in rollback-journal mode, so that the file alone is the whole database (the apps bound to a
        # copy switch it back to WAL when they connect).
        path = make_url(url).database
        with sqlite3.connect(path) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("PRAGMA journal_mode = DELETE")
        conn.close()
    return url, seeded.output


def _seed(config: dict, url: str) -> tuple[DemoDatabase, dict[tuple, Engine]]:
    """Create the schema in the empty database at `url` and run the real `seed-demo` into it."""
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    engine.dispose()
    engines: dict[tuple, Engine] = {}
    app = build_test_app({**config, "SQLALCHEMY_DATABASE_URI": url}, engines)
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    if result.exit_code != 0:  # no connection left for the garbage collector to warn about
        for engine in engines.values():
            engine.dispose()
    assert result.exit_code == 0, result.output
    return DemoDatabase(app=app, output=result.output), engines


def _copy(demo: _Demo, tmp_dir, read_only: bool) -> str:
    name = f"demo_copy_{_worker()}_{next(demo.names)}"
    if demo.template_url.startswith("sqlite"):
        path = tmp_dir / f"{name}.sqlite3"
        shutil.copyfile(make_url(demo.template_url).database, path)
        return f"sqlite:///{path}"
    template = make_url(demo.template_url).database
    name = _prefixed("lagesbild_" + name)
    _drop_postgres(name)
    admin = create_engine(_admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
        if read_only:
            conn.execute(text(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on'))
    admin.dispose()
    demo.postgres_copies.append(name)
    return make_url(demo.template_url).set(database=name).render_as_string(hide_password=False)


def _open(demo: _Demo, url: str, instance_path, read_only: bool) -> DemoDatabase:
    config = {**demo.base_config, "SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(instance_path)}
    app = build_test_app(config, demo.engines)
    if read_only and url.startswith("sqlite"):
        with app.app_context():
            engine = db.engine

        @event.listens_for(engine, "connect")
        def _query_only(dbapi_connection, _record):
            # After the app's own connect listener (which switches the file to WAL, a write).
            dbapi_connection.execute("PRAGMA query_only = ON")

        engine.dispose()  # a connection building the app made before the listener is not reused

    return DemoDatabase(app=app, output=demo.output)


@pytest.fixture(scope="session")
def _demo_worker(tmp_path_factory):
    """This worker's demo: {} until the first demo test seeds it; its databases removed at the end."""
    state: dict = {"dir": tmp_path_factory.mktemp("demo")}
    yield state
    demo: _Demo | None = state.get("demo")
    if demo is not None:
        for engine in demo.engines.values():
            engine.dispose()
        for name in demo.postgres_copies:
            _drop_postgres(name)
    if state.get("seeding_postgres"):  # the template, even if its seed failed
        _drop_postgres(_prefixed(_template_name()))
    shutil.rmtree(state["dir"], ignore_errors=True)


@pytest.fixture
def _demo(_demo_worker, app_config, database_url) -> _Demo:
    """The worker's seeded template, seeded by the first test that asks (with that test's config)."""
    if "demo" not in _demo_worker:
        config = {**app_config, "INSTANCE_PATH": str(_demo_worker["dir"] / "seed-instance")}
        _demo_worker["seeding_postgres"] = not database_url.startswith("sqlite")
        url, output = _seed_template(config, database_url, _demo_worker["dir"])
        _demo_worker["demo"] = _Demo(base_config=config, template_url=url, output=output)
    return _demo_worker["demo"]


@pytest.fixture
def demo_shared(_demo, _demo_worker) -> DemoDatabase:
    """The demo as `seed-demo` left it, in a read-only copy shared by this worker's reading tests."""
    if "shared" not in _demo_worker:
        url = _copy(_demo, _demo_worker["dir"], read_only=True)
        shared = _open(_demo, url, _demo_worker["dir"] / "shared-instance", read_only=True)
        _demo_worker["shared"] = shared
    return _demo_worker["shared"]


@pytest.fixture
def demo_copy(_demo, _demo_worker, tmp_path):
    """The demo as `seed-demo` left it, in a copy of this test's own, removed after the test."""
    url = _copy(_demo, _demo_worker["dir"], read_only=False)
    try:
        yield _open(_demo, url, tmp_path / "instance", read_only=False)
    finally:
        _dispose(_demo, url)
        if url.startswith("sqlite"):
            for suffix in ("", "-wal", "-shm", "-lock"):
                path = make_url(url).database + suffix
                if os.path.exists(path):
                    os.remove(path)
        else:
            name = make_url(url).database
            _drop_postgres(name)
            _demo.postgres_copies.remove(name)


@pytest.fixture
def demo_fresh_sqlite(app_config, tmp_path):
    """`seed-demo` run by this test into a new, empty SQLite file, whatever database this pass uses:
    a second install, independent of the worker's template (on the PostgreSQL pass, on the other
    backend too). The file is removed after the test."""
    path = tmp_path / "fresh-demo.sqlite3"
    seeded, engines = _seed(app_config, f"sqlite:///{path}")
    try:
        yield seeded
    finally:
        for engine in engines.values():
            engine.dispose()
        for leftover in tmp_path.glob(f"{path.name}*"):
            leftover.unlink()

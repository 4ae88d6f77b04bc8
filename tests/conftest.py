"""Shared fixtures: the app on SQLite (default) or PostgreSQL, factories, a live server, a browser.

PostgreSQL: set LAGESBILD_TEST_DATABASE_URL (CI does). Browser tests need /usr/bin/chromium (or
LAGESBILD_CHROMIUM); with LAGESBILD_REQUIRE_BROWSER=1 (CI) a missing browser fails instead of skipping.
"""

import contextvars
import copy
import gc
import os
import resource
import threading
from datetime import date, time
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from flask import Flask, has_app_context
from flask.testing import FlaskClient, FlaskCliRunner
from hypothesis import settings
from jinja2 import BytecodeCache
from sqlalchemy import Table, create_engine, exists, insert, literal, select, text, union_all
from sqlalchemy.engine import Engine

from lagesbild import create_app
from lagesbild.config import environment_overrides
from lagesbild.extensions import db
from lagesbild.models import (
    Area,
    Base,
    Category,
    Observation,
    Organisation,
    OrganisationKind,
    Place,
    Role,
    User,
)
from lagesbild.periods import today_local
from lagesbild.seed.reference import load_reference

from .support import (
    CHROMIUM,
    PASSWORD,
    PASSWORD_HASH_PARAMETERS,
    create_postgres_database,
    data_context,
    login,
)

# Capability fixtures live in tests/fixtures_<capability>.py.
pytest_plugins = [f"tests.{p.stem}" for p in sorted(Path(__file__).parent.glob("fixtures_*.py"))]


def pytest_configure(config):
    """Collect cyclic garbage less often in every test process (the controller and each worker).

    A test process allocates millions of short-lived objects (requests, ORM rows, templates), and
    Python's default (a collection every 700 allocations more than frees) kept scanning them and
    the modules and app built once. The objects alive after start-up are frozen out of the scans,
    and the youngest generation is collected every 50 000: the hostile-input tests and the access
    matrix took a ninth less CPU, the SQLite pass 4-6 s less (docs/development.md). Garbage in
    reference cycles is still freed, later; pytest collects once more at the end, so a leaked file
    still fails the run.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def _longest_first(item) -> tuple[bool, bool]:
    long = getattr(getattr(item, "obj", None), "is_hypothesis_test", False) or item.get_closest_marker("slow")
    return (not long, item.get_closest_marker("browser") is None)


def pytest_collection_modifyitems(config, items):
    """Start the long tests first, so that the pass ends with short ones and no worker waits for the
    other: the hypothesis tests and those marked `slow`, then the browser tests, then the rest (in
    the order collected). xdist's worksteal gives a worker that runs out tests from the end of the
    other's queue. Before, one worker ended the SQLite pass with the two 8-second axe tests while
    the other had finished: this order took 4–6 s off the pass, and a fifth of its idle CPU
    (docs/development.md).

    Mark `no_database` every test that uses no database (no `database_url`, which every app, client
    and factory fixture depends on): it does the same on SQLite and PostgreSQL, so `make test-postgres`
    leaves it out and CI runs it once, in the SQLite pass.

    On PostgreSQL, leave out the tests about SQLite's own features (they have PG equivalents).
    """
    items.sort(key=_longest_first)
    for item in items:
        if "database_url" not in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.no_database)
    if not os.environ.get("LAGESBILD_TEST_DATABASE_URL"):
        return
    kept = [item for item in items if item.get_closest_marker("sqlite_only") is None]
    config.hook.pytest_deselected(items=[item for item in items if item not in kept])
    items[:] = kept


# Hypothesis: LAGESBILD_TEST_HYPOTHESIS_PROFILE=ci (set by `make test`) runs the same examples every
# time (derandomised, so a failure in CI reproduces locally) and keeps no example database. Without it
# (`dev`) the examples are random and failures are kept to be replayed. Neither has a deadline: every
# example is a real request, and on a loaded machine a 200 ms deadline fails correct code.
settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None, print_blob=True)
settings.load_profile(os.environ.get("LAGESBILD_TEST_HYPOTHESIS_PROFILE", "dev"))

# --- CPU accounting (opt-in): LAGESBILD_TEST_CPU_REPORT=<dir> writes, per worker, one line per test
# phase with the CPU seconds this process (all its threads: the live server too) spent in it, and those
# of child processes reaped meanwhile. Wall clock is noise on a shared machine; CPU time is not.
_CPU_REPORT = os.environ.get("LAGESBILD_TEST_CPU_REPORT")

if _CPU_REPORT:

    def _cpu_now(who) -> float:
        usage = resource.getrusage(who)
        return usage.ru_utime + usage.ru_stime

    def _measured(phase):
        @pytest.hookimpl(hookwrapper=True)
        def hook(item, *args):
            own, children = _cpu_now(resource.RUSAGE_SELF), _cpu_now(resource.RUSAGE_CHILDREN)
            yield
            own = _cpu_now(resource.RUSAGE_SELF) - own
            children = _cpu_now(resource.RUSAGE_CHILDREN) - children
            worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
            with open(Path(_CPU_REPORT) / f"{worker}.tsv", "a") as out:
                out.write(f"{item.nodeid}\t{phase}\t{own:.4f}\t{children:.4f}\n")

        return hook

    pytest_runtest_setup = _measured("setup")
    pytest_runtest_call = _measured("call")
    pytest_runtest_teardown = _measured("teardown")


def _worker_suffix() -> str:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return f"_{worker}" if worker else ""


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A database with the whole schema: a fresh SQLite file, or a per-worker PostgreSQL database."""
    base_url = os.environ.get("LAGESBILD_TEST_DATABASE_URL")
    if not base_url:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    else:
        url = create_postgres_database(base_url, f"lagesbild_test{_worker_suffix()}")
    engine = create_engine(url)
    if engine.dialect.name == "postgresql":
        # A test database need not survive a crash: commits need not wait for the WAL to reach disk.
        with engine.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{engine.url.database}" SET synchronous_commit = off'))
            conn.commit()
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def password_hash():
    return PasswordHasher(**PASSWORD_HASH_PARAMETERS).hash(PASSWORD)


_TABLES = list(reversed(Base.metadata.sorted_tables))  # children before parents
# One round trip says which tables hold rows: most tests write to a handful of the tables.
_NON_EMPTY = union_all(*(select(literal(t.name)).where(exists().select_from(t)) for t in _TABLES))
# Ids start at 1 again, as they would in a fresh database (SQLite does so by itself once a table is empty).
_RESTART_IDS = text(
    "SELECT "
    + ", ".join(
        f"setval(pg_get_serial_sequence('{table.name}', '{column.name}'), 1, false)"
        for table in _TABLES
        if len(table.primary_key.columns) == 1
        for column in table.primary_key.columns
    )
)


def _empty_all_tables():
    """Delete the rows of every table the test wrote to, children first.

    DELETE, not TRUNCATE: on PostgreSQL, TRUNCATE gives every table and index a new file, which cost
    ~0.2 s a test on a shared machine; deleting the few rows a test wrote takes a millisecond or two.
    """
    written = set(db.session.scalars(_NON_EMPTY))
    postgres = db.engine.dialect.name == "postgresql"
    if not postgres:
        # Categories reference their parents; check foreign keys once, at commit.
        db.session.execute(text("PRAGMA defer_foreign_keys = ON"))
    for table in _TABLES:
        if table.name in written:
            db.session.execute(table.delete())
    if postgres:
        db.session.execute(_RESTART_IDS)
    else:
        # An import ANALYZEs the observations (database.refresh_statistics); the statistics of that
        # test's few rows would steer the next tests' query plans, and test_statistics.py counts on
        # starting without any, as a fresh database does: drop them.
        db.session.execute(text("DROP TABLE IF EXISTS sqlite_stat1"))
        db.session.execute(text("DROP TABLE IF EXISTS sqlite_stat4"))
    db.session.commit()


@pytest.fixture
def app_config(database_url, tmp_path):
    """The test config; tests may change it before the app fixture is first used."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "WTF_CSRF_ENABLED": False,
        "SERVER_NAME": None,
        # Invite and reset links are built from this, never from the request's Host header.
        "BASE_URL": "https://lagesbild.example.se",
        "PASSWORD_HASH_PARAMETERS": PASSWORD_HASH_PARAMETERS,
        # Fixtures dated in v. 47 2026 stay editable by their authors whatever today is; the tests of
        # the age limit (test_observations.py) set MEMBER_EDIT_WEEKS themselves.
        "MEMBER_EDIT_WEEKS": 10_000,
    }


class _CompiledTemplates(BytecodeCache):
    """Templates compiled once per worker and shared by every test's app (each app has its own Jinja
    environment and would otherwise compile every template it renders again); the checksum of the
    source is kept with each entry, so an edited template is compiled anew."""

    def __init__(self):
        self.entries: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.entries:
            bucket.bytecode_from_string(self.entries[bucket.key])

    def dump_bytecode(self, bucket):
        self.entries[bucket.key] = bucket.bytecode_to_string()


_COMPILED_TEMPLATES = _CompiledTemplates()


class OwnContextClient(FlaskClient):
    """A test client whose every request runs in its own app context, as on a server.

    Flask 3.1 reuses an app context that is already pushed when a request starts; a test that opts into
    the `database` fixture keeps one pushed for its own database work, so without this every request of
    such a test would share one `g` and one database session with the test and with each other.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            # The test's own work is done before it sends a request, as another browser's would be:
            # commit it, which also ends the test's read transaction (on SQLite a transaction keeps
            # reading its first snapshot, and would not see what the request writes) and expires the
            # test's objects, so that they are read afresh after the request.
            db.session.commit()
        # An empty contextvars context has no current app: the request pushes (and pops) its own.
        return contextvars.Context().run(super().open, *args, **kwargs)


class OwnContextCliRunner(FlaskCliRunner):
    """A CLI runner whose every command runs in its own app context, as under the `flask` command.

    FlaskCliRunner invokes `app.cli` directly, which pushes no context; `flask --app lagesbild` (its
    FlaskGroup) pushes one around each command, and the commands rely on that.
    """

    def invoke(self, cli=None, args=None, **kwargs):
        if has_app_context():
            db.session.commit()  # as OwnContextClient does: the command sees what the test wrote

        def run():
            with self.app.app_context():
                return FlaskCliRunner.invoke(self, cli, args, **kwargs)

        return contextvars.Context().run(run)


@pytest.fixture(scope="session")
def _worker_engines():
    """The database engines the test apps of this worker share, by what configures an engine.

    An engine keeps its compiled SQL (SQLAlchemy caches it per engine) and its pooled connections:
    with a new engine for every test each test compiled every statement it ran again and, on
    PostgreSQL, connected anew (a new server process); that was a fifth of a typical test's CPU.
    """
    engines: dict[tuple, Engine] = {}
    yield engines
    for engine in engines.values():
        engine.dispose()


def _engine_key(app) -> tuple:
    config = app.config
    return (
        config["SQLALCHEMY_DATABASE_URI"],
        repr(config["SQLALCHEMY_ENGINE_OPTIONS"]),
        config["SQLITE_BUSY_TIMEOUT_S"],
    )


@pytest.fixture(scope="session")
def _worker_apps():
    """The apps this worker built, by their configuration (see `app`)."""
    return {}


def _app_key(app_config: dict) -> str:
    """What makes two test apps alike: their config (but the per-test instance folder) and the
    LAGESBILD_* environment create_app reads."""
    config = {name: value for name, value in app_config.items() if name != "INSTANCE_PATH"}
    return repr((sorted(config.items()), sorted(environment_overrides().items())))


def build_test_app(app_config: dict, engines: dict) -> Flask:
    """An app as the tests use it (shared compiled templates, own-context client and CLI runner), on
    the engine in `engines` for its database settings; tests/fixtures_demo.py builds its copies' apps
    with it too."""
    app = create_app(app_config)
    app.jinja_env.bytecode_cache = _COMPILED_TEMPLATES
    app.test_client_class = OwnContextClient
    app.test_cli_runner_class = OwnContextCliRunner
    # Flask-SQLAlchemy has no public way to hand an app an engine: replace the one init_app made.
    own = db._app_engines[app]
    shared = engines.setdefault(_engine_key(app), own[None])
    if own[None] is not shared:
        own[None].dispose()
        own[None] = shared
    return app


@pytest.fixture
def app(request, app_config, _worker_engines, _worker_apps):
    """The app, with no app context pushed: each request makes its own, as on a server.

    Building an app costs ~70 ms (Werkzeug compiles every URL rule), more than a typical test: each
    worker builds one app per distinct test config and lends it to every test with that config. A
    test gets it with its own instance folder and the config as built (whatever an earlier test set
    in `app.config` is put back), its tables emptied after every test; its database engine is the
    one the worker's earlier apps with the same database settings used (see _worker_engines). A test
    that changes the app itself (adds routes) is marked `own_app` and gets a new one.
    """
    if request.node.get_closest_marker("own_app"):
        app, config = build_test_app(app_config, _worker_engines), None
    else:
        key = _app_key(app_config)
        if key not in _worker_apps:
            built = build_test_app(app_config, _worker_engines)
            _worker_apps[key] = (built, copy.deepcopy(dict(built.config)))
        app, config = _worker_apps[key]
        app.instance_path = app_config["INSTANCE_PATH"]
        app.config["INSTANCE_PATH"] = app_config["INSTANCE_PATH"]
    try:
        yield app
    finally:
        with app.app_context():
            _empty_all_tables()
            db.session.remove()
        if config is not None:
            app.config.clear()
            app.config.update(copy.deepcopy(config))


@pytest.fixture
def database(app):
    """Opt-in: one app context pushed for the whole test, for a test body that works with db.session.

    List it first (or through `pytest.mark.usefixtures`), so that the factories used by the other
    fixtures write in this context's session rather than in their own.
    """
    with app.app_context():
        yield db.session
        db.session.remove()


@pytest.fixture
def db_read(app):
    """Run fn(session) in a fresh app context and return its result: how a test reads the database."""

    def read(fn):
        with app.app_context():
            return fn(db.session)

    return read


@pytest.fixture
def stored(db_read):
    """stored(Model, id): the row as the database holds it now (a factory's object is a snapshot)."""
    return lambda model, id_: db_read(lambda session: session.get(model, id_))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# The rows load_reference wrote, per table, read back once per worker: the next tests insert the
# same rows in one statement per table (~2 ms) instead of loading the set again (~25 ms, a fifth of a
# typical test). test_setup.py and test_reference*.py load sets through the real code.
_REFERENCE_ROWS: dict[Table, list[dict]] = {}


@pytest.fixture
def reference(app):
    """Eslöv's areas, places and categories, as seeded in production."""
    with data_context(app) as session:
        if _REFERENCE_ROWS:
            _insert_reference(session)
        else:
            before = set(session.scalars(_NON_EMPTY))
            load_reference(session)
            session.commit()
            written = set(session.scalars(_NON_EMPTY)) - before
            written.discard("report_data_version")  # rewritten by the first insert below (cache.py)
            if not before & {"area", "place", "category"}:  # the set alone: keep it for the next tests
                for table in Base.metadata.sorted_tables:  # parents first
                    if table.name in written:
                        ordered = select(table).order_by(*table.primary_key)
                        _REFERENCE_ROWS[table] = [dict(row) for row in session.execute(ordered).mappings()]


def _insert_reference(session) -> None:
    for table, rows in _REFERENCE_ROWS.items():
        session.execute(insert(table), rows)
    if session.get_bind().dialect.name == "postgresql":  # the ids were given: move the sequences on
        moved = (
            f"setval(pg_get_serial_sequence('{table.name}', '{key.name}'), {max(r[key.name] for r in rows)})"
            for table, rows in _REFERENCE_ROWS.items()
            for key in table.primary_key.columns
            if len(table.primary_key.columns) == 1 and key.autoincrement
        )
        session.execute(text("SELECT " + ", ".join(moved)))
    session.commit()


@pytest.fixture
def make_org(app):
    counter = iter(range(1, 10_000))

    def make(name: str | None = None, kind: OrganisationKind = OrganisationKind.OVRIG, **fields):
        org = Organisation(name=name or f"Organisation {next(counter)}", kind=kind, **fields)
        with data_context(app):
            db.session.add(org)
            db.session.commit()
        return org

    return make


@pytest.fixture
def make_user(app, make_org, password_hash):
    counter = iter(range(1, 10_000))

    def make(role: Role = Role.MEMBER, organisation: Organisation | None = None, **fields):
        n = next(counter)
        fields.setdefault("email", f"anvandare{n}@example.com")
        fields.setdefault("display_name", f"Användare {n}")
        with data_context(app):
            user = User(
                role=role, organisation=organisation or make_org(), password_hash=password_hash, **fields
            )
            db.session.add(user)
            db.session.commit()
        return user

    return make


@pytest.fixture
def make_observation(app, reference, make_user):
    """Return a factory: make_observation(category="SKG.KLOTTER", place="Stora torg", ...)."""

    def make(
        category: str = "SKG.KLOTTER",
        place: str = "Stora torg",
        author: User | None = None,
        occurred_on: date | None = None,
        **fields,
    ):
        with data_context(app):
            author = author or make_user()
            place_obj = db.session.scalar(select(Place).where(Place.name == place))
            category_obj = db.session.scalar(select(Category).where(Category.code == category))
            fields.setdefault("description", "Klotter på väggen.")
            fields.setdefault("time_of_day", time(21, 30))
            fields.setdefault("time_band", "kvall")
            observation = Observation(
                occurred_on=occurred_on or today_local(),
                place=place_obj,
                lat=place_obj.lat,
                lon=place_obj.lon,
                area=place_obj.area,
                category=category_obj,
                author=author,
                organisation=author.organisation,
                **fields,
            )
            db.session.add(observation)
            db.session.commit()
        return observation

    return make


@pytest.fixture
def area_named(app):
    def get(name: str) -> Area:
        with data_context(app):
            return db.session.scalar(select(Area).where(Area.name == name))

    return get


@pytest.fixture
def login_as(client):
    def do(user: User, password: str = PASSWORD):
        response = login(client, user, password)
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        return client

    return do


# --- live server and browser -------------------------------------------------------------------


def _closed_before_sent(app):
    """The app with each response read whole and closed before the server writes it.

    Werkzeug's development server closes a response (a static file's open file) only after draining
    the connection, and that drain raises when the browser has already reset it: a page closed while
    Chromium still fetched the favicon left the file to the garbage collector, whose ResourceWarning
    the suite turns into an error in some later test. Every response of the app is small and whole.
    """

    def buffered(environ, start_response):
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()

    return buffered


@pytest.fixture
def live_server(app):
    """Serve the app on a free loopback port in a background thread; yield its base URL."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, _closed_before_sent(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    # The links the app makes must lead to this server, as LAGESBILD_BASE_URL does on an install.
    app.config["BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
    try:
        yield app.config["BASE_URL"]
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("LAGESBILD_REQUIRE_BROWSER"):
            pytest.fail(f"Chromium saknas ({CHROMIUM}) men LAGESBILD_REQUIRE_BROWSER är satt.")
        pytest.skip(f"no Chromium at {CHROMIUM}")  # laptops without a browser; CI requires one
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                # Composite and raster on the CPU directly instead of through SwiftShader's emulated GPU:
                # about a tenth less of Chromium's CPU over the browser tests (docs/development.md).
                "--disable-gpu-compositing",
                "--disable-software-rasterizer",
                # Map tiles are the one outside resource: keep the tests offline. Their host names
                # resolve to nothing; a Playwright route would pause every request of every page
                # for the driver to decide (about 5 % of the browser tests' CPU).
                "--host-resolver-rules=MAP *.openstreetmap.org ~NOTFOUND",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, app, live_server):
    """A fresh browser page that records console errors and uncaught exceptions in page.errors (and
    knows its app, for support.browser_sign_in)."""
    context = browser.new_context(base_url=live_server, locale="sv-SE")
    page = context.new_page()
    page.lagesbild_app = app
    page.errors = []
    page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    yield page
    context.close()

"""Helpers the tests import: the shared password, sign-in, browser checks."""

import os
import secrets
from contextlib import contextmanager

import numpy as np
from flask import has_app_context
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from lagesbild.auth.sessions import SESSION_KEY, token_hash
from lagesbild.extensions import db
from lagesbild.models import User, UserSession
from lagesbild.problembild.suppress import Problem

PASSWORD = "korrekt-hast-batteri-häftklammer"
CHROMIUM = os.environ.get("LAGESBILD_CHROMIUM", "/usr/bin/chromium")
# Cheap argon2id for the tests: with the production parameters every sign-in costs ~0.2 CPU seconds,
# which was a third of the suite. tests/test_passwords.py checks the production defaults.
PASSWORD_HASH_PARAMETERS = {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}


def create_postgres_database(base_url: str, name: str) -> str:
    """Create (or recreate) a database; LAGESBILD_TEST_DATABASE_PREFIX keeps parallel checkouts apart."""
    name = os.environ.get("LAGESBILD_TEST_DATABASE_PREFIX", "") + name
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(base_url).set(database=name).render_as_string(hide_password=False)


def login(client, user: User, password: str = PASSWORD):
    """Sign in through the real login form; return the response."""
    return client.post("/logga-in", data={"email": user.email, "password": password}, follow_redirects=False)


def browser_sign_in(page, user: User, path: str | None = "/start") -> None:
    """Sign in without the form: a session row of `user` as a sign-in leaves it, and its token in the
    session cookie, signed as the app signs it, set in the page's context; then `path` is opened (by
    default the start page, where a sign-in lands; None opens nothing).

    A sign-in through the form is two page loads and a post; browser tests that are about something
    else start signed in, as Playwright recommends. tests/test_browser_auth.py signs in through the
    form (browser_login), in every role and with a second factor."""
    app = page.lagesbild_app
    token = secrets.token_urlsafe(32)
    with data_context(app) as session:
        session.add(UserSession(token_hash=token_hash(token), user_id=user.id, second_factor_done=True))
        session.commit()
    cookie = app.session_interface.get_signing_serializer(app).dumps({SESSION_KEY: token, "_permanent": True})
    page.context.add_cookies(
        [
            {
                "name": app.config["SESSION_COOKIE_NAME"],
                "value": cookie,
                "url": app.config["BASE_URL"],
                "httpOnly": True,
                "sameSite": "Lax",
            }
        ]
    )
    if path is not None:
        page.goto(path)


def console_errors(page) -> list[str]:
    """Console errors other than the map tiles' (their host names resolve to nothing in the tests)."""
    return [e for e in page.errors if "ERR_NAME_NOT_RESOLVED" not in e and "tile" not in e.lower()]


def browser_login(page, user: User, password: str = PASSWORD):
    page.goto("/logga-in")
    page.get_by_label("E-postadress").fill(user.email)
    page.get_by_label("Lösenord").fill(password)
    follow(page, page.get_by_role("button", name="Logga in"))


def follow(page, target) -> None:
    """Click a link or a submit button and wait until the page it leads to has loaded.

    A bare click() returns once the click is dispatched, so a wait_for_load_state() after it can find
    the old page still loaded; the next step then reads, or types into, the page that is going away.
    Listening for the navigation before the click has no such race.
    """
    with page.expect_navigation():
        target.click()


def assert_accessible(page):
    """No serious or critical WCAG 2.1 A/AA violation on the current page (axe-core)."""
    from axe_playwright_python.sync_playwright import Axe

    options = {
        "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
        "resultTypes": ["violations"],
    }
    results = Axe().run(page, options=options)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}" for v in serious
    )


@contextmanager
def data_context(app):
    """Where a factory writes: the test's context if it has one (`database`), else a context of its own.

    A context of its own ends with the factory, and with it its session; the session does not expire
    what it committed, so the objects a factory returns can still be read (not lazily loaded) after.
    """
    if has_app_context():
        yield db.session
        return
    with app.app_context():
        db.session().expire_on_commit = False
        yield db.session


def grid_problem(values: np.ndarray) -> Problem:
    """A rows × columns table of counts as a suppression problem: cells, row and column sums, total."""
    problem = Problem(min_count=3)
    rows, cols = values.shape
    for r in range(rows):
        problem.line({("c", r, c): values[r, c] for c in range(cols)}, ("r", r), values[r].sum())
    for c in range(cols):
        problem.line({("c", r, c): values[r, c] for r in range(rows)}, ("k", c), values[:, c].sum())
    problem.line({("r", r): values[r].sum() for r in range(rows)}, "g", values.sum())
    problem.line({("k", c): values[:, c].sum() for c in range(cols)}, "g", values.sum())
    return problem


def request_plan(app, client, url: str, picks, index: str) -> str:
    """The query plan of the one statement `picks(statement)` selects among those a GET of `url` sends.

    `index` is left the observation table's only index, inside a transaction that is rolled back (on
    PostgreSQL with sequential scans, bitmap scans and sorts off too): on a test's few rows the planner
    would otherwise choose whatever it likes — SQLite, without statistics, picks among the indexes that
    lead with the same column by their order in its schema cache — so the plan shows what that index
    answers, and whether it answers in the statement's order.
    """
    with app.app_context():
        engine = db.engine
    with statements_sent(engine) as sent:
        assert client.get(url).status_code == 200
    seen = [(statement, parameters) for statement, parameters in sent if picks(statement)]
    assert len(seen) == 1, seen
    statement, parameters = seen[0]
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        cursor = raw.cursor()
        if engine.dialect.name == "postgresql":
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'observation' "
                "AND indexname LIKE 'ix\\_%%' AND indexname <> %s",
                (index,),
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP INDEX "{name}"')
            for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
                cursor.execute(f"SET LOCAL {setting} = off")
            cursor.execute("EXPLAIN " + statement, parameters)
        else:
            cursor.execute("SAVEPOINT plan_with_one_index")
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'observation' "
                "AND name LIKE 'ix\\_%' ESCAPE '\\' AND name <> ?",
                (index,),
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP INDEX "{name}"')
            cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters)
        plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
        if engine.dialect.name != "postgresql":
            cursor.execute("ROLLBACK TO plan_with_one_index")
            cursor.execute("RELEASE plan_with_one_index")
        raw.rollback()
    return plan


@contextmanager
def statements_sent(engine):
    """The (statement, parameters) pairs the engine sends to the database inside the block."""
    from sqlalchemy import event

    sent = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        sent.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", capture)


def clean_at(at, occurred_on, category_id: int, **changes):
    """Validated observation values (what the form's validation hands an operation) for a test that
    calls an operation directly: at a Place, or at an Observation's own place and point; a day-time
    single klotter-like report shared with the group unless `changes` say otherwise."""
    from lagesbild.models import Observation
    from lagesbild.observations.validation import Clean

    values = {
        "occurred_on": occurred_on,
        "time_of_day": None,
        "time_band": "dag",
        "place_id": at.place_id if isinstance(at, Observation) else at.id,
        "lat": at.lat,
        "lon": at.lon,
        "area_id": at.area_id,
        "category_id": category_id,
        "extent": "enstaka",
        "count": None,
        "description": "Klotter på väggen.",
        "reported_to_police": "vet_ej",
        "sharing": "gruppen",
    }
    return Clean(**{**values, **changes})

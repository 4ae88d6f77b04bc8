"""The world the access matrix runs in, and the placeholders its paths use.

A capability that adds routes with objects in the path registers a placeholder here, e.g.
`@placeholder("observation.own")` returning the id of an observation the member wrote.
"""

import itertools
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field, fields

from flask import Flask
from sqlalchemy import Table, func, insert, literal, select, text, union_all
from sqlalchemy.orm import joinedload

from lagesbild.auth.sessions import SESSION_KEY, token_hash
from lagesbild.models import Base, Organisation, OrganisationKind, Role, User, UserSession, utcnow

from .support import data_context

PLACEHOLDERS: dict[str, Callable[["World"], object]] = {}


def placeholder(name: str):
    def register(make: Callable[["World"], object]):
        PLACEHOLDERS[name] = make
        return make

    return register


@dataclass
class World:
    app: Flask
    member: User
    other_member: User
    chair: User
    coordinator: User
    steering: User
    org_a: Organisation
    org_b: Organisation
    org_c: Organisation
    factories: dict = field(default_factory=dict)
    cache: dict = field(default_factory=dict)

    def resolve(self, name: str):
        if name not in self.cache:
            # Placeholders write their objects in the test's context if it has one, else in their own.
            with data_context(self.app):
                self.cache[name] = PLACEHOLDERS[name](self)
        return self.cache[name]

    def user_for(self, role: str) -> User | None:
        return {
            "anonym": None,
            "medlem": self.member,
            "ordförande": self.chair,
            "samordnare": self.coordinator,
            "styrgrupp": self.steering,
        }[role]


def build_world(app, make_org, make_user, **factories) -> World:
    org_a = make_org("Organisation A", OrganisationKind.BOSTADSBOLAG)
    org_b = make_org("Organisation B", OrganisationKind.POLIS)
    org_c = make_org("Organisation C", OrganisationKind.KOMMUNAL)
    return World(
        app=app,
        member=make_user(Role.MEMBER, organisation=org_a),
        other_member=make_user(Role.MEMBER, organisation=org_b),
        chair=make_user(Role.CHAIR, organisation=org_c),
        coordinator=make_user(Role.COORDINATOR, organisation=org_c),
        steering=make_user(Role.STYRGRUPP, organisation=org_c),
        org_a=org_a,
        org_b=org_b,
        org_c=org_c,
        factories=factories,
    )


# --- the same world for every row of the access matrix, built once per worker -----------------------
#
# build_world writes its three organisations and five users one factory call (one transaction) each:
# the matrix's ~290 rows spent a fifth of their CPU there. The first row of a worker builds the world
# through the factories; its rows are read back then, and every later row inserts the same rows (ids
# included, "now" columns set to now) in one statement per table, in one transaction.


@dataclass(frozen=True)
class _WorldRows:
    tables: list[tuple[Table, list[dict]]]  # parents first
    ids: dict[str, int]  # World's user and organisation fields: the id of each
    users: int  # how many users build_world made (make_user's counter continues after them)


_WORLD_ROWS: dict[str, _WorldRows] = {}  # by database URL
_COUNTED = [t for t in Base.metadata.sorted_tables if t.name != "report_data_version"]  # see report_cache
_ROW_COUNTS = union_all(*(select(literal(t.name), func.count()).select_from(t) for t in _COUNTED))
# The columns whose default is the time of the insert (created_at …): set to now on every insert.
_NOW_COLUMNS = {
    t: [c.name for c in t.columns if getattr(getattr(c.default, "arg", None), "__name__", "") == "utcnow"]
    for t in _COUNTED
}


def matrix_world(app, make_org, make_user, make_observation) -> World:
    """A fresh world as build_world makes it, on a database the test has not written to but for the
    reference data: built through the factories once per worker, then inserted from its rows."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    rows = _WORLD_ROWS.get(url)
    if rows is None:
        with data_context(app) as session:
            before = dict(session.execute(_ROW_COUNTS).all())
        world = build_world(app, make_org, make_user)
        rows = _WORLD_ROWS[url] = _read_back(app, world, before)
    else:
        world = _insert_world(app, rows)
    world.factories["make_observation"] = _observation_factory(make_user, make_observation, rows.users)
    return world


def _read_back(app, world: World, before: dict[str, int]) -> _WorldRows:
    with data_context(app) as session:
        after = dict(session.execute(_ROW_COUNTS).all())
        written = [t for t in _COUNTED if after[t.name] != before[t.name]]
        shared = [t.name for t in written if before[t.name]]
        assert not shared, f"build_world wrote to tables that already held rows: {shared}"
        tables = [
            (t, [dict(r) for r in session.execute(select(t).order_by(*t.primary_key)).mappings()])
            for t in written
        ]
    ids = {f.name: getattr(world, f.name).id for f in fields(World) if f.type in (User, Organisation)}
    users = sum(len(r) for t, r in tables if t is User.__table__)
    return _WorldRows(tables, ids, users)


def _insert_world(app, rows: _WorldRows) -> World:
    with data_context(app) as session:
        now = utcnow()
        for table, table_rows in rows.tables:
            fresh = dict.fromkeys(_NOW_COLUMNS[table], now)  # as the factories' defaults would set them
            session.execute(insert(table), [{**row, **fresh} for row in table_rows])
        moved = [
            f"setval(pg_get_serial_sequence('{table.name}', '{key.name}'), "
            f"{max(r[key.name] for r in table_rows)})"
            for table, table_rows in rows.tables
            for key in table.primary_key.columns
            if len(table.primary_key.columns) == 1 and key.autoincrement
        ]
        if moved and session.get_bind().dialect.name == "postgresql":  # ids given: move the sequences on
            session.execute(text("SELECT " + ", ".join(moved)))
        session.commit()
        # Read back as the factories return them: loaded, each user with its organisation, detached.
        users = {u.id: u for u in session.scalars(select(User).options(joinedload(User.organisation)))}
        objects = {
            name: users[id_] if name in _USER_FIELDS else session.get(Organisation, id_)
            for name, id_ in rows.ids.items()
        }
    return World(app=app, **objects)


_USER_FIELDS = {f.name for f in fields(World) if f.type is User}


def _observation_factory(make_user, make_observation, users_made: int):
    """make_observation, whose author (when none is given) is the user make_user would make next in a
    test that ran build_world: build_world's users took make_user's first numbers (e-mail addresses).
    build_world names its organisations, so make_org's own numbering is untouched either way."""
    numbers = itertools.count(users_made + 1)

    def make(*args, author: User | None = None, **kwargs):
        if author is None:
            n = next(numbers)
            author = make_user(email=f"anvandare{n}@example.com", display_name=f"Användare {n}")
        return make_observation(*args, author=author, **kwargs)

    return make


# The session cookie of each user, by app secret, cookie name and user id: (its token, its value).
_SESSION_COOKIES: dict[tuple[str, str, int], tuple[str, str]] = {}


def sign_in(app, engine, client, user: User) -> None:
    """Sign `user` in without the form (a session row of the user, its token in the client's session
    cookie, as tests/support.browser_sign_in does for a browser), cheaply: the row is one INSERT, and
    the cookie Flask signs is made once per worker and user (the token is the same in every row; each
    row's session table starts empty)."""
    name = app.config["SESSION_COOKIE_NAME"]
    key = (app.secret_key, name, user.id)
    known = _SESSION_COOKIES.get(key)
    if known is None:
        token = secrets.token_urlsafe(32)
        with client.session_transaction() as cookie:
            cookie[SESSION_KEY] = token
            cookie.permanent = True
        known = _SESSION_COOKIES[key] = (token, client.get_cookie(name).value)
    else:
        client.set_cookie(name, known[1])
    with engine.begin() as connection:
        connection.execute(
            insert(UserSession.__table__).values(
                token_hash=token_hash(known[0]), user_id=user.id, second_factor_done=True
            )
        )


@placeholder("user.own")
def _own_user(world: World):
    return world.member.id


@placeholder("user.other")
def _other_user(world: World):
    return world.other_member.id


@placeholder("organisation.own")
def _own_organisation(world: World):
    return world.org_a.id


@placeholder("organisation.other")
def _other_organisation(world: World):
    return world.org_b.id


def _load_capability_placeholders() -> None:
    """Import tests/access_objects_<capability>.py so each capability registers its own."""
    import importlib
    from pathlib import Path

    for module in sorted(Path(__file__).parent.glob("access_objects_*.py")):
        importlib.import_module(f"{__package__}.{module.stem}")


_load_capability_placeholders()

"""Benchmark data sets: N observations on Eslöv's real places (fixed seed), in two profiles.

- uniform: three years, places, categories and 8 organisations drawn evenly, 8 % restricted;
- skewed (what a real installation looks like, issue #12): five years; 60 % of the rows at three
  places and 40 % in one category; 60 organisations with 5 users each (one member, bench3, reported
  4 % of all rows); 20 % restricted; 5 counted medborgarlöften a year over the busy categories.

Built once per profile and size into benchmarks/.cache/ and reused; `dataset(n, profile)` returns the
SQLite file. Rows are written with executemany straight into a schema made from the models, so a
million rows take about half a minute rather than the hours the ORM would. In both profiles
bench1@example.com is the coordinator, bench2 the chair and bench3 a member (password BENCH_PASSWORD).
"""

import random
import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import create_engine

CACHE = Path(__file__).resolve().parent / ".cache"
SEED = 4711
END = date(2026, 11, 19)  # the last day of the period of the meeting in v. 47 2026
DAYS = 3 * 365
BENCH_PASSWORD = "benchmark-losenord-2026"
PROFILES = ("uniform", "skewed")


@dataclass(frozen=True)
class Profile:
    days: int
    organisations: int
    users_per_organisation: int
    restricted: float  # share of rows shared only with the own organisation
    hot_places: float  # share of rows at the three busiest places
    dominant_category: float  # share of rows in one subcategory
    heavy_reporter: float  # share of rows by bench3 (a member's /mina-iakttagelser)
    promises_per_year: int


SETTINGS = {
    "uniform": Profile(DAYS, 8, 1, 0.08, 0.0, 0.0, 0.0, 0),
    "skewed": Profile(5 * 365, 60, 5, 0.20, 0.60, 0.40, 0.04, 5),
}
HOT_PLACES = ("Stora torg", "Eslövs station", "Stadsparken")
DOMINANT_CATEGORY = "SKG.KLOTTER"


def dataset(n: int, profile: str = "uniform") -> Path:
    """Return an SQLite file with n observations of `profile` (built on first use, then cached)."""
    CACHE.mkdir(exist_ok=True)
    name = f"observations-{n}" if profile == "uniform" else f"{profile}-{n}"
    path = CACHE / f"{name}.sqlite3"
    if not path.exists():
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        _build(partial, n, SETTINGS[profile])
        partial.rename(path)
    return path


def _build(path: Path, n: int, profile: Profile) -> None:
    from lagesbild.auth.passwords import hash_password
    from lagesbild.extensions import db
    from lagesbild.models import Base, Organisation, OrganisationKind, Role, User
    from lagesbild.seed.reference import load_reference

    engine = create_engine(f"sqlite:///{path}")
    Base.metadata.create_all(engine)
    engine.dispose()
    app = bench_app(f"sqlite:///{path}")
    with app.app_context():
        load_reference(db.session)
        kinds = list(OrganisationKind)
        password_hash = hash_password(BENCH_PASSWORD)  # once: argon2 is slow by design
        orgs = []
        for i in range(profile.organisations):
            org = Organisation(name=f"Bänkorganisation {i + 1}", kind=kinds[i % len(kinds)])
            db.session.add(org)
            orgs.append(org)
        # bench1..bench<organisations> first, one per organisation (bench1 coordinator, bench2 chair),
        # then the organisations' further members.
        number = 0
        for _round in range(profile.users_per_organisation):
            for org in orgs:
                number += 1
                role = Role.COORDINATOR if number == 1 else (Role.CHAIR if number == 2 else Role.MEMBER)
                db.session.add(
                    User(
                        email=f"bench{number}@example.com",
                        display_name=f"Bänk {number}",
                        organisation=org,
                        role=role,
                        password_hash=password_hash,
                    )
                )
        db.session.commit()
        if profile.promises_per_year:
            _add_promises(db.session, profile, orgs)
        db.engine.dispose()
    rng = random.Random(SEED)
    con = sqlite3.connect(path)
    places = con.execute("SELECT id, area_id, lat, lon FROM place").fetchall()
    hot = [p for p in places if p[0] in _ids(con, "place", HOT_PLACES)]
    categories = [row[0] for row in con.execute("SELECT id FROM category WHERE parent_id IS NOT NULL")]
    dominant = _ids(con, "category", (DOMINANT_CATEGORY,), column="code")
    authors = con.execute("SELECT id, organisation_id FROM user_account").fetchall()
    heavy = con.execute(
        "SELECT id, organisation_id FROM user_account WHERE email = 'bench3@example.com'"
    ).fetchone()
    start = END - timedelta(days=profile.days - 1)
    bands = ("dag", "kvall", "natt")
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = OFF")
    # The observation table's indexes are made after the rows: keeping eleven indexes on random
    # dates, places and authors up to date row by row thrashes the page cache past a million rows,
    # while building each from one sorted pass does not (the rows are the same either way).
    con.execute("PRAGMA cache_size = -1000000")  # KiB: room for the sorts of CREATE INDEX
    indexes = con.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'observation' "
        "AND sql IS NOT NULL"
    ).fetchall()
    for name, _sql in indexes:
        con.execute(f'DROP INDEX "{name}"')

    def rows():
        for _ in range(n):
            day = start + timedelta(days=rng.randrange(profile.days))
            # A share of 0 draws no number, so the uniform profile's rows stay those it always had.
            place_id, area_id, lat, lon = rng.choice(hot if _share(rng, profile.hot_places) else places)
            author_id, org_id = heavy if _share(rng, profile.heavy_reporter) else rng.choice(authors)
            hour = rng.randrange(24)
            created = datetime.combine(day, time(hour), tzinfo=UTC) + timedelta(hours=rng.randrange(1, 60))
            stamp = created.strftime("%Y-%m-%d %H:%M:%S.000000")
            yield (
                day.isoformat(),
                f"{hour:02d}:00:00.000000",
                bands[0 if 6 <= hour < 18 else (1 if hour >= 18 else 2)],
                place_id,
                lat + rng.uniform(-0.002, 0.002),
                lon + rng.uniform(-0.003, 0.003),
                area_id,
                dominant[0] if _share(rng, profile.dominant_category) else rng.choice(categories),
                "enstaka",
                None,
                "Bänkdata: iakttagelse nummer " + str(rng.random())[:8],
                "vet_ej",
                "begransad" if rng.random() < profile.restricted else "gruppen",
                org_id,
                author_id,
                "active",
                "demo",
                1,
                stamp,
                stamp,
            )

    con.executemany(
        "INSERT INTO observation (occurred_on, time_of_day, time_band, place_id, lat, lon, area_id, "
        "category_id, extent, count, description, reported_to_police, sharing, organisation_id, "
        "author_id, status, source, is_demo, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows(),
    )
    con.commit()
    for _name, sql in indexes:
        con.execute(sql)
    con.commit()
    con.close()
    _fill_rollup(path)
    con = sqlite3.connect(path)
    con.execute("ANALYZE")
    # Leave a single self-contained file, so the rename below carries everything.
    con.execute("PRAGMA journal_mode = DELETE")
    con.close()


def _fill_rollup(path: Path) -> None:
    """Count the rows into every roll-up once, as `flask db upgrade` (migrations 0013, 0017) does for
    existing data: the rows above bypass the app, which keeps the roll-up in its writes. The data sets
    store no meeting weekday, so the periods are the configured default's."""
    from sqlalchemy.orm import Session

    from lagesbild.config import Defaults
    from lagesbild.rollup.table import rebuild

    engine = create_engine(f"sqlite:///{path}")
    with Session(engine) as session:
        rebuild(session, Defaults.MEETING_WEEKDAY)
        session.commit()
    engine.dispose()


def _share(rng: random.Random, share: float) -> bool:
    return bool(share) and rng.random() < share


def _ids(con: sqlite3.Connection, table: str, names, column: str = "name") -> list[int]:
    marks = ", ".join("?" for _ in names)
    rows = con.execute(f"SELECT id FROM {table} WHERE {column} IN ({marks})", tuple(names))  # noqa: S608
    found = [row[0] for row in rows]
    assert len(found) == len(names), (table, names, found)
    return found


def _add_promises(session, profile: Profile, orgs) -> None:
    """Counted medborgarlöften each year over the busy categories and areas (what /medborgarloften
    counts): the dominant category at the hot places' areas, and four others."""
    from sqlalchemy import select

    from lagesbild.models import Area, Category, Place, Promise, PromiseKind

    hot_areas = list(session.scalars(select(Area).join(Place, Place.area_id == Area.id).where(
        Place.name.in_(HOT_PLACES)).distinct()))  # fmt: skip
    subcategories = list(session.scalars(select(Category).where(Category.parent_id.is_not(None))))
    dominant = next(c for c in subcategories if c.code == DOMINANT_CATEGORY)
    others = [c for c in subcategories if c is not dominant]
    last_year = END.year
    for year in range(last_year - profile.days // 365 + 1, last_year + 1):
        for i in range(profile.promises_per_year):
            categories = [dominant] if i == 0 else others[(i * 3) % len(others) : (i * 3) % len(others) + 2]
            session.add(
                Promise(
                    year=year,
                    kind=PromiseKind.COUNT,
                    text=f"Bänklöfte {i + 1} {year}",
                    target=50 * (i + 1),
                    counts_only_responsible=i % 2 == 1,
                    categories=categories,
                    areas=hot_areas if i < 3 else [],
                    organisations=orgs[i : i + 3],
                )
            )
    session.commit()


def bench_app(url: str):
    """The app as every benchmark runs it, on the database at `url`: its instance folder in the cache,
    and the benchmarks' clients post without a CSRF token or a rate limit (they post as many members)."""
    from lagesbild import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench",
            "INSTANCE_PATH": str(CACHE / "instance"),
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
        }
    )


def postgres_copy(path: Path, base_url: str, name: str) -> str:
    """Copy a data set into a new PostgreSQL database `name` on the server of `base_url`; its URL.
    `name` is prefixed with $LAGESBILD_TEST_DATABASE_PREFIX when that is set.

    The schema comes from the models. The small tables are read through the same tables from the
    SQLite file (so dates, times and enums convert as the app stores them) and inserted in batches;
    the observations go by COPY (their stored text is PostgreSQL's input syntax; the UTC timestamps get
    their zone) with the table's indexes built afterwards: row by row, a 1M copy took most of five
    minutes. The id sequences are moved past the copied ids and VACUUM ANALYZE gives the planner its
    statistics and the visibility map, as the README tells operators to run after a bulk load.
    """
    from sqlalchemy import create_engine, func, select, text

    from lagesbild.models import Base, Observation
    from tests.support import create_postgres_database

    # Engineers sharing a server keep their copies apart by the prefix their tests use.
    url = create_postgres_database(base_url, name)
    source, target = create_engine(f"sqlite:///{path}"), create_engine(url)
    Base.metadata.create_all(target)
    observations = Observation.__table__
    with source.connect() as reader, target.begin() as writer:
        for index in observations.indexes:
            index.drop(writer)
        for table in Base.metadata.sorted_tables:
            if table is observations:
                _copy_observations(path, writer)
            else:
                result = reader.execute(select(table)).mappings()
                while batch := result.fetchmany(5000):
                    writer.execute(table.insert(), [dict(row) for row in batch])
            if "id" in table.c and table.c.id.autoincrement in (True, "auto"):
                top = writer.scalar(select(func.max(table.c.id)))
                if top:
                    writer.execute(
                        text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), {top})")
                    )
        writer.execute(text("SET LOCAL maintenance_work_mem = '512MB'"))
        for index in observations.indexes:
            index.create(writer)
    with target.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
    source.dispose()
    target.dispose()
    return url


def _copy_observations(path: Path, writer) -> None:
    """COPY the observation rows from the SQLite file, its columns in the table's order."""
    from lagesbild.models import Observation
    from lagesbild.models.base import UTCDateTime

    columns = list(Observation.__table__.columns)
    names = ", ".join(column.name for column in columns)
    stamps = [i for i, column in enumerate(columns) if isinstance(column.type, UTCDateTime)]
    con = sqlite3.connect(path)
    cursor = writer.connection.driver_connection.cursor()
    with cursor.copy(f"COPY observation ({names}) FROM STDIN") as copy:  # noqa: S608
        for row in con.execute(f"SELECT {names} FROM observation"):  # noqa: S608
            row = list(row)
            for i in stamps:
                if row[i] is not None:
                    row[i] += "+00"  # stored in UTC without a zone (models/base.py UTCDateTime)
            copy.write_row(row)
    con.close()

"""Benchmark data sets: N observations over three years on Eslöv's real places (fixed seed).

Built once per size into benchmarks/.cache/ and reused; `dataset(n)` returns the SQLite file. Rows are
written with executemany straight into a schema made from the models, so a million rows take about
half a minute rather than the hours the ORM would.
"""

import random
import sqlite3
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import create_engine

CACHE = Path(__file__).resolve().parent / ".cache"
SEED = 4711
END = date(2026, 11, 19)  # the last day of the period of the meeting in v. 47 2026
DAYS = 3 * 365
BENCH_PASSWORD = "benchmark-losenord-2026"


def dataset(n: int) -> Path:
    """Return an SQLite file with n observations (built on first use, then cached)."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"observations-{n}.sqlite3"
    if not path.exists():
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        _build(partial, n)
        partial.rename(path)
    return path


def _build(path: Path, n: int) -> None:
    from lagesbild import create_app
    from lagesbild.auth.passwords import hash_password
    from lagesbild.extensions import db
    from lagesbild.models import Base, Organisation, OrganisationKind, Role, User
    from lagesbild.seed.reference import load_reference

    engine = create_engine(f"sqlite:///{path}")
    Base.metadata.create_all(engine)
    engine.dispose()
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
            "SECRET_KEY": "bench",
            "INSTANCE_PATH": str(CACHE / "instance"),
        }
    )
    with app.app_context():
        load_reference(db.session)
        kinds = list(OrganisationKind)
        for i in range(8):
            org = Organisation(name=f"Bänkorganisation {i + 1}", kind=kinds[i % len(kinds)])
            db.session.add(org)
            role = Role.COORDINATOR if i == 0 else (Role.CHAIR if i == 1 else Role.MEMBER)
            db.session.add(
                User(
                    email=f"bench{i + 1}@example.com",
                    display_name=f"Bänk {i + 1}",
                    organisation=org,
                    role=role,
                    password_hash=hash_password(BENCH_PASSWORD),
                )
            )
        db.session.commit()
        db.engine.dispose()
    rng = random.Random(SEED)
    con = sqlite3.connect(path)
    places = con.execute("SELECT id, area_id, lat, lon FROM place").fetchall()
    categories = [row[0] for row in con.execute("SELECT id FROM category WHERE parent_id IS NOT NULL")]
    authors = con.execute("SELECT id, organisation_id FROM user_account").fetchall()
    start = END - timedelta(days=DAYS - 1)
    bands = ("dag", "kvall", "natt")
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = OFF")

    def rows():
        for _ in range(n):
            day = start + timedelta(days=rng.randrange(DAYS))
            place_id, area_id, lat, lon = rng.choice(places)
            author_id, org_id = rng.choice(authors)
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
                rng.choice(categories),
                "enstaka",
                None,
                "Bänkdata: iakttagelse nummer " + str(rng.random())[:8],
                "vet_ej",
                "begransad" if rng.random() < 0.08 else "gruppen",
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
    con.execute("ANALYZE")
    # Leave a single self-contained file, so the rename below carries everything.
    con.execute("PRAGMA journal_mode = DELETE")
    con.close()

"""What the observation table's indexes cost a post: CPU per post through the real form, three index sets.

On a copy of a benchmark data set (the cached file stays as it was), the app in process posts
observations through the post form (`/iakttagelser/ny`, the member bench3, as bench_writes.py does),
POSTS at a time, under three sets of indexes on `observation`, in turn, ROUNDS times (the order
rotates each round, so neither the page cache nor the machine's load favours one set):

- `all`: every index of today's models (migration 0016);
- `no_promise`: the same without ix_observation_promise (0012, widened by 0016);
- `before_0015`: also without 0015's and 0016's additions: no ix_observation_list, no
  ix_observation_problembild_days, and ix_observation_author as (author_id, occurred_on) again.

Beside the posts it copies INSERTS existing rows within the database (INSERT … SELECT), 100 to a
transaction, under each set: the rows' and indexes' upkeep without the request around it (as
bench_index_writes.py does on SQLite alone).

CPU is this process's (SQLite runs in it); with --postgres the data set is copied into a new database
(`bench_post_indexes_<data set>`) and its backends' CPU, read from /proc as in bench_week.py, is added.
Prints one JSON document: per set the median over the rounds of the CPU ms per post and µs per row.

    .venv/bin/python benchmarks/bench_post_indexes.py [--size 100000] [--profile skewed] [--postgres URL]
"""

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._dataset import BENCH_PASSWORD, CACHE, PROFILES, bench_app, dataset, postgres_copy  # noqa: E402
from benchmarks._server import PostgresBackends  # noqa: E402
from benchmarks.bench_week import bring_schema_up_to_date  # noqa: E402
from benchmarks.bench_writes import form  # noqa: E402

POSTS = 150
INSERTS = 3000
ROUNDS = 4
# Each set as the statements that bring any of the three to it (IF [NOT] EXISTS: both databases).
AUTHOR_NOW = "(author_id, status, occurred_on)"
AUTHOR_BEFORE_0015 = "(author_id, occurred_on)"
PROMISE = "(category_id, occurred_on, status, area_id, organisation_id, sharing)"
LIST = "(occurred_on, time_of_day, status, sharing, organisation_id, area_id, category_id)"
DAYS = "(occurred_on, time_band, organisation_id, status, sharing)"


def _author(columns: str) -> list[str]:
    return [
        "DROP INDEX IF EXISTS ix_observation_author",
        f"CREATE INDEX ix_observation_author ON observation {columns}",
    ]


SETS = {
    "all": [
        "CREATE INDEX IF NOT EXISTS ix_observation_promise ON observation " + PROMISE,
        "CREATE INDEX IF NOT EXISTS ix_observation_list ON observation " + LIST,
        "CREATE INDEX IF NOT EXISTS ix_observation_problembild_days ON observation " + DAYS,
        *_author(AUTHOR_NOW),
    ],
    "no_promise": [
        "DROP INDEX IF EXISTS ix_observation_promise",
        "CREATE INDEX IF NOT EXISTS ix_observation_list ON observation " + LIST,
        "CREATE INDEX IF NOT EXISTS ix_observation_problembild_days ON observation " + DAYS,
        *_author(AUTHOR_NOW),
    ],
    "before_0015": [
        "DROP INDEX IF EXISTS ix_observation_promise",
        "DROP INDEX IF EXISTS ix_observation_list",
        "DROP INDEX IF EXISTS ix_observation_problembild_days",
        *_author(AUTHOR_BEFORE_0015),
    ],
}
COPIED = (
    "occurred_on, time_of_day, time_band, place_id, lat, lon, area_id, category_id, extent, count, "
    "description, reported_to_police, sharing, organisation_id, author_id, status, source, is_demo, "
    "created_at, updated_at"
)


def _use(engine, statements: list[str]) -> None:
    from sqlalchemy import text

    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE observation"))


def _cpu(backends: PostgresBackends | None) -> float:
    return time.process_time() + (backends.cpu_seconds() if backends else 0.0)


def _posts(client, start: int, backends) -> float:
    """CPU ms per post of POSTS posts through the form."""
    cpu = _cpu(backends)
    for i in range(start, start + POSTS):
        response = client.post("/iakttagelser/ny", data=form(i))
        assert response.status_code == 302, response.status_code
    return (_cpu(backends) - cpu) * 1000 / POSTS


def _inserts(engine, ids: list[int], backends) -> float:
    """CPU µs per row of copying the rows `ids` within the database, 100 to a transaction (one
    INSERT … SELECT each, so the client's own work is small beside the rows' and indexes' upkeep)."""
    from sqlalchemy import bindparam, text

    statement = text(
        f"INSERT INTO observation ({COPIED}) SELECT {COPIED} FROM observation WHERE id IN :ids"  # noqa: S608
    ).bindparams(bindparam("ids", expanding=True))
    cpu = _cpu(backends)
    for start in range(0, len(ids), 100):
        with engine.begin() as conn:
            conn.execute(statement, {"ids": ids[start : start + 100]})
    return (_cpu(backends) - cpu) * 1e6 / len(ids)


def measure(n: int, profile: str, postgres: str | None) -> dict:
    from sqlalchemy import create_engine, text

    from lagesbild.extensions import db

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(dir=CACHE) as folder:
        path = Path(folder) / f"{profile}-{n}.sqlite3"
        shutil.copyfile(dataset(n, profile), path)
        bring_schema_up_to_date(path)
        url = (
            postgres_copy(path, postgres, f"bench_post_indexes_{profile}_{n}")
            if postgres
            else f"sqlite:///{path}"
        )
        app = bench_app(url)
        client = app.test_client()
        signed_in = client.post("/logga-in", data={"email": "bench3@example.com", "password": BENCH_PASSWORD})
        assert signed_in.status_code == 302, "login failed"
        with app.app_context():
            engine = db.engine  # the app's engine: the copied rows go in as the app's writes do
            with engine.connect() as conn:
                existing = conn.scalars(text("SELECT id FROM observation")).all()
        rows = random.Random(4711).sample(existing, k=INSERTS)  # copies of these, spread as the data is
        backends = PostgresBackends(url) if postgres else None
        per_post: dict[str, list[float]] = {name: [] for name in SETS}
        per_row: dict[str, list[float]] = {name: [] for name in SETS}
        names = list(SETS)
        try:
            _posts(client, 90_000, backends)  # warm-up: the statements compiled, the pages read once
            for round_ in range(ROUNDS):
                for name in names[round_ % 3 :] + names[: round_ % 3]:
                    with app.app_context():
                        _use(db.engine, SETS[name])
                        per_row[name].append(_inserts(db.engine, rows, backends))
                    client.get("/start")  # one request between the sets, as the app sees them
                    per_post[name].append(
                        _posts(client, 10_000 * round_ + 1_000 * names.index(name), backends)
                    )
        finally:
            if backends:
                backends.close()
            with app.app_context():
                db.engine.dispose()
            create_engine(url).dispose()
    return {
        "database": "postgresql" if postgres else "sqlite",
        "profile": profile,
        "observations": n,
        "posts_per_set_and_round": POSTS,
        "inserts_per_set_and_round": INSERTS,
        "rounds": ROUNDS,
        "cpu_ms_per_post": {name: round(statistics.median(v), 2) for name, v in per_post.items()},
        "cpu_ms_per_post_runs": {name: [round(x, 2) for x in v] for name, v in per_post.items()},
        "cpu_us_per_inserted_row": {name: round(statistics.median(v), 1) for name, v in per_row.items()},
        "cpu_us_per_inserted_row_runs": {name: [round(x, 1) for x in v] for name, v in per_row.items()},
        "load_before": round(load_before, 1),
        "load_after": round(os.getloadavg()[0], 1),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--profile", choices=PROFILES, default="skewed")
    parser.add_argument("--postgres", metavar="URL", help="measure a copy in PostgreSQL at URL")
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.size, args.profile, args.postgres), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

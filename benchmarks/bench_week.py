"""Time the week page's whole job against a naive page, on 10k, 100k and 1M observations.

The same job: the app's page (GET /vecka/2026-47) plus the map data it loads (karta.json: the capped
points, the area totals and the heat grid), against a naive page that draws everything itself: load
every observation of the period through the ORM and put one folium Marker with a Popup per observation
on the map. A second naive page stops at the same number of points as karta.json carries, so the
comparison also shows what the app gains beyond the cap. Both live here, not in the app.

Everything runs through the real app and its real login (the coordinator bench1@example.com), in
process with Flask's test client: server time without network. Each figure is the median of RUNS after
one warm-up, as wall time and as this process's CPU time (the server's work; SQLite runs in process).

    .venv/bin/python benchmarks/bench_week.py [--sizes 10000,100000,1000000] [--profile skewed] [--json FILE]
    .venv/bin/python benchmarks/bench_week.py --postgres postgresql+psycopg://USER:PW@HOST/DB

With --miss the job is also timed right after a write: before each of RUNS jobs a member (bench3) posts
one observation through the post form, which changes the report cache's data version, so the job
builds the figures, the heat grid and the promise counts again, as the first viewer after any write
does ("miss_job_cpu_ms", the post's own CPU not included).

With --postgres the data set is first copied into a new database bench_week_<data set> on that server
(recreated each run, then VACUUM ANALYZE: _dataset.postgres_copy) and served from there; the CPU
columns are then this process's plus its PostgreSQL backends' (read from /proc: the server must run on
this machine and its processes be readable, as root or the postgres user).
"""

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._dataset import BENCH_PASSWORD, CACHE, PROFILES, bench_app, dataset, postgres_copy  # noqa: E402
from benchmarks._server import PostgresBackends  # noqa: E402

SLUG = "2026-47"
RUNS = 7
SIZES = (10_000, 100_000, 1_000_000)


def naive_page(slug: str):
    """One folium Marker with a Popup per observation of the period (the approach to avoid)."""
    import folium
    from flask import current_app, request
    from sqlalchemy import select

    from lagesbild import maps
    from lagesbild.escaping import for_map
    from lagesbild.extensions import db
    from lagesbild.models import Observation, ObservationStatus
    from lagesbild.periods import parse_week_slug, period_for_week

    period = period_for_week(*parse_week_slug(slug), current_app.config["MEETING_WEEKDAY"])
    limit = request.args.get("antal", type=int)
    stmt = select(Observation).where(
        Observation.status == ObservationStatus.ACTIVE,
        Observation.occurred_on.between(period.start, period.end),
    )
    if limit:  # the capped variant: the newest `limit`, as karta.json
        stmt = stmt.order_by(Observation.occurred_on.desc(), Observation.id.desc()).limit(limit)
    observations = db.session.scalars(stmt).all()
    fmap = maps.new_map()
    for obs in observations:
        text = f"{obs.category.name}, {obs.area.name}: {obs.description}"
        folium.Marker((obs.lat, obs.lon), popup=folium.Popup(for_map(text))).add_to(fmap)
    return fmap.get_root().render()


def bring_schema_up_to_date(path: Path) -> None:
    """Additively add tables, columns and indexes the models gained since the cached file was built.

    The cache outlives model changes; rebuilding a million rows for a new nullable column is wasteful.
    """
    from sqlalchemy import create_engine, inspect, text

    from lagesbild.models import Base

    engine = create_engine(f"sqlite:///{path}")
    Base.metadata.create_all(engine)  # new tables (with their indexes)
    inspector = inspect(engine)
    with engine.begin() as conn:
        for table in Base.metadata.sorted_tables:
            have = {column["name"] for column in inspector.get_columns(table.name)}
            for column in table.columns:
                if column.name in have:
                    continue
                ddl = (
                    f"ALTER TABLE {table.name} ADD COLUMN {column.name} {column.type.compile(engine.dialect)}"
                )
                default = getattr(column.default, "arg", None)
                if not column.nullable:
                    value = default if isinstance(default, (bool, int, float, str)) else 0
                    ddl += (
                        f" NOT NULL DEFAULT {value!r}"
                        if not isinstance(value, bool)
                        else f" NOT NULL DEFAULT {int(value)}"
                    )
                conn.execute(text(ddl))
        for table in Base.metadata.sorted_tables:
            # An index the models now define on other columns under the same name (0015's
            # ix_observation_author) is rebuilt: checkfirst alone would keep the old one and measure it.
            stale = {
                found["name"]
                for found in inspector.get_indexes(table.name)
                if any(
                    index.name == found["name"] and [c.name for c in index.columns] != found["column_names"]
                    for index in table.indexes
                )
            }
            for index in table.indexes:
                if index.name in stale:
                    index.drop(conn)
                index.create(conn, checkfirst=True)
    fill_rollup(engine)
    fill_report_version(engine)
    engine.dispose()


def fill_report_version(engine) -> None:
    """Write the report cache's data version once (what migration 0014 does): the data sets are written
    past the app, so no write has; without it the app caches no report (lagesbild/report_cache.py)."""
    import secrets

    from sqlalchemy import insert, select
    from sqlalchemy.orm import Session

    from lagesbild.models import ReportDataVersion

    with Session(engine) as session:
        if session.scalar(select(ReportDataVersion.value).limit(1)) is None:
            session.execute(insert(ReportDataVersion).values(value=secrets.randbits(40)))
            session.commit()


def fill_rollup(engine) -> None:
    """The data sets are written past the app (executemany), so count them into each roll-up that is
    still empty, once, in the periods of the stored meeting weekday or the configured default (what
    migrations 0013 and 0017 do). Each table is asked on its own: a file cached before 0017 has its week
    roll-up but empty new ones, which would serve zero counts fast."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from lagesbild.config import Defaults
    from lagesbild.models import GroupSettings, Observation
    from lagesbild.rollup.table import ROLLUPS, rebuild

    with Session(engine) as session:
        if session.scalar(select(Observation.id).limit(1)) is None:
            return
        empty = [r for r in ROLLUPS if session.scalar(select(r.table.c.n).limit(1)) is None]
        if not empty:
            return
        weekday = session.scalar(
            select(GroupSettings.meeting_weekday).where(GroupSettings.meeting_weekday > 0)
        )
        rebuild(session, weekday or Defaults.MEETING_WEEKDAY, empty)
        session.commit()


def make_app(path: Path, postgres: str | None = None):
    """The app on the data set at `path`, or on its copy in PostgreSQL (`postgres`: a server URL)."""

    bring_schema_up_to_date(path)
    url = f"sqlite:///{path}"
    if postgres:
        url = postgres_copy(path, postgres, f"bench_week_{path.stem.replace('-', '_')}")

    app = bench_app(url)
    app.add_url_rule("/bench/naiv/<slug>", "bench_naive", naive_page)
    return app


def timed(client, *urls: str, backends: PostgresBackends | None = None) -> tuple[float, float, int]:
    """Warm up once, then the median of RUNS of fetching all `urls` in turn: wall ms, CPU ms, bytes.

    With `backends` (PostgreSQL) the CPU adds the backends' mean per run: /proc counts their CPU in
    10 ms ticks, too coarse for a median of single runs."""
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    walls, cpus = [], []
    backend_start = backends.cpu_seconds() if backends else 0.0
    for _ in range(RUNS):
        wall, cpu, size = time.perf_counter(), time.process_time(), 0
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200
            size += len(response.data)
        cpus.append((time.process_time() - cpu) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
    backend_ms = (backends.cpu_seconds() - backend_start) * 1000 / RUNS if backends else 0.0
    return statistics.median(walls), statistics.median(cpus) + backend_ms, size


def timed_after_writes(
    client, writer, *urls: str, backends: PostgresBackends | None = None
) -> tuple[float, float]:
    """Median wall and CPU ms of fetching `urls` in turn, each time right after `writer` posted one
    observation (CPU as in timed(); the backends' CPU is read around the fetches only)."""
    from benchmarks.bench_writes import form

    walls, cpus, backend_ms = [], [], 0.0
    for i in range(RUNS):
        posted = writer.post("/iakttagelser/ny", data=form(i))
        assert posted.status_code == 302, posted.status_code
        backend_start = backends.cpu_seconds() if backends else 0.0
        wall, cpu = time.perf_counter(), time.process_time()
        for url in urls:
            assert client.get(url).status_code == 200
        cpus.append((time.process_time() - cpu) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
        backend_ms += (backends.cpu_seconds() - backend_start) * 1000 if backends else 0.0
    return statistics.median(walls), statistics.median(cpus) + backend_ms / RUNS


def measure(n: int, profile: str = "uniform", postgres: str | None = None, miss: bool = False) -> dict:
    source = dataset(n, profile)
    if miss and not postgres:
        # The posts must not change the cached data set: serve a copy (PostgreSQL serves one anyway).
        with tempfile.TemporaryDirectory(dir=CACHE) as folder:
            path = Path(folder) / source.name
            shutil.copyfile(source, path)
            return _measure(make_app(path), n, profile, postgres, miss)
    return _measure(make_app(source, postgres), n, profile, postgres, miss)


def _measure(app, n: int, profile: str, postgres: str | None, miss: bool) -> dict:
    client = app.test_client()
    login = client.post("/logga-in", data={"email": "bench1@example.com", "password": BENCH_PASSWORD})
    assert login.status_code == 302, "login failed"
    backends = PostgresBackends(app.config["SQLALCHEMY_DATABASE_URI"]) if postgres else None
    try:
        page_ms, page_cpu, html_bytes = timed(client, f"/vecka/{SLUG}", backends=backends)
        job_ms, job_cpu, job_bytes = timed(
            client, f"/vecka/{SLUG}", f"/vecka/{SLUG}/karta.json", backends=backends
        )
        points = len(client.get(f"/vecka/{SLUG}/karta.json").get_json()["points"])
        naive_ms, naive_cpu, naive_bytes = timed(client, f"/bench/naiv/{SLUG}", backends=backends)
        capped_ms, capped_cpu, capped_bytes = timed(
            client, f"/bench/naiv/{SLUG}?antal={points}", backends=backends
        )
        if miss:
            writer = app.test_client()
            signed_in = writer.post(
                "/logga-in", data={"email": "bench3@example.com", "password": BENCH_PASSWORD}
            )
            assert signed_in.status_code == 302, "writer login failed"
            miss_ms, miss_cpu = timed_after_writes(
                client, writer, f"/vecka/{SLUG}", f"/vecka/{SLUG}/karta.json", backends=backends
            )
    finally:
        if backends:
            backends.close()
    after_writes = (
        {"miss_job_ms": round(miss_ms, 1), "miss_job_cpu_ms": round(miss_cpu, 1),
         "miss_less_cpu_than_naive": round(naive_cpu / miss_cpu, 1)}
        if miss
        else {}
    )  # fmt: skip
    return after_writes | {
        "profile": profile,
        "database": "postgresql" if postgres else "sqlite",
        "observations": n,
        "server_ms": round(page_ms, 1),
        "server_cpu_ms": round(page_cpu, 1),
        "html_bytes": html_bytes,
        "job_ms": round(job_ms, 1),
        "job_cpu_ms": round(job_cpu, 1),
        "job_bytes": job_bytes,
        "map_points": points,
        "naive_server_ms": round(naive_ms, 1),
        "naive_cpu_ms": round(naive_cpu, 1),
        "naive_html_bytes": naive_bytes,
        "naive_capped_ms": round(capped_ms, 1),
        "naive_capped_cpu_ms": round(capped_cpu, 1),
        "naive_capped_bytes": capped_bytes,
        "less_cpu_than_naive": round(naive_cpu / job_cpu, 1),
        "less_cpu_than_capped": round(capped_cpu / job_cpu, 1),
        "fewer_bytes_than_naive": round(naive_bytes / job_bytes, 1),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="comma-separated sizes")
    parser.add_argument("--profile", choices=PROFILES, default="uniform", help="data set profile")
    parser.add_argument("--json", metavar="FILE", help="write the results as JSON")
    parser.add_argument("--postgres", metavar="URL", help="serve a copy in PostgreSQL at URL")
    parser.add_argument(
        "--miss", action="store_true", help="also time the job right after each of RUNS writes"
    )
    args = parser.parse_args(argv)
    results = []
    columns = ("observations", "page ms", "cpu", "job ms", "cpu", "job KB", "naive cpu", "capped cpu",
               "naive KB", "less cpu", "vs capped", "fewer B")  # fmt: skip
    widths = (12, 8, 6, 8, 6, 7, 10, 11, 9, 9, 10, 8)
    print(" ".join(f"{c:>{w}}" for c, w in zip(columns, widths, strict=True)))
    for n in (int(size) for size in args.sizes.split(",")):
        row = measure(n, args.profile, args.postgres, args.miss)
        results.append(row)
        values = (n, row["server_ms"], row["server_cpu_ms"], row["job_ms"], row["job_cpu_ms"],
                  round(row["job_bytes"] / 1024, 1), row["naive_cpu_ms"], row["naive_capped_cpu_ms"],
                  round(row["naive_html_bytes"] / 1024, 1), f"{row['less_cpu_than_naive']:.0f}x",
                  f"{row['less_cpu_than_capped']:.1f}x", f"{row['fewer_bytes_than_naive']:.0f}x")  # fmt: skip
        print(" ".join(f"{v:>{w}}" for v, w in zip(values, widths, strict=True)), flush=True)
        if args.miss:
            print(f"after a write: job {row['miss_job_ms']} ms, cpu {row['miss_job_cpu_ms']} ms, "
                  f"{row['miss_less_cpu_than_naive']:.0f}x less cpu than naive", flush=True)  # fmt: skip
    if args.json:
        Path(args.json).write_text(json.dumps({"results": results}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

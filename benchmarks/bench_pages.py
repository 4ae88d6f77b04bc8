"""Time every main page over the real HTTP server, for a member and for the coordinator.

Starts `flask --app lagesbild serve` (one gunicorn worker, so its CPU is the page's) on a benchmark
data set, signs in as the member bench3@example.com (who reported 4 % of the skewed data set) and as
the coordinator bench1@example.com, and fetches each page once to warm up and then RUNS times. For each
page and role it prints: status, size of the body, the worker's CPU per request (user + system, from
its rusage; the mean over RUNS, so /proc's 10 ms ticks resolve to 10/RUNS ms) and the median wall time.
A page slower than 2 s is fetched only until 20 s have passed (at least 3 times; "runs" says how often).

    .venv/bin/python benchmarks/bench_pages.py [--sizes 100000] [--profile skewed] [--json FILE]
    .venv/bin/python benchmarks/bench_pages.py --postgres postgresql+psycopg://USER:PW@HOST/DB

With --postgres the data set is first copied into a new database bench_<profile>_<size> on that
server (recreated each run unless --reuse; the URL's own database is only used to connect; prefixed
with $LAGESBILD_TEST_DATABASE_PREFIX) and served from there. The PostgreSQL backends' own CPU per
request (they run the queries) is then printed beside the worker's ("db_cpu_ms"), read from /proc
(the server must run on this machine; reading its processes needs root or the postgres user).

With --miss, the pages served from the report cache (CACHED_PAGES: the week page, its presentation,
/medborgarloften, the problembild, the analysis and the plan) are also timed once right after a write:
the member posts one observation through the form (which changes the cache's data version), then the
page is fetched once; "miss_cpu_ms" and "miss_wall_ms" are that one fetch (its CPU to the 10 ms tick).
The cached figures are the RUNS fetches after the warm-up, as without --miss.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._dataset import PROFILES, dataset, postgres_copy  # noqa: E402
from benchmarks._server import Client, PostgresBackends, Server  # noqa: E402
from benchmarks.bench_week import SLUG, bring_schema_up_to_date  # noqa: E402
from benchmarks.bench_writes import form  # noqa: E402

RUNS = 10
MIN_RUNS, BUDGET_S = 3, 20
MEMBER, COORDINATOR = "bench3@example.com", "bench1@example.com"
# Every main page a member opens; the coordinator opens these and the chair's and administration's.
PAGES = (
    "/start",
    f"/vecka/{SLUG}",
    f"/vecka/{SLUG}/karta.json",
    f"/vecka/{SLUG}/iakttagelser",
    f"/vecka/{SLUG}/presentation",
    "/medborgarloften",
    f"/iakttagelser?vecka={SLUG}",
    f"/iakttagelser.json?vecka={SLUG}",
    "/mina-iakttagelser",
    "/iakttagelser/ny",
    "/moten",
    "/trygghetsvandringar",
)
COORDINATOR_PAGES = (
    "/problembild",
    "/analys",
    "/atgardsplan",
    "/admin/logg",
    "/admin/anvandare",
    "/admin/organisationer",
    "/admin/referensdata",
)
# Served from the never-stale report cache (lagesbild/problembild/cache.py): a write makes the next
# request rebuild what it shows, so their cost after a write differs from the cached figure.
CACHED_PAGES = (
    f"/vecka/{SLUG}",
    f"/vecka/{SLUG}/presentation",
    "/medborgarloften",
    "/problembild",
    "/analys",
    "/atgardsplan",
)


def time_miss(
    server: Server,
    client: Client,
    writer: Client,
    path: str,
    n: int,
    backends: PostgresBackends | None = None,
) -> dict:
    """One fetch of `path` right after the member posts one observation (the first request after a write)."""
    status, _ = writer.post("/iakttagelser/ny", form(n))
    if status != 302:
        raise RuntimeError(f"the post before {path} answered {status}")
    cpu = server.cpu_seconds()
    db_cpu = backends.cpu_seconds() if backends else 0.0
    start = time.perf_counter()
    client.get(path)
    row = {
        "miss_wall_ms": round((time.perf_counter() - start) * 1000, 1),
        "miss_cpu_ms": round((server.cpu_seconds() - cpu) * 1000, 1),
    }
    if backends:
        row["miss_db_cpu_ms"] = round((backends.cpu_seconds() - db_cpu) * 1000, 1)
    return row


def time_page(server: Server, client: Client, path: str, backends: PostgresBackends | None = None) -> dict:
    status, body = client.get(path)
    walls = []
    cpu = server.cpu_seconds()
    db_cpu = backends.cpu_seconds() if backends else 0.0
    # A page of several seconds at 5M (the problembild) would hold the run for minutes at RUNS
    # fetches; past BUDGET_S of wall time it stops after MIN_RUNS (its figure is then coarser).
    while len(walls) < RUNS and (len(walls) < MIN_RUNS or sum(walls) < BUDGET_S * 1000):
        start = time.perf_counter()
        status, body = client.get(path)
        walls.append((time.perf_counter() - start) * 1000)
    cpu_ms = (server.cpu_seconds() - cpu) * 1000 / len(walls)
    row = {
        "path": path,
        "status": status,
        "bytes": len(body),
        "runs": len(walls),
        "cpu_ms": round(cpu_ms, 1),
        "wall_ms": round(statistics.median(walls), 1),
    }
    if backends:
        row["db_cpu_ms"] = round((backends.cpu_seconds() - db_cpu) * 1000 / len(walls), 1)
    return row


def measure(
    n: int, profile: str, postgres: str | None = None, reuse: bool = False, miss: bool = False
) -> list[dict]:
    path = dataset(n, profile)
    bring_schema_up_to_date(path)
    url = f"sqlite:///{path}"
    if postgres:
        name = f"bench_{profile}_{n}"
        url = existing_copy(postgres, name) if reuse else None
        url = url or postgres_copy(path, postgres, name)
    server = Server(url, workers=1)
    backends = PostgresBackends(url) if postgres else None
    try:
        rows = []
        writer = Client(server.base, MEMBER) if miss else None
        for role, email, pages in (
            ("member", MEMBER, PAGES),
            ("coordinator", COORDINATOR, PAGES + COORDINATOR_PAGES),
        ):
            client = Client(server.base, email)
            for page in pages:
                row = {
                    "database": "postgresql" if postgres else "sqlite",
                    "profile": profile,
                    "observations": n,
                    "role": role,
                    **time_page(server, client, page, backends),
                }
                if writer and page in CACHED_PAGES:
                    row.update(time_miss(server, client, writer, page, len(rows), backends))
                rows.append(row)
                print(
                    f"{role:>11} {page:<40} {row['status']:>4} {row['bytes'] / 1024:>8.1f} KB"
                    f" {row['cpu_ms']:>8.1f} ms cpu"
                    + (f" + {row['db_cpu_ms']:>7.1f} ms db" if backends else "")
                    + f" {row['wall_ms']:>8.1f} ms wall ({row['runs']} runs)"
                    + (
                        f"; after a write {row['miss_cpu_ms']:.0f} ms cpu"
                        + (f" + {row['miss_db_cpu_ms']:.0f} ms db" if backends else "")
                        + f" {row['miss_wall_ms']:.0f} ms wall"
                        if "miss_cpu_ms" in row
                        else ""
                    ),
                    file=sys.stderr,
                    flush=True,
                )
        return rows
    finally:
        if backends:
            backends.close()
        server.stop()


def existing_copy(base_url: str, name: str) -> str | None:
    """The URL of an earlier run's copy `name` (with the test database prefix), if it exists."""
    from sqlalchemy import create_engine, make_url, text

    name = os.environ.get("LAGESBILD_TEST_DATABASE_PREFIX", "") + name
    engine = create_engine(base_url)
    with engine.connect() as conn:
        found = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name})
    engine.dispose()
    return make_url(base_url).set(database=name).render_as_string(hide_password=False) if found else None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000", help="comma-separated sizes")
    parser.add_argument("--profile", choices=PROFILES, default="skewed", help="data set profile")
    parser.add_argument("--postgres", metavar="URL", help="serve from PostgreSQL at URL (see above)")
    parser.add_argument("--reuse", action="store_true", help="with --postgres: serve an earlier run's copy")
    parser.add_argument("--miss", action="store_true", help="also time the cached pages once after a write")
    parser.add_argument("--json", metavar="FILE", help="also write the JSON table to FILE")
    args = parser.parse_args(argv)
    rows = [
        row
        for size in args.sizes.split(",")
        for row in measure(int(size), args.profile, args.postgres, args.reuse, args.miss)
    ]
    table = json.dumps({"results": rows}, indent=1)
    print(table)
    if args.json:
        Path(args.json).write_text(table + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

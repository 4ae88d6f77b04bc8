"""Time the week page (GET /vecka/2026-47) against a naive page, on 10k, 100k and 1M observations.

The week page runs through the real app and its real login (the coordinator bench1@example.com), in
process with Flask's test client, so the figures are server time without network. The naive page is
what one would write first: load every observation of the period through the ORM and put one folium
Marker with a Popup per observation on the map. It lives here, not in the app.

    .venv/bin/python benchmarks/bench_week.py [--sizes 10000,100000,1000000] [--json FILE]
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._dataset import BENCH_PASSWORD, CACHE, dataset  # noqa: E402

SLUG = "2026-47"
RUNS = 7
SIZES = (10_000, 100_000, 1_000_000)


def naive_page(slug: str):
    """One folium Marker with a Popup per observation of the period (the approach to avoid)."""
    import folium
    from flask import current_app
    from sqlalchemy import select

    from lagesbild import maps
    from lagesbild.escaping import for_map
    from lagesbild.extensions import db
    from lagesbild.models import Observation, ObservationStatus
    from lagesbild.periods import parse_week_slug, period_for_week

    period = period_for_week(*parse_week_slug(slug), current_app.config["MEETING_WEEKDAY"])
    observations = db.session.scalars(
        select(Observation).where(
            Observation.status == ObservationStatus.ACTIVE,
            Observation.occurred_on.between(period.start, period.end),
        )
    ).all()
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
            for index in table.indexes:
                index.create(conn, checkfirst=True)
    engine.dispose()


def make_app(path: Path):
    from lagesbild import create_app

    bring_schema_up_to_date(path)

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
            "SECRET_KEY": "bench",
            "INSTANCE_PATH": str(CACHE / "instance"),
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
        }
    )
    app.add_url_rule("/bench/naiv/<slug>", "bench_naive", naive_page)
    return app


def timed(client, url: str) -> tuple[float, int]:
    """Warm up once, then return the median of RUNS in ms and the body size in bytes."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return statistics.median(times), len(response.data)


def measure(n: int) -> dict:
    app = make_app(dataset(n))
    client = app.test_client()
    login = client.post("/logga-in", data={"email": "bench1@example.com", "password": BENCH_PASSWORD})
    assert login.status_code == 302, "login failed"
    server_ms, html_bytes = timed(client, f"/vecka/{SLUG}")
    naive_ms, naive_bytes = timed(client, f"/bench/naiv/{SLUG}")
    return {
        "observations": n,
        "server_ms": round(server_ms, 1),
        "html_bytes": html_bytes,
        "naive_server_ms": round(naive_ms, 1),
        "naive_html_bytes": naive_bytes,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="comma-separated sizes")
    parser.add_argument("--json", metavar="FILE", help="write the results as JSON")
    args = parser.parse_args(argv)
    results = []
    columns = ("observations", "server ms", "HTML KB", "naive ms", "naive KB", "faster", "smaller")
    print(" ".join(f"{c:>{w}}" for c, w in zip(columns, (12, 10, 8, 10, 9, 7, 8), strict=True)))
    for n in (int(size) for size in args.sizes.split(",")):
        row = measure(n)
        results.append(row)
        print(
            f"{n:>12} {row['server_ms']:>10.1f} {row['html_bytes'] / 1024:>8.1f}"
            f" {row['naive_server_ms']:>10.1f}"
            f" {row['naive_html_bytes'] / 1024:>9.1f} {row['naive_server_ms'] / row['server_ms']:>6.0f}x"
            f" {row['naive_html_bytes'] / row['html_bytes']:>7.0f}x",
            flush=True,
        )
    if args.json:
        Path(args.json).write_text(json.dumps({"results": results}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

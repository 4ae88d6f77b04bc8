"""Time the whole problembild export (all four files) against a naive export, on 100k and 1M observations.

The export is what `flask problembild 2025 --out DIR` does: build_report (GROUP BY queries, pandas)
and the .xlsx, .csv, .geojson and .html files (with the six SVG charts). The naive export is what one
would write first: load every observation of the year as ORM objects into a DataFrame, aggregate in
pandas and write the raw rows into the workbook, the CSV and the GeoJSON (one point per observation),
with a pandas to_html table. It lives here, not in the app.

    .venv/bin/python benchmarks/bench_problembild.py [--sizes 100000,1000000] [--runs 3] [--json FILE]
        [--no-naive]

Figures are wall-clock seconds (median of --runs) on the cached SQLite data sets
(benchmarks/_dataset.py), plus the process's CPU seconds ("cpu"): on a shared machine the wall clock
also measures the neighbours, the CPU time measures the export. The first run of each size warms the
caches (matplotlib, SQLite pages) and is not counted.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._dataset import bench_app, dataset  # noqa: E402

SIZES = (100_000, 1_000_000)
TARGETS = {100_000: 1.0, 1_000_000: 5.0}
START, END = date(2025, 1, 1), date(2025, 12, 31)


def fast_export(out: Path, public: bool = False) -> dict[str, float]:
    """The app's path, step by step (seconds per step)."""
    from lagesbild.extensions import db
    from lagesbild.problembild.export import write_csv, write_geojson, write_xlsx
    from lagesbild.problembild.report import build_report
    from lagesbild.problembild.standalone import render_html

    steps = {}
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    report = build_report(db.session, START, END, public=public)
    t1 = time.perf_counter()
    write_xlsx(report, out / "r.xlsx")
    t2 = time.perf_counter()
    write_csv(report, out / "r.csv")
    write_geojson(report, out / "r.geojson")
    t3 = time.perf_counter()
    (out / "r.html").write_text(render_html(report), encoding="utf-8")
    t4 = time.perf_counter()
    steps.update(report=t1 - t0, xlsx=t2 - t1, csv_geojson=t3 - t2, html=t4 - t3, total=t4 - t0)
    steps["cpu"] = time.process_time() - cpu0
    db.session.rollback()
    return steps


def naive_export(out: Path) -> dict[str, float]:
    """ORM objects into a DataFrame, raw rows into the files (the approach to avoid)."""
    import pandas as pd
    from openpyxl import Workbook
    from sqlalchemy import select

    from lagesbild.escaping import for_csv
    from lagesbild.extensions import db
    from lagesbild.models import Observation, ObservationStatus

    cpu0 = time.process_time()
    t0 = time.perf_counter()
    observations = db.session.scalars(
        select(Observation).where(
            Observation.status == ObservationStatus.ACTIVE, Observation.occurred_on.between(START, END)
        )
    ).all()
    frame = pd.DataFrame(
        [
            {
                "datum": o.occurred_on,
                "område": o.area.name,
                "kategori": o.category.name,
                "organisation": o.organisation.name,
                "lat": o.lat,
                "lon": o.lon,
                "delning": o.sharing.value,
            }
            for o in observations
        ]
    )
    frame["månad"] = pd.to_datetime(frame["datum"]).dt.strftime("%Y-%m")
    pivot = frame.pivot_table(index="område", columns="kategori", values="lat", aggfunc="count", fill_value=0)
    by_month = frame.groupby("månad").size()
    t1 = time.perf_counter()
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        sheet.append([for_csv(v) if isinstance(v, str) else v for v in row])
    workbook.create_sheet("Områden").append(["område", *pivot.columns])
    workbook.save(out / "naive.xlsx")
    t2 = time.perf_counter()
    frame.to_csv(out / "naive.csv", sep=";", index=False, encoding="utf-8-sig")
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"kategori": k},
        }
        for lon, lat, k in zip(frame["lon"], frame["lat"], frame["kategori"], strict=True)
    ]
    (out / "naive.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    t3 = time.perf_counter()
    (out / "naive.html").write_text(pivot.to_html() + by_month.to_frame().to_html() + frame.to_html())
    t4 = time.perf_counter()
    db.session.rollback()
    db.session.expunge_all()
    return {
        "report": t1 - t0,
        "xlsx": t2 - t1,
        "csv_geojson": t3 - t2,
        "html": t4 - t3,
        "total": t4 - t0,
        "cpu": time.process_time() - cpu0,
    }


def measure(n: int, runs: int, naive: bool) -> dict:
    from sqlalchemy import create_engine

    from lagesbild.extensions import db
    from lagesbild.models import Base

    path = dataset(n)
    engine = create_engine(f"sqlite:///{path}")
    Base.metadata.create_all(engine)  # tables added to the models since the cache was built
    for index in Base.metadata.tables["observation"].indexes:  # and indexes on the existing table
        index.create(engine, checkfirst=True)
    engine.dispose()
    app = bench_app(f"sqlite:///{path}")
    result = {"observations": n, "target_s": TARGETS.get(n), "load_average_before": os.getloadavg()[0]}
    with app.app_context(), app.test_request_context(), tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        fast_export(out)  # warm-up: imports, matplotlib's font cache, SQLite pages
        fast = [fast_export(out) for _ in range(runs)]
        public = [fast_export(out, public=True) for _ in range(runs)]
        result["fast"] = {k: statistics.median(r[k] for r in fast) for k in fast[0]}
        result["fast_public_total"] = statistics.median(r["total"] for r in public)
        result["fast_public_cpu"] = statistics.median(r["cpu"] for r in public)
        if naive:
            result["naive"] = naive_export(out)  # one run: it is slow enough to be obvious
        db.engine.dispose()
    return result


def print_table(results: list[dict]) -> None:
    print(f"{'observations':>12} {'step':<12} {'export (s)':>10} {'naive (s)':>10}")
    for r in results:
        for step in ("report", "xlsx", "csv_geojson", "html", "total", "cpu"):
            naive = r.get("naive", {}).get(step)
            naive_text = "–" if naive is None else f"{naive:.3f}"
            print(f"{r['observations']:>12,} {step:<12} {r['fast'][step]:>10.3f} {naive_text:>10}")
        target = r["target_s"]
        verdict = "" if target is None else ("inom målet" if r["fast"]["total"] <= target else "ÖVER MÅLET")
        print(f"{'':>12} {'public':<12} {r['fast_public_total']:>10.3f}   (cpu {r['fast_public_cpu']:.3f})")
        print(f"{'':>12} mål ≤ {target} s (hela exporten, väggklocka): {verdict}")
        load = r["load_average_before"]
        print(f"{'':>12} (load average before the runs: {load:.1f} on {os.cpu_count()} cores)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--no-naive", action="store_true", help="skip the naive export")
    args = parser.parse_args()
    results = [measure(int(n), args.runs, not args.no_naive) for n in args.sizes.split(",")]
    print_table(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

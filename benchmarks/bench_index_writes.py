"""What the promise-counting index (ix_observation_promise, migration 0012) costs on writes.

Copies the cached data set of N observations (benchmarks/_dataset.py, SQLite), then inserts 10 000
observations (copies of random existing rows, so categories, days and areas are spread as in the data),
100 to a transaction, and reports the CPU and wall time with the index and after DROP INDEX, alternating
three times each so the page cache favours neither. Prints one JSON line.

    .venv/bin/python benchmarks/bench_index_writes.py --size 100000

`--index author` measures migration 0015 instead: "with" is ix_observation_author as (author_id, status,
occurred_on), "without" the same index as before, (author_id, occurred_on); `--index list` the group
list's ix_observation_list (0015) with and without; `--profile skewed` reads the skewed data set.
"""

import argparse
import json
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._dataset import dataset  # noqa: E402

INDEX = "ix_observation_promise"
# --index author: the member's-own-rows index of migration 0015 against its predecessor.
AUTHOR_INDEX = "ix_observation_author"
AUTHOR_NEW = "(author_id, status, occurred_on)"
AUTHOR_OLD = "(author_id, occurred_on)"
# --index list: the group list's index of migration 0015, with it and without.
LIST_INDEX = "ix_observation_list"
LIST_COLUMNS = "(occurred_on, time_of_day, status, sharing, organisation_id, area_id, category_id)"
COLUMNS = (
    "occurred_on, time_of_day, time_band, place_id, lat, lon, area_id, category_id, extent, count, "
    "description, reported_to_police, sharing, organisation_id, author_id, status, source, is_demo, "
    "created_at, updated_at"
)


def _insert(path: Path, rows: list[tuple]) -> tuple[float, float]:
    con = sqlite3.connect(path)
    placeholders = ", ".join("?" * len(rows[0]))
    cpu, wall = time.process_time(), time.perf_counter()
    for start in range(0, len(rows), 100):
        with con:  # one transaction per 100 rows: a busy import, not one row per fsync
            con.executemany(
                f"INSERT INTO observation ({COLUMNS}) VALUES ({placeholders})",  # noqa: S608 (constants)
                rows[start : start + 100],
            )
    result = time.process_time() - cpu, time.perf_counter() - wall
    con.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--index", choices=["promise", "author", "list"], default="promise")
    parser.add_argument("--profile", default="uniform")
    args = parser.parse_args()
    source = dataset(args.size, args.profile)
    with tempfile.TemporaryDirectory() as folder:
        with_index, without_index = Path(folder) / "with.sqlite3", Path(folder) / "without.sqlite3"
        shutil.copy(source, with_index)
        con = sqlite3.connect(with_index)
        if not con.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (INDEX,)).fetchone():
            con.execute(
                f"CREATE INDEX {INDEX} ON observation "
                "(category_id, occurred_on, status, area_id, organisation_id)"
            )
        rows = con.execute(f"SELECT {COLUMNS} FROM observation").fetchall()  # noqa: S608 (constants)
        con.close()
        shutil.copy(with_index, without_index)
        con = sqlite3.connect(without_index)
        if args.index == "author":
            con.execute(f"DROP INDEX IF EXISTS {AUTHOR_INDEX}")
            con.execute(f"CREATE INDEX {AUTHOR_INDEX} ON observation {AUTHOR_OLD}")
            con.close()
            con = sqlite3.connect(with_index)
            con.execute(f"DROP INDEX IF EXISTS {AUTHOR_INDEX}")
            con.execute(f"CREATE INDEX {AUTHOR_INDEX} ON observation {AUTHOR_NEW}")
        elif args.index == "list":
            con.execute(f"DROP INDEX IF EXISTS {LIST_INDEX}")
            con.close()
            con = sqlite3.connect(with_index)
            con.execute(f"CREATE INDEX IF NOT EXISTS {LIST_INDEX} ON observation {LIST_COLUMNS}")
        else:
            con.execute(f"DROP INDEX {INDEX}")
        con.close()
        sample = random.Random(4711).choices(rows, k=args.rows)
        runs = {"with": [], "without": []}
        for _ in range(3):
            runs["with"].append(_insert(with_index, sample))
            runs["without"].append(_insert(without_index, sample))
    report = {"size": args.size, "profile": args.profile, "index": args.index, "rows": args.rows}
    for name, measured in runs.items():
        report[f"{name}_cpu_s"] = round(statistics.median(cpu for cpu, _ in measured), 3)
        report[f"{name}_wall_s"] = round(statistics.median(wall for _, wall in measured), 3)
    report["extra_cpu_per_row_us"] = round(
        1e6 * (report["with_cpu_s"] - report["without_cpu_s"]) / args.rows, 1
    )
    print(json.dumps(report))


if __name__ == "__main__":
    main()

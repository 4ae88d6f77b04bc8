"""The 50-writer test: 50 members post observations at once, with no think time, over the real server.

Starts `flask --app lagesbild serve` (one worker process per core, the default) on a copy of a
benchmark data set (the cached file stays as it was), signs in 50 members of different organisations
(bench3 … bench52) and lets each post POSTS observations through the post form one after another, all
50 at the same time. Prints the latency percentiles of the posts, the throughput and the errors (any
answer but the redirect to the saved observation, or a failed connection). Target (issue #12): p99 under
2 s with 0 errors on 2 cores. The clients run on the same machine: their own CPU (this process, 50
threads) is printed beside the server's, with the 1-minute load average before and after the run.

    .venv/bin/python benchmarks/bench_writes.py [--size 100000] [--profile skewed] [--writers 50]
    .venv/bin/python benchmarks/bench_writes.py --postgres postgresql+psycopg://USER:PW@HOST/DB

With --postgres the data set is first copied into a new database bench_writes_<profile>_<size> on that
server (recreated each run, so every run starts from the same rows) and served from there; the server
CPU is then the app workers' only, the PostgreSQL backends' own time is not in it.
"""

import argparse
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._dataset import END, PROFILES, dataset, postgres_copy  # noqa: E402
from benchmarks._server import Client, Server  # noqa: E402
from benchmarks.bench_week import bring_schema_up_to_date  # noqa: E402

POSTS = 20  # per writer


def form(i: int) -> dict:
    return {
        "token": uuid.uuid4().hex,  # the form's one-time token: every post is a new observation
        "plats": ("Stora torg", "Eslövs station", "Stadsparken")[i % 3],
        "lat": "",
        "lon": "",
        "kategori": "SKG.KLOTTER",
        "datum": END.isoformat(),
        "tid": "21:30",
        "tidsband": "",
        "omfattning": "enstaka",
        "antal": "",
        "beskrivning": f"Bänkskrivning {i}: nytt klotter på väggen.",
        "polis": "nej",
        "delning": "gruppen",
    }


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _cpu_of_this_process() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run(n: int, profile: str, writers: int, workers: int, postgres: str | None = None) -> dict:
    load_before = os.getloadavg()[0]  # the machine's own load, before the server and writers start
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "writes.sqlite3"
        shutil.copyfile(dataset(n, profile), path)
        bring_schema_up_to_date(path)
        url = (
            postgres_copy(path, postgres, f"bench_writes_{profile}_{n}") if postgres else f"sqlite:///{path}"
        )
        server = Server(url, workers=workers)
        try:
            clients = [Client(server.base, f"bench{3 + i}@example.com") for i in range(writers)]
            latencies: list[float] = []
            errors: list[str] = []
            lock = threading.Lock()
            start_line = threading.Barrier(writers)

            def write(client: Client, w: int) -> None:
                start_line.wait()
                for k in range(POSTS):
                    start = time.perf_counter()
                    try:
                        status, _ = client.post("/iakttagelser/ny", form(w * POSTS + k))
                        problem = None if status == 302 else f"HTTP {status}"
                    except OSError as error:
                        problem = f"{type(error).__name__}: {error}"
                    with lock:
                        latencies.append(time.perf_counter() - start)
                        if problem:
                            errors.append(problem)

            threads = [threading.Thread(target=write, args=(c, w)) for w, c in enumerate(clients)]
            wall, cpu, client_cpu = time.perf_counter(), server.cpu_seconds(), _cpu_of_this_process()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            wall, cpu = time.perf_counter() - wall, server.cpu_seconds() - cpu
            client_cpu = _cpu_of_this_process() - client_cpu
            load_after = os.getloadavg()[0]
        finally:
            server.stop()
    return {
        "database": "postgresql" if postgres else "sqlite",
        "profile": profile,
        "observations": n,
        "writers": writers,
        "workers": workers,
        "posts": len(latencies),
        "errors": len(errors),
        "error_kinds": sorted(set(errors))[:5],
        "p50_s": round(statistics.median(latencies), 3),
        "p95_s": round(percentile(latencies, 95), 3),
        "p99_s": round(percentile(latencies, 99), 3),
        "max_s": round(max(latencies), 3),
        "posts_per_s": round(len(latencies) / wall, 1),
        "server_cpu_s": round(cpu, 1),
        "server_cpu_ms_per_post": round(cpu * 1000 / max(1, len(latencies)), 1),
        "client_cpu_s": round(client_cpu, 1),
        "wall_s": round(wall, 1),
        "load_before": round(load_before, 1),
        "load_after": round(load_after, 1),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--profile", choices=PROFILES, default="skewed")
    parser.add_argument("--writers", type=int, default=50)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--postgres", metavar="URL", help="serve from PostgreSQL at URL (see above)")
    parser.add_argument("--json", metavar="FILE", help="also write the result to FILE")
    args = parser.parse_args(argv)
    result = run(args.size, args.profile, args.writers, args.workers, args.postgres)
    text = json.dumps(result, indent=1)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The writers' queue alone, without HTTP: processes × threads of write transactions on one SQLite file.

Each of PROCESSES forked processes (as gunicorn forks its workers) runs THREADS threads; each thread runs
TRANSACTIONS write transactions through lagesbild.database (the app's engine settings and queue), each
holding the write lock for about WORK_MS of CPU (a post holds it for ~10 ms). Prints the latency of a
transaction from asking for the lock to its commit (p50, p99, max), the throughput, the errors and
the load average. Run from a checkout to measure that checkout's lagesbild/database.py.

    .venv/bin/python benchmarks/bench_writer_queue.py [--processes 2] [--threads 8] [--work-ms 5]
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text  # noqa: E402

from lagesbild.database import configure_engine, sqlite_engine_options, write_lock  # noqa: E402

BUSY_TIMEOUT_S = 30


def _burn(ms: float) -> None:
    end = time.process_time() + ms / 1000
    while time.process_time() < end:
        pass


def _worker(url: str, threads: int, transactions: int, work_ms: float, out) -> None:
    engine = create_engine(url, **sqlite_engine_options(BUSY_TIMEOUT_S))
    configure_engine(engine, BUSY_TIMEOUT_S)
    latencies, errors = [], []
    lock = threading.Lock()

    def run(t: int) -> None:
        for n in range(transactions):
            start = time.perf_counter()
            try:
                with write_lock(), engine.begin() as connection:
                    connection.execute(
                        text("INSERT INTO probe (pid, n) VALUES (:p, :n)"), {"p": os.getpid(), "n": n}
                    )
                    _burn(work_ms)
            except Exception as error:  # noqa: BLE001
                with lock:
                    errors.append(type(error).__name__)
                continue
            with lock:
                latencies.append(time.perf_counter() - start)

    pool = [threading.Thread(target=run, args=(t,)) for t in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    out.write(json.dumps({"latencies": latencies, "errors": errors}))
    out.close()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--transactions", type=int, default=60, help="per thread")
    parser.add_argument("--work-ms", type=float, default=5.0)
    args = parser.parse_args(argv)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'queue.sqlite3'}"
        setup = create_engine(url)
        configure_engine(setup, BUSY_TIMEOUT_S)
        with setup.begin() as connection:
            connection.execute(text("CREATE TABLE probe (pid INTEGER, n INTEGER)"))
        setup.dispose()
        children = []
        wall = time.perf_counter()
        for _ in range(args.processes):
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(read)
                try:
                    _worker(url, args.threads, args.transactions, args.work_ms, os.fdopen(write, "w"))
                finally:
                    os._exit(0)
            os.close(write)
            children.append((pid, os.fdopen(read)))
        latencies, errors = [], []
        for pid, pipe in children:
            result = json.loads(pipe.read() or '{"latencies": [], "errors": ["no result"]}')
            os.waitpid(pid, 0)
            latencies += result["latencies"]
            errors += result["errors"]
        wall = time.perf_counter() - wall
    print(
        json.dumps(
            {
                "processes": args.processes,
                "threads": args.threads,
                "work_ms": args.work_ms,
                "transactions": len(latencies),
                "errors": len(errors),
                "per_s": round(len(latencies) / wall, 1),
                "p50_ms": round(1000 * statistics.median(latencies), 1),
                "p99_ms": round(1000 * percentile(latencies, 99), 1),
                "max_ms": round(1000 * max(latencies), 1),
                "load_before": round(load_before, 1),
                "load_after": round(os.getloadavg()[0], 1),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

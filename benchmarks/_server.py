"""The real HTTP server for the benchmarks: `flask --app lagesbild serve` on a free port, and clients.

The server is the one an installation runs (gunicorn workers, lagesbild/server.py), started as a
subprocess on a benchmark data set; the clients are plain urllib with a cookie jar, one per user.
CSRF is switched off for the server (LAGESBILD_WTF_CSRF_ENABLED=false) so a client can post without
parsing forms; everything else is the installation's configuration.
"""

import contextlib
import http.cookiejar
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from benchmarks._dataset import BENCH_PASSWORD, CACHE

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """`serve` on `database_url` with `workers` worker processes, until stop()."""

    def __init__(self, database_url: str, workers: int, threads: int = 8):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("LAGESBILD_")},
            "LAGESBILD_DATABASE_URL": database_url,
            "LAGESBILD_INSTANCE_PATH": str(CACHE / "instance"),
            "LAGESBILD_PORT": str(self.port),
            "LAGESBILD_WTF_CSRF_ENABLED": "false",
            # 50 writers from one address would otherwise be throttled at their first mistyped login.
            "LAGESBILD_LOGIN_LIMIT_PER_ADDRESS": "100000",
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "lagesbild", "serve", "--workers", str(workers),
             "--threads", str(threads)],
            cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 180
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"serve exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(self.base + "/halsa", timeout=5):  # noqa: S310
                    break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        while len(self.workers()) < workers:
            time.sleep(0.1)

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
        return [int(pid) for pid in children.split()]

    def cpu_seconds(self) -> float:
        """User + system CPU of the workers so far (their rusage as /proc reports it)."""
        total = 0
        for pid in self.workers():
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
        return total / TICKS

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=30)
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


class PostgresBackends:
    """CPU of the PostgreSQL backends serving one database (the app's pooled connections): on
    PostgreSQL the queries run there, not in the app worker. Reads /proc of the server's processes, so
    it needs the server on this machine and the right to read its processes' stat (root, or postgres).
    A backend that exits between two readings takes its CPU with it; the app's pool keeps them open."""

    def __init__(self, url: str):
        import psycopg
        from sqlalchemy import make_url

        parts = make_url(url)
        self.conn = psycopg.connect(
            host=parts.host, port=parts.port or 5432, user=parts.username, password=parts.password,
            dbname=parts.database, autocommit=True,
        )  # fmt: skip

    def cpu_seconds(self) -> float:
        pids = self.conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
        total = 0
        for (pid,) in pids:
            with contextlib.suppress(FileNotFoundError, ProcessLookupError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])
        return total / TICKS

    def close(self) -> None:
        self.conn.close()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    """A signed-in user's browser: cookies kept, redirects not followed (a 302 is an answer)."""

    def __init__(self, base: str, email: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )
        status, _ = self.post("/logga-in", {"email": email, "password": BENCH_PASSWORD})
        if status != 302:
            raise RuntimeError(f"login of {email} failed: {status}")

    def request(self, path: str, data: dict | None = None) -> tuple[int, bytes]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=120) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def get(self, path: str) -> tuple[int, bytes]:
        return self.request(path)

    def post(self, path: str, data: dict) -> tuple[int, bytes]:
        return self.request(path, data)

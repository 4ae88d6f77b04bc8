"""`flask is-empty` and `flask serve`, the two commands `make run` starts an install with."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from lagesbild.models import Role

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def test_is_empty_says_yes_only_while_no_user_or_observation_exists(runner, reference, make_user):
    # Reference data alone (areas, places, categories) still counts as empty: `make run` seeds the demo.
    assert runner.invoke(args=["is-empty"]).exit_code == 0
    make_user(Role.MEMBER)
    assert runner.invoke(args=["is-empty"]).exit_code == 1


def test_is_empty_says_no_after_the_demo_seed(runner):
    assert runner.invoke(args=["seed-demo", "--weeks", "1"]).exit_code == 0
    assert runner.invoke(args=["is-empty"]).exit_code == 1


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_page(url: str, server: subprocess.Popen):
    """Fetch `url` once the server listens; fail with the server's output if it exits first."""
    while True:
        if server.poll() is not None:
            raise AssertionError(f"serve exited with {server.returncode}: {server.stdout.read()}")
        try:
            return urllib.request.urlopen(url, timeout=10)  # noqa: S310 (an http:// URL we built)
        except urllib.error.URLError:
            with contextlib.suppress(subprocess.TimeoutExpired):
                server.wait(timeout=0.2)  # not up yet: wait a little, or notice that it exited


def test_serve_answers_on_the_configured_loopback_port_from_two_worker_processes(
    app, database_url, tmp_path, make_user
):
    make_user(Role.MEMBER)  # a database someone uses: serve must not need anything else
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("LAGESBILD_")},
        "LAGESBILD_DATABASE_URL": database_url,
        "LAGESBILD_INSTANCE_PATH": str(tmp_path / "instance"),
        "LAGESBILD_HOST": "127.0.0.1",
        "LAGESBILD_PORT": str(port),
        "LAGESBILD_BASE_URL": f"http://127.0.0.1:{port}",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "lagesbild", "serve", "--workers", "2", "--threads", "2"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        with _wait_for_page(f"http://127.0.0.1:{port}/logga-in", server) as response:
            page = response.read().decode("utf-8")
            assert response.status == 200
            assert response.headers["Server"] == "Lagesbild"
        assert '<html lang="sv"' in page and "Logga in" in page
        # One process per core: the server forks two workers, so one slow page leaves the other free.
        # gunicorn's master forks them one after the other, and the first may answer before the
        # second is up (CI saw one): wait for the second, however loaded the machine.
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
        deadline = time.monotonic() + 120
        while len(children.read_text().split()) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(children.read_text().split()) == 2
    finally:
        server.send_signal(signal.SIGINT)  # gunicorn's quick shutdown; SIGTERM waits up to 30 s
        try:
            output, _ = server.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            server.kill()  # never leave a server behind for the next test
            server.communicate()
            raise
    assert f"Lägesbild körs på http://127.0.0.1:{port}/" in output


# The libraries only some pages and commands need; each costs a CLI start a noticeable part of a second.
HEAVY_LIBRARIES = (
    "alembic",
    "docx",
    "folium",
    "matplotlib",
    "numpy",
    "openpyxl",
    "pandas",
    "pyproj",
    "shapely",
)


def test_the_app_starts_without_the_report_libraries_and_loads_them_for_the_command_that_needs_them(
    tmp_path,
):
    # A fresh interpreter: this test process has long imported them all.
    script = f"""
import gc
import sys
from lagesbild import create_app
from lagesbild.models import Observation

app = create_app()
print(",".join(m for m in {HEAVY_LIBRARIES!r} if m in sys.modules))
# The mappers are configured by the first query, not by the start; the app built, the collector runs
# again and skips the objects of the start (frozen), which it would otherwise rescan, exit included.
print(Observation.__mapper__.configured, gc.isenabled(), gc.get_freeze_count() > 50_000)
result = app.test_cli_runner().invoke(args=["db", "heads"])
print(result.output.strip(), "alembic" in sys.modules)
"""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("LAGESBILD_")},
        "LAGESBILD_INSTANCE_PATH": str(tmp_path / "instance"),
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, check=True
    )
    loaded_at_start, collection, db_command = result.stdout.splitlines()
    assert loaded_at_start == ""
    assert collection == "False True True"
    # `flask db …` (make run's migration) still works: Flask-Migrate is bound when the command runs.
    assert db_command.endswith("(head) True")


def test_serve_runs_one_worker_per_core_unless_told_otherwise():
    from lagesbild.cli import worker_count
    from lagesbild.config import environment_overrides

    assert worker_count(None, None) == os.cpu_count()
    configured = environment_overrides({"LAGESBILD_WORKERS": "3"})["WORKERS"]
    assert worker_count(None, configured) == 3
    assert worker_count(2, configured) == 2  # the command line wins

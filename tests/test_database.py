"""Migrations, concurrent writers and online backup/restore."""

import sqlite3
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import MetaData, Table, create_engine, func, insert, inspect, select, text

from lagesbild import create_app
from lagesbild.extensions import db
from lagesbild.models import AuditEvent, Base, Role, User, utcnow

from .support import PASSWORD, create_postgres_database


def _empty_database_url(database_url: str, tmp_path) -> str:
    if database_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'empty.sqlite3'}"

    return create_postgres_database(database_url, "lagesbild_migrations" + _suffix())


def _suffix():
    import os

    return "_" + os.environ.get("PYTEST_XDIST_WORKER", "main")


def test_migrations_build_the_whole_schema_from_empty(database_url, tmp_path):
    url = _empty_database_url(database_url, tmp_path)
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(tmp_path / "i"), "SECRET_KEY": "x"}
    )
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(
                MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
            )
            tables = set(inspect(conn).get_table_names())
        db.engine.dispose()
    assert diff == [], f"models and migrations differ: {diff}"
    assert {"observation", "user_account", "meeting", "action", "audit_event", "promise"} <= tables


def _filler(column):
    """A value for a required column of an old schema, whatever its type."""
    try:
        kind = column["type"].python_type
    except NotImplementedError:
        kind = str
    if kind is bool:
        return False
    if kind in (int, float):
        return 1
    if kind is datetime:
        return datetime(2026, 1, 1, 12, 0)
    if kind is date:
        return date(2026, 1, 1)
    return "polis" if column["name"] in ("kind",) else f"x-{column['name']}"


def _insert_old_row(conn, table: str, **values) -> None:
    columns = inspect(conn).get_columns(table)
    row = {c["name"]: _filler(c) for c in columns if not c["nullable"] and c.get("default") is None}
    conn.execute(insert(Table(table, MetaData(), autoload_with=conn)).values({**row, **values}))


@pytest.mark.sqlite_only
def test_an_upgrade_keeps_the_rows_that_refer_to_a_table_sqlite_rebuilds(tmp_path):
    """SQLite alters a table by rebuilding it (Alembic's batch mode): with foreign keys on, dropping the
    old table deletes the rows that refer to it with ON DELETE CASCADE. 0006 rebuilds `promise`: an
    install upgraded from before it lost which organisations and categories each promise counts."""
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(tmp_path / "i"), "SECRET_KEY": "x"}
    )
    with app.app_context():
        upgrade(revision="0005")
        with db.engine.begin() as conn:
            _insert_old_row(conn, "organisation", id=1, name="Polisen", kind="polis")
            _insert_old_row(conn, "category", id=1, code="AKT.PATRULL", name="Patrull", parent_id=None)
            _insert_old_row(conn, "promise", id=1, year=2022, text="Synlig polis", target=40, area_id=None)
            _insert_old_row(conn, "promise_organisation", promise_id=1, organisation_id=1)
            _insert_old_row(conn, "promise_category", promise_id=1, category_id=1)
        upgrade()
        with db.engine.connect() as conn:
            kept = [
                conn.scalar(select(func.count()).select_from(Table(name, MetaData(), autoload_with=conn)))
                for name in ("promise", "promise_organisation", "promise_category")
            ]
            foreign_keys_on = conn.scalar(text("PRAGMA foreign_keys"))
        db.engine.dispose()
    assert kept == [1, 1, 1]
    assert foreign_keys_on == 1  # the app's connections check references again after the upgrade


def _post(url: str, data: dict) -> int:
    body = urllib.parse.urlencode(data).encode()
    request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310 (loopback only)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_twenty_concurrent_writers_lose_nothing(app, live_server, make_user, make_org, db_read):
    """Each sign-in reads the account and then writes (audit event, last login): the pattern that
    fails with "database is locked" unless write transactions take the lock at BEGIN."""
    org = make_org()
    emails = [make_user(Role.MEMBER, organisation=org).email for _ in range(24)]
    with ThreadPoolExecutor(max_workers=24) as pool:
        statuses = list(
            pool.map(
                lambda email: _post(f"{live_server}/logga-in", {"email": email, "password": PASSWORD}), emails
            )
        )
    assert statuses == [302] * len(emails)
    successes = db_read(
        lambda session: session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "login.success")
        )
    )
    assert successes == len(emails)
    assert all(
        u.last_login_at is not None for u in db_read(lambda session: session.scalars(select(User)).all())
    )


def _wait_until(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the writers made no progress"
        time.sleep(0.01)


@pytest.mark.sqlite_only
def test_online_backup_during_concurrent_writes_restores_every_committed_row(app, runner, tmp_path, db_read):
    engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"], connect_args={"timeout": 30})
    committed: list[int] = []
    lock = threading.Lock()
    stop = threading.Event()

    def writer(n):
        while not stop.is_set():
            with engine.begin() as conn:
                new_id = conn.execute(
                    insert(AuditEvent).values(
                        action="test.write",
                        at=utcnow(),
                        object_type="",
                        client_address="",
                        detail={"writer": n},
                    )
                ).inserted_primary_key[0]
            with lock:
                committed.append(new_id)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]

    def committed_count() -> int:
        with lock:
            return len(committed)

    for thread in threads:
        thread.start()
    # The writers are under way (counted, not timed: on a busy machine 0.3 s held eight commits).
    _wait_until(lambda: committed_count() > 10)
    with lock:
        before_backup = list(committed)
    target = tmp_path / "backup.sqlite3"
    result = runner.invoke(args=["backup", str(target)])
    after_backup = committed_count()
    _wait_until(lambda: committed_count() > after_backup + 10)  # and go on writing after it
    stop.set()
    for thread in threads:
        thread.join()
    engine.dispose()
    assert result.exit_code == 0, result.output
    assert len(before_backup) > 10

    with sqlite3.connect(target) as backup_db:
        assert backup_db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ids = {row[0] for row in backup_db.execute("SELECT id FROM audit_event")}
    backup_db.close()
    assert set(before_backup) <= ids

    # Restore into the live database: rows written after the backup disappear, earlier ones stay.
    with app.app_context():
        db.session.execute(text("DELETE FROM audit_event"))
        db.session.commit()
    result = runner.invoke(args=["restore", "--yes", str(target)])
    assert result.exit_code == 0, result.output
    # The restore adds one event of its own: every session ended (tests/test_auth_restore.py).
    restored = db_read(
        lambda session: set(
            session.scalars(select(AuditEvent.id).where(AuditEvent.action != "sessions.end_all"))
        )
    )
    assert restored == ids


@pytest.mark.sqlite_only
def test_restore_refuses_a_damaged_file(app, runner, tmp_path):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    result = runner.invoke(args=["restore", "--yes", str(bad)])
    assert result.exit_code != 0
    assert "återställs inte" in result.output


@pytest.mark.sqlite_only
def test_backup_will_not_overwrite_a_file(app, runner, tmp_path):
    existing = tmp_path / "exists.sqlite3"
    existing.write_text("x")
    result = runner.invoke(args=["backup", str(existing)])
    assert result.exit_code != 0
    assert existing.read_text() == "x"


@pytest.mark.sqlite_only
def test_every_end_of_a_write_transaction_lets_the_next_writer_in(app):
    """A write transaction holds its process's writer lock (lagesbild/database.py) until it ends, by a
    commit, a rollback, an error or the session's removal at the end of a request; one left held would
    make every later post on that server wait out the busy timeout. The same goes for the lock file
    that queues the writers of every process (gunicorn's other workers, a CLI command)."""
    import fcntl
    import os

    from lagesbild.database import holds_writer_lock, write_lock

    def another_process_may_write() -> bool:
        # flock belongs to an open file description: a second open() stands for another process.
        fd = os.open(f"{engine.url.database}-lock", os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False
        finally:
            os.close(fd)

    with app.app_context():
        engine = db.engine
        for end in ("commit", "rollback", "remove", "error"):
            with write_lock():
                db.session.execute(text("SELECT 1"))
                assert holds_writer_lock(engine), end
                assert not another_process_may_write(), end
                if end == "error":
                    with pytest.raises(ZeroDivisionError), db.session.begin_nested():
                        1 / 0  # noqa: B018
                    db.session.rollback()
                else:
                    getattr(db.session, end)()
            assert not holds_writer_lock(engine), end
            assert another_process_may_write(), end
        db.session.execute(text("SELECT 1"))  # a read takes no writer lock
        assert not holds_writer_lock(engine)
        assert another_process_may_write()
        db.session.rollback()


# Two processes writing one SQLite file, as gunicorn's workers do: the parent makes its first write
# (which opens the writer queue's lock file) and then forks, so the child inherits everything a worker
# inherits from the master. With no busy timeout, SQLite fails a writer at once whenever it finds the
# other process's transaction open: every write must have waited for the queue instead.
_TWO_WRITERS = """
import os, sys
from sqlalchemy import create_engine, text
from lagesbild.database import configure_engine, sqlite_engine_options, write_lock

url, rows = sys.argv[1], int(sys.argv[2])
engine = create_engine(url, **sqlite_engine_options(0))
configure_engine(engine, 0)

def write(writer, n):
    with write_lock(), engine.begin() as connection:
        connection.execute(text("INSERT INTO probe (writer, n) VALUES (:w, :n)"), {"w": writer, "n": n})

with engine.begin() as connection:
    connection.execute(text("CREATE TABLE probe (writer TEXT, n INTEGER)"))
write("parent", -1)
child = os.fork()
if child == 0:
    engine.dispose(close=False)  # as gunicorn's post_fork does: the child opens its own connections
    try:
        for n in range(rows):
            write("child", n)
    finally:
        os._exit(0 if n == rows - 1 else 1)
for n in range(rows):
    write("parent", n)
_, status = os.waitpid(child, 0)
sys.exit(os.waitstatus_to_exitcode(status))
"""


@pytest.mark.sqlite_only
def test_two_processes_writing_at_once_both_finish_with_every_row_kept(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    database = tmp_path / "two.sqlite3"
    rows = 200
    result = subprocess.run(
        [sys.executable, "-c", _TWO_WRITERS, f"sqlite:///{database}", str(rows)],
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    with sqlite3.connect(database) as check:
        kept = check.execute("SELECT writer, count(*), count(DISTINCT n) FROM probe GROUP BY writer")
        kept = kept.fetchall()
    check.close()
    assert sorted(kept) == [("child", rows, rows), ("parent", rows + 1, rows + 1)]


def test_waiting_writers_get_the_lock_in_the_order_they_asked():
    """The writer that has waited longest goes next. With threading.Lock a newcomer, or the thread that
    had just released it, often took it ahead of writers that had waited for a dozen others: the tail
    of the post latencies (benchmarks/bench_writer_queue.py)."""
    from lagesbild.database import _QueueLock

    lock = _QueueLock()
    assert lock.acquire(timeout=5)
    order = []

    def writer(name):
        assert lock.acquire(timeout=60)
        order.append(name)
        lock.release()

    threads = []
    for name in ("first", "second", "third"):
        threads.append(threading.Thread(target=writer, args=(name,)))
        threads[-1].start()
        while len(lock._waiters) < len(threads):  # until this writer waits in the queue
            time.sleep(0.001)
    # The releasing thread asks again at once, as a busy server thread does: it queues behind them.
    lock.release()
    assert lock.acquire(timeout=60)
    order.append("again")
    lock.release()
    for thread in threads:
        thread.join()
    assert order == ["first", "second", "third", "again"]

    # A writer that gives up (the busy timeout) leaves the queue: the lock is not handed to it.
    assert lock.acquire(timeout=5)
    assert not lock.acquire(timeout=0.01)
    lock.release()
    assert not lock.locked()

"""Engine tuning per backend.

SQLite is the embedded default, so it gets what a concurrent web app needs: WAL (readers never wait
for the writer), a busy timeout, foreign keys, and write transactions that take the write lock at
BEGIN. A deferred transaction that reads and later writes can fail at once with "database is locked"
when another writer committed in between; BEGIN IMMEDIATE makes it queue on the busy timeout instead.
The database file is owner-only (0600); SQLite gives its -wal and -shm files the same mode.

Writers queue for that lock without polling, in every process that shares the file: see
configure_engine().
"""

import os
import threading
import weakref
from collections import deque
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from flask import has_request_context, request
from sqlalchemy import event, text
from sqlalchemy.engine import Engine

from lagesbild.storage import FILE_MODE, ensure_private_file, tighten

try:
    import fcntl
except ImportError:  # Windows, where `serve` runs one waitress process: the threads' queue suffices
    fcntl = None

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_HOLDS_WRITER = "lagesbild_holds_writer_lock"
_WRITERS: "weakref.WeakKeyDictionary[Engine, _QueueLock]" = weakref.WeakKeyDictionary()
_force_write_lock: ContextVar[bool] = ContextVar("lagesbild_force_write_lock", default=False)


def wants_write_lock() -> bool:
    """Say whether a new transaction should take SQLite's write lock at BEGIN.

    Unsafe requests (POST …) do; safe requests only read. Code outside a request (CLI commands) and
    the rare write inside a GET opt in with write_lock(). Everything else begins deferred, so a
    long read (a report, a test) never holds the lock that writers queue on.
    """
    if _force_write_lock.get():
        return True
    return has_request_context() and request.method not in SAFE_METHODS


@contextmanager
def write_lock():
    """Make transactions begun inside the block take the write lock (for a write in a GET)."""
    token = _force_write_lock.set(True)
    try:
        yield
    finally:
        _force_write_lock.reset(token)


def configure_engine(engine: Engine, busy_timeout_s: int) -> None:
    """Install the per-connection settings for the engine's backend."""
    if engine.dialect.name != "sqlite":
        return
    _make_private(engine.url.database)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite would otherwise defer it).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_s * 1000)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        # Deleted and overwritten content is zeroed, not left in free pages: a correction that removes a
        # name from an observation must leave no copy in the file (not every SQLite build defaults to it).
        cursor.execute("PRAGMA secure_delete = ON")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    # Writers queue for the file instead of polling for it. A writer that finds SQLite's lock taken
    # waits in SQLite's busy handler, which sleeps up to 100 ms between tries, so it can lose race after
    # race to writers that arrive later: 50 writers on 2 gunicorn workers saw p99 10 s. So a write
    # transaction first takes this process's writer lock (threads of one process, first come first
    # served), then an exclusive flock on a lock file beside the database (processes: the kernel wakes
    # the next waiter the moment the holder lets go), and only then BEGIN IMMEDIATE, which then finds
    # SQLite's lock free. Both are released after the COMMIT or ROLLBACK (or, failing that, when the
    # connection returns to the pool). They never replace SQLite's own lock, which still serialises
    # every writer, including those that do not take them (the sqlite3 shell, a backup restore).
    writer = _WRITERS[engine] = _QueueLock()
    file_lock = _FileLock(engine.url.database)

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        if not wants_write_lock():
            connection.exec_driver_sql("BEGIN")
            return
        try:
            # Past the busy timeout a thread goes on without the queue: SQLite's busy handler then
            # decides, and fails the transaction if the holder is still busy (as before the queue).
            if writer.acquire(timeout=busy_timeout_s):
                connection.info[_HOLDS_WRITER] = True
                file_lock.acquire()
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            _release(connection.info)
            raise

    def _release(info) -> None:
        if info.pop(_HOLDS_WRITER, False):
            try:
                file_lock.release()
            finally:
                writer.release()

    # SQLAlchemy announces a commit or rollback before it sends it to the database. Releasing the locks
    # then would let the next writer's BEGIN IMMEDIATE meet the transaction still open and fall into
    # SQLite's busy handler after all; so the transaction is ended here, on the driver's connection,
    # and SQLAlchemy's own COMMIT/ROLLBACK that follows finds none open and does nothing.
    @event.listens_for(engine, "commit")
    def _on_commit(connection):
        if not connection.info.get(_HOLDS_WRITER):
            return
        try:
            connection.connection.dbapi_connection.commit()
        except Exception:  # noqa: BLE001
            # Left to SQLAlchemy's own commit, which raises it as its error; the rollback that follows
            # (or the connection's return to the pool) releases the locks.
            return
        _release(connection.info)

    @event.listens_for(engine, "rollback")
    def _on_rollback(connection):
        if not connection.info.get(_HOLDS_WRITER):
            return
        try:
            connection.connection.dbapi_connection.rollback()
        except Exception:  # noqa: BLE001, S110
            pass  # an invalidated connection: SQLite has dropped its transaction with it
        finally:
            _release(connection.info)

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection, record):
        _release(record.info)


class _QueueLock:
    """A lock that lets its waiters in first come, first served.

    threading.Lock lets in whichever thread asks while it is free: the thread that just released it,
    or one that just arrived, often takes it ahead of threads that have waited for a dozen writers,
    which makes the tail of the latencies (benchmarks/bench_writer_queue.py: max 0.7-1.4 s against
    0.2-0.8 s with this lock). release() hands the lock straight to the longest waiter instead.
    """

    def __init__(self):
        self._mutex = threading.Lock()
        self._waiters: deque[threading.Lock] = deque()
        self._held = False

    def acquire(self, timeout: float) -> bool:
        with self._mutex:
            if not self._held:
                self._held = True
                return True
            turn = threading.Lock()
            turn.acquire()
            self._waiters.append(turn)
        try:
            handed = turn.acquire(timeout=timeout)
        except BaseException:
            if not self._withdraw(turn):
                self.release()  # handed over while this thread was interrupted: pass it on
            raise
        return handed or not self._withdraw(turn)  # not withdrawn: handed over after the timeout

    def _withdraw(self, turn: threading.Lock) -> bool:
        """Leave the queue; False if release() has already handed the lock to this waiter."""
        with self._mutex:
            if turn in self._waiters:
                self._waiters.remove(turn)
                return True
            return False

    def release(self) -> None:
        with self._mutex:
            if self._waiters:
                self._waiters.popleft().release()  # still held: now by the longest waiter
            else:
                self._held = False

    def locked(self) -> bool:
        return self._held


class _FileLock:
    """An exclusive flock on `<database>-lock`, the queue of writers across processes.

    flock belongs to an open file description, which a forked child shares with its parent: a gunicorn
    worker that used the master's descriptor would find the lock "held" whenever any sibling held it.
    So each process opens the file itself, on its first write, and closes the copy it inherited (which
    would otherwise keep a lock alive after the process that took it died). The file stays empty; it
    is created owner-only like the database beside it. An in-memory database is one process's own: no
    file lock. Only the thread that holds the engine's writer lock calls acquire() and release().
    """

    def __init__(self, database: str | None):
        self.path = None
        if fcntl is not None and database not in (None, "", ":memory:") and not database.startswith("file:"):
            self.path = Path(f"{database}-lock")
        self._fd: int | None = None
        self._pid: int | None = None
        self._held = False

    def acquire(self) -> None:
        if self.path is None:
            return
        if self._pid != os.getpid():
            if self._fd is not None:
                os.close(self._fd)  # the parent's: closing this copy leaves the parent's lock alone
            self._fd, self._pid, self._held = self._open(), os.getpid(), False
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_EX)
            self._held = True

    def release(self) -> None:
        if self._held:
            self._held = False
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def _open(self) -> int | None:
        try:
            ensure_private_file(self.path)
            return os.open(self.path, os.O_RDWR | os.O_CLOEXEC)
        except OSError:
            return None  # e.g. a read-only folder: SQLite's own lock still keeps writers apart


def holds_writer_lock(engine: Engine) -> bool:
    """Whether a thread of this process holds the engine's writer lock (a write transaction is open)."""
    writer = _WRITERS.get(engine)
    return writer is not None and writer.locked()


def _make_private(database: str | None) -> None:
    """Create the SQLite file 0600 before SQLite does (SQLite would make it 0644); tighten old files."""
    if database in (None, "", ":memory:") or database.startswith("file:"):
        return
    path = Path(database)
    if not path.parent.is_dir():
        return  # SQLite reports the missing folder when it first connects
    ensure_private_file(path)
    for companion in ("-wal", "-shm", "-journal"):
        tighten(path.with_name(path.name + companion), FILE_MODE)


def sqlite_engine_options(busy_timeout_s: int) -> dict:
    """Return engine options for SQLite: the driver timeout and cross-thread use by the pool."""
    return {"connect_args": {"timeout": busy_timeout_s, "check_same_thread": False}}


def refresh_statistics(session, table: str = "observation") -> None:
    """ANALYZE one table after a bulk write, so the planner's row estimates include what was imported.

    PostgreSQL's autovacuum would analyze it too, but only after its threshold and its nap; an import
    of thousands of rows into a small table would meanwhile be planned as if the table were empty.
    SQLite has statistics only when ANALYZE ran: its analysis_limit samples each index instead of
    reading it all, so this stays quick at 5M rows. The table name is one of ours, never user input.
    """
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA analysis_limit = 1000"))
    session.execute(text(f"ANALYZE {table}"))

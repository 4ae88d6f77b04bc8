"""A process-local cache of built reports that can never be stale (docs/performance.md "Problembild").

Building the year's problembild reads every observation of the year (three grouped scans, ≈ 4 s at a
5M database's 1.3M observations a year), so the screen, the analysis and the plan keep what they built
and serve it again while nothing it was built from has changed. Smaller values read on many requests
are kept the same way (the week page's figures, the post form's reference rows).

How it can never be stale: every transaction that writes one of REPORT_TABLES (INSERT, UPDATE or
DELETE through the app's engine: the ORM's flushes, bulk and text statements, the seeders) also
adds a row with a random value to `report_data_version`, in the same transaction, just before it
commits. An entry is keyed by that table's count and sum as the request reads them (with the
database, today's date and the caller's arguments), so a committed write — in this process, another
gunicorn worker or another server on the same PostgreSQL database — changes the key every later
request looks up, and the entry built before it is never found again. The key is read before the
report's own queries: a write committed in between can only put newer figures under the older key,
never older figures under the newer one. Random values rather than a counter, so that emptying or
restoring the database cannot bring back a key an entry was built under; while the table is empty
(a database no write has touched since it was created), nothing is cached.

What it costs: a hit is one read of a few hundred rows at most; a miss builds as before; every
writing transaction adds one row just before its commit (rows are only added, so writers never wait
for each other here; one in PRUNE_ONE_IN also deletes the old ones). Writes past SQLAlchemy (a
restore, the sqlite3 shell) are not seen: restart the server after one.
"""

import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar
from weakref import WeakSet

from sqlalchemy import delete, event, func, insert, inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import UpdateBase
from sqlalchemy.sql.elements import TextClause

from lagesbild.models import ReportDataVersion
from lagesbild.periods import today_local

# Every table the cached builds read (build_report in both variants, the plan's and the analysis's
# tables); tests/test_report_cache.py runs them and fails naming any table read but missing here.
REPORT_TABLES = frozenset(
    {
        "action",
        "area",
        "category",
        "observation",
        "observation_week_count",  # the analysis and the plan read it; `rollup rebuild` writes it alone
        "observation_month_count",  # the problembild's counts (lagesbild/rollup/), likewise
        "observation_day_count",
        "observation_activity_month",  # the promise counts
        "organisation",
        "place",
        "promise",
        "promise_area",
        "promise_category",
        "promise_goal",
        "promise_organisation",
        "survey_value",
        "walk",
    }
)

SIZE = 8  # entries per process: a year's report at 5M is a few MB of small frames
_WRITTEN = "lagesbild_report_table_written"  # on the connection: this transaction wrote a report table
_LOCK = threading.Lock()
_ENTRIES: OrderedDict = OrderedDict()
_STORES: list[OrderedDict] = [_ENTRIES]  # every store forget() empties (new_store adds one)
_VERSIONED: WeakSet = WeakSet()  # engines whose database has report_data_version

T = TypeVar("T")


# Rows kept when a writer prunes the table (one writing transaction in PRUNE_ONE_IN does).
KEEP, PRUNE_ONE_IN = 512, 256


def data_version(session: Session) -> tuple[int, int] | None:
    """The version rows' count and sum: changed by every committed write to a report table."""
    count, total = session.execute(
        select(func.count(ReportDataVersion.id), func.sum(ReportDataVersion.value))
    ).one()
    return (int(count), int(total)) if count else None


def new_store() -> OrderedDict:
    """Entries of their own for cached(entries=…): small, often rebuilt values (the week page's figures)
    then never push a year's report out of the SIZE entries it shares with the other reports."""
    store: OrderedDict = OrderedDict()
    _STORES.append(store)
    return store


def cached(
    session: Session,
    key: tuple[Hashable, ...],
    build: Callable[[], T],
    *,
    entries: OrderedDict | None = None,
    size: int = SIZE,
) -> T:
    """build(), or what it returned for the same key while no report table has been written since."""
    entries = _ENTRIES if entries is None else entries
    version = data_version(session)
    if version is None:
        return build()
    database = session.get_bind().url.render_as_string(hide_password=True)
    full = (database, today_local(), version, *key)
    with _LOCK:
        # Entries of an older version can never be found again: dropped at once, so text that a
        # correction removed (action titles in the report) does not stay in memory until evicted.
        for old in [k for k in entries if k[0] == database and k[2] != version]:
            del entries[old]
        if full in entries:
            entries.move_to_end(full)
            return entries[full]
    value = build()  # outside the lock: two workers' threads may both build on a miss, both correct
    with _LOCK:
        entries[full] = value
        while len(entries) > size:
            entries.popitem(last=False)
    return value


def written_in_transaction(session: Session) -> bool:
    """Whether the session's open transaction holds a write to a report table that is not committed
    (objects not yet flushed count: they are flushed by the next read). The version moves only at the
    commit, so such a transaction must not be served what was cached before its write."""
    if session.new or session.dirty or session.deleted:
        return True
    return bool(session.connection().info.get(_WRITTEN))


def forget() -> None:
    with _LOCK:
        for store in _STORES:
            store.clear()


def _write_version(connection) -> None:
    """Add a row (no row is updated, so concurrent writers never wait for one another here); now and
    then drop the old ones, so the request's count and sum read a few hundred rows at most."""
    table = ReportDataVersion.__table__
    connection.execute(insert(table).values(value=secrets.randbits(40)))
    if secrets.randbelow(PRUNE_ONE_IN) == 0:
        newest = select(func.max(table.c.id)).scalar_subquery()
        connection.execute(delete(table).where(table.c.id < newest - KEEP))


# A write written as text (text("UPDATE observation …")): the table it names.
_TEXT_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.IGNORECASE)


def _written_table(clauseelement) -> str | None:
    if isinstance(clauseelement, UpdateBase):
        return getattr(getattr(clauseelement, "table", None), "name", None)
    if isinstance(clauseelement, TextClause):
        match = _TEXT_WRITE.match(clauseelement.text)
        return match.group(1).lower() if match else None
    return None


def _before_execute(connection, clauseelement, multiparams, params, execution_options):
    if _written_table(clauseelement) in REPORT_TABLES:
        connection.info[_WRITTEN] = True


def _before_commit(connection) -> None:
    # Last in the transaction, just before its COMMIT, so the row is written once however many report
    # writes the transaction made. A savepoint rolled back keeps the mark: a new version without a
    # change costs one miss, no more.
    if connection.info.pop(_WRITTEN, False) and _has_version_table(connection):
        _write_version(connection)


def _has_version_table(connection) -> bool:
    # Migrations before 0014 write report tables before the version table exists; 0014 then writes
    # a fresh value itself. Asked until the table is there, then remembered for the engine.
    if connection.engine in _VERSIONED:
        return True
    if inspect(connection).has_table(ReportDataVersion.__tablename__):
        _VERSIONED.add(connection.engine)
        return True
    return False


def _transaction_ends(connection, *args) -> None:
    connection.info.pop(_WRITTEN, None)  # a new transaction, or one rolled back: nothing written yet


def listen(app) -> None:
    """Write a new version with every write to a report table through the app's engine.

    On the app's engine only (not every Engine in the process): the benchmarks copy whole databases
    with engines of their own, version row included.
    """
    from lagesbild.extensions import db

    with app.app_context():
        engine = db.engine
    if event.contains(engine, "before_execute", _before_execute):
        return
    event.listen(engine, "before_execute", _before_execute)
    # First among the commit listeners: database.py's SQLite one commits the driver's connection itself.
    event.listen(engine, "commit", _before_commit, insert=True)
    for name in ("begin", "rollback"):
        event.listen(engine, name, _transaction_ends)

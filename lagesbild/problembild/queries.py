"""SQL reads for the problembild: GROUP BY aggregates and small reference tables as DataFrames.

Every observation query groups in the database, so what comes back grows with days × categories
(or places, organisations), never with the number of observations. Dates are grouped by the stored
`occurred_on` (the local Europe/Stockholm day) and bucketed into months, ISO weeks and weekdays in
pandas: no database-specific date functions, so SQLite and PostgreSQL give the same figures.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

import pandas as pd
from sqlalchemy import Integer, and_, func, literal, literal_column, select
from sqlalchemy.engine import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

from lagesbild.database import write_lock
from lagesbild.meeting_day import meeting_weekday
from lagesbild.models import (
    Action,
    ActionStatus,
    Area,
    Category,
    DayCount,
    MonthCount,
    Observation,
    ObservationStatus,
    Organisation,
    Place,
    WeekCount,
)
from lagesbild.observations.visibility import public_clause
from lagesbild.periods import local_midnight_utc
from lagesbild.rollup.table import NO_PLACE, next_month, period_end_of


def observation_filter(start: date, end: date, public: bool) -> ColumnElement[bool]:
    """Active observations that occurred in [start, end]; the public variant leaves out begränsad."""
    clause = and_(
        Observation.occurred_on >= start,
        Observation.occurred_on <= end,
        Observation.status == ObservationStatus.ACTIVE,
    )
    if public:
        clause = and_(clause, public_clause())
    return clause


def _frame(session: Session, statement, columns: list[str]) -> pd.DataFrame:
    # Core rows straight into columns: no ORM entities, no per-row attribute probing.
    rows = session.connection().execute(statement).all()
    data = list(zip(*rows, strict=True)) if rows else [[] for _ in columns]
    return pd.DataFrame(dict(zip(columns, data, strict=True)), columns=columns)


def _grouped(session: Session | Connection, where, *keys) -> pd.DataFrame:
    """GROUP BY keys, COUNT(*), as a DataFrame of the driver's raw values (on the session's
    connection, or on one of snapshot_connections').

    The keys are ids, dates and enum values, so the rows skip SQLAlchemy's per-row result processing
    (a third of the report's time at 100k): dates arrive as ISO strings (SQLite) or dates
    (PostgreSQL), which pandas reads alike, and enums as their stored values.
    """
    columns = [key.key for key in keys] + ["n"]
    connection = session if isinstance(session, Connection) else session.connection()
    result = connection.execute(select(*keys, func.count()).where(where).group_by(*keys))
    try:
        rows = result.cursor.fetchall()
    finally:
        result.close()
    data = list(zip(*rows, strict=True)) if rows else [[] for _ in columns]
    frame = pd.DataFrame(dict(zip(columns, data, strict=True)), columns=columns)
    frame["n"] = frame["n"].astype("int64")
    return frame


def month_starts(start: date, end: date) -> list[date]:
    """The first day of each calendar month that overlaps [start, end]."""
    months, day = [], date(start.year, start.month, 1)
    while day <= end:
        months.append(day)
        day = next_month(day)
    return months


def month_bucket(start: date, end: date):
    """SQL: the index (0, 1, …) of the calendar month an observation occurred in.

    The database groups by month, so the result has months × areas × categories rows at most. The
    index is year × 12 + month less the first month's: two integer reads of the stored day, where a
    CASE over the month starts compared each row's date up to 11 times (≈ 0.3 s of SQLite's time per
    scan at 5M, "The export at 5M" in docs/performance.md). The rows are the period's, so it stays
    within 0 … len(month_starts) - 1, exactly the CASE's values.
    """
    starts = month_starts(start, end)
    if len(starts) == 1:
        return literal(0).label("month")
    return (_MonthNumber(Observation.occurred_on) - (start.year * 12 + start.month)).label("month")


class _MonthNumber(FunctionElement):
    """year × 12 + month of a date column, as an integer: each backend's cheapest spelling."""

    type = Integer()
    name = "month_number"
    inherit_cache = True


@compiles(_MonthNumber, "sqlite")
def _month_number_sqlite(element, compiler, **kw) -> str:
    # SQLite stores a Date as ISO text, 'YYYY-MM-DD'.
    day = compiler.process(element.clauses, **kw)
    return f"(CAST(substr({day}, 1, 4) AS INTEGER) * 12 + CAST(substr({day}, 6, 2) AS INTEGER))"


@compiles(_MonthNumber, "postgresql")
def _month_number_postgresql(element, compiler, **kw) -> str:
    day = compiler.process(element.clauses, **kw)
    return f"(CAST(EXTRACT(YEAR FROM {day}) AS INTEGER) * 12 + CAST(EXTRACT(MONTH FROM {day}) AS INTEGER))"


def period_counts(
    session: Session | Connection, where, start: date, end: date, with_places: bool
) -> pd.DataFrame:
    """Counts by month × area (× place) × category: one pass over the period's index entries."""
    keys = [month_bucket(start, end), Observation.area_id, Observation.category_id]
    if with_places:
        keys.append(Observation.place_id)
    frame = _grouped(session, where, *keys)
    if not with_places:
        frame["place_id"] = None
    return frame


def day_counts(session: Session | Connection, where, with_organisations: bool) -> pd.DataFrame:
    """Counts by day × time band (× reporting organisation) from the raw rows.

    The report reads the day roll-up instead (rolled_day_counts, migration 0017), which holds every
    day whole; this is the raw reading that path is tested against (tests/test_rollup_reads.py)."""
    keys = [Observation.occurred_on, Observation.time_band]
    if with_organisations:
        keys.append(Observation.organisation_id)
    frame = _grouped(session, where, *keys)
    frame["occurred_on"] = pd.to_datetime(frame["occurred_on"])
    frame["time_band"] = frame["time_band"].fillna("").astype(str)
    if not with_organisations:
        frame["organisation_id"] = None
    return frame


def _connection(session: Session | Connection) -> Connection:
    return session if isinstance(session, Connection) else session.connection()


def _fetch(session: Session | Connection, statement, columns: list[str]) -> pd.DataFrame:
    """Rows as a DataFrame of the driver's raw values (as _grouped: no per-row result processing)."""
    result = _connection(session).execute(statement)
    try:
        rows = result.cursor.fetchall()
    finally:
        result.close()
    data = list(zip(*rows, strict=True)) if rows else [[] for _ in columns]
    return pd.DataFrame(dict(zip(columns, data, strict=True)), columns=columns)


def _month_end(month: date) -> date:
    return next_month(month) - timedelta(days=1)


def _days(values: pd.Series) -> pd.Series:
    """Dates as the driver gives them (ISO text on SQLite, dates on PostgreSQL) as Timestamps, each
    distinct day parsed once: a year's day cells at 5M are ≈ 60 000 rows but 365 days."""
    codes, uniques = pd.factorize(values)
    return pd.Series(pd.to_datetime(pd.Index(uniques)).take(codes), index=values.index)


def whole_months(start: date, end: date) -> tuple[date, date] | None:
    """The first days of the first and the last calendar month that lie wholly inside [start, end];
    None when none does."""
    first = date(start.year, start.month, 1)
    if first < start:
        first = next_month(first)
    last = date(end.year, end.month, 1)
    if _month_end(last) > end:
        last = date(last.year - (last.month == 1), (last.month - 2) % 12 + 1, 1)
    return (first, last) if first <= last else None


def rolled_period_counts(
    session: Session | Connection, start: date, end: date, public: bool, with_places: bool
) -> pd.DataFrame:
    """period_counts(session, observation_filter(start, end, public), start, end, with_places), read
    from the month roll-up (models/rollup.py MonthCount) for the whole months of [start, end] and from
    the raw rows for the days of a month the period starts or ends inside.

    So a year costs its months × areas × places × categories cells, not its observations: after a write
    (the report cache emptied) the problembild's year at 5M no longer reads ≈ 1.3M index entries twice.
    """
    columns = ["month", "area_id", "category_id", "place_id", "n"]
    frames, raw_days = [], [(start, end)]
    months = whole_months(start, end)
    if months is not None:
        first, last = months
        count = MonthCount.n_public if public else MonthCount.n
        keys = [MonthCount.month, MonthCount.area_id, MonthCount.category_id]
        if with_places:  # the key itself: one row per cell, nothing to group
            statement = select(*keys, MonthCount.place_id, count)
        else:  # summed over the places in the table's order (no sort): a fraction of the rows
            statement = select(*keys, literal_column(str(NO_PLACE)), func.sum(count)).group_by(*keys)
        statement = statement.where(MonthCount.month >= first, MonthCount.month <= last, count != 0)
        rolled = _fetch(session, statement, columns)
        stamps = _days(rolled["month"])
        rolled["month"] = stamps.dt.year * 12 + stamps.dt.month - (start.year * 12 + start.month)
        frames.append(rolled)
        raw_days = [(start, first - timedelta(days=1)), (_month_end(last) + timedelta(days=1), end)]
    for low, high in raw_days:
        if low <= high:
            where = observation_filter(low, high, public)
            raw = period_counts(session, where, start, end, with_places=with_places)
            frames.append(raw.assign(place_id=raw["place_id"].fillna(NO_PLACE)))
    both = pd.concat([frame.astype("int64") for frame in frames], ignore_index=True)
    keys = ["month", "area_id", "category_id"] + (["place_id"] if with_places else [])
    frame = both.groupby(keys, as_index=False, sort=False)["n"].sum()
    if with_places:
        # As the raw rows give them: no place is None (NaN once a column holds numbers too).
        frame["place_id"] = [None if place == NO_PLACE else place for place in frame["place_id"].tolist()]
    else:
        frame["place_id"] = None
    return frame  # the raw frame's columns, in its order


def rolled_day_counts(
    session: Session | Connection, start: date, end: date, public: bool, with_organisations: bool
) -> pd.DataFrame:
    """day_counts(session, observation_filter(start, end, public), with_organisations), read from the
    day roll-up (models/rollup.py DayCount): one row per day × time band × organisation there is."""
    count = DayCount.n_public if public else DayCount.n
    keys = [DayCount.occurred_on, DayCount.time_band]
    if with_organisations:  # the key itself: one row per cell, nothing to group
        statement = select(*keys, DayCount.organisation_id, count)
        columns = ["occurred_on", "time_band", "organisation_id", "n"]
    else:
        statement = select(*keys, func.sum(count)).group_by(*keys)
        columns = ["occurred_on", "time_band", "n"]
    statement = statement.where(DayCount.occurred_on >= start, DayCount.occurred_on <= end, count != 0)
    frame = _fetch(session, statement, columns)
    frame["n"] = frame["n"].astype("int64")
    frame["occurred_on"] = _days(frame["occurred_on"])
    frame["time_band"] = frame["time_band"].astype(str)
    if not with_organisations:
        frame["organisation_id"] = None
    return frame


def whole_periods(start: date, end: date, weekday: int) -> tuple[date, date] | None:
    """The first and last `period_end` of the roll-up periods (7 days, ending the day before the
    meeting `weekday`) that lie wholly inside [start, end]; None when none does."""
    first = period_end_of(start, weekday)
    if first - timedelta(days=6) < start:
        first += timedelta(days=7)
    last = period_end_of(end, weekday)
    if last != end:
        last -= timedelta(days=7)
    return (first, last) if first <= last else None


def area_category_counts(session: Session, start: date, end: date) -> pd.DataFrame:
    """Active observations of [start, end] (every sharing level) by area × category: area_id,
    category_id, n — the internal report's area_id × category_id sums, read from the week roll-up.

    The roll-up's meeting periods rarely start on `start` or end on `end` (a calendar year's edges
    fall inside a period), so it answers the whole periods inside, and the raw rows the days at
    either edge (at most 6 + 6). So the cost grows with the weeks × areas × categories, not with the
    observations: at 5M a year is ≈ 1.3M rows but ≈ 52 × cells.
    """
    columns = ["area_id", "category_id", "n"]
    periods = whole_periods(start, end, meeting_weekday(session))
    raw_days = [(start, end)]
    frames = []
    if periods is not None:
        first, last = periods
        keys = (WeekCount.area_id, WeekCount.category_id)
        rolled = (
            select(*keys, func.sum(WeekCount.n))
            .where(WeekCount.period_end >= first, WeekCount.period_end <= last)
            .group_by(*keys)
        )
        frames.append(_frame(session, rolled, columns))
        # One range each: an OR of the two inside the year's range would walk the whole year's index.
        raw_days = [(start, first - timedelta(days=7)), (last + timedelta(days=1), end)]
    for low, high in raw_days:
        if low <= high:
            where = observation_filter(low, high, public=False)
            frames.append(_grouped(session, where, Observation.area_id, Observation.category_id))
    both = pd.concat([frame.astype("int64") for frame in frames], ignore_index=True)
    counts = both.groupby(["area_id", "category_id"], as_index=False)["n"].sum()
    return counts[counts["n"] != 0].reset_index(drop=True)


def areas(session: Session) -> pd.DataFrame:
    statement = select(
        Area.id,
        Area.name,
        Area.centre_lat,
        Area.centre_lon,
        Area.geojson,
        Area.sort_order,
        Area.boundary_is_approximate,
    )
    columns = ["area_id", "area", "lat", "lon", "geojson", "sort_order", "boundary_is_approximate"]
    return _frame(session, statement, columns)


def categories(session: Session) -> pd.DataFrame:
    statement = select(
        Category.id,
        Category.code,
        Category.name,
        Category.parent_id,
        Category.is_activity,
        Category.sort_order,
    )
    return _frame(
        session, statement, ["category_id", "code", "name", "parent_id", "is_activity", "sort_order"]
    )


def places(session: Session) -> pd.DataFrame:
    statement = select(Place.id, Place.name, Place.area_id, Place.lat, Place.lon)
    return _frame(session, statement, ["place_id", "place", "place_area_id", "lat", "lon"])


def organisations(session: Session) -> pd.DataFrame:
    statement = select(Organisation.id, Organisation.name, Organisation.is_active)
    return _frame(session, statement, ["organisation_id", "organisation", "is_active"])


def _action_window(start: date, end: date) -> ColumnElement[bool]:
    """Actions recorded in the period (created_at between local midnights, stored in UTC)."""
    return and_(
        Action.created_at >= local_midnight_utc(start),
        Action.created_at < local_midnight_utc(end + timedelta(days=1)),
    )


def action_counts(session: Session, start: date, end: date) -> pd.DataFrame:
    """Actions recorded in the period, by status and area (area_id may be None)."""
    keys = (Action.status, Action.area_id)
    statement = select(*keys, func.count()).where(_action_window(start, end)).group_by(*keys)
    frame = _frame(session, statement, ["status", "area_id", "n"])
    frame["status"] = [status.value for status in frame["status"]]
    frame["n"] = frame["n"].astype("int64")
    return frame


def action_examples(session: Session, start: date, end: date, per_status: int = 5) -> pd.DataFrame:
    """The most recent actions of each status in the period, with owner organisation and area."""
    frames = []
    for status in ActionStatus:
        statement = (
            select(
                Action.status, Action.title, Action.description, Organisation.name, Area.name, Action.due_on
            )
            .join(Organisation, Organisation.id == Action.owner_organisation_id)
            .outerjoin(Area, Area.id == Action.area_id)
            .where(_action_window(start, end), Action.status == status)
            .order_by(Action.created_at.desc(), Action.id.desc())
            .limit(per_status)
        )
        frames.append(
            _frame(session, statement, ["status", "title", "description", "organisation", "area", "due_on"])
        )
    frame = pd.concat(frames, ignore_index=True)
    frame["status"] = [getattr(status, "value", status) for status in frame["status"]]
    return frame


def generated_now() -> datetime:
    return datetime.now(UTC)


_SNAPSHOT_ID = re.compile(r"[0-9A-Fa-f-]+")
_START_READ = "SELECT 1 FROM sqlite_master LIMIT 1"  # any read fixes a WAL reader's snapshot


@contextmanager
def snapshot_connections(session: Session, count: int) -> Iterator[list[Connection] | None]:
    """`count` connections of their own that read what `session` reads, or None where that cannot be
    arranged (the caller then runs its queries on the session, one after another).

    So the report's grouped scans can run at the same time (sqlite3 and psycopg release the GIL while
    a statement runs: two cores work) and still agree with each other: a post committed meanwhile is
    in all of them or in none.

    - PostgreSQL: the session's transaction exports its snapshot (`pg_export_snapshot()`) and each
      connection imports it as the first statement of a REPEATABLE READ transaction. The session stays
      in its transaction until the block ends, as the import requires.
    - SQLite (WAL): a reader's snapshot is fixed by its first read. A gate connection holds the write
      lock (BEGIN IMMEDIATE, through the writers' queue) while the session and each connection make
      their first read, so no write can commit between them; the gate lets go at once (writers wait
      milliseconds, not for the scans). This needs the session's snapshot still unfixed: a session
      already in a transaction (or an in-memory database) gets None.
    """
    engine = session.get_bind()
    dialect = engine.dialect.name
    plain = session() if callable(session) else session  # Flask-SQLAlchemy's scoped session
    if dialect == "sqlite" and (plain.in_transaction() or engine.url.database in (None, "", ":memory:")):
        yield None
        return
    if dialect not in ("sqlite", "postgresql"):
        yield None
        return
    connections: list[Connection] = []
    try:
        if dialect == "postgresql":
            snapshot = session.connection().exec_driver_sql("SELECT pg_export_snapshot()").scalar_one()
            if not _SNAPSHOT_ID.fullmatch(snapshot):  # SET TRANSACTION SNAPSHOT takes no parameter
                raise ValueError(f"unexpected snapshot id {snapshot!r}")
            for _ in range(count):
                connections.append(engine.connect().execution_options(isolation_level="REPEATABLE READ"))
                connections[-1].exec_driver_sql(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
        else:
            with engine.connect() as gate:
                with write_lock():
                    gate.begin()
                session.connection().exec_driver_sql(_START_READ).all()
                for _ in range(count):
                    connections.append(engine.connect())
                    connections[-1].exec_driver_sql(_START_READ).all()
                gate.rollback()
        yield connections
    finally:
        for connection in connections:
            connection.close()

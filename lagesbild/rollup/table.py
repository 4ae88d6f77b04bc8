"""The roll-up table's SQL (models/rollup.py WeekCount): the cells of raw rows, upserts, a rebuild.

Nothing here asks which weekday the group meets on: the callers pass it (operations.py reads the stored
one; changing it, meeting_day.set_meeting_day rebuilds with the new one).
"""

from collections import Counter
from datetime import date, timedelta

from sqlalchemy import Date, Integer, cast, delete, func, insert, literal_column, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from lagesbild.models import Observation, ObservationStatus, WeekCount

# (last day of the meeting period, area id, category id): WeekCount's key.
Cell = tuple[date, int, int]
KEY = ("period_end", "area_id", "category_id")
BATCH = 500  # rows per upsert statement


def period_end_of(day: date, weekday: int) -> date:
    """The last day of the meeting period holding `day` (periods.period_containing(day, weekday).end):
    the day before the next meeting weekday strictly after `day`."""
    return day + timedelta(days=(weekday - day.isoweekday() + 6) % 7)


def _period_end_sql(session: Session, weekday: int) -> ColumnElement[date]:
    """period_end_of(occurred_on, weekday) in SQL (%w / dow: 0 = Sunday, so weekday + 6 - w ≥ 0)."""
    weekday_sql = literal_column(str(int(weekday)))  # a literal: PostgreSQL matches GROUP BY by text
    if session.get_bind().dialect.name == "sqlite":
        w = cast(func.strftime("%w", Observation.occurred_on), Integer)
        offset = (weekday_sql + 6 - w) % 7
        return func.date(Observation.occurred_on, func.printf("+%d days", offset), type_=Date)
    w = cast(func.extract("dow", Observation.occurred_on), Integer)
    return Observation.occurred_on + cast((weekday_sql + 6 - w) % 7, Integer)


def raw_cells(session: Session, weekday: int, where: ColumnElement[bool] | None = None):
    """The active raw rows (those `where` selects) grouped into roll-up cells: (*cell, count)."""
    columns = (
        _period_end_sql(session, weekday).label("period_end"),
        Observation.area_id,
        Observation.category_id,
    )
    stmt = (
        select(*columns, func.count())
        .where(Observation.status == ObservationStatus.ACTIVE)
        .group_by(*columns)
    )
    return stmt if where is None else stmt.where(where)


def add(session: Session, deltas: Counter) -> None:
    """Add each cell's delta to the roll-up in sorted order (upserts; zero deltas are skipped)."""
    rows = [dict(zip(KEY, cell, strict=True), n=n) for cell, n in sorted(deltas.items()) if n]
    if not rows:
        return
    connection = session.connection()
    table = WeekCount.__table__
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(table)
    stmt = stmt.on_conflict_do_update(index_elements=list(KEY), set_={"n": table.c.n + stmt.excluded.n})
    for start in range(0, len(rows), BATCH):
        connection.execute(stmt, rows[start : start + BATCH])


def rebuild(session: Session, weekday: int) -> int:
    """Replace the whole roll-up by the counts of the raw rows, in periods ending the day before
    `weekday`; return how many cells it holds."""
    if session.get_bind().dialect.name == "postgresql":
        # Writers wait until the rebuild commits, so none commits a count the rebuild did not read.
        session.execute(text("LOCK TABLE observation IN SHARE MODE"))
    session.execute(delete(WeekCount))
    session.execute(insert(WeekCount).from_select([*KEY, "n"], raw_cells(session, weekday)))
    return session.scalar(select(func.count()).select_from(WeekCount)) or 0

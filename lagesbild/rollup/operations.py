"""Writes to the roll-up (models/rollup.py WeekCount), always in the transaction that changes the raw rows.

Three ways in:
- every ORM write of an Observation (post, edit, correct, withdraw, import, a test's factory) is counted
  by one `after_flush` listener, so no write path through the ORM can forget it;
- the bulk statements that bypass the ORM's unit of work call added() / move() / remove() themselves
  (the demo seeders' inserts, category and place merges, gallring);
- changing the meeting weekday moves every period boundary, so set_meeting_day() calls rebuild().

Every change is an upsert `n = n + delta` (INSERT … ON CONFLICT DO UPDATE, the same syntax on SQLite and
PostgreSQL), so concurrent writers add to a cell without reading it first and never lose a count. Cells
are written in sorted order, so two transactions lock shared cells in the same order (no deadlock).
Cells that fall to zero stay (a later post reuses them); rebuild() drops them.
"""

from collections import Counter
from datetime import date, timedelta

from sqlalchemy import Date, Integer, cast, delete, event, func, insert, literal_column, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, attributes
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


def current_weekday(session: Session) -> int:
    """The meeting weekday whose periods the roll-up counts in: the one the week page uses."""
    from lagesbild.meeting_day import meeting_weekday  # imports the extensions; not at module load

    return meeting_weekday(session)


def added(session: Session, rows: list[dict]) -> None:
    """After a bulk INSERT of observation `rows` (dicts with status, occurred_on, area_id,
    category_id, as the demo seeders pass them to insert(Observation)): count the active ones."""
    weekday = current_weekday(session)
    add(
        session,
        Counter(
            (period_end_of(row["occurred_on"], weekday), row["area_id"], row["category_id"])
            for row in rows
            if ObservationStatus(row["status"]) is ObservationStatus.ACTIVE
        ),
    )


def move(session: Session, where: ColumnElement[bool], **new) -> None:
    """Before a bulk UPDATE of the rows `where` selects to the values `new` (area_id=…, category_id=…):
    take their counts out of their cells and into the cells they move to."""
    deltas: Counter = Counter()
    for *cell, n in session.execute(raw_cells(session, current_weekday(session), where)):
        deltas[tuple(cell)] -= n
        moved = dict(zip(KEY, cell, strict=True), **new)
        deltas[tuple(moved[k] for k in KEY)] += n
    add(session, deltas)


def remove(session: Session, where: ColumnElement[bool]) -> None:
    """Before a bulk DELETE of the rows `where` selects: take their counts out."""
    rows = session.execute(raw_cells(session, current_weekday(session), where))
    add(session, Counter({tuple(cell): -n for *cell, n in rows}))


def rebuild(session: Session, weekday: int | None = None) -> int:
    """Replace the whole roll-up by the counts of the raw rows, in periods ending the day before
    `weekday` (default: the stored meeting weekday); return how many cells it holds."""
    weekday = weekday or current_weekday(session)
    if session.get_bind().dialect.name == "postgresql":
        # Writers wait until the rebuild commits, so none commits a count the rebuild did not read.
        session.execute(text("LOCK TABLE observation IN SHARE MODE"))
    session.execute(delete(WeekCount))
    session.execute(insert(WeekCount).from_select([*KEY, "n"], raw_cells(session, weekday)))
    return session.scalar(select(func.count()).select_from(WeekCount)) or 0


# --- the flush listener ------------------------------------------------------------------------


def _value(obj, name: str, old: bool):
    """An attribute's value before this flush (`old`) or after it."""
    if old:
        history = attributes.get_history(obj, name, passive=attributes.PASSIVE_NO_INITIALIZE)
        if history.deleted:
            return history.deleted[0]
    return getattr(obj, name)


def _cell(observation: Observation, weekday: int, old: bool) -> Cell | None:
    """The cell an observation counts in (before or after this flush); None when it counts nowhere."""
    status = _value(observation, "status", old)
    if status is None or ObservationStatus(status) is not ObservationStatus.ACTIVE:
        return None
    return (
        period_end_of(_value(observation, "occurred_on", old), weekday),
        _value(observation, "area_id", old),
        _value(observation, "category_id", old),
    )


def _after_flush(session: Session, _context) -> None:
    new = [o for o in session.new if isinstance(o, Observation)]
    dirty = [o for o in session.dirty if isinstance(o, Observation)]
    gone = [o for o in session.deleted if isinstance(o, Observation)]
    if not (new or dirty or gone):
        return
    weekday = current_weekday(session)
    deltas: Counter = Counter()
    for observation in new:
        if (cell := _cell(observation, weekday, old=False)) is not None:
            deltas[cell] += 1
    for observation in dirty:
        before, after = _cell(observation, weekday, old=True), _cell(observation, weekday, old=False)
        if before != after:
            if before is not None:
                deltas[before] -= 1
            if after is not None:
                deltas[after] += 1
    for observation in gone:
        if (cell := _cell(observation, weekday, old=True)) is not None:
            deltas[cell] -= 1
    add(session, deltas)


def listen() -> None:
    """Count every flush of every session (once per process)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)

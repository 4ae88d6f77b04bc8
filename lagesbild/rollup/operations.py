"""Writes to the roll-up (models/rollup.py WeekCount), always in the transaction that changes the raw rows.

Three ways in:
- every ORM write of an Observation (post, edit, correct, withdraw, import, a test's factory) is counted
  by one `after_flush` listener, so no write path through the ORM can forget it;
- the bulk statements that bypass the ORM's unit of work call added() / move() / remove() themselves
  (the demo seeders' inserts, category and place merges, gallring);
- changing the meeting weekday moves every period boundary, so set_meeting_day() calls table.rebuild().

Every change is an upsert `n = n + delta` (INSERT … ON CONFLICT DO UPDATE, the same syntax on SQLite and
PostgreSQL), so concurrent writers add to a cell without reading it first and never lose a count. Cells
are written in sorted order, so two transactions lock shared cells in the same order (no deadlock).
Cells that fall to zero stay (a later post reuses them); rebuild() drops them.
"""

from collections import Counter

from sqlalchemy import event
from sqlalchemy.orm import Session, attributes
from sqlalchemy.sql.elements import ColumnElement

from lagesbild.meeting_day import meeting_weekday
from lagesbild.models import Observation, ObservationStatus

from . import table
from .table import KEY, Cell, add, period_end_of, raw_cells


def rebuild(session: Session) -> int:
    """Replace the whole roll-up by the counts of the raw rows, in the stored meeting weekday's periods."""
    return table.rebuild(session, meeting_weekday(session))


def added(session: Session, rows: list[dict]) -> None:
    """After a bulk INSERT of observation `rows` (dicts with status, occurred_on, area_id,
    category_id, as the demo seeders pass them to insert(Observation)): count the active ones."""
    weekday = meeting_weekday(session)
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
    for *cell, n in session.execute(raw_cells(session, meeting_weekday(session), where)):
        deltas[tuple(cell)] -= n
        moved = dict(zip(KEY, cell, strict=True), **new)
        deltas[tuple(moved[k] for k in KEY)] += n
    add(session, deltas)


def remove(session: Session, where: ColumnElement[bool]) -> None:
    """Before a bulk DELETE of the rows `where` selects: take their counts out."""
    rows = session.execute(raw_cells(session, meeting_weekday(session), where))
    add(session, Counter({tuple(cell): -n for *cell, n in rows}))


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
    weekday = meeting_weekday(session)
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

"""Writes to the roll-ups (models/rollup.py, declared in table.py ROLLUPS), always in the transaction that
changes the raw rows.

Three ways in:
- every ORM write of an Observation (post, edit, correct, withdraw, import, a test's factory) is counted
  by one `after_flush` listener, so no write path through the ORM can forget it;
- the bulk statements that bypass the ORM's unit of work call added() / move() / remove() themselves
  (the demo seeders' inserts, category and place merges, gallring);
- changing the meeting weekday moves every period boundary, so set_meeting_day() rebuilds the week
  roll-up (table.rebuild(…, [table.WEEK])).

Every change is an upsert `n = n + delta` (INSERT … ON CONFLICT DO UPDATE, the same syntax on SQLite and
PostgreSQL), so concurrent writers add to a cell without reading it first and never lose a count. Cells
are written table by table in ROLLUPS' order and in sorted key order within a table, so two
transactions lock shared cells in the same order (no deadlock). Cells that fall to zero stay (a later
post reuses them); rebuild() drops them.
"""

from collections import defaultdict

from sqlalchemy import event, select
from sqlalchemy.orm import Session, attributes
from sqlalchemy.sql.elements import ColumnElement

from lagesbild.meeting_day import meeting_weekday
from lagesbild.models import Observation

from . import table
from .table import ROLLUPS, RollUp, Values, add, raw_cells, weights

# Deltas of one write: for each roll-up, cell → [n, n_public].
Deltas = dict[RollUp, defaultdict]
_DEFAULTS = {"sharing": "gruppen", "time_band": None, "place_id": None}  # a bulk row may leave them out


def _deltas() -> Deltas:
    return {rollup: defaultdict(lambda: [0, 0]) for rollup in ROLLUPS}


def _count(deltas: Deltas, get: Values, weekday: int, sign: int) -> None:
    """Add (sign 1) or take away (sign -1) one observation's counts in every roll-up."""
    counts = weights(get)
    if counts is None:
        return
    for rollup, cells in deltas.items():
        cell = cells[rollup.cell(get, weekday)]
        cell[0] += sign * counts[0]
        cell[1] += sign * counts[1]


def _write(session: Session, deltas: Deltas) -> None:
    for rollup in ROLLUPS:
        add(session, rollup, {cell: tuple(counts) for cell, counts in deltas[rollup].items()})


def rebuild(session: Session) -> int:
    """Replace every roll-up by the counts of the raw rows, in the stored meeting weekday's periods."""
    return table.rebuild(session, meeting_weekday(session))


def added(session: Session, rows: list[dict]) -> None:
    """After a bulk INSERT of observation `rows` (dicts as the demo seeders pass them to
    insert(Observation), with status, occurred_on, area_id, category_id, organisation_id and, unless
    the column's default, sharing, place_id and time_band): count the active ones."""
    weekday = meeting_weekday(session)
    deltas = _deltas()
    for row in rows:
        _count(deltas, lambda name, row=row: row.get(name, _DEFAULTS.get(name)), weekday, 1)
    _write(session, deltas)


def move(session: Session, where: ColumnElement[bool], **new) -> None:
    """Before a bulk UPDATE of the rows `where` selects to the values `new` (area_id=…, category_id=…,
    place_id=…): take their counts out of their cells and into the cells they move to."""
    weekday = meeting_weekday(session)
    deltas = _deltas()
    for rollup in ROLLUPS:
        if not rollup.reads & new.keys():
            continue  # its keys do not change
        width = len(rollup.key)
        for row in session.execute(raw_cells(session, rollup, weekday, where)):
            cell, counts = tuple(row[:width]), (*row[width:], 0)[:2]
            before, after = deltas[rollup][cell], deltas[rollup][rollup.moved(cell, new)]
            for i, n in enumerate(counts):
                before[i] -= n
                after[i] += n
    _write(session, deltas)


def remove(session: Session, where: ColumnElement[bool]) -> None:
    """Before a bulk DELETE of the rows `where` selects: take their counts out."""
    weekday = meeting_weekday(session)
    deltas = _deltas()
    for rollup in ROLLUPS:
        width = len(rollup.key)
        for row in session.execute(raw_cells(session, rollup, weekday, where)):
            counts = (*row[width:], 0)[:2]
            deltas[rollup][tuple(row[:width])] = [-n for n in counts]
    _write(session, deltas)


# --- the flush listener ------------------------------------------------------------------------


def _value(obj, name: str, old: bool):
    """An attribute's value before this flush (`old`) or after it."""
    if old:
        history = attributes.get_history(obj, name, passive=attributes.PASSIVE_NO_INITIALIZE)
        if history.deleted:
            return history.deleted[0]
    return getattr(obj, name)


def _values(observation: Observation, old: bool) -> Values:
    return lambda name: _value(observation, name, old)


# The observation columns any roll-up's key or counts read.
COLUMNS = ("status", "sharing", *sorted({name for rollup in ROLLUPS for name in rollup.reads}))
_BEFORE = "lagesbild_rollup_before"  # session.info: id(observation) → its values before this flush


def _noted(session: Session, observation: Observation) -> dict:
    """An observation's values as its row in the database holds them, before this flush."""
    values, unknown = {}, []
    for name in COLUMNS:
        history = attributes.get_history(observation, name, passive=attributes.PASSIVE_NO_INITIALIZE)
        if history.deleted:
            values[name] = history.deleted[0]
        elif history.added and not history.unchanged:
            unknown.append(name)  # set while expired: the old value was never loaded
        else:
            values[name] = getattr(observation, name)  # unchanged in memory (loads it if expired)
    if unknown:
        columns = [Observation.__table__.c[name] for name in unknown]
        row = session.execute(select(*columns).where(Observation.id == observation.id)).one()
        values.update(zip(unknown, row, strict=True))
    return values


def _before_flush(session: Session, _context, _instances) -> None:
    """Note what each changed or deleted observation counted as before the flush.

    Its attribute history after the flush does not always say: an attribute set while expired (after
    a commit) has no old value in its history, and setting a relationship (`observation.place = None`)
    leaves `place_id`'s history empty while the flush overwrites it. Before the flush the database row
    and the unchanged attributes still hold the old values."""
    changed = [o for o in (*session.dirty, *session.deleted) if isinstance(o, Observation)]
    if not changed:
        session.info.pop(_BEFORE, None)
        return
    with session.no_autoflush:
        session.info[_BEFORE] = {id(o): _noted(session, o) for o in changed}


def _old(observation: Observation, before: dict) -> Values:
    noted = before.get(id(observation))
    return noted.__getitem__ if noted is not None else _values(observation, old=True)


def _after_flush(session: Session, _context) -> None:
    before = session.info.pop(_BEFORE, None) or {}
    new = [o for o in session.new if isinstance(o, Observation)]
    dirty = [o for o in session.dirty if isinstance(o, Observation)]
    gone = [o for o in session.deleted if isinstance(o, Observation)]
    if not (new or dirty or gone):
        return
    weekday = meeting_weekday(session)
    deltas = _deltas()
    for observation in new:
        _count(deltas, _values(observation, old=False), weekday, 1)
    for observation in dirty:
        # Out of its cells as it was, into its cells as it is: an unchanged cell nets to zero.
        _count(deltas, _old(observation, before), weekday, -1)
        _count(deltas, _values(observation, old=False), weekday, 1)
    for observation in gone:
        _count(deltas, _old(observation, before), weekday, -1)
    _write(session, deltas)


def listen() -> None:
    """Count every flush of every session (once per process)."""
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)

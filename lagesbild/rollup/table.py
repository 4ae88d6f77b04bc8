"""The roll-up tables' SQL (models/rollup.py): each roll-up declared once, the cells of raw rows, upserts,
a rebuild.

A roll-up is a table of counts keyed by values computed from one observation's columns. Its key is
declared twice, as a Python function of an observation's values (the flush listener and the bulk paths
in operations.py use it) and as SQL over `observation` (rebuild, `rollup check`, the bulk paths' reads);
tests/test_rollup.py checks the two agree on every write. Every roll-up counts active observations
(`n`); those that the public problembild reads also count the active ones shared with the group
(`n_public`, observations.visibility.public_clause).

Nothing here asks which weekday the group meets on: the callers pass it (operations.py reads the stored
one; changing it, meeting_day.set_meeting_day rebuilds the roll-ups that depend on it).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from sqlalchemy import Date, Integer, String, case, cast, delete, func, insert, literal_column, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from lagesbild.models import (
    ActivityMonthCount,
    DayCount,
    MonthCount,
    Observation,
    ObservationStatus,
    WeekCount,
)
from lagesbild.observations.visibility import is_public, public_clause

# (last day of the meeting period, area id, category id): WeekCount's key.
Cell = tuple
KEY = ("period_end", "area_id", "category_id")
BATCH = 500  # rows per upsert statement
NO_PLACE = 0  # MonthCount.place_id of an observation without a place
NO_BAND = ""  # DayCount.time_band of an observation without a time band

# An observation's value by column name (an ORM object's attribute, a bulk insert's dict entry).
Values = Callable[[str], object]


def period_end_of(day: date, weekday: int) -> date:
    """The last day of the meeting period holding `day` (periods.period_containing(day, weekday).end):
    the day before the next meeting weekday strictly after `day`."""
    return day + timedelta(days=(weekday - day.isoweekday() + 6) % 7)


def month_of(day: date) -> date:
    """The first day of `day`'s calendar month (MonthCount.month, ActivityMonthCount.month)."""
    return day.replace(day=1)


def next_month(month: date) -> date:
    """The first day of the calendar month after `month`'s (the month roll-ups' next key)."""
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _band(value) -> str:
    return getattr(value, "value", value) or NO_BAND


@dataclass(frozen=True)
class RollUp:
    """One roll-up table: its model, its key (column names, in the table's primary-key order) and its
    count columns, and the key as Python (`cell`) and as SQL (`columns`), both given the weekday."""

    label: str  # Swedish, for `rollup check`
    model: type
    key: tuple[str, ...]
    counts: tuple[str, ...]  # ("n",) or ("n", "n_public")
    reads: frozenset[str]  # the observation columns the key is computed from
    cell: Callable[[Values, int], tuple]
    columns: Callable[[Session, int], list[ColumnElement]]
    describe: Callable[[tuple], str]  # a cell in Swedish words

    @property
    def table(self):
        return self.model.__table__

    @property
    def name(self) -> str:
        return self.model.__tablename__

    def moved(self, cell: tuple, new: dict) -> tuple:
        """`cell` with the key columns a bulk UPDATE sets (`new`: column → value) replaced.

        Only for columns the key holds as they are (area, category, place, organisation): a key computed
        from a moved column (a day's month) would need the rows themselves."""
        derived = (self.reads & new.keys()) - set(self.key)
        if derived:
            raise ValueError(f"{self.name}: cannot move {sorted(derived)} by cell")
        stored = {
            name: NO_PLACE if name == "place_id" and value is None else value for name, value in new.items()
        }
        return tuple(stored.get(name, value) for name, value in zip(self.key, cell, strict=True))


def _period_end_sql(session: Session, weekday: int) -> ColumnElement[date]:
    """period_end_of(occurred_on, weekday) in SQL (%w / dow: 0 = Sunday, so weekday + 6 - w ≥ 0)."""
    weekday_sql = literal_column(str(int(weekday)))  # a literal: PostgreSQL matches GROUP BY by text
    if session.get_bind().dialect.name == "sqlite":
        w = cast(func.strftime("%w", Observation.occurred_on), Integer)
        offset = (weekday_sql + 6 - w) % 7
        return func.date(Observation.occurred_on, func.printf("+%d days", offset), type_=Date)
    w = cast(func.extract("dow", Observation.occurred_on), Integer)
    return Observation.occurred_on + cast((weekday_sql + 6 - w) % 7, Integer)


def _month_sql(session: Session) -> ColumnElement[date]:
    """month_of(occurred_on) in SQL; literals only, as PostgreSQL matches GROUP BY by its text."""
    if session.get_bind().dialect.name == "sqlite":
        return func.date(Observation.occurred_on, literal_column("'start of month'"), type_=Date)
    return cast(func.date_trunc(literal_column("'month'"), Observation.occurred_on), Date)


def _place_sql() -> ColumnElement[int]:
    return func.coalesce(Observation.place_id, literal_column(str(NO_PLACE)), type_=Integer)


def _band_sql() -> ColumnElement[str]:
    return func.coalesce(Observation.time_band, literal_column("''"), type_=String)


WEEK = RollUp(
    label="Veckor",
    model=WeekCount,
    key=KEY,
    counts=("n",),
    reads=frozenset({"occurred_on", "area_id", "category_id"}),
    cell=lambda get, weekday: (
        period_end_of(get("occurred_on"), weekday),
        get("area_id"),
        get("category_id"),
    ),
    columns=lambda session, weekday: [
        _period_end_sql(session, weekday),
        Observation.area_id,
        Observation.category_id,
    ],
    describe=lambda cell: f"period till {cell[0].isoformat()} område {cell[1]} kategori {cell[2]}",
)
MONTH = RollUp(
    label="Månader",
    model=MonthCount,
    key=("month", "area_id", "category_id", "place_id"),
    counts=("n", "n_public"),
    reads=frozenset({"occurred_on", "area_id", "category_id", "place_id"}),
    cell=lambda get, _weekday: (
        month_of(get("occurred_on")),
        get("area_id"),
        get("category_id"),
        NO_PLACE if get("place_id") is None else get("place_id"),
    ),
    columns=lambda session, _weekday: [
        _month_sql(session),
        Observation.area_id,
        Observation.category_id,
        _place_sql(),
    ],
    describe=lambda cell: (
        f"månad {cell[0].strftime('%Y-%m')} område {cell[1]} kategori {cell[2]} "
        + (f"plats {cell[3]}" if cell[3] != NO_PLACE else "utan plats")
    ),
)
DAY = RollUp(
    label="Dagar",
    model=DayCount,
    key=("occurred_on", "time_band", "organisation_id"),
    counts=("n", "n_public"),
    reads=frozenset({"occurred_on", "time_band", "organisation_id"}),
    cell=lambda get, _weekday: (get("occurred_on"), _band(get("time_band")), get("organisation_id")),
    columns=lambda _session, _weekday: [Observation.occurred_on, _band_sql(), Observation.organisation_id],
    describe=lambda cell: f"dag {cell[0].isoformat()} tid {cell[1] or 'okänd'} organisation {cell[2]}",
)
ACTIVITY = RollUp(
    label="Aktiviteter per månad",
    model=ActivityMonthCount,
    key=("month", "category_id", "area_id", "organisation_id"),
    counts=("n", "n_public"),
    reads=frozenset({"occurred_on", "category_id", "area_id", "organisation_id"}),
    cell=lambda get, _weekday: (
        month_of(get("occurred_on")),
        get("category_id"),
        get("area_id"),
        get("organisation_id"),
    ),
    columns=lambda session, _weekday: [
        _month_sql(session),
        Observation.category_id,
        Observation.area_id,
        Observation.organisation_id,
    ],
    describe=lambda cell: (
        f"månad {cell[0].strftime('%Y-%m')} kategori {cell[1]} område {cell[2]} organisation {cell[3]}"
    ),
)
# Every roll-up, in the order a transaction writes them (the same order everywhere: no deadlock).
ROLLUPS: tuple[RollUp, ...] = (WEEK, MONTH, DAY, ACTIVITY)


def weights(get: Values) -> tuple[int, int] | None:
    """What one observation adds to its cells, (n, n_public); None when it counts nowhere (withdrawn)."""
    status = get("status")
    if status is None or ObservationStatus(status) is not ObservationStatus.ACTIVE:
        return None
    sharing = get("sharing")
    return 1, int(sharing is not None and is_public(status, sharing))


def raw_cells(session: Session, rollup: RollUp, weekday: int, where: ColumnElement[bool] | None = None):
    """The active raw rows (those `where` selects) grouped into `rollup`'s cells: (*cell, *counts)."""
    columns = [
        column.label(name) for column, name in zip(rollup.columns(session, weekday), rollup.key, strict=True)
    ]
    counts = [func.count()]
    if "n_public" in rollup.counts:
        counts.append(func.count(case((public_clause(), 1))))
    stmt = (
        select(*columns, *counts)
        .where(Observation.status == ObservationStatus.ACTIVE)
        .group_by(*[column.element for column in columns])
    )
    return stmt if where is None else stmt.where(where)


@cache
def _upsert(rollup: RollUp, dialect_name: str):
    """INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n (and n_public): built once per roll-up."""
    table = rollup.table
    stmt = (postgresql if dialect_name == "postgresql" else sqlite).insert(table)
    return stmt.on_conflict_do_update(
        index_elements=list(rollup.key),
        set_={name: table.c[name] + stmt.excluded[name] for name in rollup.counts},
    )


def add(session: Session, rollup: RollUp, deltas: dict[tuple, tuple[int, ...]]) -> None:
    """Add each cell's deltas to `rollup` in sorted order (upserts `n = n + delta`; zero deltas are
    skipped). `deltas` map a cell to (n, n_public); a roll-up without n_public takes the first."""
    width = len(rollup.counts)
    rows = [
        dict(zip(rollup.key, cell, strict=True), **dict(zip(rollup.counts, counts[:width], strict=True)))
        for cell, counts in sorted(deltas.items())
        if any(counts[:width])
    ]
    if not rows:
        return
    connection = session.connection()
    stmt = _upsert(rollup, connection.dialect.name)
    for start in range(0, len(rows), BATCH):
        connection.execute(stmt, rows[start : start + BATCH])


def rebuild(session: Session, weekday: int, rollups: Iterable[RollUp] = ROLLUPS) -> int:
    """Replace the roll-ups by the counts of the raw rows (the week roll-up in periods ending the day
    before `weekday`); return how many cells they hold."""
    if session.get_bind().dialect.name == "postgresql":
        # Writers wait until the rebuild commits, so none commits a count the rebuild did not read.
        session.execute(text("LOCK TABLE observation IN SHARE MODE"))
    cells = 0
    for rollup in rollups:
        session.execute(delete(rollup.model))
        session.execute(
            insert(rollup.model).from_select(
                [*rollup.key, *rollup.counts], raw_cells(session, rollup, weekday)
            )
        )
        cells += session.scalar(select(func.count()).select_from(rollup.model)) or 0
    return cells

"""Reads for the week page: grouped counts, the capped list of visible points, who has reported.

Every function issues one statement, so a week page costs a constant number of queries whatever the
database holds (tests/test_week_queries.py counts them).
"""

import math
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Integer, cast, func, literal, literal_column, select, union_all
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from lagesbild.meeting_day import meeting_weekday
from lagesbild.models import (
    Area,
    Category,
    Observation,
    ObservationStatus,
    Organisation,
    Place,
    User,
    WeekCount,
)
from lagesbild.observations.visibility import details_visible_clause, group_view_clause
from lagesbild.periods import MeetingPeriod, previous_periods, same_period_last_year
from lagesbild.rollup.table import period_end_of

from .trends import BASELINE_PERIODS

MAP_POINTS = 500  # newest visible points of the period on the map (the data script)
LATE_POINTS = 100  # newest late reports on the map and on the list page
LIST_POINTS = 5  # newest observations listed on the week page itself
PAGE_SIZE = 50  # the period's full list, page by page
HEAT_CELL_M = 100  # the heat layer counts every visible observation of the period in cells this wide
HEAT_CELLS = 2000  # the busiest cells (a municipality's observations fill a few hundred in a week)
METRES_PER_DEGREE_LAT = 111_320

top_category = func.coalesce(Category.parent_id, Category.id)


@dataclass(frozen=True)
class WeekFilters:
    """The week page's filters, as in the query string (all optional)."""

    kategori: str | None = None  # top-category code, e.g. "SKG"
    omrade: int | None = None  # area id
    organisationstyp: str | None = None  # OrganisationKind value
    tid: str | None = None  # TimeBand value: dag, kvall, natt

    @property
    def is_empty(self) -> bool:
        return not any((self.kategori, self.omrade, self.organisationstyp, self.tid))

    def args(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.__dict__.items() if v}


def _visible(viewer: User | None) -> ColumnElement[bool]:
    """Details `viewer` may see; no viewer is the group view (presentation mode): what every member sees."""
    return group_view_clause() if viewer is None else details_visible_clause(viewer)


def _filtered(stmt, filters: WeekFilters):
    clauses = Observation.filtered(filters.kategori, filters.omrade, filters.organisationstyp, filters.tid)
    return stmt.where(*clauses) if clauses else stmt


def baseline_periods(period: MeetingPeriod) -> list[MeetingPeriod]:
    """Bucket 0 is the period, 1–8 the previous periods, 9 the same weeks last year."""
    return [period, *previous_periods(period, BASELINE_PERIODS), same_period_last_year(period)]


def _weeks_before(session: Session, day) -> ColumnElement[int]:
    """Whole weeks between an observation's date and `day` (0 for the 7 days up to `day`)."""
    if session.get_bind().dialect.name == "sqlite":
        days = func.julianday(literal(day.isoformat())) - func.julianday(Observation.occurred_on)
        return cast(days / 7, Integer)
    return (literal(day) - Observation.occurred_on) // 7  # PostgreSQL: date - date is whole days


def cell_counts(
    session: Session, period: MeetingPeriod, filters: WeekFilters, top_of: dict[int, int]
) -> list[dict[tuple[int, int], int]]:
    """Counts per (area, top category) for each bucket of baseline_periods(), in ONE grouped query.

    Rows are bucketed in SQL by whole weeks before the period's last day (0 = the period, 1–8 the
    previous periods; the same weeks last year are exactly 52 or 53 weeks back) and grouped by
    subcategory; `top_of` (category id -> top-category id) folds subcategories in Python, so the
    query reads only the covering index ix_observation_week_counts.
    """
    buckets = baseline_periods(period)
    last_year = buckets[-1]
    last_year_weeks = (period.end - last_year.end).days // 7
    if _rollup_answers(session, period, buckets, filters):
        return _rollup_counts(session, period, last_year_weeks, filters)
    bucket = _weeks_before(session, period.end).label("bucket")

    def counted(in_range):
        return _filtered(
            select(bucket, Observation.area_id, Observation.category_id, func.count())
            .where(Observation.status == ObservationStatus.ACTIVE, in_range)
            .group_by(bucket, Observation.area_id, Observation.category_id),
            filters,
        )

    # Two index ranges, the period with its 8 predecessors (contiguous) and the same weeks last year, as
    # a UNION ALL of two disjoint ranges: PostgreSQL then scans each range of the covering index
    # (index-only) where one WHERE with OR made it a BitmapOr that reads the heap (276 ms against 98 ms
    # at 5M with rows in random order, issue #12). SQLite plans each part on the same index.
    stmt = union_all(
        counted(Observation.occurred_on.between(buckets[BASELINE_PERIODS].start, period.end)),
        counted(Observation.occurred_on.between(last_year.start, last_year.end)),
    )
    result: list[dict[tuple[int, int], int]] = [{} for _ in buckets]
    for weeks, area_id, category_id, n in session.execute(stmt):
        index = (
            weeks
            if 0 <= weeks <= BASELINE_PERIODS
            else (len(buckets) - 1 if weeks == last_year_weeks else None)
        )
        if index is None:
            continue
        cell = (area_id, top_of.get(category_id, category_id))
        result[index][cell] = result[index].get(cell, 0) + n
    return result


def _rollup_answers(
    session: Session, period: MeetingPeriod, buckets: list[MeetingPeriod], filters: WeekFilters
) -> bool:
    """Whether the roll-up (WeekCount) holds exactly cell_counts()'s buckets: it has no organisation
    kind or time band, and its periods end the day before today's meeting weekday, which a meeting
    held before the weekday changed (its stored days) may not."""
    if filters.organisationstyp or filters.tid:
        return False
    if period_end_of(period.end, meeting_weekday(session)) != period.end:
        return False
    last_year = buckets[-1]
    # Each bucket is the 7 days up to period.end minus whole weeks, as the raw query buckets them.
    return (
        buckets[BASELINE_PERIODS].start == period.end - timedelta(days=7 * BASELINE_PERIODS + 6)
        and (period.end - last_year.end).days % 7 == 0
        and (last_year.end - last_year.start).days == 6
    )


def _rollup_counts(
    session: Session, period: MeetingPeriod, last_year_weeks: int, filters: WeekFilters
) -> list[dict[tuple[int, int], int]]:
    """cell_counts() from the roll-up: ten periods' cells, subcategories folded in SQL (≈ 1 800 rows
    at 1M observations instead of a scan of 64 000 index entries)."""
    weeks = [*range(BASELINE_PERIODS + 1), last_year_weeks]
    index = {period.end - timedelta(weeks=w): i for i, w in enumerate(weeks)}
    stmt = (
        select(WeekCount.period_end, WeekCount.area_id, top_category, func.sum(WeekCount.n))
        .join(Category, Category.id == WeekCount.category_id)
        .where(WeekCount.period_end.in_(list(index)))
        .group_by(WeekCount.period_end, WeekCount.area_id, top_category)
    )
    if filters.kategori:
        in_tree = select(Category.id).where(Category.in_tree(filters.kategori))
        stmt = stmt.where(WeekCount.category_id.in_(in_tree))
    if filters.omrade:
        stmt = stmt.where(WeekCount.area_id == filters.omrade)
    result: list[dict[tuple[int, int], int]] = [{} for _ in weeks]
    for period_end, area_id, top_id, n in session.execute(stmt):
        if n:  # cells that fell to zero stay in the roll-up
            result[index[period_end]][(area_id, top_id)] = int(n)
    return result


def _cell_index(session: Session, column, step: float) -> ColumnElement[int]:
    """floor(column / step): the grid row or column of a coordinate."""
    # The step as a literal, not a parameter: PostgreSQL matches GROUP BY to the select list by text.
    step_sql = literal_column(repr(float(step)))
    if session.get_bind().dialect.name == "sqlite":
        # SQLite's CAST truncates towards zero (and floor() needs its math extension): shift every
        # coordinate positive first. 10**6 cells is beyond any |lat| or |lon| at these step sizes.
        return cast(column / step_sql + literal_column("1000000"), Integer) - literal_column("1000000")
    return cast(func.floor(column / step_sql), Integer)


def heat_cells(
    session: Session, period: MeetingPeriod, user: User | None, filters: WeekFilters, centre_lat: float
) -> list[tuple[float, float, int]]:
    """Every observation of the period whose details `user` may see, counted in a grid of
    HEAT_CELL_M cells (lat/lon steps, square at `centre_lat`): (cell centre lat, lon, count).

    The map's points stop at MAP_POINTS; these counts cover all of the period, in one grouped query
    (visibility and filters exactly as period_points), busiest HEAT_CELLS cells first.
    """
    lat_step = HEAT_CELL_M / METRES_PER_DEGREE_LAT
    lon_step = lat_step / math.cos(math.radians(centre_lat))
    row = _cell_index(session, Observation.lat, lat_step)
    col = _cell_index(session, Observation.lon, lon_step)
    n = func.count()
    stmt = (
        select(row, col, n)
        .where(
            Observation.status == ObservationStatus.ACTIVE, Observation.occurred_in(period), _visible(user)
        )
        .group_by(row, col)
        .order_by(n.desc(), row, col)
        .limit(HEAT_CELLS)
    )
    return [
        ((r + 0.5) * lat_step, (c + 0.5) * lon_step, count)
        for r, c, count in session.execute(_filtered(stmt, filters))
    ]


def late_count(session: Session, period: MeetingPeriod, filters: WeekFilters) -> int:
    stmt = (
        select(func.count())
        .select_from(Observation)
        .where(Observation.status == ObservationStatus.ACTIVE, Observation.reported_late_in(period))
    )
    return session.scalar(_filtered(stmt, filters)) or 0


# What the week's lists show of a point (the list page, the week page's newest, the meeting's picks).
_LIST_COLUMNS = (
    Observation.id,
    Observation.lat,
    Observation.lon,
    Observation.occurred_on,
    Observation.time_of_day,
    Observation.time_band,
    Observation.description,
    Observation.sharing,
    Observation.created_at,
    Observation.area_id,
    top_category.label("top_category_id"),
    Category.name.label("category"),
    Area.name.label("area"),
    Place.name.label("place"),
)
# What the map draws of a point (mapping._point): the 600 map points' rows read only these.
_MAP_KEYS = frozenset(
    {"id", "lat", "lon", "occurred_on", "description", "top_category_id", "category", "area", "place"}
)
_MAP_COLUMNS = tuple(column for column in _LIST_COLUMNS if column.key in _MAP_KEYS)


def _points_stmt(
    user: User | None,
    filters: WeekFilters,
    where,
    limit: int,
    order=None,
    offset: int = 0,
    columns=_LIST_COLUMNS,
):
    stmt = (
        select(*columns)
        # `+ 0`: no index may lead from a category to its observations. Since ix_observation_promise
        # (category first, migration 0012) SQLite otherwise looped over the categories, read every row
        # of the period and sorted them (35-75 ms for the page's 5 newest at 1M) instead of walking the
        # days backwards.
        .join(Category, Category.id == Observation.category_id + 0)
        .join(Area, Area.id == Observation.area_id)
        .outerjoin(Place, Place.id == Observation.place_id)
        .where(Observation.status == ObservationStatus.ACTIVE, where, _visible(user))
        # Newest day first, then newest report: walks ix_observation_day backwards and stops at the cap.
        .order_by(*(order or (Observation.occurred_on.desc(), Observation.id.desc())))
        .limit(limit)
        .offset(offset)
    )
    return _filtered(stmt, filters)


def _points(
    session: Session, user: User | None, filters: WeekFilters, where, limit: int, order=None, offset: int = 0
):
    return session.execute(_points_stmt(user, filters, where, limit, order, offset)).all()


def _map_rows(session: Session, stmt) -> list:
    """Plain rows through the session's connection (its transaction): the ORM's row handling was half
    the CPU of reading the map's 600 points (issue #12, docs/performance.md)."""
    return session.connection().execute(stmt).all()


def map_points(session: Session, period: MeetingPeriod, user: User | None, filters: WeekFilters) -> list:
    """period_points() as the map draws them: the same rows (visibility, filters, order, MAP_POINTS),
    only the columns mapping._point reads."""
    where = Observation.occurred_in(period)
    return _map_rows(session, _points_stmt(user, filters, where, MAP_POINTS, columns=_MAP_COLUMNS))


def map_late_points(session: Session, period: MeetingPeriod, user: User | None, filters: WeekFilters) -> list:
    """late_points() as the map draws them (see map_points)."""
    where, order = _late(period, user, filters, LATE_POINTS)
    return _map_rows(
        session, _points_stmt(user, WeekFilters(), where, LATE_POINTS, order, columns=_MAP_COLUMNS)
    )


def period_points(
    session: Session,
    period: MeetingPeriod,
    user: User | None,
    filters: WeekFilters,
    limit: int | None = None,
    offset: int = 0,
):
    """The newest observations in the period whose details `user` may see (capped, or one page).

    `user` None is the group view (see _visible)."""
    return _points(
        session, user, filters, Observation.occurred_in(period), limit or MAP_POINTS, offset=offset
    )


def period_points_count(session: Session, period: MeetingPeriod, user: User, filters: WeekFilters) -> int:
    """How many observations period_points() pages through (for the list's last page)."""
    stmt = (
        select(func.count())
        .select_from(Observation)
        .where(
            Observation.status == ObservationStatus.ACTIVE,
            Observation.occurred_in(period),
            details_visible_clause(user),
        )
    )
    return session.scalar(_filtered(stmt, filters)) or 0


def _late(period: MeetingPeriod, user: User | None, filters: WeekFilters, limit: int):
    """The WHERE and ORDER BY of late_points(): the newest `limit` late reports `user` may see."""
    # Newest report first. The ids come from the covering index ix_observation_late alone (SQLite would
    # otherwise walk the narrower ix_observation_reported and read every row of the week to test the date).
    # The day as second key, which only ix_observation_late gives in order, makes PostgreSQL walk it too:
    # on the narrower index it read ≈ 3 000 rows of the week from the table to find the 100 late ones
    # (5-6 ms of its CPU per request at 1M skewed, 124 pages instead of 2 991).
    ids = (
        select(Observation.id)
        .where(
            Observation.status == ObservationStatus.ACTIVE,
            Observation.reported_late_in(period),
            _visible(user),
        )
        .order_by(Observation.created_at.desc(), Observation.occurred_on.desc())
        .limit(limit)
    )
    return Observation.id.in_(_filtered(ids, filters).scalar_subquery()), (Observation.created_at.desc(),)


def late_points(
    session: Session, period: MeetingPeriod, user: User | None, filters: WeekFilters, limit: int | None = None
):
    """Observations reported in the period about earlier dates ("sent inrapporterat"), visible ones."""
    where, order = _late(period, user, filters, limit or LATE_POINTS)
    return _points(session, user, WeekFilters(), where, limit or LATE_POINTS, order=order)


def silent_organisations(session: Session, period: MeetingPeriod) -> list[Organisation]:
    """Active organisations with no active observation that the period shows (Observation.in_period)."""
    # Two index ranges (ix_observation_day, ix_observation_late) rather than one OR over both columns.
    reported = (
        select(Observation.organisation_id)
        .where(Observation.status == ObservationStatus.ACTIVE, Observation.occurred_in(period))
        .union(
            select(Observation.organisation_id).where(
                Observation.status == ObservationStatus.ACTIVE, Observation.reported_late_in(period)
            )
        )
    )
    return Organisation.active_in_swedish_order(session, Organisation.id.not_in(reported.scalar_subquery()))


@dataclass(frozen=True)
class Reference:
    """Areas and top categories by id, in display order."""

    areas: dict[int, Area]
    categories: dict[int, Category]
    top_of: dict[int, int]  # every category id -> its top category's id

    @property
    def area_names(self) -> dict[int, str]:
        return {i: a.name for i, a in self.areas.items()}

    @property
    def category_names(self) -> dict[int, str]:
        return {i: c.name for i, c in self.categories.items()}


def reference(session: Session) -> Reference:
    """Two small queries: all areas and all categories (inactive ones too: history keeps them)."""
    areas = session.scalars(select(Area).order_by(Area.sort_order, Area.name)).all()
    categories = session.scalars(select(Category).order_by(Category.sort_order, Category.code)).all()
    tops = [c for c in categories if c.parent_id is None]
    top_of = {c.id: c.parent_id or c.id for c in categories}
    return Reference({a.id: a for a in areas}, {c.id: c for c in tops}, top_of)

"""Progress of a year's medborgarlöften, by kind.

Count promises ("minst 40 insatser per år") and the activities a process promise shows as evidence are
counted from the activity observations. An observation counts towards a promise when it is active
(withdrawn ones never count), its subcategory is one of the promise's, it lies in one of the promise's
areas (any area when it names none), it was reported by one of the promise's responsible organisations
when the promise counts only theirs (patrols by the police only, not the guard company's rounds), and it
occurred (local Europe/Stockholm calendar date, `occurred_on`) within the promise's window — its year, or
the part of the year it names — on or before `as_of`. Each observation counts once, whatever its `count`
field says: one observation is one walk.

The year's observations are read once for all its promises: the activity cells (subcategory, area,
organisation, day → n) of the subcategories any of the year's promises counts, whole months of them from
the activity roll-up (split_months, counting_cells); which promise counts which cell is the pure rule
`CountRule.counts`.

The public problembild counts only the public observations (observations.visibility.public_clause:
restricted ones are left out), with the same rule otherwise.

The expectation is pro rata by calendar day over the window: target × days of the window elapsed / days
in the window, where its first day counts as one elapsed day and its last as the whole window.

A milestone is "uppnått" from the day it was done; before that "efter" once its window has ended, else
"ej klart". A process promise has the state of its latest status note dated on or before `as_of`
("ej uppföljt" without one).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from sqlalchemy import and_, case, func, literal, literal_column, select, union_all
from sqlalchemy.orm import Session

from lagesbild.models import (
    ActivityMonthCount,
    Area,
    Category,
    Observation,
    ObservationStatus,
    Organisation,
    ProcessState,
    Promise,
    PromiseGoal,
    PromiseKind,
    PromiseNote,
    promise_area,
    promise_category,
    promise_organisation,
)
from lagesbild.observations.visibility import public_clause
from lagesbild.report_cache import cached
from lagesbild.rollup.table import next_month
from lagesbild.text import swedish_key
from lagesbild.walks.counting import add_held_walks

Status = Literal["uppnått", "i fas", "efter", "ej klart", "enligt plan", "avviker", "ej uppföljt"]
STATUS_LABELS: dict[str, str] = {
    "uppnått": "Uppnått",
    "i fas": "I fas",
    "efter": "Efter",
    "ej klart": "Inte klart ännu",
    "enligt plan": "Enligt plan",
    "avviker": "Avviker från planen",
    "ej uppföljt": "Inte uppföljt",
}
NOTE_STATUS: dict[ProcessState, Status] = {
    ProcessState.GENOMFORT: "uppnått",
    ProcessState.ENLIGT_PLAN: "enligt plan",
    ProcessState.AVVIKER: "avviker",
}


@dataclass(frozen=True)
class PromiseProgress:
    promise_id: int
    text: str
    target: int | None
    done: int
    expected: float | None
    status: Status
    organisations: list[str]
    categories: list[str]
    areas: list[str]
    kind: PromiseKind = PromiseKind.COUNT
    window: tuple[date, date] | None = None
    only_responsible: bool = False
    goal: str | None = None
    milestone_done_on: date | None = None
    milestone_reference: str = ""

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def area(self) -> str | None:
        """The areas as one label ("Berga, Rönneberga"), None for the whole municipality."""
        return ", ".join(self.areas) or None

    @property
    def is_counted(self) -> bool:
        """Whether `done` is measured against a target (count promises only)."""
        return self.kind is PromiseKind.COUNT and self.target is not None

    @property
    def percent(self) -> int:
        """Share of the target done, 0–100, for the progress bar."""
        return min(100, round(100 * self.done / self.target)) if self.target else 100


@dataclass(frozen=True)
class ActivityCell:
    """Active activity observations of one subcategory, area, reporting organisation and day."""

    category_id: int
    area_id: int
    organisation_id: int
    occurred_on: date
    n: int


@dataclass(frozen=True)
class CountRule:
    """Which activity observations one promise counts (see the module docstring)."""

    promise_id: int
    category_ids: frozenset[int]
    area_ids: frozenset[int]  # empty: every area
    organisation_ids: frozenset[int] | None  # None: every organisation
    window: tuple[date, date]

    def names(self, category_id: int, area_id: int | None, organisation_id: int | None) -> bool:
        """Whether the rule counts this subcategory, area and reporting organisation, on any day."""
        return (
            category_id in self.category_ids
            and (not self.area_ids or area_id in self.area_ids)
            and (self.organisation_ids is None or organisation_id in self.organisation_ids)
        )

    def counts(self, cell: ActivityCell) -> bool:
        return (
            self.names(cell.category_id, cell.area_id, cell.organisation_id)
            and self.window[0] <= cell.occurred_on <= self.window[1]
        )


def rule_clause(rule: CountRule):
    """SQL condition: the observations `rule` counts among the counted ones (CountRule.counts in SQL),
    so one promise's activities can be paged in the database."""
    clauses = [
        Observation.category_id.in_(sorted(rule.category_ids)),
        Observation.occurred_on.between(*rule.window),
    ]
    if rule.area_ids:
        clauses.append(Observation.area_id.in_(sorted(rule.area_ids)))
    if rule.organisation_ids is not None:
        clauses.append(Observation.organisation_id.in_(sorted(rule.organisation_ids)))
    return and_(*clauses)


def promise_rule(promise: Promise) -> CountRule:
    """The counting rule of one promise, from its own links (as _rules does for a whole year)."""
    return CountRule(
        promise_id=promise.id,
        category_ids=frozenset(c.id for c in promise.categories),
        area_ids=frozenset(a.id for a in promise.areas),
        organisation_ids=(
            frozenset(o.id for o in promise.organisations) if promise.counts_only_responsible else None
        ),
        window=clipped_window(promise.starts_on, promise.ends_on, promise.year),
    )


# --- pure arithmetic -----------------------------------------------------------------------------


def year_window(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def days_in_year(year: int) -> int:
    return (date(year + 1, 1, 1) - date(year, 1, 1)).days


def days_elapsed(year: int, as_of: date) -> int:
    """Days of `year` up to and including `as_of`: 0 before the year, the whole year after it."""
    return window_days_elapsed(year_window(year), as_of)


def window_days_elapsed(window: tuple[date, date], as_of: date) -> int:
    """Days of the window up to and including `as_of`: 0 before it, all of them after it."""
    start, end = window
    return max(0, min((as_of - start).days + 1, (end - start).days + 1))


def expected_in(target: int, window: tuple[date, date], as_of: date) -> float:
    """Pro-rata expectation over the window on `as_of`, capped at the target."""
    length = (window[1] - window[0]).days + 1
    return min(float(target), target * window_days_elapsed(window, as_of) / length)


def expected_by(target: int, year: int, as_of: date) -> float:
    """Pro-rata expectation over the whole year on `as_of`, capped at the target."""
    return expected_in(target, year_window(year), as_of)


def status_for(done: int, target: int, expected: float) -> Status:
    if done >= target:
        return "uppnått"
    if done >= expected:
        return "i fas"
    return "efter"


def milestone_status(done_on: date | None, window: tuple[date, date], as_of: date) -> Status:
    if done_on is not None and done_on <= as_of:
        return "uppnått"
    return "efter" if as_of > window[1] else "ej klart"


def counting_window(year: int, as_of: date) -> tuple[date, date] | None:
    """First and last occurrence date any promise of `year` may count, or None before the year."""
    start, end = date(year, 1, 1), min(as_of, date(year, 12, 31))
    return (start, end) if end >= start else None


def clipped_window(starts_on: date | None, ends_on: date | None, year: int) -> tuple[date, date]:
    """A promise's window: its own dates, or its year's ends, never outside the year."""
    first, last = year_window(year)
    return max(first, starts_on or first), min(last, ends_on or last)


def done_by_promise(rules: list[CountRule], cells: list[ActivityCell]) -> dict[int, int]:
    """How many observations each rule counts."""
    done = {rule.promise_id: 0 for rule in rules}
    for cell in cells:
        for rule in rules:
            if rule.counts(cell):
                done[rule.promise_id] += cell.n
    return done


# --- loading --------------------------------------------------------------------------------------


def counted_clause(year: int, as_of: date, public: bool = False):
    """The observations any promise of `year` may count: active, in the counting window (public ones only)."""
    window = counting_window(year, as_of) or (date(year, 1, 1), date(year, 1, 1) - timedelta(days=1))
    clause = and_(Observation.status == ObservationStatus.ACTIVE, Observation.occurred_on.between(*window))
    return and_(clause, public_clause()) if public else clause


@dataclass(frozen=True)
class _Loaded:
    promises: list  # rows of the year's active promises
    areas: dict[int, list[tuple[int, str]]]
    organisations: dict[int, list[tuple[int, str]]]
    categories: dict[int, list[tuple[int, str]]]


def _load(session: Session, year: int) -> _Loaded:
    """The year's active promises and what they name: two queries, however many promises."""
    in_year = and_(Promise.year == year, Promise.is_active.is_(True))
    promises = session.execute(
        select(
            Promise.id,
            Promise.text,
            Promise.kind,
            Promise.target,
            Promise.counts_only_responsible,
            Promise.starts_on,
            Promise.ends_on,
            PromiseGoal.text.label("goal"),
            Promise.milestone_done_on,
            Promise.milestone_reference,
        )
        .outerjoin(PromiseGoal, PromiseGoal.id == Promise.goal_id)
        .where(in_year)
        .order_by(Promise.id)
    ).all()
    if not promises:
        return _Loaded([], {}, {}, {})
    ids = select(Promise.id).where(in_year)
    # The areas, organisations and subcategories of all of them in one UNION (area order for areas).
    links = union_all(
        select(literal("area"), promise_area.c.promise_id, Area.id, Area.name, Area.sort_order)
        .join(Area, Area.id == promise_area.c.area_id)
        .where(promise_area.c.promise_id.in_(ids)),
        select(literal("org"), promise_organisation.c.promise_id, Organisation.id, Organisation.name, 0)
        .join(Organisation, Organisation.id == promise_organisation.c.organisation_id)
        .where(promise_organisation.c.promise_id.in_(ids)),
        select(literal("cat"), promise_category.c.promise_id, Category.id, Category.code, 0)
        .join(Category, Category.id == promise_category.c.category_id)
        .where(promise_category.c.promise_id.in_(ids)),
    )
    found: dict[str, dict[int, list]] = {
        "area": defaultdict(list),
        "org": defaultdict(list),
        "cat": defaultdict(list),
    }
    for kind, promise_id, id_, name, order in session.execute(links):
        found[kind][promise_id].append((order, name, id_))
    named = {
        kind: {
            promise_id: [(id_, name) for _, name, id_ in sorted(items)] for promise_id, items in by.items()
        }
        for kind, by in found.items()
    }
    return _Loaded(promises, named["area"], named["org"], named["cat"])


def _rules(loaded: _Loaded, year: int) -> list[CountRule]:
    """The counting rule of every promise that counts activities (count and process promises)."""
    return [
        CountRule(
            promise_id=row.id,
            category_ids=frozenset(id_ for id_, _ in loaded.categories.get(row.id, [])),
            area_ids=frozenset(id_ for id_, _ in loaded.areas.get(row.id, [])),
            organisation_ids=(
                frozenset(id_ for id_, _ in loaded.organisations.get(row.id, []))
                if row.counts_only_responsible
                else None
            ),
            window=clipped_window(row.starts_on, row.ends_on, year),
        )
        for row in loaded.promises
        if row.kind is not PromiseKind.MILESTONE and loaded.categories.get(row.id)
    ]


def count_rules(session: Session, year: int) -> list[CountRule]:
    """The counting rule of each of the year's active promises that counts activities."""
    return _rules(_load(session, year), year)


def activity_cells(
    session: Session, year: int, as_of: date, category_ids: set[int], public: bool = False
) -> list[ActivityCell]:
    """The year's countable observations of these subcategories, grouped into cells (one query)."""
    if not category_ids:
        return []
    rows = session.execute(
        select(
            Observation.category_id,
            Observation.area_id,
            Observation.organisation_id,
            Observation.occurred_on,
            func.count(Observation.id),
        )
        .where(counted_clause(year, as_of, public), Observation.category_id.in_(sorted(category_ids)))
        .group_by(
            Observation.category_id, Observation.area_id, Observation.organisation_id, Observation.occurred_on
        )
    ).all()
    return [ActivityCell(c, a, o, day, int(n)) for c, a, o, day, n in rows]


def done_in_windows(
    session: Session, year: int, as_of: date, rules: list[CountRule], public: bool = False
) -> dict[int, int]:
    """done_by_promise(rules, activity_cells(…)) without a row per day: grouped by subcategory, area
    and organisation, with one sum per distinct promise window.

    The week page's sidebar, the presentation and /medborgarloften read this on every request. The
    whole months of the windows come from the activity roll-up and only the days of ragged months
    (the current one up to `as_of`, windows that start or end mid-month) from the raw rows, so after a
    write the count no longer scans the year's counted observations (≈ 450 000 index entries at 5M).
    The counts are also kept in the report cache, which can never be stale (lagesbild/report_cache.py:
    keyed by the data version every write to an observation or a promise rewrites, and by today's
    date), under everything they depend on — the rules as given, `as_of`, `year` and `public`. A copy
    is returned: callers add the held walks to it."""
    key = ("promise-done", year, as_of, public, tuple(rules))
    return dict(cached(session, key, lambda: _done_in_windows(session, year, as_of, rules, public)))


def split_months(year: int, as_of: date, windows: list[tuple[date, date]]) -> tuple[list[date], list]:
    """The year's counting window split in two: the calendar months every promise window (as counted,
    up to `as_of`) holds wholly or not at all — read from the activity roll-up — and the day ranges of
    the other months (a window starting or ending mid-month, the current month up to `as_of`) — read
    from the raw rows. Returns (first days of the whole months, [(first, last) day ranges])."""
    counting = counting_window(year, as_of)
    if counting is None:
        return [], []
    clipped = [(max(w[0], counting[0]), min(w[1], counting[1])) for w in windows]
    effective = [(low, high) for low, high in clipped if low <= high]  # a window not begun counts nothing
    whole, ragged = [], []
    month = date(year, 1, 1)
    while month <= counting[1]:
        last = next_month(month) - timedelta(days=1)
        if (
            counting[0] <= month
            and last <= counting[1]
            and all(last < low or month > high or (low <= month and last <= high) for low, high in effective)
        ):
            whole.append(month)
        elif ragged and ragged[-1][1] == month - timedelta(days=1):
            ragged[-1] = (ragged[-1][0], min(last, counting[1]))  # one range over adjacent months
        else:
            ragged.append((max(month, counting[0]), min(last, counting[1])))
        month = next_month(month)
    return whole, ragged


_NULL = literal_column("NULL")


def _named(column, ids: set[int]):
    """`column` where its value is one of `ids`, else NULL. The ids are inlined (ints from the rules),
    so the expression reads the same in SELECT and GROUP BY, as PostgreSQL requires."""
    if not ids:
        return _NULL
    return case((column.in_([literal_column(str(int(i))) for i in sorted(ids)]), column))


def _named_keys(source, areas: set[int], organisations: set[int]) -> tuple[list, list]:
    """The count's keys to SELECT (labelled) and to GROUP BY (not a constant NULL: PostgreSQL refuses
    a constant there)."""
    area, organisation = _named(source.area_id, areas), _named(source.organisation_id, organisations)
    selected = [source.category_id, area.label("area_id"), organisation.label("organisation_id")]
    return selected, [key for key in (source.category_id, area, organisation) if key is not _NULL]


def _done_in_windows(
    session: Session, year: int, as_of: date, rules: list[CountRule], public: bool
) -> dict[int, int]:
    """The counts of done_in_windows: the whole months from the activity roll-up (models/rollup.py
    ActivityMonthCount, ≈ months × subcategories × areas × organisations cells), the days of the
    ragged months from the raw rows, each grouped by subcategory, area and organisation with one sum
    per distinct promise window."""
    done = {rule.promise_id: 0 for rule in rules}
    category_ids = sorted({c for rule in rules for c in rule.category_ids})
    if not category_ids:
        return done
    windows = sorted({rule.window for rule in rules})
    whole, ragged = split_months(year, as_of, windows)
    totals: dict[tuple[int, int, int], list[int]] = defaultdict(lambda: [0] * len(windows))
    # Areas and organisations no rule names are told apart by no rule: grouped as one (NULL), so the
    # rows are subcategories × named areas × named organisations, not the ≈ 9 000 combinations at 5M.
    named_areas = {a for rule in rules for a in rule.area_ids}
    named_organisations = {o for rule in rules for o in (rule.organisation_ids or ())}
    reads = []
    if whole:
        rolled = ActivityMonthCount
        count = rolled.n_public if public else rolled.n
        keys, grouped = _named_keys(rolled, named_areas, named_organisations)
        reads.append(
            select(
                *keys,
                *[func.sum(case((rolled.month.between(*window), count), else_=0)) for window in windows],
            )
            .where(rolled.month.in_(whole), rolled.category_id.in_(category_ids))
            .group_by(*grouped)
        )
    for low, high in ragged:  # one index range each (an OR of them would walk the year's entries)
        keys, grouped = _named_keys(Observation, named_areas, named_organisations)
        reads.append(
            select(
                *keys,
                *[
                    func.sum(case((Observation.occurred_on.between(*window), 1), else_=0))
                    for window in windows
                ],
            )
            .where(
                counted_clause(year, as_of, public),
                Observation.category_id.in_(category_ids),
                Observation.occurred_on.between(low, high),
            )
            .group_by(*grouped)
        )
    # One statement, whatever the split: the roll-up's months and the raw rows' ranges as UNION ALL.
    if reads:
        for category_id, area_id, organisation_id, *counts in session.execute(
            reads[0] if len(reads) == 1 else union_all(*reads)
        ):
            cell = totals[(category_id, area_id, organisation_id)]
            for i, n in enumerate(counts):
                cell[i] += int(n or 0)
    column = {window: i for i, window in enumerate(windows)}
    for (category_id, area_id, organisation_id), counts in totals.items():
        for rule in rules:
            if rule.names(category_id, area_id, organisation_id):
                done[rule.promise_id] += counts[column[rule.window]]
    return done


def counting_cells(
    session: Session, year: int, as_of: date, rules: list[CountRule], public: bool = False
) -> list[ActivityCell]:
    """activity_cells(…) for these rules' subcategories, coarser where no rule can tell the days apart:
    a whole month (split_months) is one cell dated its first day, read from the activity roll-up; the
    ragged months' days come from the raw rows. Every rule counts a cell exactly when it counts each of
    its days, so done_by_promise and the counted cells give activity_cells' figures."""
    category_ids = sorted({c for rule in rules for c in rule.category_ids})
    if not category_ids:
        return []
    whole, ragged = split_months(year, as_of, sorted({rule.window for rule in rules}))
    cells = []
    if whole:
        rolled = ActivityMonthCount
        count = rolled.n_public if public else rolled.n
        rows = session.execute(
            select(rolled.category_id, rolled.area_id, rolled.organisation_id, rolled.month, count).where(
                rolled.month.in_(whole), rolled.category_id.in_(category_ids), count != 0
            )
        )
        cells += [ActivityCell(c, a, o, month, int(n)) for c, a, o, month, n in rows]
    for low, high in ragged:
        keys = (
            Observation.category_id,
            Observation.area_id,
            Observation.organisation_id,
            Observation.occurred_on,
        )
        rows = session.execute(
            select(*keys, func.count(Observation.id))
            .where(
                counted_clause(year, as_of, public),
                Observation.category_id.in_(category_ids),
                Observation.occurred_on.between(low, high),
            )
            .group_by(*keys)
        )
        cells += [ActivityCell(c, a, o, day, int(n)) for c, a, o, day, n in rows]
    return cells


def _latest_states(session: Session, promise_ids: list[int], as_of: date) -> dict[int, ProcessState]:
    """The state of each promise's latest status note dated on or before `as_of` (one query)."""
    if not promise_ids:
        return {}
    rows = session.execute(
        select(PromiseNote.promise_id, PromiseNote.state)
        .where(PromiseNote.promise_id.in_(promise_ids), PromiseNote.noted_on <= as_of)
        .order_by(PromiseNote.promise_id, PromiseNote.noted_on, PromiseNote.id)
    ).all()
    return {promise_id: state for promise_id, state in rows}  # the last one per promise wins


def promise_progress(session: Session, year: int, as_of: date, public: bool = False) -> list[PromiseProgress]:
    """Return the progress of the year's active promises on `as_of`, in the order they were made.

    `public` counts the public observations only (for the public problembild).
    """
    loaded = _load(session, year)
    if not loaded.promises:
        return []
    rules = _rules(loaded, year)
    done = done_in_windows(session, year, as_of, rules, public)
    if not public:  # the public problembild counts activity observations only (see walks/counting.py)
        add_held_walks(session, done, year, as_of)
    states = _latest_states(
        session, [row.id for row in loaded.promises if row.kind is PromiseKind.PROCESS], as_of
    )
    result = []
    for row in loaded.promises:
        window = clipped_window(row.starts_on, row.ends_on, year)
        count = done.get(row.id, 0)
        expected = None
        if row.kind is PromiseKind.COUNT:
            target = row.target or 0
            expected = expected_in(target, window, as_of)
            status = status_for(count, target, expected)
        elif row.kind is PromiseKind.MILESTONE:
            status = milestone_status(row.milestone_done_on, window, as_of)
        else:
            status = NOTE_STATUS[states[row.id]] if row.id in states else "ej uppföljt"
        result.append(
            PromiseProgress(
                promise_id=row.id,
                text=row.text,
                target=row.target,
                done=count,
                expected=expected,
                status=status,
                organisations=sorted(
                    (name for _, name in loaded.organisations.get(row.id, [])), key=swedish_key
                ),
                categories=[code for _, code in loaded.categories.get(row.id, [])],
                areas=[name for _, name in loaded.areas.get(row.id, [])],
                kind=row.kind,
                window=window,
                only_responsible=row.counts_only_responsible,
                goal=row.goal,
                milestone_done_on=row.milestone_done_on,
                milestone_reference=row.milestone_reference,
            )
        )
    return result


# The week page's sidebar and the problembild used a cheaper variant before promises had kinds; the
# rule now needs every promise's areas and organisations, so both read the same few queries.
progress_rows = promise_progress


@dataclass(frozen=True)
class CountedCell:
    """Counted activities of one subcategory and area, with the count promises that count them."""

    category_id: int
    area_id: int
    promise_ids: tuple[int, ...]
    n: int


def counted_cells(session: Session, year: int, as_of: date, public: bool = False) -> list[CountedCell]:
    """The observations the year's active count promises may count, by subcategory, area and promises.

    Every count promise's done count is the sum of the cells that name it, and the cells of a subcategory
    add up to its count in the year up to `as_of`, so the public problembild can tie the promise table to
    its other tables (problembild/public.py). Process promises publish no count and take no part.
    """
    loaded = _load(session, year)
    kinds = {row.id: row.kind for row in loaded.promises}
    rules = [rule for rule in _rules(loaded, year) if kinds[rule.promise_id] is PromiseKind.COUNT]
    cells = counting_cells(session, year, as_of, rules, public)
    merged: dict[tuple[int, int, tuple[int, ...]], int] = defaultdict(int)
    for cell in cells:
        ids = tuple(rule.promise_id for rule in rules if rule.counts(cell))
        merged[(cell.category_id, cell.area_id, ids)] += cell.n
    return [CountedCell(c, a, ids, n) for (c, a, ids), n in sorted(merged.items())]

"""Progress of a year's medborgarlöften, counted from the activity observations.

What counts: an observation counts towards a promise when it is active (status "active", withdrawn ones
never count), its subcategory is one of the promise's counted subcategories, it lies in the promise's
area when one is set, and it occurred (local Europe/Stockholm calendar date, `occurred_on`) in the
promise's year on or before `as_of`. Each observation counts once, whatever its `count` field says: a
promise is "minst N trygghetsvandringar", and one observation is one walk.

The public problembild counts only the public observations (observations.visibility.public_clause:
restricted ones are left out), with the same rule otherwise.

The expectation is pro rata by calendar day: target × days elapsed / days in the year (366 in leap
years), where 1 January counts as one elapsed day and 31 December as the whole year.
"""

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from lagesbild.models import (
    Area,
    Category,
    Observation,
    ObservationStatus,
    Organisation,
    Promise,
    promise_category,
    promise_organisation,
)
from lagesbild.observations.visibility import public_clause
from lagesbild.text import swedish_key
from lagesbild.walks.counting import with_held_walks

Status = Literal["uppnått", "i fas", "efter"]
STATUS_LABELS: dict[str, str] = {"uppnått": "Uppnått", "i fas": "I fas", "efter": "Efter"}


@dataclass(frozen=True)
class PromiseProgress:
    promise_id: int
    text: str
    target: int
    done: int
    expected: float
    status: Status
    organisations: list[str]
    categories: list[str]
    area: str | None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def percent(self) -> int:
        """Share of the target done, 0–100, for the progress bar."""
        return min(100, round(100 * self.done / self.target)) if self.target else 100


# --- pure arithmetic -----------------------------------------------------------------------------


def days_in_year(year: int) -> int:
    return (date(year + 1, 1, 1) - date(year, 1, 1)).days


def days_elapsed(year: int, as_of: date) -> int:
    """Days of `year` up to and including `as_of`: 0 before the year, the whole year after it."""
    elapsed = (as_of - date(year, 1, 1)).days + 1
    return max(0, min(elapsed, days_in_year(year)))


def expected_by(target: int, year: int, as_of: date) -> float:
    """Pro-rata expectation on `as_of`, capped at the target."""
    return min(float(target), target * days_elapsed(year, as_of) / days_in_year(year))


def status_for(done: int, target: int, expected: float) -> Status:
    if done >= target:
        return "uppnått"
    if done >= expected:
        return "i fas"
    return "efter"


def counting_window(year: int, as_of: date) -> tuple[date, date] | None:
    """First and last occurrence date that counts, or None when `as_of` is before the year."""
    start, end = date(year, 1, 1), min(as_of, date(year, 12, 31))
    return (start, end) if end >= start else None


# --- loading --------------------------------------------------------------------------------------


def counted_clause(year: int, as_of: date, public: bool = False):
    """The observations any promise of `year` may count: active, in the counting window (public ones only)."""
    window = counting_window(year, as_of) or (date(year, 1, 1), date(year, 1, 1) - timedelta(days=1))
    clause = and_(Observation.status == ObservationStatus.ACTIVE, Observation.occurred_on.between(*window))
    return and_(clause, public_clause()) if public else clause


def done_counts_query(year: int, as_of: date, public: bool = False):
    """SELECT promise_id, done for every active promise of `year` with at least one counted activity."""
    return (
        select(Promise.id.label("promise_id"), func.count(Observation.id).label("done"))
        .join(promise_category, promise_category.c.promise_id == Promise.id)
        .join(
            Observation,
            and_(
                Observation.category_id == promise_category.c.category_id,
                or_(Promise.area_id.is_(None), Observation.area_id == Promise.area_id),
            ),
        )
        .where(Promise.year == year, Promise.is_active.is_(True), counted_clause(year, as_of, public))
        .group_by(Promise.id)
    )


def counted_cells(
    session: Session, year: int, as_of: date, public: bool = False
) -> list[tuple[int, int, int]]:
    """(category_id, area_id, n) of the observations the year's active promises count, by category and area.

    Every promise's done count is a sum of these cells (its categories, in its area or all areas), so
    the public problembild can tie the promise table to its other tables (problembild/public.py).
    """
    counted = select(promise_category.c.category_id).join(
        Promise, Promise.id == promise_category.c.promise_id
    )
    counted = counted.where(Promise.year == year, Promise.is_active.is_(True))
    rows = session.execute(
        select(Observation.category_id, Observation.area_id, func.count(Observation.id))
        .where(counted_clause(year, as_of, public), Observation.category_id.in_(counted.scalar_subquery()))
        .group_by(Observation.category_id, Observation.area_id)
    ).all()
    return [(category_id, area_id, int(n)) for category_id, area_id, n in rows]


def _names_by_promise(session: Session, statement) -> dict[int, list[str]]:
    names: dict[int, list[str]] = {}
    for promise_id, name in session.execute(statement):
        names.setdefault(promise_id, []).append(name)
    return names


def progress_rows(session: Session, year: int, as_of: date, public: bool = False) -> list[PromiseProgress]:
    """Progress without organisations and categories (left empty): one query, for compact lists."""
    done = with_held_walks(done_counts_query(year, as_of, public), year, as_of, public).subquery()
    rows = session.execute(
        select(Promise.id, Promise.text, Promise.target, Area.name, func.coalesce(done.c.done, 0))
        .outerjoin(Area, Area.id == Promise.area_id)
        .outerjoin(done, done.c.promise_id == Promise.id)
        .where(Promise.year == year, Promise.is_active.is_(True))
        .order_by(Promise.id)
    ).all()
    result = []
    for promise_id, text, target, area, count in rows:
        expected = expected_by(target, year, as_of)
        result.append(
            PromiseProgress(
                promise_id=promise_id,
                text=text,
                target=target,
                done=count,
                expected=expected,
                status=status_for(count, target, expected),
                organisations=[],
                categories=[],
                area=area,
            )
        )
    return result


def promise_progress(session: Session, year: int, as_of: date, public: bool = False) -> list[PromiseProgress]:
    """Return the progress of the year's active promises on `as_of`, in the order they were made.

    `public` counts the public observations only (for the public problembild).
    """
    rows = progress_rows(session, year, as_of, public)
    if not rows:
        return []
    in_year = select(Promise.id).where(Promise.year == year, Promise.is_active.is_(True))
    organisations = _names_by_promise(
        session,
        select(promise_organisation.c.promise_id, Organisation.name)
        .join(Organisation, Organisation.id == promise_organisation.c.organisation_id)
        .where(promise_organisation.c.promise_id.in_(in_year)),
    )
    categories = _names_by_promise(
        session,
        select(promise_category.c.promise_id, Category.code)
        .join(Category, Category.id == promise_category.c.category_id)
        .where(promise_category.c.promise_id.in_(in_year))
        .order_by(Category.code),
    )
    return [
        replace(
            row,
            organisations=sorted(organisations.get(row.promise_id, []), key=swedish_key),
            categories=categories.get(row.promise_id, []),
        )
        for row in rows
    ]

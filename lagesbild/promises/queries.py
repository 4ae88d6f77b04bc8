"""Reads for the promise and survey pages: form choices, counted activities, counts per area."""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, extract, func, not_, or_, select
from sqlalchemy.orm import Session, aliased

from lagesbild.models import (
    Area,
    Category,
    Observation,
    ObservationStatus,
    Organisation,
    Place,
    Promise,
    Sharing,
    User,
    promise_category,
)
from lagesbild.observations.visibility import details_visible_clause
from lagesbild.text import swedish_key

from .progress import counted_clause


def organisation_choices(session: Session, keep: list[int]) -> list[tuple[int, str]]:
    """Active organisations, plus deactivated ones the promise already names (so editing keeps them)."""
    rows = session.execute(
        select(Organisation.id, Organisation.name, Organisation.is_active).where(
            or_(Organisation.is_active.is_(True), Organisation.id.in_(keep))
        )
    ).all()
    return [
        (id_, name if active else f"{name} (inaktiv)")
        for id_, name, active in sorted(rows, key=lambda row: swedish_key(row.name))
    ]


def activity_choices(session: Session, keep: list[int]) -> list[tuple[int, str]]:
    """Active activity subcategories (AKT.*), plus ones the promise already counts."""
    rows = session.execute(
        select(Category.id, Category.name, Category.code, Category.is_active)
        .where(
            Category.is_activity.is_(True),
            Category.parent_id.is_not(None),
            or_(Category.is_active.is_(True), Category.id.in_(keep)),
        )
        .order_by(Category.sort_order, Category.code)
    ).all()
    return [(id_, name if active else f"{name} (inaktiv)") for id_, name, _code, active in rows]


def activity_names(session: Session) -> dict[str, str]:
    """Subcategory code → name for the activity categories, to show names where progress has codes."""
    return dict(
        session.execute(select(Category.code, Category.name).where(Category.is_activity.is_(True))).all()
    )


def area_choices(session: Session, keep: int | None) -> list[tuple[int, str]]:
    rows = session.execute(
        select(Area.id, Area.name)
        .where(or_(Area.is_active.is_(True), Area.id == keep))
        .order_by(Area.sort_order, Area.name)
    ).all()
    return [(0, "Hela kommunen")] + [(id_, name) for id_, name in rows]


def promise_years(session: Session, around: int) -> list[int]:
    """Years with promises, plus `around` and the years next to it, newest first."""
    years = set(session.scalars(select(Promise.year).distinct()))
    return sorted(years | {around - 1, around, around + 1}, reverse=True)


def inactive_promises(session: Session, year: int) -> list[Promise]:
    return list(
        session.scalars(
            select(Promise).where(Promise.year == year, Promise.is_active.is_(False)).order_by(Promise.id)
        )
    )


@dataclass(frozen=True)
class CountedActivity:
    occurred_on: date
    place: str
    area: str
    category: str
    organisation: str
    restricted: bool


@dataclass
class PromiseActivities:
    shown: list[CountedActivity] = field(default_factory=list)
    hidden: int = 0  # restricted activities of other organisations: counted, not shown


def _counted(year: int, as_of: date):
    """The join from active promises of the year to the activities they count (progress's rule)."""
    return and_(Promise.year == year, Promise.is_active.is_(True), counted_clause(year, as_of))


def counted_activities(session: Session, year: int, as_of: date, user: User) -> dict[int, PromiseActivities]:
    """The activities behind each promise's count; restricted ones `user` may not see only as a number."""
    joined = and_(
        Observation.category_id == promise_category.c.category_id,
        or_(Promise.area_id.is_(None), Observation.area_id == Promise.area_id),
    )
    base = (
        select(Promise.id)
        .join(promise_category, promise_category.c.promise_id == Promise.id)
        .join(Observation, joined)
        .where(_counted(year, as_of))
    )
    obs_area = aliased(Area)
    shown = session.execute(
        base.add_columns(
            Observation.occurred_on,
            Place.name,
            obs_area.name,
            Category.name,
            Organisation.name,
            Observation.sharing,
        )
        .outerjoin(Place, Place.id == Observation.place_id)
        .join(obs_area, obs_area.id == Observation.area_id)
        .join(Category, Category.id == Observation.category_id)
        .join(Organisation, Organisation.id == Observation.organisation_id)
        .where(details_visible_clause(user))
        .order_by(Promise.id, Observation.occurred_on.desc(), Observation.id.desc())
    ).all()
    result: dict[int, PromiseActivities] = {}
    for promise_id, day, place, area, category, organisation, sharing in shown:
        result.setdefault(promise_id, PromiseActivities()).shown.append(
            CountedActivity(day, place or "", area, category, organisation, sharing is Sharing.BEGRANSAD)
        )
    hidden = session.execute(
        base.add_columns(func.count(Observation.id))
        .where(not_(details_visible_clause(user)))
        .group_by(Promise.id)
    ).all()
    for promise_id, count in hidden:
        result.setdefault(promise_id, PromiseActivities()).hidden = count
    return result


def observation_counts_by_area(session: Session, year_from: int, year_to: int) -> dict[tuple[str, int], dict]:
    """Active observations per area and year, split into problems and activities (one grouped query)."""
    year = extract("year", Observation.occurred_on)
    rows = session.execute(
        select(Area.name, year, Category.is_activity, func.count(Observation.id))
        .join(Area, Area.id == Observation.area_id)
        .join(Category, Category.id == Observation.category_id)
        .where(
            Observation.status == ObservationStatus.ACTIVE,
            Observation.occurred_on.between(date(year_from, 1, 1), date(year_to, 12, 31)),
        )
        .group_by(Area.name, year, Category.is_activity)
    ).all()
    counts: dict[tuple[str, int], dict] = {}
    for area, row_year, is_activity, count in rows:
        cell = counts.setdefault((area, int(row_year)), {"problems": 0, "activities": 0})
        cell["activities" if is_activity else "problems"] += count
    return counts

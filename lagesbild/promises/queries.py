"""Reads for the promise and survey pages: form choices, counted activities, counts per area."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import extract, false, func, or_, select
from sqlalchemy.orm import Session, aliased, selectinload

from lagesbild import formats
from lagesbild.models import (
    Action,
    Area,
    Category,
    Observation,
    ObservationStatus,
    Organisation,
    Place,
    Promise,
    PromiseGoal,
    Sharing,
    User,
)
from lagesbild.observations.visibility import details_visible_clause
from lagesbild.paging import Page, clamp
from lagesbild.text import swedish_key

from .progress import counted_clause, promise_rule, rule_clause


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


def area_checkboxes(session: Session, keep: list[int]) -> list[tuple[int, str]]:
    """Active areas, plus ones the promise already names (none chosen: the whole municipality)."""
    rows = session.execute(
        select(Area.id, Area.name, Area.is_active)
        .where(or_(Area.is_active.is_(True), Area.id.in_(keep)))
        .order_by(Area.sort_order, Area.name)
    ).all()
    return [(id_, name if active else f"{name} (inaktivt)") for id_, name, active in rows]


def goal_choices(session: Session, year: int | None, keep: int | None) -> list[tuple[int, str]]:
    """The year's main goals (and the one the promise has), after "no main goal"."""
    rows = session.execute(
        select(PromiseGoal.id, PromiseGoal.text)
        .where(or_(PromiseGoal.year == year, PromiseGoal.id == keep))
        .order_by(PromiseGoal.id)
    ).all()
    return [(0, "Inget huvudmål")] + [(id_, text) for id_, text in rows]


def action_choices(session: Session, year: int | None, keep: list[int]) -> list[tuple[int, str]]:
    """Meeting actions decided in the promise's year (and those already linked), newest first."""
    decided = (
        Action.created_at.between(
            datetime(year, 1, 1, tzinfo=UTC) - timedelta(days=1), datetime(year + 1, 1, 1, tzinfo=UTC)
        )
        if year
        else false()
    )
    rows = session.execute(
        select(Action.id, Action.title, Action.due_on)
        .where(or_(decided, Action.id.in_(keep)))
        .order_by(Action.id.desc())
    ).all()
    due_text = {id_: f" (klar senast {formats.datum(due)})" for id_, _title, due in rows if due}
    return [(id_, title + due_text.get(id_, "")) for id_, title, _due in rows]


def year_goals(session: Session, year: int) -> list[PromiseGoal]:
    return list(session.scalars(select(PromiseGoal).where(PromiseGoal.year == year).order_by(PromiseGoal.id)))


def promise_details(session: Session, year: int) -> dict[int, Promise]:
    """The year's promises with their texts, notes and linked actions (three queries), by id."""
    promises = session.scalars(
        select(Promise)
        .where(Promise.year == year)
        .options(selectinload(Promise.notes), selectinload(Promise.actions), selectinload(Promise.focus_area))
    ).all()
    return {promise.id: promise for promise in promises}


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
    page: Page  # one page of the activities `user` may see, newest first
    hidden: int = 0  # restricted activities of other organisations: counted, not shown


def promise_activities(
    session: Session, promise: Promise, as_of: date, user: User, number: int, size: int
) -> PromiseActivities:
    """One page of the activities behind a promise's count; restricted ones `user` may not see only as
    a number. The promise's rule (progress.CountRule) decides what counts, as in the progress figures.
    Three statements, however many activities the promise counts."""
    counted = (counted_clause(promise.year, as_of), rule_clause(promise_rule(promise)))
    visible = details_visible_clause(user)
    shown, hidden = session.execute(
        select(func.count(Observation.id).filter(visible), func.count(Observation.id).filter(~visible)).where(
            *counted
        )
    ).one()
    number = clamp(number, shown, size)
    obs_area = aliased(Area)
    rows = session.execute(
        select(
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
        .where(*counted, visible)
        .order_by(Observation.occurred_on.desc(), Observation.id.desc())
        .offset((number - 1) * size)
        .limit(size)
    ).all()
    items = [
        CountedActivity(day, place or "", area, category, org, sharing is Sharing.BEGRANSAD)
        for day, place, area, category, org, sharing in rows
    ]
    return PromiseActivities(Page(items, number, size, shown or 0), hidden or 0)


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

"""Reads for the follow-up: the indicator before and after at a measure's place, the evaluations, the
process promises' evidence.

A measure is followed up at the prioritised problem it answers (the analysis names it "category in area",
analysis.content.Problem.label): the observations of that top category in that area, active ones (the
public variant: the public ones only), over the year's period so far (1 January to the year's end or
`as_of`) against the same days one year earlier, so the seasons compare like with like. Beside them, the
published values of that area (the trygghetsmätning and the police's statistics) for the year before and
the year itself. A measure without a prioritised problem has no place, so no indicator figures.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased, selectinload

from lagesbild.analysis.content import Problem, from_json
from lagesbild.models import (
    AnalysisDraft,
    Area,
    Category,
    Evaluation,
    Measure,
    Meeting,
    MeetingStatus,
    Observation,
    ObservationStatus,
    Promise,
    PromiseKind,
    SurveyValue,
)
from lagesbild.observations.visibility import public_clause


def year_period(year: int, as_of: date) -> tuple[date, date]:
    """The year's period so far: 1 January to its last day or `as_of`, whichever is first."""
    return date(year, 1, 1), max(date(year, 1, 1), min(date(year, 12, 31), as_of))


def year_before(period: tuple[date, date]) -> tuple[date, date]:
    """The same days one year earlier (29 February becomes the 28th)."""

    def back(day: date) -> date:
        return day.replace(year=day.year - 1, day=min(day.day, 28 if day.month == 2 else day.day))

    return back(period[0]), back(period[1])


def problems(session: Session, year: int) -> dict[str, Problem]:
    """The prioritised problems of the year's latest analysis, by their label."""
    draft = session.scalar(
        select(AnalysisDraft).where(AnalysisDraft.year == year).order_by(AnalysisDraft.number.desc()).limit(1)
    )
    return {p.label: p for p in from_json(draft.content).problems} if draft else {}


def observation_counts(
    session: Session,
    problem: Problem,
    before: tuple[date, date],
    after: tuple[date, date],
    public: bool = False,
) -> tuple[int, int]:
    """Observations of the problem's top category (and its subcategories) in its area: before, after."""
    top = aliased(Category)
    category_ids = (
        select(Category.id)
        .outerjoin(top, top.id == Category.parent_id)
        .where(
            or_(
                and_(Category.parent_id.is_(None), Category.name == problem.category),
                top.name == problem.category,
            )
        )
    )
    area_ids = select(Area.id).where(Area.name == problem.area)
    visible = public_clause() if public else Observation.status == ObservationStatus.ACTIVE
    in_before = Observation.occurred_on.between(*before)
    in_after = Observation.occurred_on.between(*after)
    row = session.execute(
        select(
            func.coalesce(func.sum(case((in_before, 1), else_=0)), 0),
            func.coalesce(func.sum(case((in_after, 1), else_=0)), 0),
        ).where(
            visible,
            Observation.category_id.in_(category_ids),
            Observation.area_id.in_(area_ids),
            or_(in_before, in_after),
        )
    ).one()
    return int(row[0]), int(row[1])


@dataclass(frozen=True)
class Published:
    kind: str
    indicator: str
    before: float | None
    after: float | None


def published_values(session: Session, area: str, year: int) -> list[Published]:
    """The area's published values (survey, police statistics) of the year before and the year."""
    rows = session.execute(
        select(SurveyValue.kind, SurveyValue.indicator, SurveyValue.year, SurveyValue.value)
        .join(Area, Area.id == SurveyValue.area_id)
        .where(Area.name == area, SurveyValue.year.in_((year - 1, year)))
        .order_by(SurveyValue.kind, SurveyValue.indicator)
    ).all()
    found: dict[tuple, dict[int, float]] = {}
    for kind, indicator, value_year, value in rows:
        found.setdefault((kind, indicator), {})[value_year] = value
    return [
        Published(kind.label, indicator, by_year.get(year - 1), by_year.get(year))
        for (kind, indicator), by_year in found.items()
    ]


def evaluations(session: Session, year: int) -> tuple[dict[int, Evaluation], dict[int, Evaluation]]:
    """The year's evaluations: of promises by promise id, of measures by measure id."""
    rows = session.scalars(
        select(Evaluation)
        .outerjoin(Promise, Promise.id == Evaluation.promise_id)
        .outerjoin(Measure, Measure.id == Evaluation.measure_id)
        .where(or_(Promise.year == year, Measure.year == year))
    ).all()
    by_promise = {e.promise_id: e for e in rows if e.promise_id is not None}
    by_measure = {e.measure_id: e for e in rows if e.measure_id is not None}
    return by_promise, by_measure


def process_promises(session: Session, year: int) -> dict[int, Promise]:
    """The year's active process promises with their notes and linked actions, by id."""
    rows = session.scalars(
        select(Promise)
        .where(Promise.year == year, Promise.is_active.is_(True), Promise.kind == PromiseKind.PROCESS)
        .options(selectinload(Promise.notes), selectinload(Promise.actions))
    ).all()
    return {promise.id: promise for promise in rows}


def meetings_held(session: Session, window: tuple[date, date], as_of: date) -> int:
    """The group's meetings held (closed) on a day within the window, up to `as_of`.

    Every closed meeting counts, not only some "linked" forum's: the group's weekly meeting is the forum
    the agreement names for following the promises up, and a promise has no forum of its own to link.
    A meeting still open has not been held to its end, so it does not count.
    """
    last = min(window[1], as_of)
    return int(
        session.scalar(
            select(func.count(Meeting.id)).where(
                Meeting.status == MeetingStatus.CLOSED, Meeting.meeting_date.between(window[0], last)
            )
        )
        or 0
    )


def subjects(session: Session, year: int) -> tuple[list[Promise], list[Measure]]:
    """The year's active promises and measures, the things the coordinator evaluates."""
    promises = session.scalars(
        select(Promise).where(Promise.year == year, Promise.is_active.is_(True)).order_by(Promise.id)
    ).all()
    planned = session.scalars(
        select(Measure)
        .where(Measure.year == year, Measure.is_active.is_(True))
        .order_by(Measure.follow_up_on, Measure.id)
    ).all()
    return list(promises), list(planned)


def evaluation_of(session: Session, subject: Promise | Measure) -> Evaluation | None:
    column = Evaluation.promise_id if isinstance(subject, Promise) else Evaluation.measure_id
    return session.scalar(select(Evaluation).where(column == subject.id))

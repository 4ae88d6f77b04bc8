"""Reads for gallring and utlämnande."""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, extract, func, select
from sqlalchemy.orm import Session, selectinload

from lagesbild.models import AuditEvent, Observation, Walk
from lagesbild.periods import local_date

from .retention import (
    FREE_TEXT_KIND,
    OBSERVATION_KIND,
    WALK_PHOTO_KIND,
    WALK_TEXT_KIND,
    Rules,
    cutoff,
    has_free_text,
    older_than,
    walk_photos_due,
    walk_text_due,
)

RUN_EVENT = "gallring.run"


def _related():
    """What a disclosure file shows of each observation, loaded in one query per relation.

    Built per call, not at import: a loader option configures every mapper, which would otherwise be
    paid by each start of the app (`flask --help` included), not by the first query.
    """
    return (
        selectinload(getattr(Observation, name)) for name in ("place", "area", "category", "organisation")
    )


@dataclass(frozen=True)
class Line:
    """What one kind of removal touches in one year (the year the observations happened)."""

    kind: str
    year: int
    count: int


@dataclass(frozen=True)
class Plan:
    rules: Rules
    free_text_before: date
    observations_before: date
    lines: list[Line]
    # Filled by the run (operations.gallra): the photo files to delete once its commit has succeeded.
    photo_tokens: list[str] = field(default_factory=list)

    def total(self, kind: str) -> int:
        return sum(line.count for line in self.lines if line.kind == kind)


def free_text_due(rules: Rules, today: date):
    """Observations whose free text is due for removal (and not yet removed)."""
    return and_(older_than(cutoff(today, rules.free_text_years)), has_free_text())


def observations_due(rules: Rules, today: date):
    return older_than(cutoff(today, rules.observation_years))


def _by_year(session: Session, kind: str, where) -> list[Line]:
    year = extract("year", Observation.occurred_on)
    rows = session.execute(select(year, func.count()).where(where).group_by(year).order_by(year))
    return [Line(kind, int(y), n) for y, n in rows]


def _count_by_local_year(kind: str, moments) -> list[Line]:
    years: dict[int, int] = {}
    for moment in moments:
        year = local_date(moment).year
        years[year] = years.get(year, 0) + 1
    return [Line(kind, year, n) for year, n in sorted(years.items())]


def _walks_by_year(session: Session, rules: Rules, today: date) -> list[Line]:
    """Safety walks whose text is due and their photos, by the (local) year the walk started; a few
    dozen walks a year, so they are counted here rather than in SQL's UTC years."""
    day = cutoff(today, rules.free_text_years)
    walks = session.scalars(select(Walk.starts_at).where(walk_text_due(day)))
    photos = session.execute(walk_photos_due(day)).all()
    return _count_by_local_year(WALK_TEXT_KIND, walks) + _count_by_local_year(
        WALK_PHOTO_KIND, (starts_at for _id, _token, starts_at in photos)
    )


def plan(session: Session, rules: Rules, today: date) -> Plan:
    """What a gallring run today would remove, counted per kind and year. Reads no free text.

    Observations due as a whole are not counted again under their free text."""
    whole = observations_due(rules, today)
    lines = _by_year(session, FREE_TEXT_KIND, and_(free_text_due(rules, today), ~whole))
    lines += _by_year(session, OBSERVATION_KIND, whole)
    lines += _walks_by_year(session, rules, today)
    return Plan(rules, cutoff(today, rules.free_text_years), cutoff(today, rules.observation_years), lines)


def runs(session: Session, limit: int = 50) -> list[AuditEvent]:
    """The gallring log: earlier runs, newest first (their audit events)."""
    stmt = select(AuditEvent).where(AuditEvent.action == RUN_EVENT)
    return list(session.scalars(stmt.order_by(AuditEvent.id.desc()).limit(limit)))


def disclosed(session: Session, start: date, end: date) -> list[Observation]:
    """Every observation that happened in [start, end], withdrawn ones too (they are handlingar as well)."""
    stmt = (
        select(Observation)
        .where(Observation.occurred_on.between(start, end))
        .options(*_related())
        .order_by(Observation.occurred_on, Observation.id)
    )
    return list(session.scalars(stmt))


def disclosed_one(session: Session, observation_id: int) -> Observation | None:
    return session.scalar(select(Observation).where(Observation.id == observation_id).options(*_related()))

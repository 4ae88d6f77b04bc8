"""Writes for the åtgärdsplan: each adds, flushes and records an audit event; the caller commits once."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from lagesbild.audit import record
from lagesbild.models import Horizon, Measure, MeasureKind, User


@dataclass(frozen=True)
class MeasureFields:
    year: int
    what: str
    organisation_id: int
    horizon: Horizon
    kind: MeasureKind
    problem: str
    effect_goal: str
    indicator: str
    follow_up_on: date
    promise_id: int | None = None
    activity_id: int | None = None


def add_measure(session: Session, fields: MeasureFields, actor: User) -> Measure:
    measure = Measure(
        year=fields.year,
        what=fields.what.strip(),
        organisation_id=fields.organisation_id,
        horizon=fields.horizon,
        kind=fields.kind,
        problem=fields.problem,
        effect_goal=fields.effect_goal.strip(),
        indicator=fields.indicator.strip(),
        follow_up_on=fields.follow_up_on,
        promise_id=fields.promise_id,
        activity_id=fields.activity_id,
    )
    session.add(measure)
    session.flush()
    record(
        "measure.create",
        actor=actor,
        obj=measure,
        after={
            "year": fields.year,
            "organisation_id": fields.organisation_id,
            "horizon": fields.horizon.value,
            "kind": fields.kind.value,
            "follow_up_on": fields.follow_up_on.isoformat(),
            "promise_id": fields.promise_id,
            "activity_id": fields.activity_id,
        },
    )
    return measure

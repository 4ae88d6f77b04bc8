"""Writes for the åtgärdsplan: each adds, flushes and records an audit event; the caller commits once."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from lagesbild.audit import record, record_change, values
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


MEASURE_FIELDS = (
    "what",
    "organisation_id",
    "horizon",
    "kind",
    "problem",
    "effect_goal",
    "indicator",
    "follow_up_on",
    "promise_id",
    "activity_id",
)


def update_measure(session: Session, measure: Measure, fields: MeasureFields, actor: User) -> bool:
    """Change a measure (its year stays); the audit event names the changed fields and keeps the changed
    values that are not free text. False when nothing changed."""
    before = values(measure, MEASURE_FIELDS)
    measure.what = fields.what.strip()
    measure.organisation_id = fields.organisation_id
    measure.horizon, measure.kind = fields.horizon, fields.kind
    measure.problem = fields.problem
    measure.effect_goal = fields.effect_goal.strip()
    measure.indicator = fields.indicator.strip()
    measure.follow_up_on = fields.follow_up_on
    measure.promise_id, measure.activity_id = fields.promise_id, fields.activity_id
    session.flush()
    after = values(measure, MEASURE_FIELDS)
    return record_change("measure.update", before=before, after=after, actor=actor, obj=measure) is not None

"""Writes for the follow-up: the coordinator's evaluation of a promise or a measure.

The evaluation adds or rewrites its row, flushes and records an audit event that names the changed fields
but never copies the text (it is free text); the caller commits once.
"""

from sqlalchemy import select
from sqlalchemy.orm import Session

from lagesbild.audit import record_change, values
from lagesbild.models import Evaluation, Measure, MeasureOutcome, Promise, User, utcnow

FIELDS = ("text", "outcome")


def save_evaluation(
    session: Session,
    subject: Promise | Measure,
    text: str,
    actor: User,
    outcome: MeasureOutcome | None = None,
) -> Evaluation:
    is_promise = isinstance(subject, Promise)
    column = Evaluation.promise_id if is_promise else Evaluation.measure_id
    evaluation = session.scalar(select(Evaluation).where(column == subject.id))
    before = values(evaluation, FIELDS) if evaluation else {}
    if evaluation is None:
        evaluation = Evaluation(
            promise_id=subject.id if is_promise else None,
            measure_id=None if is_promise else subject.id,
            author_id=actor.id,
            text="",
        )
        session.add(evaluation)
    evaluation.text = text.strip()
    evaluation.outcome = None if is_promise else outcome
    evaluation.author_id = actor.id
    evaluation.updated_at = utcnow()
    session.flush()
    record_change(
        "evaluation.save",
        before=before,
        after=values(evaluation, FIELDS),
        actor=actor,
        obj=evaluation,
        detail={"promise_id": subject.id} if is_promise else {"measure_id": subject.id},
    )
    return evaluation

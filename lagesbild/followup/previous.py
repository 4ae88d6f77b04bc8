"""Last year's follow-up as input to this year's problembild: "Vad förändrade förra årets åtgärder?"

For each of the year's measures: whether it was carried out as planned, the observations at its place
before and after (as in the follow-up, queries.observation_counts) and the coordinator's evaluation. The
internal problembild shows it; the public one does not (the evaluations are the group's own words).
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from lagesbild.plan.document import measures

from . import queries


@dataclass(frozen=True)
class MeasureChange:
    what: str
    outcome: str
    place: str | None  # the prioritised problem ("Skadegörelse i Berga"), None without one
    before: int | None
    after: int | None
    evaluation: str | None


def measure_changes(session: Session, year: int, as_of: date) -> list[MeasureChange]:
    period = queries.year_period(year, as_of)
    before = queries.year_before(period)
    found = queries.problems(session, year)
    _, by_measure = queries.evaluations(session, year)
    changes = []
    for measure in measures(session, year):
        evaluation = by_measure.get(measure.id)
        problem = found.get(measure.problem)
        counts = queries.observation_counts(session, problem, before, period) if problem else (None, None)
        changes.append(
            MeasureChange(
                what=measure.what,
                outcome=evaluation.outcome.label if evaluation and evaluation.outcome else "Inte bedömd",
                place=problem.label if problem else None,
                before=counts[0],
                after=counts[1],
                evaluation=evaluation.text if evaluation else None,
            )
        )
    return changes

"""Choices for the measure form: organisations, the analysis's prioritised problems, promises, activities."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from lagesbild.analysis.content import from_json
from lagesbild.models import AgreementActivity, AnalysisDraft, Organisation, Promise
from lagesbild.text import swedish_key


def organisation_choices(session: Session) -> list[tuple[int, str]]:
    rows = session.execute(
        select(Organisation.id, Organisation.name).where(Organisation.is_active.is_(True))
    ).all()
    return sorted(((id_, name) for id_, name in rows), key=lambda row: swedish_key(row[1]))


def problem_choices(session: Session, year: int) -> list[tuple[str, str]]:
    """The prioritised problems of the year's latest analysis, in their order."""
    draft = session.scalar(
        select(AnalysisDraft).where(AnalysisDraft.year == year).order_by(AnalysisDraft.number.desc()).limit(1)
    )
    problems = from_json(draft.content).problems if draft else ()
    return [("", "Inget prioriterat problem")] + [(p.label, f"{p.rank}. {p.label}") for p in problems]


def promise_choices(session: Session, year: int) -> list[tuple[int, str]]:
    rows = session.execute(
        select(Promise.id, Promise.text)
        .where(Promise.year == year, Promise.is_active.is_(True))
        .order_by(Promise.id)
    ).all()
    return [(0, "Inget medborgarlöfte")] + [(id_, text) for id_, text in rows]


def activity_choices(session: Session) -> list[tuple[int, str]]:
    rows = session.execute(
        select(AgreementActivity.id, AgreementActivity.name).order_by(AgreementActivity.id)
    ).all()
    return [(0, "Ingen aktivitet")] + [(id_, name) for id_, name in rows]

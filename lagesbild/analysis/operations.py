"""Writes for the analysis: a saved draft is a new numbered row with its author; the caller commits."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lagesbild.audit import record
from lagesbild.models import AnalysisDraft, User

from .content import Content, changed_parts, from_json, to_json


def save_draft(session: Session, year: int, content: Content, author: User) -> AnalysisDraft | None:
    """Save `content` as the year's next draft; None when it is what the latest draft already says."""
    latest = session.scalar(
        select(AnalysisDraft).where(AnalysisDraft.year == year).order_by(AnalysisDraft.number.desc()).limit(1)
    )
    before = from_json(latest.content) if latest else None
    parts = changed_parts(before, content)
    if not parts:
        return None
    number = (
        session.scalar(select(func.max(AnalysisDraft.number)).where(AnalysisDraft.year == year)) or 0
    ) + 1
    draft = AnalysisDraft(year=year, number=number, content=to_json(content), author=author)
    session.add(draft)
    session.flush()
    # The parts are named, never copied: the text stays in the draft's own row.
    record("analysis.draft", actor=author, obj=draft, detail={"year": year, "number": number, "parts": parts})
    return draft

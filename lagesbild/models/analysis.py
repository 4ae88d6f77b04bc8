"""The year's analysis beside the computed problembild (lag 2023:196 § 4, Brå step 3), kept as drafts."""

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .accounts import User
from .base import FREE_TEXT, Base, UTCDateTime, utcnow


class AnalysisDraft(Base):
    """One saved draft of a year's analysis; the newest is the analysis, the earlier ones its history.

    `content` is JSON (lagesbild/analysis/content.py): the text per section and the prioritised problems
    with rank, reasoning and the cause analysis from the place, victims and offenders angles. A draft is
    never changed: saving writes the next number, so who wrote what and when stays visible.
    """

    __tablename__ = "analysis_draft"
    __table_args__ = (UniqueConstraint("year", "number", name="analysis_year_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    content: Mapped[str] = mapped_column(Text, info=FREE_TEXT)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User] = relationship()

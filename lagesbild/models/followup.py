"""The yearly follow-up (Brå step 5): the coordinator's written evaluation of a promise or a measure."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .accounts import User
from .base import FREE_TEXT, Base, UTCDateTime, enum_column, utcnow
from .enums import MeasureOutcome
from .plan import Measure
from .promises import Promise


class Evaluation(Base):
    """The evaluation of one promise or one measure (exactly one of them); rewriting it replaces the text.

    A measure's evaluation also says whether it was carried out as planned (`outcome`); a promise's status
    comes from its counting, milestone or notes, so it has none. A measure whose follow-up date has passed
    without an evaluation is overdue in the follow-up.
    """

    __tablename__ = "evaluation"
    __table_args__ = (CheckConstraint("(promise_id IS NULL) <> (measure_id IS NULL)", name="one_subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    promise_id: Mapped[int | None] = mapped_column(ForeignKey("promise.id", ondelete="CASCADE"), unique=True)
    measure_id: Mapped[int | None] = mapped_column(ForeignKey("measure.id", ondelete="CASCADE"), unique=True)
    outcome: Mapped[MeasureOutcome | None] = mapped_column(enum_column(MeasureOutcome))
    text: Mapped[str] = mapped_column(Text, info=FREE_TEXT)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    promise: Mapped[Promise | None] = relationship()
    measure: Mapped[Measure | None] = relationship()
    author: Mapped[User] = relationship()

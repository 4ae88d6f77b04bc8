"""The åtgärdsplan: the year's measures against the prioritised problems (lag 2023:196)."""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .agreement import AgreementActivity
from .base import FREE_TEXT, Base, UTCDateTime, enum_column, utcnow
from .enums import Horizon, MeasureKind
from .promises import Promise
from .reference import Organisation


class Measure(Base):
    """One measure of a year's åtgärdsplan: what, who, when it is followed up, and what it answers.

    `problem` is the prioritised problem it addresses, as the analysis named it ("Skadegörelse i Berga").
    """

    __tablename__ = "measure"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    what: Mapped[str] = mapped_column(Text, info=FREE_TEXT)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="RESTRICT"))
    horizon: Mapped[Horizon] = mapped_column(enum_column(Horizon))
    kind: Mapped[MeasureKind] = mapped_column(enum_column(MeasureKind))
    problem: Mapped[str] = mapped_column(String(300), default="", info=FREE_TEXT)
    effect_goal: Mapped[str] = mapped_column(Text, info=FREE_TEXT)
    indicator: Mapped[str] = mapped_column(Text, info=FREE_TEXT)
    follow_up_on: Mapped[date] = mapped_column(Date)
    promise_id: Mapped[int | None] = mapped_column(ForeignKey("promise.id", ondelete="RESTRICT"))
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("agreement_activity.id", ondelete="RESTRICT"))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship()
    promise: Mapped[Promise | None] = relationship()
    activity: Mapped[AgreementActivity | None] = relationship()

"""Medborgarlöften (citizen promises) and the police safety survey's published values."""

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import FREE_TEXT, Base, UTCDateTime, utcnow
from .reference import Area, Category, Organisation

promise_organisation = Table(
    "promise_organisation",
    Base.metadata,
    Column("promise_id", ForeignKey("promise.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisation.id", ondelete="RESTRICT"), primary_key=True),
)

promise_category = Table(
    "promise_category",
    Base.metadata,
    Column("promise_id", ForeignKey("promise.id", ondelete="CASCADE"), primary_key=True),
    Column("category_id", ForeignKey("category.id", ondelete="RESTRICT"), primary_key=True),
)


class Promise(Base):
    """A medborgarlöfte for one year: "minst N" activities of the counted subcategories."""

    __tablename__ = "promise"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    text: Mapped[str] = mapped_column(Text, info=FREE_TEXT)
    target: Mapped[int] = mapped_column(Integer)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id", ondelete="RESTRICT"))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    area: Mapped[Area | None] = relationship()
    organisations: Mapped[list[Organisation]] = relationship(secondary=promise_organisation)
    categories: Mapped[list[Category]] = relationship(secondary=promise_category)


class SurveyValue(Base):
    """A published trygghetsmätning value; shown beside our counts, never recomputed."""

    __tablename__ = "survey_value"
    __table_args__ = (UniqueConstraint("year", "area_id", "indicator", name="value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id", ondelete="RESTRICT"))
    indicator: Mapped[str] = mapped_column(String(200))
    value: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(400), default="")
    published: Mapped[date | None] = mapped_column(Date)

    area: Mapped[Area] = relationship()

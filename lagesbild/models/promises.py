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

from .accounts import User
from .agreement import FocusArea
from .base import FREE_TEXT, Base, UTCDateTime, enum_column, utcnow
from .enums import ProcessState, PromiseKind, PublishedKind
from .meetings import Action
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

# The areas a promise counts in; none means the whole municipality.
promise_area = Table(
    "promise_area",
    Base.metadata,
    Column("promise_id", ForeignKey("promise.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("area.id", ondelete="RESTRICT"), primary_key=True),
)

# Meeting actions linked to a promise as evidence of the work done for it.
promise_action = Table(
    "promise_action",
    Base.metadata,
    Column("promise_id", ForeignKey("promise.id", ondelete="CASCADE"), primary_key=True),
    Column("action_id", ForeignKey("action.id", ondelete="CASCADE"), primary_key=True),
)


class PromiseGoal(Base):
    """One of a year's main goals ("Alla ska känna sig trygga ute på kvällen"); promises belong to one."""

    __tablename__ = "promise_goal"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    text: Mapped[str] = mapped_column(Text, info=FREE_TEXT)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Promise(Base):
    """A medborgarlöfte for one year, followed up by its kind.

    count: "minst N" activities of the counted subcategories (optionally only those the responsible
    organisations reported, in the promise's areas, within its window); milestone: done on a date, with a
    reference; process: dated status notes, with counted activities and linked actions as evidence.
    The window (`starts_on`–`ends_on`) lies within `year`; empty ends mean the year's first or last day.
    """

    __tablename__ = "promise"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    kind: Mapped[PromiseKind] = mapped_column(enum_column(PromiseKind), default=PromiseKind.COUNT)
    text: Mapped[str] = mapped_column(Text, info=FREE_TEXT)
    target: Mapped[int | None] = mapped_column(Integer)
    counts_only_responsible: Mapped[bool] = mapped_column(Boolean, default=False)
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("promise_goal.id", ondelete="RESTRICT"))
    focus_area_id: Mapped[int | None] = mapped_column(ForeignKey("focus_area.id", ondelete="RESTRICT"))
    situation: Mapped[str] = mapped_column(Text, default="", info=FREE_TEXT)
    measure: Mapped[str] = mapped_column(Text, default="", info=FREE_TEXT)
    effect: Mapped[str] = mapped_column(Text, default="", info=FREE_TEXT)
    follow_up: Mapped[str] = mapped_column(Text, default="", info=FREE_TEXT)
    milestone_done_on: Mapped[date | None] = mapped_column(Date)
    milestone_reference: Mapped[str] = mapped_column(String(300), default="", info=FREE_TEXT)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    goal: Mapped[PromiseGoal | None] = relationship()
    focus_area: Mapped[FocusArea | None] = relationship()
    areas: Mapped[list[Area]] = relationship(secondary=promise_area, order_by=Area.sort_order)
    organisations: Mapped[list[Organisation]] = relationship(secondary=promise_organisation)
    categories: Mapped[list[Category]] = relationship(secondary=promise_category)
    actions: Mapped[list[Action]] = relationship(secondary=promise_action, order_by=Action.id)
    notes: Mapped[list["PromiseNote"]] = relationship(
        back_populates="promise", order_by="PromiseNote.noted_on.desc(), PromiseNote.id.desc()"
    )

    @property
    def window(self) -> tuple[date, date]:
        """First and last day the promise runs (within its year)."""
        return self.starts_on or date(self.year, 1, 1), self.ends_on or date(self.year, 12, 31)


class PromiseNote(Base):
    """A dated status note on a promise: where the work stands and whether it goes as planned."""

    __tablename__ = "promise_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    promise_id: Mapped[int] = mapped_column(ForeignKey("promise.id", ondelete="CASCADE"), index=True)
    noted_on: Mapped[date] = mapped_column(Date)
    state: Mapped[ProcessState] = mapped_column(enum_column(ProcessState))
    text: Mapped[str] = mapped_column(Text, info=FREE_TEXT)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    promise: Mapped[Promise] = relationship(back_populates="notes")
    author: Mapped[User] = relationship()


class SurveyValue(Base):
    """A published value — the trygghetsmätning's, or the police's count of reported crimes (`kind`) —
    shown beside our counts, never recomputed."""

    __tablename__ = "survey_value"
    __table_args__ = (UniqueConstraint("year", "area_id", "indicator", "kind", name="value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[PublishedKind] = mapped_column(enum_column(PublishedKind), default=PublishedKind.SURVEY)
    year: Mapped[int] = mapped_column(Integer)
    # An area's value; or, without an area, the whole municipality's or a whole town's, named here
    # ("Hela kommunen", "Eslövs tätort") as the survey publishes them beside the areas.
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id", ondelete="RESTRICT"))
    scope_name: Mapped[str] = mapped_column(String(200), default="")
    indicator: Mapped[str] = mapped_column(String(200))
    value: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(400), default="")
    published: Mapped[date | None] = mapped_column(Date)

    area: Mapped[Area | None] = relationship()

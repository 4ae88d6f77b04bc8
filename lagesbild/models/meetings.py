"""Meetings (one per meeting period), attendance, agenda notes and actions."""

from datetime import date, datetime, timedelta

from sqlalchemy import Column, Date, ForeignKey, Integer, String, Table, Text, UniqueConstraint, and_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .accounts import User
from .base import FREE_TEXT, Base, UTCDateTime, enum_column, utcnow
from .enums import ActionStatus, AgendaKind, MeetingStatus
from .observations import Observation
from .reference import Area, Organisation, Place

meeting_attendance = Table(
    "meeting_attendance",
    Base.metadata,
    Column("meeting_id", ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisation.id", ondelete="RESTRICT"), primary_key=True),
)

action_observation = Table(
    "action_observation",
    Base.metadata,
    Column("action_id", ForeignKey("action.id", ondelete="CASCADE"), primary_key=True),
    Column("observation_id", ForeignKey("observation.id", ondelete="RESTRICT"), primary_key=True),
)


class Meeting(Base):
    """The meeting of one period, labelled by ISO week ("v. 47 2026").

    The period runs from the previous meeting day up to the day before this one (see periods.py).
    `snapshot_json` freezes figures, flags, notes and actions at closing.
    """

    __tablename__ = "meeting"
    __table_args__ = (UniqueConstraint("iso_year", "iso_week", name="week"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    iso_year: Mapped[int] = mapped_column(Integer)
    iso_week: Mapped[int] = mapped_column(Integer)
    meeting_date: Mapped[date] = mapped_column(Date)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    status: Mapped[MeetingStatus] = mapped_column(enum_column(MeetingStatus), default=MeetingStatus.OPEN)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    opened_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    snapshot_json: Mapped[str | None] = mapped_column(Text)

    attendees: Mapped[list[Organisation]] = relationship(secondary=meeting_attendance)
    agenda_items: Mapped[list["AgendaItem"]] = relationship(
        back_populates="meeting", order_by="AgendaItem.sort_order", cascade="all, delete-orphan"
    )
    opened_by: Mapped[User] = relationship(foreign_keys=[opened_by_id])
    closed_by: Mapped[User | None] = relationship(foreign_keys=[closed_by_id])

    @property
    def label(self) -> str:
        return f"v. {self.iso_week} {self.iso_year}"


class AgendaItem(Base):
    __tablename__ = "agenda_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    kind: Mapped[AgendaKind] = mapped_column(enum_column(AgendaKind))
    title: Mapped[str] = mapped_column(String(200))
    notes: Mapped[str] = mapped_column(Text, default="", info=FREE_TEXT)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id", ondelete="RESTRICT"))

    meeting: Mapped[Meeting] = relationship(back_populates="agenda_items")


class Action(Base):
    """An åtgärd decided at a meeting; open ones carry forward until klar or avförd."""

    __tablename__ = "action"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200), info=FREE_TEXT)
    description: Mapped[str] = mapped_column(Text, default="", info=FREE_TEXT)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id", ondelete="RESTRICT"), index=True)
    place_id: Mapped[int | None] = mapped_column(ForeignKey("place.id", ondelete="RESTRICT"))
    owner_organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True
    )
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[ActionStatus] = mapped_column(
        enum_column(ActionStatus), default=ActionStatus.OPPEN, index=True
    )
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="RESTRICT"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    area: Mapped[Area | None] = relationship()
    place: Mapped[Place | None] = relationship()
    owner: Mapped[Organisation] = relationship()
    meeting: Mapped[Meeting | None] = relationship()
    observations: Mapped[list[Observation]] = relationship(secondary=action_observation)

    @classmethod
    def overdue_clause(cls, today: date):
        """Open (öppen, pågår) with a due date before `today` (the local date, Europe/Stockholm)."""
        return and_(cls.status.in_(ActionStatus.open_values()), cls.due_on < today)

    @classmethod
    def due_soon_clause(cls, today: date, days: int):
        """Open and due from `today` up to and including `days` days later."""
        return and_(
            cls.status.in_(ActionStatus.open_values()),
            cls.due_on >= today,
            cls.due_on <= today + timedelta(days=days),
        )

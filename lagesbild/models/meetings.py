"""Meetings (one per meeting period), attendance, agenda notes and actions."""

from datetime import date, datetime, timedelta

from sqlalchemy import Column, Date, ForeignKey, Integer, String, Table, Text, UniqueConstraint, and_
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement

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
    # Optimistic check of the agenda notes: a save names the version it started from and is refused,
    # with both texts shown, when someone else saved in between.
    notes_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Why the chair closed before the meeting day: free text, so here and in the record, never in events.
    close_reason: Mapped[str | None] = mapped_column(Text, info=FREE_TEXT)

    attendees: Mapped[list[Organisation]] = relationship(secondary=meeting_attendance)
    agenda_items: Mapped[list["AgendaItem"]] = relationship(
        back_populates="meeting", order_by="AgendaItem.sort_order", cascade="all, delete-orphan"
    )
    opened_by: Mapped[User] = relationship(foreign_keys=[opened_by_id])
    closed_by: Mapped[User | None] = relationship(foreign_keys=[closed_by_id])
    record_versions: Mapped[list["MeetingRecordVersion"]] = relationship(
        back_populates="meeting", order_by="MeetingRecordVersion.version", cascade="all, delete-orphan"
    )

    @property
    def label(self) -> str:
        return f"v. {self.iso_week} {self.iso_year}"

    @property
    def record_version(self) -> int:
        """The version the current (or next) frozen record has: one more than the records replaced."""
        return len(self.record_versions) + 1


class MeetingRecordVersion(Base):
    """A frozen record the chair replaced by reopening the meeting: kept as it was, no longer current."""

    __tablename__ = "meeting_record_version"
    __table_args__ = (UniqueConstraint("meeting_id", "version", name="meeting_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    snapshot_json: Mapped[str] = mapped_column(Text)
    closed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    reopened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reopened_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))

    meeting: Mapped[Meeting] = relationship(back_populates="record_versions")
    closed_by: Mapped[User] = relationship(foreign_keys=[closed_by_id])
    reopened_by: Mapped[User] = relationship(foreign_keys=[reopened_by_id])


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

    # When an action needs attention, written once: the week page, the meeting, the start page, the
    # reminders (mail) and the walks all use these. Only open actions (öppen, pågår) with a due date
    # count; `today` is the Europe/Stockholm date. Overdue: the due date has passed. Due soon: due
    # today or within the next `days` days (not yet overdue).
    @classmethod
    def overdue_clause(cls, today: date) -> ColumnElement[bool]:
        return and_(cls.status.in_(ActionStatus.open_statuses()), cls.due_on < today)

    @classmethod
    def due_soon_clause(cls, today: date, days: int = 7) -> ColumnElement[bool]:
        return and_(
            cls.status.in_(ActionStatus.open_statuses()),
            cls.due_on >= today,
            cls.due_on <= today + timedelta(days=days),
        )

    def is_overdue(self, today: date) -> bool:
        return self.status.is_open and self.due_on is not None and self.due_on < today

    def is_due_soon(self, today: date, days: int = 7) -> bool:
        return (
            self.status.is_open
            and self.due_on is not None
            and today <= self.due_on <= today + timedelta(days=days)
        )

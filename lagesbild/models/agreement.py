"""The samverkansöverenskommelse: the agreement between the municipality and the police area, its focus
areas (samverkansområden) with activities, and its revisions."""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .accounts import User
from .base import FREE_TEXT, Base, UTCDateTime, utcnow


class Agreement(Base):
    """One agreement for a period (e.g. May 2021 – December 2022); a new period is a new agreement."""

    __tablename__ = "agreement"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300), info=FREE_TEXT)
    parties: Mapped[str] = mapped_column(Text, info=FREE_TEXT)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    signed_on: Mapped[date | None] = mapped_column(Date)
    forums: Mapped[str] = mapped_column(Text, default="", info=FREE_TEXT)
    # Who drafts the agreement and follows it up (the kommunpolis and the trygghetssamordnare).
    follow_up_by: Mapped[str] = mapped_column(Text, default="", info=FREE_TEXT)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    focus_areas: Mapped[list["FocusArea"]] = relationship(
        back_populates="agreement", order_by="FocusArea.sort_order, FocusArea.id"
    )
    versions: Mapped[list["AgreementVersion"]] = relationship(
        back_populates="agreement", order_by="AgreementVersion.number"
    )


class FocusArea(Base):
    """A samverkansområde of an agreement ("Trygghet i offentlig miljö")."""

    __tablename__ = "focus_area"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"), index=True)
    # A name, like an area's: audit events may carry names (organisation.deactivate), so a column called
    # "name" is never classified as free text (audit.FREE_TEXT_KEYS goes by column name).
    name: Mapped[str] = mapped_column(String(300))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    agreement: Mapped[Agreement] = relationship(back_populates="focus_areas")
    activities: Mapped[list["AgreementActivity"]] = relationship(
        back_populates="focus_area", order_by="AgreementActivity.id"
    )


class AgreementActivity(Base):
    """An activity of a focus area, with its effect goal (effektmål) and the unit responsible for it."""

    __tablename__ = "agreement_activity"

    id: Mapped[int] = mapped_column(primary_key=True)
    focus_area_id: Mapped[int] = mapped_column(ForeignKey("focus_area.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(400))  # a name (see FocusArea.name)
    effect_goal: Mapped[str] = mapped_column(Text, info=FREE_TEXT)
    responsible: Mapped[str] = mapped_column(String(400), info=FREE_TEXT)

    focus_area: Mapped[FocusArea] = relationship(back_populates="activities")


class AgreementVersion(Base):
    """A decided revision: what changed, when and by whom it was decided. Version 1 is the signed text."""

    __tablename__ = "agreement_version"
    __table_args__ = (UniqueConstraint("agreement_id", "number", name="agreement_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    decided_on: Mapped[date] = mapped_column(Date)
    decided_by: Mapped[str] = mapped_column(String(300), info=FREE_TEXT)
    changes: Mapped[str] = mapped_column(Text, info=FREE_TEXT)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    agreement: Mapped[Agreement] = relationship(back_populates="versions")
    recorded_by: Mapped[User] = relationship()

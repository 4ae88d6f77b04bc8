"""Trygghetsvandringar (safety walks): the plan, the findings recorded on the walk and their photos."""

from datetime import date, datetime

from sqlalchemy import Column, Date, Float, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .accounts import User
from .base import FREE_TEXT, Base, UTCDateTime, enum_column, utcnow
from .enums import FindingCategory, FindingOutcome, WalkStatus
from .meetings import Action
from .promises import Promise
from .reference import Area, Organisation

walk_organiser = Table(
    "walk_organiser",
    Base.metadata,
    Column("walk_id", ForeignKey("walk.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisation.id", ondelete="RESTRICT"), primary_key=True),
)

walk_invited = Table(
    "walk_invited",
    Base.metadata,
    Column("walk_id", ForeignKey("walk.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisation.id", ondelete="RESTRICT"), primary_key=True),
)


class Walk(Base):
    """A planned or held trygghetsvandring. Residents who take part are a number, never names."""

    __tablename__ = "walk"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Gallring (lagesbild/records/) leaves a generic title, so the walk can still be listed and counted.
    title: Mapped[str] = mapped_column(String(200), info={**FREE_TEXT, "gallrad": "Trygghetsvandring"})
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id", ondelete="RESTRICT"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    meeting_point: Mapped[str] = mapped_column(String(200), default="", info=FREE_TEXT)
    # GeoJSON LineString (lon/lat) drawn on the map; a walk may instead (or also) list its stops.
    route_geojson: Mapped[str | None] = mapped_column(Text)
    stops: Mapped[str] = mapped_column(Text, default="", info=FREE_TEXT)
    invitation_text: Mapped[str] = mapped_column(Text, default="", info=FREE_TEXT)
    promise_id: Mapped[int | None] = mapped_column(ForeignKey("promise.id", ondelete="RESTRICT"), index=True)
    status: Mapped[WalkStatus] = mapped_column(enum_column(WalkStatus), default=WalkStatus.PLANERAD)
    held_on: Mapped[date | None] = mapped_column(Date)
    residents_count: Mapped[int | None] = mapped_column(Integer)
    # The walk this one walks again (a re-walk over the same route).
    previous_walk_id: Mapped[int | None] = mapped_column(ForeignKey("walk.id", ondelete="RESTRICT"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    area: Mapped[Area] = relationship()
    promise: Mapped[Promise | None] = relationship()
    organisers: Mapped[list[Organisation]] = relationship(secondary=walk_organiser)
    invited: Mapped[list[Organisation]] = relationship(secondary=walk_invited)
    previous_walk: Mapped["Walk | None"] = relationship(remote_side="Walk.id")
    created_by: Mapped[User] = relationship()
    findings: Mapped[list["WalkFinding"]] = relationship(
        back_populates="walk", order_by="WalkFinding.id", foreign_keys="WalkFinding.walk_id"
    )

    @property
    def is_held(self) -> bool:
        return self.status is WalkStatus.GENOMFORD


class WalkFinding(Base):
    """What the walkers noted at one spot: a category, a short text, photos; later an owner's action."""

    __tablename__ = "walk_finding"
    __table_args__ = (UniqueConstraint("walk_id", "client_key", name="client_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    walk_id: Mapped[int] = mapped_column(ForeignKey("walk.id", ondelete="RESTRICT"), index=True)
    # Made by the browser for each draft, so a draft sent twice (offline, then online) is saved once.
    client_key: Mapped[str] = mapped_column(String(40))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    category: Mapped[FindingCategory] = mapped_column(enum_column(FindingCategory))
    text: Mapped[str] = mapped_column(String(500), default="", info=FREE_TEXT)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The follow-up item (the meetings' action model) the coordinator made of this finding.
    action_id: Mapped[int | None] = mapped_column(ForeignKey("action.id", ondelete="RESTRICT"), index=True)
    # On a re-walk: the earlier finding looked at again, and whether it was fixed.
    earlier_finding_id: Mapped[int | None] = mapped_column(
        ForeignKey("walk_finding.id", ondelete="RESTRICT"), index=True
    )
    outcome: Mapped[FindingOutcome | None] = mapped_column(enum_column(FindingOutcome))

    walk: Mapped[Walk] = relationship(back_populates="findings", foreign_keys=[walk_id])
    author: Mapped[User] = relationship()
    organisation: Mapped[Organisation] = relationship()
    action: Mapped[Action | None] = relationship()
    earlier_finding: Mapped["WalkFinding | None"] = relationship(remote_side="WalkFinding.id")
    photos: Mapped[list["WalkPhoto"]] = relationship(
        back_populates="finding", order_by="WalkPhoto.id", cascade="all, delete-orphan"
    )


class WalkPhoto(Base):
    """A photo re-encoded by the app (no EXIF, no GPS), stored under instance/walk_photos/<token>.jpg."""

    __tablename__ = "walk_photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("walk_finding.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(String(40), unique=True)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    finding: Mapped[WalkFinding] = relationship(back_populates="photos")

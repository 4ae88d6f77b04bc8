"""Observations and the import batches some of them come from."""

from datetime import date, datetime, time
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    and_,
    or_,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement

from .accounts import User
from .base import FREE_TEXT, Base, UTCDateTime, enum_column, utcnow
from .enums import (
    Extent,
    ObservationSource,
    ObservationStatus,
    OrganisationKind,
    ReportedToPolice,
    Sharing,
    TimeBand,
)
from .reference import Area, Category, Organisation, Place

if TYPE_CHECKING:
    from lagesbild.periods import MeetingPeriod

DESCRIPTION_MAX = 2000


class ImportBatch(Base):
    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    row_count: Mapped[int] = mapped_column(Integer, default=0)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Observation(Base):
    """What a member saw: when, where, what, how much. About places, never identifiable people.

    `occurred_on` is the local (Europe/Stockholm) calendar date; `created_at` is when it was reported,
    in UTC. A period shows observations that occurred in it plus those reported in it about earlier
    dates. `locked_at` is set when the meeting that showed it is closed.
    """

    __tablename__ = "observation"
    __table_args__ = (
        CheckConstraint("count IS NULL OR count >= 1", name="count_positive"),
        CheckConstraint("lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180", name="point_valid"),
        Index("ix_observation_period", "occurred_on", "area_id", "category_id"),
        Index("ix_observation_reported", "created_at"),
        # A member's own rows (lagesbild/observations/queries.py): the distinct active days of
        # /mina-iakttagelser index-only, a period's own rows and the newest few hundred per status for
        # the form's recent places, each a range of this index, however much the member has reported.
        Index("ix_observation_author", "author_id", "status", "occurred_on"),
        # The week page (lagesbild/meeting): counts read only this covering index; the newest points of a
        # period walk ix_observation_day backwards (rowid order within a day) and stop at the cap.
        Index(
            "ix_observation_week_counts",
            "occurred_on",
            "status",
            "area_id",
            "category_id",
            "organisation_id",
            "time_band",
        ),
        Index("ix_observation_day", "occurred_on"),
        # Reported in the period about earlier dates ("sent inrapporterat") and who has reported.
        Index("ix_observation_late", "created_at", "occurred_on", "status", "organisation_id", "sharing"),
        # Promise counting (lagesbild/promises/progress.py): a few activity subcategories over a year.
        # Led by the category, the range reads only those rows (ix_observation_week_counts, led by the
        # day, reads every category of the year); the organisation makes the grouping index-only, and
        # sharing the public count (the public problembild) too: 5 s less at 5M (migration 0016).
        Index(
            "ix_observation_promise",
            "category_id",
            "occurred_on",
            "status",
            "area_id",
            "organisation_id",
            "sharing",
        ),
        # The group list (lagesbild/observations/queries.py::group_list): the period's own rows walked in the
        # list's order (date, time) and stopped at the page, their visibility (sharing, organisation) and
        # filters read from the index, so the counts of a week are index-only too.
        Index(
            "ix_observation_list",
            "occurred_on",
            "time_of_day",
            "status",
            "sharing",
            "organisation_id",
            "area_id",
            "category_id",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_on: Mapped[date] = mapped_column(Date)
    time_of_day: Mapped[time | None] = mapped_column(Time)
    # Derived from time_of_day when one is given, so every timed observation has a band.
    time_band: Mapped[TimeBand | None] = mapped_column(enum_column(TimeBand))
    place_id: Mapped[int | None] = mapped_column(ForeignKey("place.id", ondelete="RESTRICT"), index=True)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id", ondelete="RESTRICT"))
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id", ondelete="RESTRICT"))
    extent: Mapped[Extent] = mapped_column(enum_column(Extent), default=Extent.ENSTAKA)
    count: Mapped[int | None] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text, info=FREE_TEXT)
    reported_to_police: Mapped[ReportedToPolice] = mapped_column(
        enum_column(ReportedToPolice), default=ReportedToPolice.VET_EJ
    )
    sharing: Mapped[Sharing] = mapped_column(enum_column(Sharing), default=Sharing.GRUPPEN)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    status: Mapped[ObservationStatus] = mapped_column(
        enum_column(ObservationStatus), default=ObservationStatus.ACTIVE
    )
    source: Mapped[ObservationSource] = mapped_column(
        enum_column(ObservationSource), default=ObservationSource.FORM
    )
    # One-time form token (double clicks) or a hash of the imported row (re-imports).
    dedup_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id", ondelete="RESTRICT"))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Why the chair or coordinator last corrected it, and why it was withdrawn. Reasons are free text,
    # so they live here (the current one only), never in the audit trail.
    correction_reason: Mapped[str | None] = mapped_column(Text, info=FREE_TEXT)
    withdrawal_reason: Mapped[str | None] = mapped_column(Text, info=FREE_TEXT)

    place: Mapped[Place | None] = relationship()
    area: Mapped[Area] = relationship()
    category: Mapped[Category] = relationship()
    # What it was posted under, once a merge moved it (reference_admin): None until then.
    posted_under: Mapped["PostedUnder | None"] = relationship()
    organisation: Mapped[Organisation] = relationship()
    author: Mapped[User] = relationship()

    @property
    def is_active(self) -> bool:
        return self.status is ObservationStatus.ACTIVE

    # What a period shows, written once: the week page, the group list, "who has reported" and closing
    # a meeting all use these clauses. Days are Europe/Stockholm dates; the reporting window is the
    # period's local days in UTC (MeetingPeriod.reported_from/reported_until).
    @classmethod
    def occurred_in(cls, period: "MeetingPeriod") -> ColumnElement[bool]:
        """Occurred on one of the period's days."""
        return cls.occurred_on.between(period.start, period.end)

    @classmethod
    def reported_late_in(cls, period: "MeetingPeriod") -> ColumnElement[bool]:
        """Reported in the period about a date before it ("sent inrapporterat"); after an early close of
        the previous meeting the window starts at that close (MeetingPeriod.reported_late_from)."""
        return and_(
            cls.created_at >= period.reported_late_from,
            cls.created_at < period.reported_until,
            cls.occurred_on < period.start,
        )

    @classmethod
    def in_period(cls, period: "MeetingPeriod") -> ColumnElement[bool]:
        """Shown in the period: occurred in it, or reported in it about an earlier date."""
        return or_(cls.occurred_in(period), cls.reported_late_in(period))

    @classmethod
    def filtered(
        cls,
        category: str | None = None,
        area_id: int | None = None,
        organisation_kind: OrganisationKind | str | None = None,
        time_band: TimeBand | str | None = None,
    ) -> list[ColumnElement[bool]]:
        """The listings' filters (week page, group list): None leaves a filter out. `category` is a
        top code (its subcategories) or a subcategory code (Category.in_tree)."""
        # Categories and organisations are small id lists, so no join on the big side.
        clauses = []
        if category:
            clauses.append(cls.category_id.in_(select(Category.id).where(Category.in_tree(category))))
        if area_id:
            clauses.append(cls.area_id == area_id)
        if organisation_kind:
            kind = OrganisationKind(organisation_kind)
            clauses.append(cls.organisation_id.in_(select(Organisation.id).where(Organisation.kind == kind)))
        if time_band:
            clauses.append(cls.time_band == TimeBand(time_band))
        return clauses

    def __repr__(self) -> str:
        return f"<Observation {self.id} {self.occurred_on}>"


class PostedUnder(Base):
    """The category and place an observation was posted under, kept when the coordinator merges that
    category or place into another: the observation then counts under the one it was merged into
    (category_id, place_id), and its page still says what the member chose."""

    __tablename__ = "observation_posted_under"

    observation_id: Mapped[int] = mapped_column(
        ForeignKey("observation.id", ondelete="CASCADE"), primary_key=True
    )
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id", ondelete="RESTRICT"))
    place_id: Mapped[int | None] = mapped_column(ForeignKey("place.id", ondelete="RESTRICT"))

    category: Mapped[Category] = relationship()
    place: Mapped[Place | None] = relationship()

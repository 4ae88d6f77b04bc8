"""Reference data: organisations, areas, places, categories. Deactivated, never deleted."""

from datetime import datetime

from sqlalchemy import Boolean, Column, Float, ForeignKey, Integer, String, Table, Text, or_, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement

from lagesbild.text import LIKE_ESCAPE, like_literal, swedish_key

from .base import Base, UTCDateTime, enum_column, utcnow
from .enums import OrganisationKind

# Which subcategories an organisation usually reports: they come first in its members' category list.
organisation_category = Table(
    "organisation_category",
    Base.metadata,
    Column("organisation_id", ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True),
    Column("category_id", ForeignKey("category.id", ondelete="RESTRICT"), primary_key=True),
)


class Organisation(Base):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[OrganisationKind] = mapped_column(enum_column(OrganisationKind))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The row's name (a category's code) in the reference set it came from: `setup` and `reference
    # import` match on it, so a row the group renamed is not added again. None: made in the app.
    source_key: Mapped[str | None] = mapped_column(String(200))

    users: Mapped[list["User"]] = relationship(back_populates="organisation")  # noqa: F821
    usual_categories: Mapped[list["Category"]] = relationship(secondary=organisation_category)

    @classmethod
    def active_in_swedish_order(cls, session: Session, *where: ColumnElement[bool]) -> list["Organisation"]:
        """Active organisations (narrowed by `where`), ordered by name the Swedish way (… Z Å Ä Ö)."""
        # Sorted in Python: the databases' collations differ, and a municipality has few organisations.
        organisations = session.scalars(select(cls).where(cls.is_active.is_(True), *where))
        return sorted(organisations, key=lambda org: swedish_key(org.name))

    def __repr__(self) -> str:
        return f"<Organisation {self.name!r}>"


class Area(Base):
    """A delområde: the police safety survey's sub-areas and the municipality's other localities."""

    __tablename__ = "area"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    # GeoJSON Polygon/MultiPolygon geometry (lon/lat); optional, most areas are assigned by place.
    geojson: Mapped[str | None] = mapped_column(Text)
    centre_lat: Mapped[float] = mapped_column(Float)
    centre_lon: Mapped[float] = mapped_column(Float)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The bundled sets' polygons are drawn from centres and localities, not surveyed: the UI and the
    # exports say "ungefärlig gräns" until the municipality uploads its own.
    boundary_is_approximate: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(400), default="")
    # The row's name (a category's code) in the reference set it came from: `setup` and `reference
    # import` match on it, so a row the group renamed is not added again. None: made in the app.
    source_key: Mapped[str | None] = mapped_column(String(200))

    places: Mapped[list["Place"]] = relationship(back_populates="area")

    def __repr__(self) -> str:
        return f"<Area {self.name!r}>"


class Place(Base):
    """A named place from the gazetteer; approximate pins are flagged for the coordinator to fix."""

    __tablename__ = "place"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), unique=True)
    kind: Mapped[str] = mapped_column(String(120), default="")
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id", ondelete="RESTRICT"), index=True)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    approximate: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(400), default="")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Other names members use ("Stinsen"), separated by ";": the place field finds the place by them.
    aliases: Mapped[str] = mapped_column(String(400), default="")
    # The row's name (a category's code) in the reference set it came from: `setup` and `reference
    # import` match on it, so a row the group renamed is not added again. None: made in the app.
    source_key: Mapped[str | None] = mapped_column(String(200))

    area: Mapped[Area] = relationship(back_populates="places")

    @property
    def alias_list(self) -> list[str]:
        return [alias.strip() for alias in self.aliases.split(";") if alias.strip()]

    def __repr__(self) -> str:
        return f"<Place {self.name!r}>"


class Category(Base):
    """Two levels: a top category (code "SKG") and its subcategories (code "SKG.KLOTTER")."""

    __tablename__ = "category"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("category.id", ondelete="RESTRICT"), index=True)
    colour: Mapped[str] = mapped_column(String(7), default="#555555")
    # AKT: activities (patrols, safety walks …) that count towards promises, not problems.
    is_activity: Mapped[bool] = mapped_column(Boolean, default=False)
    description: Mapped[str] = mapped_column(String(400), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The row's name (a category's code) in the reference set it came from: `setup` and `reference
    # import` match on it, so a row the group renamed is not added again. None: made in the app.
    source_key: Mapped[str | None] = mapped_column(String(200))

    parent: Mapped["Category | None"] = relationship(remote_side="Category.id", back_populates="children")
    children: Mapped[list["Category"]] = relationship(back_populates="parent")

    @classmethod
    def in_tree(cls, code: str) -> ColumnElement[bool]:
        """The category `code` and, for a top category ("SKG"), its subcategories ("SKG.…")."""
        # The code comes from the query string: % and _ in it are literal characters, not wildcards.
        return or_(cls.code == code, cls.code.like(like_literal(code) + ".%", escape=LIKE_ESCAPE))

    @property
    def top_code(self) -> str:
        return self.code.split(".", 1)[0]

    @property
    def full_name(self) -> str:
        return f"{self.parent.name}: {self.name}" if self.parent else self.name

    def __repr__(self) -> str:
        return f"<Category {self.code}>"

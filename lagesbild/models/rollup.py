"""The weekly roll-up of observation counts that the week page reads instead of the raw rows."""

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class WeekCount(Base):
    """How many active observations of one subcategory occurred in one area in one meeting period.

    Keyed by the period's last day (the day before the meeting weekday, lagesbild/periods.py), area and
    subcategory: nothing the week page filters by less often. At 1M uniform observations a week holds
    ≈ 6 400 of them in ≈ 890 cells, so the page's ten weeks are ≈ 9 000 cells instead of 64 000 index
    entries; a finer key (day, organisation kind, time band, sharing) held almost one cell per
    observation and helped nothing (docs/performance.md). Counts do not depend on who looks, so there
    is no sharing or organisation here; the page's organisation-kind and time-band filters read the
    raw rows. Maintained in the writing transaction (lagesbild/rollup/operations.py).
    """

    __tablename__ = "observation_week_count"
    # SQLite stores the rows in primary-key order (period first), so each period is one range read.
    __table_args__ = ({"sqlite_with_rowid": False},)

    period_end: Mapped[date] = mapped_column(Date, primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id", ondelete="RESTRICT"), primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id", ondelete="RESTRICT"), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


# The problembild's and the promise counts' roll-ups (issue #12, docs/performance.md "The problembild
# and the promise counts from roll-ups"). Each cell holds two counts: `n`, the active observations, and
# `n_public`, those of them shared with the group (observations.visibility.public_clause), so the public
# variant reads the same cells. Keys hold no NULL: a NULL in a unique key is distinct from every other
# NULL, so ON CONFLICT would add a new row per post instead of adding to the cell; "no place" is place
# id 0 and "no time band" is ''. All are maintained in the writing transaction (lagesbild/rollup/).


class MonthCount(Base):
    """Active observations per calendar month, area, place (0: none) and subcategory: the problembild's
    month × area × place × category counts (problembild/queries.rolled_period_counts)."""

    __tablename__ = "observation_month_count"
    __table_args__ = ({"sqlite_with_rowid": False},)

    month: Mapped[date] = mapped_column(Date, primary_key=True)  # the month's first day
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id", ondelete="RESTRICT"), primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id", ondelete="RESTRICT"), primary_key=True)
    place_id: Mapped[int] = mapped_column(Integer, primary_key=True)  # 0: no place (no FK: 0 is no row)
    n: Mapped[int] = mapped_column(Integer)
    n_public: Mapped[int] = mapped_column(Integer)


class DayCount(Base):
    """Active observations per day, time band ('' when none) and reporting organisation: the
    problembild's årshjul, weeks and reporting coverage (problembild/queries.rolled_day_counts)."""

    __tablename__ = "observation_day_count"
    __table_args__ = ({"sqlite_with_rowid": False},)

    occurred_on: Mapped[date] = mapped_column(Date, primary_key=True)
    time_band: Mapped[str] = mapped_column(String(8), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), primary_key=True
    )
    n: Mapped[int] = mapped_column(Integer)
    n_public: Mapped[int] = mapped_column(Integer)


class ActivityMonthCount(Base):
    """Active observations per calendar month, subcategory, area and reporting organisation: the whole
    months of the medborgarlöften's counting windows (promises/progress.py)."""

    __tablename__ = "observation_activity_month"
    __table_args__ = ({"sqlite_with_rowid": False},)

    month: Mapped[date] = mapped_column(Date, primary_key=True)  # the month's first day
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id", ondelete="RESTRICT"), primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id", ondelete="RESTRICT"), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), primary_key=True
    )
    n: Mapped[int] = mapped_column(Integer)
    n_public: Mapped[int] = mapped_column(Integer)

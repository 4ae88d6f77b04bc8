"""The weekly roll-up of observation counts that the week page reads instead of the raw rows."""

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer
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

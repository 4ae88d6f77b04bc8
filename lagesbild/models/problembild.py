"""The problembild's covering index on observations, and the version its report cache is keyed by.

The yearly report groups a year of observations by month × area × place × category and by day × time
band, for the internal variant and (filtering on sharing) for the public one. With every column those
queries read in one index, the database answers from the index alone instead of visiting each row:
at a million observations that is the difference between seconds and a fraction of one.
"""

from sqlalchemy import BigInteger, Index, Integer
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base
from .observations import Observation

ix_observation_problembild = Index(
    "ix_observation_problembild",
    Observation.occurred_on,
    Observation.status,
    Observation.sharing,
    Observation.area_id,
    Observation.category_id,
    Observation.place_id,
    Observation.time_band,
)

# The day × time band × organisation counts (queries.day_counts) read in their GROUP BY's order, so
# the database adds up each group as it walks the year's index entries instead of sorting a year of
# them first: 0.7 → 0.2 s of SQLite's time at 5M (docs/performance.md, "The export at 5M"). Status and
# sharing, filtered per entry, keep it index-only for both variants.
# Since 0017 the report reads the day roll-up (rolled_day_counts) instead, so only day_counts, the raw
# reading that roll-up is tested against, and the roll-up's own rebuild and check group the rows this
# way; whether the index still earns its write cost (docs/performance.md) is an open question.
ix_observation_problembild_days = Index(
    "ix_observation_problembild_days",
    Observation.occurred_on,
    Observation.time_band,
    Observation.organisation_id,
    Observation.status,
    Observation.sharing,
)


class ReportDataVersion(Base):
    """One row with a random value added by every transaction that writes a table the problembild reads.

    The report cache (lagesbild/report_cache.py) keys its entries by the rows' count and sum,
    read in the request: a write committed anywhere (any worker process, any server) adds a row, so no
    entry built before the write can be found again. Rows are only ever added (old ones pruned now and
    then), so concurrent writers never wait for one another's lock here; random values, not counters,
    so that emptying or restoring the database can never bring back a key an entry was built under.
    """

    __tablename__ = "report_data_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)

"""The problembild's covering index on observations.

The yearly report groups a year of observations by month × area × place × category and by day × time
band, for the internal variant and (filtering on sharing) for the public one. With every column those
queries read in one index, the database answers from the index alone instead of visiting each row:
at a million observations that is the difference between seconds and a fraction of one.
"""

from sqlalchemy import Index

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

"""The public problembild counts only active observations shared with the group (a small world, fast)."""

from datetime import date

from lagesbild.models import ObservationStatus, Sharing
from lagesbild.problembild.report import build_report


def test_public_total_leaves_out_restricted_and_withdrawn_observations(make_observation, db_read):
    # Six alike, so that no table of the public variant has a small count to hide.
    june = date(2025, 6, 3)
    for _ in range(6):
        make_observation("SKG.KLOTTER", "Berga", occurred_on=june)
    make_observation("SKG.KLOTTER", "Berga", occurred_on=june, sharing=Sharing.BEGRANSAD)
    make_observation("SKG.KLOTTER", "Berga", occurred_on=june, status=ObservationStatus.WITHDRAWN)
    internal = db_read(lambda session: build_report(session, date(2025, 1, 1), date(2025, 12, 31)))
    public = db_read(lambda session: build_report(session, date(2025, 1, 1), date(2025, 12, 31), public=True))
    assert (internal.total, public.total) == (7, 6)

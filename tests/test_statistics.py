"""After an import the planner knows the table's new size: the import runs ANALYZE itself (issue #12),
so the first week page after a large import is not planned as if the rows were not there."""

import pytest
from sqlalchemy import func, select, text

from lagesbild.models import Observation, OrganisationKind

from .test_import import SAMPLE, _suggested, _upload


@pytest.fixture
def guard_company(make_org):
    return make_org("Securitas Eslöv", OrganisationKind.BEVAKNINGSBOLAG)


def _planner_rows(session) -> int | None:
    """The row count the planner believes the observation table has (None: never analyzed)."""
    if session.get_bind().dialect.name == "sqlite":
        has_stats = session.scalar(text("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"))
        if not has_stats:
            return None
        stat = session.scalar(text("SELECT stat FROM sqlite_stat1 WHERE tbl = 'observation' LIMIT 1"))
        return int(stat.split()[0]) if stat else None
    return int(session.scalar(text("SELECT reltuples FROM pg_class WHERE relname = 'observation'")))


def test_an_import_leaves_the_planner_statistics_up_to_date(
    client, login_as, coordinator, guard_company, reference, make_observation, db_read
):
    make_observation()  # one row before: the statistics must count the imported ones as well
    login_as(coordinator)
    response = _upload(client, SAMPLE.read_bytes(), guard_company.id, "bevakning-vecka.csv")
    preview = client.get(response.location).get_data(as_text=True)
    assert client.post(response.location + "/genomfor", data=_suggested(preview)).status_code == 302
    assert db_read(lambda s: s.scalar(select(func.count(Observation.id)))) == 7
    assert db_read(_planner_rows) == 7

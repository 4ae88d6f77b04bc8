"""The export's grouped scans (issue #12 item 6): run at once on connections of their own they read one
snapshot and give the very files that running them in turn gives; the month index and the per-day
index that made them cheaper change no figure."""

import io
import zipfile
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from lagesbild.extensions import db
from lagesbild.models import Observation
from lagesbild.problembild import queries
from lagesbild.problembild.export import write_all
from lagesbild.problembild.report import build_report

from .support import statements_sent

NOW = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)


def _files(paths) -> dict[str, object]:
    files = {path.suffix: path.read_bytes() for path in paths}
    # The workbook is a zip whose entries carry the time they were written; its contents must agree.
    with zipfile.ZipFile(io.BytesIO(files[".xlsx"])) as book:
        files[".xlsx"] = {name: book.read(name) for name in book.namelist() if name != "docProps/core.xml"}
    return files


def test_the_files_are_the_same_whether_the_scans_run_at_once_or_in_turn(problembild_world, app, tmp_path):
    # 14 months across a year's end: the month index runs on past 11 and restarts nowhere.
    start, end = date(2024, 11, 15), date(2025, 12, 31)
    with app.app_context():
        for public in (False, True):
            files = {}
            for parallel in (False, True):
                db.session.rollback()  # unfixed snapshot: SQLite's parallel path needs one
                report = build_report(db.session, start, end, public=public, now=NOW, parallel=parallel)
                with app.test_request_context():
                    files[parallel] = _files(write_all(report, tmp_path / f"{public}-{parallel}"))
            assert sorted(files[True]) == [".csv", ".geojson", ".html", ".xlsx"]
            assert files[True] == files[False]
            shown = problembild_world.total_public if public else problembild_world.total_internal
            assert report.total == shown + 2  # with the two of 30 December 2024


def test_the_month_index_counts_calendar_months_from_the_first(problembild_world, app):
    start, end = date(2024, 3, 10), date(2025, 12, 31)
    with app.app_context():
        frame = queries.period_counts(
            db.session, queries.observation_filter(start, end, False), start, end, with_places=False
        )
    # March 2024 is 0, December 2024 9, March 2025 12 … December 2025 21 (the withdrawn one not at all)
    assert frame.groupby("month")["n"].sum().to_dict() == {
        0: 6, 9: 2, 12: 17, 14: 3, 15: 2, 16: 1, 17: 1, 18: 7, 21: 4
    }  # fmt: skip


def test_the_scans_read_the_snapshot_of_the_moment_they_opened(problembild_world, app, make_observation):
    where = queries.observation_filter(date(2025, 1, 1), date(2025, 12, 31), False)
    with app.app_context():
        db.session.rollback()
        with queries.snapshot_connections(db.session, 2) as connections:
            assert connections is not None
            with app.app_context():  # another session: a post committed while the export runs
                make_observation("SKG.KLOTTER", author=problembild_world.member, occurred_on=date(2025, 6, 1))
            counts = [int(queries.day_counts(c, where, True)["n"].sum()) for c in connections]
        assert counts == [problembild_world.total_internal] * 2
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(Observation).where(where)) == (
            problembild_world.total_internal + 1
        )


@pytest.mark.sqlite_only
@pytest.mark.parametrize("public", [False, True])
def test_the_day_counts_sum_in_index_order_without_sorting_the_year(problembild_world, app, public):
    with app.app_context():
        with statements_sent(db.engine) as statements:
            queries.day_counts(
                db.session,
                queries.observation_filter(date(2025, 1, 1), date(2025, 12, 31), public),
                not public,
            )
        statement, parameters = statements[-1]
        raw = db.session.connection().connection.dbapi_connection
        plan = " | ".join(row[-1] for row in raw.execute("EXPLAIN QUERY PLAN " + statement, parameters))
    assert "COVERING INDEX ix_observation_problembild_days" in plan
    assert "TEMP B-TREE" not in plan


@pytest.mark.sqlite_only
@pytest.mark.parametrize("public", [False, True])
def test_the_report_reads_observations_from_covering_indexes_only(problembild_world, app, public):
    # Ragged ends: the counts of the whole months come from the roll-ups, the edge days from the rows.
    with app.app_context():
        with statements_sent(db.engine) as statements:
            build_report(db.session, date(2025, 1, 10), date(2025, 12, 20), public=public, now=NOW)
        raw = db.session.connection().connection.dbapi_connection
        plans = {
            statement: [row[-1] for row in raw.execute("EXPLAIN QUERY PLAN " + statement, parameters)]
            for statement, parameters in statements
            if "FROM observation" in statement
        }
    reads = [line for lines in plans.values() for line in lines if " observation " in f"{line} "]
    assert len(plans) >= 3 and reads  # the month and day roll-ups, the edge days (and promise counts)
    # A read of the year's rows themselves, at 5M ≈ 1M table lookups, would say "USING INDEX" or "SCAN".
    assert [line for line in reads if "COVERING INDEX" not in line] == []

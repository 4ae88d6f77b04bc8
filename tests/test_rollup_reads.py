"""The problembild's and the promise counts' roll-ups (lagesbild/rollup, issue #12): read instead of the
raw rows, they give the very figures the raw rows give, and every kind of write keeps them equal."""

import random
from datetime import date, time, timedelta

import pandas as pd
import pytest
from sqlalchemy import func, select, update

from lagesbild.models import (
    ActivityMonthCount,
    Category,
    DayCount,
    MonthCount,
    Observation,
    ObservationStatus,
    Place,
    Role,
    Sharing,
    WeekCount,
)
from lagesbild.problembild import queries
from lagesbild.promises.progress import (
    CountRule,
    _done_in_windows,
    activity_cells,
    counting_cells,
    done_by_promise,
)
from lagesbild.reference_admin.operations import merge_category, merge_place
from lagesbild.rollup.queries import differences

BANDS = (None, "dag", "kvall", "natt")


def _mixed_rows(session, make_user, make_org, count: int = 90) -> None:
    """Observations from November 2024 to December 2025 (fixed seed): every sharing, withdrawn ones,
    places and none, time bands and none, three organisations."""
    rng = random.Random(12)
    authors = [make_user(Role.MEMBER, organisation=make_org(f"Org {i}")) for i in range(3)]
    places = session.scalars(select(Place).order_by(Place.id).limit(6)).all()
    categories = session.scalars(
        select(Category).where(Category.parent_id.is_not(None)).order_by(Category.id).limit(5)
    ).all()
    for _ in range(count):
        place, author = rng.choice(places), session.merge(rng.choice(authors))
        session.add(
            Observation(
                occurred_on=date(2024, 11, 1) + timedelta(days=rng.randrange(426)),
                time_of_day=time(12, 0),
                time_band=rng.choice(BANDS),
                place=place if rng.random() < 0.7 else None,
                lat=place.lat,
                lon=place.lon,
                area_id=place.area_id,
                category=rng.choice(categories),
                description="Iakttagelse.",
                sharing=rng.choice(("gruppen", "gruppen", "begransad")),
                status=ObservationStatus.WITHDRAWN if rng.random() < 0.15 else ObservationStatus.ACTIVE,
                author=author,
                organisation_id=author.organisation_id,
            )
        )
    session.commit()


def _plain(value):
    if value is None or (isinstance(value, float) and value != value):
        return -1  # no place / no organisation column: None or NaN alike
    return int(value) if isinstance(value, float) else value


def _sorted(frame: pd.DataFrame) -> list[tuple]:
    """A frame's rows as comparable tuples."""
    return sorted(tuple(map(_plain, row)) for row in frame.itertuples(index=False, name=None))


PERIODS = [
    (date(2025, 1, 1), date(2025, 12, 31)),  # whole months only
    (date(2024, 11, 15), date(2025, 12, 20)),  # ragged at both ends, across a year's end
    (date(2025, 3, 10), date(2025, 3, 20)),  # inside one month: no whole month at all
    (date(2025, 2, 1), date(2025, 4, 13)),  # whole at the start, ragged at the end
]


def test_the_problembild_counts_from_the_roll_ups_are_the_raw_rows_counts(
    database, reference, make_user, make_org
):
    _mixed_rows(database, make_user, make_org)
    assert differences(database) == []
    for start, end in PERIODS:
        for public in (False, True):
            where = queries.observation_filter(start, end, public)
            for with_places in (False, True):
                rolled = queries.rolled_period_counts(database, start, end, public, with_places)
                raw = queries.period_counts(database, where, start, end, with_places)
                assert _sorted(rolled) == _sorted(raw), (start, end, public, with_places)
                assert list(rolled.columns) == list(raw.columns)
            for with_organisations in (False, True):
                rolled = queries.rolled_day_counts(database, start, end, public, with_organisations)
                raw = queries.day_counts(database, where, with_organisations)
                assert _sorted(rolled) == _sorted(raw), (start, end, public, with_organisations)
    # The data has what the comparison is about: restricted, withdrawn and place-less rows in the year.
    year = queries.observation_filter(date(2025, 1, 1), date(2025, 12, 31), False)
    assert database.scalar(select(func.count()).where(year, Observation.place_id.is_(None))) > 0
    assert database.scalar(select(func.sum(MonthCount.n - MonthCount.n_public))) > 0
    assert database.scalar(select(func.count()).where(Observation.status == ObservationStatus.WITHDRAWN)) > 0


def test_the_problembild_reads_no_raw_row_for_whole_months(database, reference, make_user, make_org):
    """Emptying the raw rows' table behind the roll-ups' back (as hand-run SQL would) leaves a year of
    whole months with all its counts: they come from the roll-ups; a ragged period's edge days do not."""
    _mixed_rows(database, make_user, make_org, count=40)
    start, end = date(2025, 1, 1), date(2025, 12, 31)
    before = int(queries.rolled_period_counts(database, start, end, False, True)["n"].sum())
    ragged = int(queries.rolled_period_counts(database, start, date(2025, 12, 20), False, True)["n"].sum())
    database.execute(update(Observation).values(status=ObservationStatus.WITHDRAWN))
    assert int(queries.rolled_period_counts(database, start, end, False, True)["n"].sum()) == before > 0
    assert int(queries.rolled_day_counts(database, start, end, False, True)["n"].sum()) == before
    after = int(queries.rolled_period_counts(database, start, date(2025, 12, 20), False, True)["n"].sum())
    assert after < ragged  # 21–31 December: its rows were read
    database.rollback()


@pytest.mark.parametrize("broken", ["month", "day", "activity"])
def test_rollup_check_names_a_broken_problembild_cell_in_swedish(
    database, runner, reference, make_user, make_org, broken
):
    _mixed_rows(database, make_user, make_org, count=10)
    assert runner.invoke(args=["rollup", "check"]).exit_code == 0
    model = {"month": MonthCount, "day": DayCount, "activity": ActivityMonthCount}[broken]
    database.execute(update(model).values(n_public=model.n_public + 1))
    database.commit()
    result = runner.invoke(args=["rollup", "check"])
    assert result.exit_code == 1
    label = {"month": "Månader: månad ", "day": "Dagar: dag ", "activity": "Aktiviteter per månad: månad "}[
        broken
    ]
    assert label in result.output and "(delade med gruppen" in result.output
    assert "rollup rebuild" in result.output
    assert runner.invoke(args=["rollup", "rebuild"]).exit_code == 0
    assert runner.invoke(args=["rollup", "check"]).exit_code == 0


def _merged(rules: list[CountRule], cells) -> dict:
    """counted_cells' grouping: per subcategory, area and the rules that count the cell."""
    merged: dict = {}
    for cell in cells:
        key = (cell.category_id, cell.area_id, tuple(r.promise_id for r in rules if r.counts(cell)))
        merged[key] = merged.get(key, 0) + cell.n
    return {key: n for key, n in merged.items() if n}


def test_the_promise_counts_from_the_roll_up_are_the_raw_rows_counts(
    database, reference, make_user, make_org
):
    _mixed_rows(database, make_user, make_org)
    categories = sorted(set(database.scalars(select(Observation.category_id))))
    organisations = sorted(set(database.scalars(select(Observation.organisation_id))))
    areas = sorted(set(database.scalars(select(Observation.area_id))))
    year = (date(2025, 1, 1), date(2025, 12, 31))
    rules = [
        CountRule(1, frozenset(categories), frozenset(), None, year),
        CountRule(2, frozenset(categories[:3]), frozenset(), None, (date(2025, 3, 10), date(2025, 8, 20))),
        CountRule(
            3, frozenset(categories[1:]), frozenset(areas[:2]), None, (date(2025, 2, 1), date(2025, 4, 30))
        ),
        # counts_only_responsible: one organisation's rows only, a window ending mid-month
        CountRule(
            4, frozenset(categories), frozenset(), frozenset(organisations[:1]), (year[0], date(2025, 10, 14))
        ),
    ]
    category_ids = set(categories)
    for as_of in (
        date(2025, 6, 15),
        date(2025, 5, 31),
        date(2025, 12, 31),
        date(2026, 2, 1),
        date(2024, 12, 31),
    ):
        for public in (False, True):
            raw = activity_cells(database, 2025, as_of, category_ids, public)
            rolled = counting_cells(database, 2025, as_of, rules, public)
            expected = done_by_promise(rules, raw)
            assert _done_in_windows(database, 2025, as_of, rules, public) == expected, (as_of, public)
            assert done_by_promise(rules, rolled) == expected, (as_of, public)
            assert _merged(rules, rolled) == _merged(rules, raw), (as_of, public)
            if as_of == date(2025, 12, 31):
                assert len(rolled) < len(raw)  # whole months are one cell each
    assert (
        min(done_by_promise(rules, activity_cells(database, 2025, year[1], category_ids, True)).values()) > 0
    )


def _totals(session) -> dict[str, tuple[int, int]]:
    """Each roll-up's total (n, n_public) and the raw rows' (active, active and shared)."""
    active = Observation.status == ObservationStatus.ACTIVE
    shared = Observation.sharing == Sharing.GRUPPEN
    totals = {
        "raw": tuple(session.scalar(select(func.count()).where(active, *extra)) for extra in ((), (shared,)))
    }
    for model in (MonthCount, DayCount, ActivityMonthCount):
        totals[model.__tablename__] = tuple(
            session.execute(select(func.sum(model.n), func.sum(model.n_public))).one()
        )
    week = session.scalar(select(func.sum(WeekCount.n)))
    totals["observation_week_count"] = (week, totals["raw"][1])
    return totals


def test_a_post_each_kind_of_edit_a_withdrawal_and_merges_keep_every_roll_up_equal_to_the_rows(
    database, reference, make_user, make_org, make_observation
):
    """One observation moved along every key in turn (area with place, place to none, category,
    organisation, sharing, day across a month, time band to none), withdrawn and restored, and the
    place and category merges: after each write every cell of every roll-up equals the raw rows."""
    police = make_user(Role.MEMBER, organisation=make_org("Polisen"))
    make_observation("SKG.KLOTTER", "Stora torg", occurred_on=date(2025, 5, 30))  # a neighbour that stays
    observation = database.merge(
        make_observation("SKG.KLOTTER", "Stora torg", occurred_on=date(2025, 5, 31), time_band="natt")
    )
    places = database.scalars(select(Place).where(Place.name != "Stora torg").order_by(Place.id)).all()
    other_area = next(p for p in places if p.area_id != observation.area_id)
    klotter = observation.category_id
    other_category = database.scalar(select(Category).where(Category.code == "BRD.AVFALL"))
    edits = [
        lambda o: (setattr(o, "place", other_area), setattr(o, "area_id", other_area.area_id)),
        lambda o: setattr(o, "place", None),
        lambda o: setattr(o, "category", other_category),
        lambda o: setattr(o, "organisation_id", police.organisation_id),
        lambda o: setattr(o, "sharing", Sharing.BEGRANSAD),
        lambda o: setattr(o, "occurred_on", date(2025, 6, 1)),
        lambda o: setattr(o, "time_band", None),
        lambda o: setattr(o, "status", ObservationStatus.WITHDRAWN),
        lambda o: (setattr(o, "status", ObservationStatus.ACTIVE), setattr(o, "sharing", Sharing.GRUPPEN)),
        lambda o: setattr(o, "place", places[0]),
    ]
    for step, edit in enumerate(edits):
        edit(observation)
        database.commit()
        assert [difference.text() for difference in differences(database)] == [], step
        totals = _totals(database)
        assert set(totals.values()) == {totals["raw"]}, (step, totals)
    # The bulk paths: the place merge moves place and area, the category merge the subcategory.
    merge_place(database, places[0], other_area)
    merge_category(database, other_category, database.get(Category, klotter))
    database.commit()
    assert differences(database) == []
    assert database.scalar(select(func.sum(MonthCount.n)).where(MonthCount.place_id == other_area.id)) == 1
    assert _totals(database)["observation_month_count"] == (2, 2)

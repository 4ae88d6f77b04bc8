"""Promise progress: the pro-rata arithmetic (pure) and what the grouped query counts."""

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import event

from lagesbild.promises.progress import (
    ActivityCell,
    CountRule,
    clipped_window,
    counting_window,
    days_elapsed,
    days_in_year,
    done_by_promise,
    expected_by,
    expected_in,
    milestone_status,
    progress_rows,
    promise_progress,
    status_for,
)

# --- arithmetic -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("year", "days"), [(2025, 365), (2024, 366), (2000, 366), (1900, 365), (2100, 365)])
def test_days_in_year_follows_the_leap_year_rule(year, days):
    assert days_in_year(year) == days


@pytest.mark.parametrize(
    ("as_of", "elapsed"),
    [
        (date(2025, 12, 31), 0),  # the day before the year: nothing expected yet
        (date(2026, 1, 1), 1),  # 1 January counts as a day gone
        (date(2026, 7, 2), 183),
        (date(2026, 12, 31), 365),
        (date(2027, 6, 1), 365),  # after the year: the whole year
    ],
)
def test_days_elapsed_at_the_year_boundaries(as_of, elapsed):
    assert days_elapsed(2026, as_of) == elapsed


def test_leap_day_is_a_day_of_the_year():
    assert days_elapsed(2024, date(2024, 2, 29)) == 60
    assert days_elapsed(2024, date(2024, 12, 31)) == 366
    assert expected_by(366, 2024, date(2024, 2, 29)) == 60


def test_expectation_is_pro_rata_and_capped_at_the_target():
    assert expected_by(4, 2026, date(2026, 7, 2)) == pytest.approx(4 * 183 / 365)
    assert expected_by(4, 2026, date(2026, 12, 31)) == 4
    assert expected_by(4, 2026, date(2030, 1, 1)) == 4
    assert expected_by(4, 2026, date(2025, 6, 1)) == 0


@pytest.mark.parametrize(
    ("done", "target", "expected", "status"),
    [
        (4, 4, 4.0, "uppnått"),
        (5, 4, 2.0, "uppnått"),  # more than promised is still "uppnått"
        (2, 4, 2.0, "i fas"),  # exactly on the expectation is in phase
        (3, 4, 2.0, "i fas"),
        (1, 4, 1.01, "efter"),
        (0, 4, 0.0, "i fas"),  # before the year starts nobody is behind
    ],
)
def test_status_words(done, target, expected, status):
    assert status_for(done, target, expected) == status


def test_counting_window_ends_at_as_of_and_at_new_year():
    assert counting_window(2026, date(2026, 3, 5)) == (date(2026, 1, 1), date(2026, 3, 5))
    assert counting_window(2026, date(2027, 3, 5)) == (date(2026, 1, 1), date(2026, 12, 31))
    assert counting_window(2026, date(2025, 12, 31)) is None


# --- counting -------------------------------------------------------------------------------------


def _done(session, year: int, as_of: date) -> dict[str, int]:
    return {p.text: p.done for p in promise_progress(session, year, as_of)}


def test_counts_only_active_activities_of_the_promised_subcategories_in_the_year(
    database, make_promise, make_observation
):
    make_promise("Vandringar", codes=["AKT.TRYGGHETSVANDRING"], target=4, year=2026)
    make_promise("Trafik och dialog", codes=["AKT.TRAFIKINSATS", "AKT.MEDBORGARDIALOG"], target=8, year=2026)
    walk = make_observation(category="AKT.TRYGGHETSVANDRING", occurred_on=date(2026, 1, 1))
    make_observation(category="AKT.TRYGGHETSVANDRING", occurred_on=date(2026, 12, 31), author=walk.author)
    make_observation(category="AKT.TRYGGHETSVANDRING", occurred_on=date(2025, 12, 31))  # last year
    make_observation(category="AKT.TRYGGHETSVANDRING", occurred_on=date(2027, 1, 1))  # next year
    make_observation(category="AKT.TRYGGHETSVANDRING", occurred_on=date(2026, 5, 1), status="withdrawn")
    make_observation(category="AKT.PATRULL", occurred_on=date(2026, 5, 1))  # not promised
    make_observation(category="AKT.TRAFIKINSATS", occurred_on=date(2026, 5, 1))
    make_observation(category="AKT.MEDBORGARDIALOG", occurred_on=date(2026, 5, 2), count=5)
    assert _done(database, 2026, date(2027, 2, 1)) == {"Vandringar": 2, "Trafik och dialog": 2}
    # Up to a date: what happened after it does not count yet.
    assert _done(database, 2026, date(2026, 5, 1)) == {"Vandringar": 1, "Trafik och dialog": 1}


def test_a_promise_with_an_area_counts_only_that_area(database, make_promise, make_observation):
    make_promise("Centrum", codes=["AKT.PATRULL"], target=40, year=2026, area="Eslövs centrum")
    make_promise("Hela kommunen", codes=["AKT.PATRULL"], target=60, year=2026)
    make_observation(category="AKT.PATRULL", place="Stora torg", occurred_on=date(2026, 3, 1))
    make_observation(category="AKT.PATRULL", place="Berga", occurred_on=date(2026, 3, 2))
    assert _done(database, 2026, date(2026, 12, 31)) == {"Centrum": 1, "Hela kommunen": 2}


def test_inactive_promises_and_other_years_are_left_out(database, make_promise):
    make_promise("I år", year=2026)
    make_promise("Inaktiverat", year=2026, is_active=False)
    make_promise("Förra året", year=2025)
    assert [p.text for p in promise_progress(database, 2026, date(2026, 6, 1))] == ["I år"]


def test_progress_carries_status_organisations_and_categories(
    database, make_promise, make_org, make_observation
):
    orgs = [make_org("Polisen LPO Eslöv"), make_org("Eslövs kommun"), make_org("Ängelholms väktare")]
    promise = make_promise("Vandringar", target=4, year=2026, organisations=orgs)
    for month in (1, 2, 3):
        make_observation(category="AKT.TRYGGHETSVANDRING", occurred_on=date(2026, month, 10))
    (progress,) = promise_progress(database, 2026, date(2026, 7, 2))
    assert progress.promise_id == promise.id
    assert (progress.done, progress.target, progress.status) == (3, 4, "i fas")
    assert progress.expected == pytest.approx(4 * 183 / 365)
    assert progress.organisations == ["Eslövs kommun", "Polisen LPO Eslöv", "Ängelholms väktare"]
    assert progress.categories == ["AKT.TRYGGHETSVANDRING"]
    assert progress.area is None
    assert promise_progress(database, 2026, date(2026, 12, 31))[0].status == "efter"


def test_progress_loads_with_a_fixed_number_of_queries(database, make_promise, make_observation):
    for n in range(6):
        make_promise(f"Löfte {n}", codes=["AKT.PATRULL", "AKT.TRAFIKINSATS"], year=2026)
        make_observation(category="AKT.PATRULL", occurred_on=date(2026, 2, n + 1))
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(database.get_bind(), "before_cursor_execute", listener)
    try:
        full = promise_progress(database, 2026, date(2026, 12, 31))
        compact = progress_rows(database, 2026, date(2026, 12, 31))
    finally:
        event.remove(database.get_bind(), "before_cursor_execute", listener)
    assert [p.done for p in full] == [6] * 6
    assert [p.done for p in compact] == [6] * 6
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    # Each call: the promises, their areas/organisations/subcategories (one UNION), the report cache's
    # data version, the activity cells (the first call only: the second is served from the cache,
    # promises/progress.py::done_in_windows), the held safety walks (walks/counting.py).
    assert len(selects) == 5 + 4


def test_a_promise_of_the_responsible_counts_only_their_reports(
    database, make_promise, make_observation, make_org, make_user
):
    """ "Synlig polis": the guard company's rounds in the same place do not count, the police's do."""
    police, guards = make_org("Polisen LPO Eslöv"), make_org("Bevakningsbolaget Syd")
    officer, guard = make_user(organisation=police), make_user(organisation=guards)
    make_promise(
        "Polisen", codes=["AKT.PATRULL"], target=2, year=2026, organisations=[police], only_responsible=True
    )
    make_promise("Alla", codes=["AKT.PATRULL"], target=2, year=2026, organisations=[police])
    make_observation(category="AKT.PATRULL", author=officer, occurred_on=date(2026, 3, 1))
    make_observation(category="AKT.PATRULL", author=guard, occurred_on=date(2026, 3, 1))
    make_observation(category="AKT.PATRULL", author=guard, occurred_on=date(2026, 3, 2))
    assert _done(database, 2026, date(2026, 12, 31)) == {"Polisen": 1, "Alla": 3}


def test_a_promise_counts_in_each_of_its_areas_and_within_its_window(
    database, make_promise, make_observation
):
    make_promise("Två områden", codes=["AKT.PATRULL"], target=9, year=2026, areas=["Eslövs centrum", "Berga"])
    make_promise(
        "Sommaren",
        codes=["AKT.PATRULL"],
        target=9,
        year=2026,
        starts_on=date(2026, 6, 1),
        ends_on=date(2026, 8, 31),
    )
    make_observation(category="AKT.PATRULL", place="Stora torg", occurred_on=date(2026, 5, 31))  # centrum
    make_observation(category="AKT.PATRULL", place="Berga", occurred_on=date(2026, 6, 1))
    make_observation(category="AKT.PATRULL", place="Rönneberga", occurred_on=date(2026, 8, 31))
    make_observation(category="AKT.PATRULL", place="Rönneberga", occurred_on=date(2026, 9, 1))
    assert _done(database, 2026, date(2026, 12, 31)) == {"Två områden": 2, "Sommaren": 2}


def test_a_window_spreads_the_expectation_over_its_own_days():
    summer = (date(2026, 6, 1), date(2026, 8, 31))  # 92 days
    assert expected_in(92, summer, date(2026, 5, 31)) == 0
    assert expected_in(92, summer, date(2026, 6, 10)) == 10
    assert expected_in(92, summer, date(2026, 12, 1)) == 92
    assert clipped_window(None, date(2026, 8, 31), 2026) == (date(2026, 1, 1), date(2026, 8, 31))
    assert clipped_window(date(2025, 12, 1), None, 2026) == (date(2026, 1, 1), date(2026, 12, 31))


@pytest.mark.parametrize(
    ("done_on", "as_of", "status"),
    [
        (date(2026, 5, 16), date(2026, 5, 16), "uppnått"),
        (date(2026, 5, 16), date(2026, 5, 15), "ej klart"),  # done later than the day looked at
        (None, date(2026, 12, 31), "ej klart"),
        (None, date(2027, 1, 1), "efter"),  # the year is over and it was never done
    ],
)
def test_milestone_status(done_on, as_of, status):
    assert milestone_status(done_on, (date(2026, 1, 1), date(2026, 12, 31)), as_of) == status


def test_milestone_and_process_promises_take_their_status_from_the_date_and_the_notes(
    database, make_promise, make_user
):
    from lagesbild.models import ProcessState, Promise, PromiseKind, PromiseNote

    camera = make_promise("Kameraansökan", codes=[], target=None, year=2026, kind=PromiseKind.MILESTONE)
    process = make_promise("Grannsamverkan", codes=[], target=None, year=2026, kind=PromiseKind.PROCESS)
    make_promise("Droger", codes=[], target=None, year=2026, kind=PromiseKind.PROCESS)
    author = make_user()
    database.get(Promise, camera.id).milestone_done_on = date(2026, 5, 16)
    for day, state in (
        (date(2026, 3, 1), ProcessState.ENLIGT_PLAN),
        (date(2026, 9, 1), ProcessState.AVVIKER),
    ):
        database.add(
            PromiseNote(promise_id=process.id, noted_on=day, state=state, text="Läge", author_id=author.id)
        )
    database.commit()
    status = {p.text: p.status for p in promise_progress(database, 2026, date(2026, 6, 1))}
    assert status == {"Kameraansökan": "uppnått", "Grannsamverkan": "enligt plan", "Droger": "ej uppföljt"}
    later = {p.text: p.status for p in promise_progress(database, 2026, date(2026, 10, 1))}
    assert later["Grannsamverkan"] == "avviker"


def test_the_rule_is_one_pure_function_of_the_cell():
    rule = CountRule(1, frozenset({7}), frozenset({3}), frozenset({5}), (date(2026, 6, 1), date(2026, 8, 31)))
    cell = ActivityCell(7, 3, 5, date(2026, 7, 1), 4)
    assert rule.counts(cell)
    assert not rule.counts(replace(cell, category_id=8))
    assert not rule.counts(replace(cell, area_id=4))
    assert not rule.counts(replace(cell, organisation_id=6))
    assert not rule.counts(replace(cell, occurred_on=date(2026, 9, 1)))
    assert done_by_promise([rule], [cell, replace(cell, n=2), replace(cell, area_id=4)]) == {1: 6}


# --- properties of the arithmetic ----------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    target=st.integers(1, 500),
    year=st.integers(2000, 2100),
    first=st.dates(date(1999, 1, 1), date(2101, 12, 31)),
    second=st.dates(date(1999, 1, 1), date(2101, 12, 31)),
)
def test_expectation_grows_with_the_date_and_never_passes_the_target(target, year, first, second):
    early, late = sorted((first, second))
    assert 0 <= expected_by(target, year, early) <= expected_by(target, year, late) <= target
    assert expected_by(target, year, date(year, 12, 31)) == target

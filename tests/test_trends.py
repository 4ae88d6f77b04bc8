"""Trend flags on constructed series: the Poisson rule against both baselines."""

import pytest

from lagesbild.meeting import trends
from lagesbild.meeting.aggregate import build_figures, format_number

BERGA, CENTRUM = 1, 2
SKG, ORD = 10, 20
AREAS = {BERGA: "Berga", CENTRUM: "Eslövs centrum"}
CATEGORIES = {ORD: "Ordningsstörning", SKG: "Skadegörelse"}


def flat(level: int, cells=((BERGA, SKG), (CENTRUM, ORD))):
    return {cell: level for cell in cells}


def test_poisson_tail_matches_known_values():
    assert trends.poisson_tail(0, 2.0) == 1.0
    assert trends.poisson_tail(1, 2.0) == pytest.approx(1 - 0.1353352832, rel=1e-9)
    assert trends.poisson_tail(7, 2.0) == pytest.approx(0.0045338, rel=1e-4)


def test_flat_series_raises_nothing():
    assert trends.rises(flat(4), [flat(4)] * 8, flat(4)) == []


def test_a_jump_raises_exactly_that_cell_with_both_baselines():
    current = {**flat(4), (BERGA, SKG): 12}
    flagged = trends.rises(current, [flat(4)] * 8, flat(4))
    assert [t.cell for t in flagged] == [(BERGA, SKG)]
    (flag,) = flagged
    assert flag.count == 12 and flag.usual == 4 and flag.last_year == 4
    assert flag.p_usual < trends.ALPHA and flag.p_last_year < trends.ALPHA


def test_sparse_cells_stay_quiet():
    previous = [{(BERGA, SKG): 1}, {}, {}, {(BERGA, SKG): 1}, {}, {}, {}, {}]
    # Two where there usually is almost nothing is below the minimum count.
    assert trends.rises({(BERGA, SKG): 2}, previous, {}) == []
    # One stray event in a never-seen cell stays quiet too.
    assert trends.rises({(CENTRUM, ORD): 1}, [{}] * 8, {}) == []


def test_a_jump_from_nothing_can_flag_thanks_to_the_floor():
    flagged = trends.rises({(BERGA, SKG): 5}, [{}] * 8, {})
    assert [t.cell for t in flagged] == [(BERGA, SKG)]
    assert flagged[0].usual == 0


def test_a_seasonal_peak_that_came_last_year_too_is_not_news():
    current = {(BERGA, SKG): 12}
    assert trends.rises(current, [{(BERGA, SKG): 3}] * 8, {(BERGA, SKG): 11}) == []
    assert trends.rises(current, [{(BERGA, SKG): 3}] * 8, {(BERGA, SKG): 3}) != []


def test_modest_rise_is_not_improbable():
    assert trends.rises({(BERGA, SKG): 6}, [flat(4)] * 8, flat(4)) == []


def test_figures_put_flags_in_words_and_sum_the_table():
    current = {(BERGA, SKG): 7, (CENTRUM, ORD): 3}
    previous = [{(BERGA, SKG): 2, (CENTRUM, ORD): 3}] * 8
    figures = build_figures(current, previous, {(BERGA, SKG): 1}, AREAS, CATEGORIES)
    assert [f.text for f in figures.flags] == [
        "Ökning: Skadegörelse i Berga — 7 mot normalt 2 (samma veckor i fjol: 1)"
    ]
    assert figures.total == 10
    assert {row.name: row.total for row in figures.rows} == {"Berga": 7, "Eslövs centrum": 3}
    assert figures.column_totals == [3, 7]  # columns in the given order: Ordningsstörning, Skadegörelse
    berga = figures.rows[0]
    assert (berga.usual_text, berga.change, berga.last_year) == ("2", "+5", 1)


def test_swedish_numbers():
    assert format_number(2.0) == "2"
    assert format_number(1.375) == "1,4"


def test_from_nothing_three_stays_quiet_and_four_flags():
    """The floor alone sets the smallest count that flags: P(X >= 3 | 0.5) ≈ 0.0144, P(X >= 4) ≈ 0.00175."""
    nothing = [{}] * trends.BASELINE_PERIODS
    assert trends.rises({(BERGA, SKG): 3}, nothing, {}) == []
    (flag,) = trends.rises({(BERGA, SKG): 4}, nothing, {})
    assert flag.cell == (BERGA, SKG) and flag.usual == 0 and flag.last_year == 0
    assert flag.p_usual == pytest.approx(0.0017516, rel=1e-4) == flag.p_last_year
    quiet = trends.assess(3, [0] * trends.BASELINE_PERIODS, 0)
    assert quiet.p_usual == pytest.approx(0.0143877, rel=1e-4) and not quiet.is_rise


def test_four_from_nothing_stays_quiet_when_last_year_had_one():
    """Both baselines must find the count improbable: P(X >= 4 | 1) ≈ 0.019 is not."""
    assert trends.rises({(BERGA, SKG): 4}, [{}] * 8, {(BERGA, SKG): 1}) == []
    assert trends.rises({(BERGA, SKG): 4}, [{(BERGA, SKG): 1}] * 8, {}) == []


def test_flags_are_sorted_most_improbable_first_then_by_count():
    previous = [{(BERGA, SKG): 1, (CENTRUM, ORD): 1}] * 8
    flagged = trends.rises({(BERGA, SKG): 6, (CENTRUM, ORD): 9}, previous, {})
    assert [t.cell for t in flagged] == [(CENTRUM, ORD), (BERGA, SKG)]
    assert flagged[0].p_usual < flagged[1].p_usual

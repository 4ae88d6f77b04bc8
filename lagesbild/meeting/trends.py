"""Trend flags: which area × category rose improbably high this period. Pure, no database.

The rule (also in docs/trends.md):

- For each cell (area, category) compare the period's count `n` with two baselines:
  (a) the mean count of the previous 8 meeting periods, and
  (b) the count in the same ISO week one year earlier (periods.same_period_last_year).
- A baseline below FLOOR (0.5) is raised to FLOOR, so a jump from nothing can flag while a cell that is
  usually empty is not treated as "impossible to rise" — and single stray events stay quiet.
- Under a Poisson model, p = P(X >= n | X ~ Poisson(baseline)).
- A rise is flagged when p < ALPHA (0.01) against BOTH baselines: improbable against the recent usual
  level and against the same season last year, so a seasonal peak that came last year too (fireworks
  around New Year) is not raised as news.
- There is no separate minimum count: the floor already sets it. From nothing (both baselines floored
  to 0.5) P(X >= 3) ≈ 0.0144 is quiet and P(X >= 4) ≈ 0.00175 flags, so the smallest count that can
  ever flag is 4; a second threshold at 3 would decide nothing and only mislead readers.

Periods are meeting periods (see lagesbild/periods.py: ISO weeks, Europe/Stockholm days); counts are
active observations that occurred in the period.
"""

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

ALPHA = 0.01
FLOOR = 0.5
BASELINE_PERIODS = 8


def poisson_tail(count: int, mean: float) -> float:
    """Return P(X >= count) for X ~ Poisson(mean)."""
    if count <= 0:
        return 1.0
    term = math.exp(-mean)
    below = term
    for k in range(1, count):
        term *= mean / k
        below += term
    return max(0.0, 1.0 - below)


@dataclass(frozen=True)
class Trend:
    """One cell's figures against its two baselines."""

    cell: Hashable
    count: int
    usual: float  # mean of the previous 8 periods
    last_year: int  # the same weeks one year earlier
    p_usual: float
    p_last_year: float

    @property
    def is_rise(self) -> bool:
        return self.p_usual < ALPHA and self.p_last_year < ALPHA

    @property
    def change(self) -> float:
        return self.count - self.usual


def assess(count: int, previous: Sequence[int], last_year: int, cell: Hashable = None) -> Trend:
    """Assess one cell: `previous` holds the counts of the previous periods (any order)."""
    usual = sum(previous) / len(previous) if previous else 0.0
    return Trend(
        cell=cell,
        count=count,
        usual=usual,
        last_year=last_year,
        p_usual=poisson_tail(count, max(usual, FLOOR)),
        p_last_year=poisson_tail(count, max(float(last_year), FLOOR)),
    )


def trends(
    current: Mapping[Hashable, int],
    previous: Sequence[Mapping[Hashable, int]],
    last_year: Mapping[Hashable, int],
) -> dict[Hashable, Trend]:
    """Return a Trend for every cell seen in any period; `previous` is one mapping per earlier period."""
    cells = set(current) | set(last_year)
    for period in previous:
        cells |= set(period)
    return {
        cell: assess(
            current.get(cell, 0),
            [period.get(cell, 0) for period in previous],
            last_year.get(cell, 0),
            cell,
        )
        for cell in cells
    }


def rises(
    current: Mapping[Hashable, int],
    previous: Sequence[Mapping[Hashable, int]],
    last_year: Mapping[Hashable, int],
) -> list[Trend]:
    """Return the flagged rises, most improbable first (then largest count)."""
    flagged = [t for t in trends(current, previous, last_year).values() if t.is_rise]
    return sorted(flagged, key=lambda t: (t.p_usual, -t.count, str(t.cell)))

"""Which cells the public variant hides, and how a cell is shown.

Every count the public variant publishes is a cell of one suppression problem (suppress.py), so a
category's total that appears in the category table, the area table and the month table is hidden in
all of them or in none, and no hidden count can be worked out from another table's totals.
"""

from dataclasses import dataclass, field

import pandas as pd

from .frames import Numbers
from .suppress import Problem

PRIMARY_MARK = "<3"
SECONDARY_MARK = ".."


@dataclass
class Shown:
    """Show a cell: its number, or "<3" (a small count) / ".." (hidden to protect a small count)."""

    primary: set = field(default_factory=set)
    secondary: set = field(default_factory=set)
    min_count: int = 3

    @property
    def primary_mark(self) -> str:
        return f"<{self.min_count}"

    def __call__(self, key, value) -> int | str:
        if key in self.primary:
            return self.primary_mark
        if key in self.secondary:
            return SECONDARY_MARK
        return int(value)

    def hidden(self, *keys) -> bool:
        return any(key in self.primary or key in self.secondary for key in keys)


def _grid(problem: Problem, table: pd.DataFrame, cell, row_total, col_total, grand) -> None:
    for r in table.index:
        problem.line({cell(r, c): table.at[r, c] for c in table.columns}, row_total(r), table.loc[r].sum())
    for c in table.columns:
        problem.line({cell(r, c): table.at[r, c] for r in table.index}, col_total(c), table[c].sum())
    problem.line({row_total(r): table.loc[r].sum() for r in table.index}, grand, table.to_numpy().sum())
    problem.line({col_total(c): table[c].sum() for c in table.columns}, grand, table.to_numpy().sum())


def _series(problem: Problem, series: pd.Series, cell, total) -> None:
    problem.line({cell(k): v for k, v in series.items()}, total, series.sum())


def protect(numbers: Numbers, actions: pd.Series, min_count: int) -> Shown:
    """Solve the public variant's suppression over every published count at once."""
    primary, secondary = public_problem(numbers, actions, min_count).solve()
    return Shown(primary=primary, secondary=secondary, min_count=min_count)


def public_problem(numbers: Numbers, actions: pd.Series, min_count: int) -> Problem:
    """Every count the public variant publishes, as cells and the lines (sums) that tie them."""
    problem = Problem(min_count=min_count)
    _grid(
        problem,
        numbers.area_cat,
        lambda a, c: ("ac", a, c),
        lambda a: ("area", a),
        lambda c: ("cat", c),
        ("all",),
    )
    _grid(
        problem,
        numbers.month_cat,
        lambda m, c: ("mc", m, c),
        lambda m: ("month", m),
        lambda c: ("cat", c),
        ("all",),
    )
    _grid(
        problem,
        numbers.weekday_band,
        lambda d, b: ("wb", d, b),
        lambda d: ("wd", d),
        lambda b: ("band", b),
        ("all",),
    )
    _series(problem, numbers.week, lambda w: ("week", w), ("all",))
    subs = numbers.subs
    for code in numbers.top["code"]:
        group = subs[subs["top"] == code]
        problem.line(
            dict(zip([("sub", s) for s in group["code"]], group["n"], strict=True)),
            ("cat", code),
            group["n"].sum(),
        )
        problem.line(
            dict(zip([("psub", s) for s in group["code"]], group["prev"], strict=True)),
            ("pcat", code),
            group["prev"].sum(),
        )
    prev_cats = subs.groupby("top")["prev"].sum().reindex(numbers.top["code"], fill_value=0)
    _series(problem, prev_cats, lambda c: ("pcat", c), ("pall",))
    _series(problem, numbers.month_prev, lambda m: ("pmonth", m), ("pall",))
    _series(problem, actions, lambda s: ("action", s), ("actions",))
    return problem

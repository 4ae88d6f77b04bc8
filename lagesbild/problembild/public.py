"""Which cells the public variant hides, and how a cell is shown.

Every count the public variant publishes is a cell of one suppression problem (suppress.py), so a
category's total that appears in the category table, the area table and the month table is hidden in
all of them or in none, and no hidden count can be worked out from another table's totals.

The promise table's "Utfört" counts are cells too: each is a sum of *latent* cells (the public activities
of one subcategory, in one area or in the areas no promise names, in one promise year, counted by the
same count promises), and the same latent cells add up, with a latent rest, to the subcategory's count,
to the area × category cell and (for a period over several years) to the year's months, so no published
sum or difference of promise counts and table cells gives away a small count. Milestone and process
promises publish their status only, never a count.
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


# The published cross tables (Numbers' attributes) and the tags of their keys: a cell's, a row total's and
# a column total's. The suppression ties them here; tables.py looks the shown values up by the same keys.
GRIDS = {
    "area_cat": ("ac", "area", "cat"),
    "month_cat": ("mc", "month", "cat"),
    "weekday_band": ("wb", "wd", "band"),
}


def _grid(problem: Problem, table: pd.DataFrame, cell: str, row: str, col: str) -> None:
    """Tie a cross table's cells to its row and column totals, and those to the grand total ("all",)."""
    for r in table.index:
        problem.line({(cell, r, c): table.at[r, c] for c in table.columns}, (row, r), table.loc[r].sum())
    for c in table.columns:
        problem.line({(cell, r, c): table.at[r, c] for r in table.index}, (col, c), table[c].sum())
    problem.line({(row, r): table.loc[r].sum() for r in table.index}, ("all",), table.to_numpy().sum())
    problem.line({(col, c): table[c].sum() for c in table.columns}, ("all",), table.to_numpy().sum())


def _series(problem: Problem, series: pd.Series, cell, total) -> None:
    problem.line({cell(k): v for k, v in series.items()}, total, series.sum())


@dataclass
class PromiseFigures:
    """The public promise follow-up: each promise with its year, and the public activities it counts."""

    promises: list  # (year, PromiseProgress), done counted from the public observations only
    # year, code, area (name), promises (ids of the count promises counting them), n: the year's counted
    # activities by subcategory, area and the promises that count them
    counted: pd.DataFrame


def protect(
    numbers: Numbers, actions: pd.Series, min_count: int, promises: PromiseFigures | None = None
) -> Shown:
    """Solve the public variant's suppression over every published count at once."""
    primary, secondary = public_problem(numbers, actions, min_count, promises).solve()
    return Shown(primary=primary, secondary=secondary, min_count=min_count)


def _promise_lines(problem: Problem, numbers: Numbers, figures: PromiseFigures) -> None:
    counted = figures.counted
    shown = [(year, promise) for year, promise in figures.promises if promise.is_counted]
    named: dict[tuple[int, str], set[str]] = {}  # (year, code) -> the areas that year's promises name
    for year, promise in shown:
        for code in promise.categories:
            named.setdefault((year, code), set()).update(promise.areas)

    def latent(key, value) -> tuple:
        problem.cell(key, value)
        problem.latent.add(key)
        return key

    # (patom, year, code, area or None for the areas no promise names, the promises counting them) -> n:
    # the activities one promise counts and another does not (another organisation's, another window's)
    # are separate atoms, so each promise's count is a sum of whole atoms.
    atoms: dict[tuple, int] = {}
    sums: dict[tuple, int] = {}
    for year, code, area, ids, n in counted[["year", "code", "area", "promises", "n"]].itertuples(
        index=False
    ):
        key = ("patom", year, code, area if area in named.get((year, code), set()) else None, tuple(ids))
        sums[key] = sums.get(key, 0) + int(n)
    for key, n in sums.items():
        atoms[latent(key, n)] = n
    for year, promise in shown:
        members = {key: n for key, n in atoms.items() if key[1] == year and promise.promise_id in key[4]}
        problem.line(members, ("promise", promise.promise_id), promise.done)

    def tie(members: dict, total_key, total: int, rest_key) -> None:
        """`members` are part of `total`: add the line, with a latent rest unless the rest is zero.

        A zero rest is left out, as if a reader knew it: often one can (a promise of the whole year
        counts every walk of a one-year report), and assuming too much knowledge only hides more.
        """
        rest = int(total) - sum(members.values())
        problem.line({**members, latent(rest_key, rest): rest} if rest else members, total_key, total)

    subs = numbers.subs.set_index("code")
    for code in {key[2] for key in atoms}:
        mine = {key: n for key, n in atoms.items() if key[2] == code}
        if code in subs.index:
            tie(mine, ("sub", code), subs.at[code, "n"], ("prest", code))
        elif sum(mine.values()):
            raise ValueError(f"counted activities in {code!r}, which the report does not count")
    tops = {key[2]: key[2].split(".")[0] for key in atoms}  # as frames.py: the code's first part
    for area in {key[3] for key in atoms} - {None}:
        for top in {tops[key[2]] for key in atoms if key[3] == area}:
            mine = {key: n for key, n in atoms.items() if key[3] == area and tops[key[2]] == top}
            tie(mine, ("ac", area, top), numbers.area_cat.at[area, top], ("parest", area, top))
    years = {key[1] for key in atoms}
    months = list(numbers.month_cat.index)
    if len({month[:4] for month in months}) > 1:  # the sub lines already tie a single year's counts
        for year in years:
            for top in {tops[key[2]] for key in atoms if key[1] == year}:
                in_year = [month for month in months if month.startswith(f"{year}-")]
                cells = {("mc", month, top): numbers.month_cat.at[month, top] for month in in_year}
                total = latent(("pyear", year, top), sum(cells.values()))
                problem.line(cells, total, problem.values[total])
                mine = {key: n for key, n in atoms.items() if key[1] == year and tops[key[2]] == top}
                tie(mine, total, problem.values[total], ("pyrest", year, top))


def public_problem(
    numbers: Numbers, actions: pd.Series, min_count: int, promises: PromiseFigures | None = None
) -> Problem:
    """Every count the public variant publishes, as cells and the lines (sums) that tie them."""
    problem = Problem(min_count=min_count)
    for name, (cell, row, col) in GRIDS.items():
        _grid(problem, getattr(numbers, name), cell, row, col)
    _series(problem, numbers.week, lambda w: ("week", w), ("all",))
    subs = numbers.subs
    for code in numbers.top["code"]:
        group = subs[subs["top"] == code]
        for sub, cat, column in (("sub", "cat", "n"), ("psub", "pcat", "prev")):  # this year, the year before
            problem.line(
                dict(zip([(sub, s) for s in group["code"]], group[column], strict=True)),
                (cat, code),
                group[column].sum(),
            )
    prev_cats = subs.groupby("top")["prev"].sum().reindex(numbers.top["code"], fill_value=0)
    _series(problem, prev_cats, lambda c: ("pcat", c), ("pall",))
    _series(problem, numbers.month_prev, lambda m: ("pmonth", m), ("pall",))
    _series(problem, actions, lambda s: ("action", s), ("actions",))
    if promises is not None:
        _promise_lines(problem, numbers, promises)
    return problem

"""Small-count suppression checked by a reader written independently of suppress.py.

The tests in test_problembild_public.py ask the Problem itself whether a hidden count can be worked
out; a fault in that reasoning would then hide itself. This reader knows only what a published table
shows (the visible counts, which hidden cells read "<3" and which ".."), and tries both ways of working
a small count out: combining lines (linear algebra), and narrowing bounds line by line.
"""

from math import inf

import numpy as np

from lagesbild.problembild.suppress import Problem

from .support import grid_problem

MIN_COUNT = 3


def _equations(problem: Problem, hidden: set) -> list[tuple[dict, float]]:
    """Each line as {hidden cell: coefficient} = constant, with the published cells moved right."""
    equations = []
    for members, total in problem.lines:
        coefficients: dict = {}
        constant = 0.0
        for key, sign in [(key, 1) for key in members] + [(total, -1)]:
            if key in hidden:
                coefficients[key] = coefficients.get(key, 0) + sign
            else:
                constant -= sign * problem.values[key]
        equations.append((coefficients, constant, total))
    return equations


def worked_out_by_combining(problem: Problem, hidden: set, small: set) -> set:
    unknown = sorted(hidden, key=str)
    rows = [
        [coefficients.get(key, 0) for key in unknown] for coefficients, _, _ in _equations(problem, hidden)
    ]
    matrix = np.array(rows, dtype=float).reshape(len(rows), len(unknown))
    rank = np.linalg.matrix_rank(matrix) if len(rows) else 0
    found = set()
    for index, key in enumerate(unknown):
        if key in small:
            unit = np.zeros((1, len(unknown)))
            unit[0, index] = 1
            if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
                found.add(key)
    return found


def worked_out_by_bounds(problem: Problem, hidden: set, small: set) -> set:
    low = {key: (1 if key in small else 0) for key in hidden}
    high = {key: (MIN_COUNT - 1 if key in small else inf) for key in hidden}
    # A total shown as "<3" already tells that its parts are small: the rule leaves such lines out.
    equations = [e for e in _equations(problem, hidden) if e[2] not in small and e[0]]
    changed = True
    while changed:
        changed = False
        for coefficients, constant, _ in equations:
            for key, sign in coefficients.items():
                rest_low = sum(low[o] if s > 0 else -high[o] for o, s in coefficients.items() if o != key)
                rest_high = sum(high[o] if s > 0 else -low[o] for o, s in coefficients.items() if o != key)
                ends = sorted((sign * (constant - rest_high), sign * (constant - rest_low)))
                new = (max(low[key], ends[0]), min(high[key], ends[1]))
                if new != (low[key], high[key]):
                    low[key], high[key] = new
                    changed = True
    return {key for key in small if low[key] == high[key]}


def test_a_reader_of_the_published_table_works_out_no_small_count():
    rng = np.random.default_rng(20261130)
    for _ in range(200):
        values = rng.choice([0, 0, 1, 2, 3, 4, 7, 12, 40], size=tuple(rng.integers(1, 6, 2)))
        problem = grid_problem(values)
        primary, secondary = problem.solve()
        hidden = primary | secondary
        assert primary == {key for key, value in problem.values.items() if 0 < value < MIN_COUNT}
        assert not worked_out_by_combining(problem, hidden, primary), values
        assert not worked_out_by_bounds(problem, hidden, primary), values


def test_the_reader_does_work_out_what_primary_suppression_alone_leaves():
    """The reader is not toothless: without secondary suppression it finds the small counts."""
    problem = grid_problem(np.array([[10, 1, 8], [6, 9, 5], [7, 4, 11]]))
    primary = {("c", 0, 1)}
    assert worked_out_by_combining(problem, primary, primary) == primary
    assert worked_out_by_bounds(problem, primary, primary) == primary
    pair = grid_problem(np.array([[1, 2], [5, 9]]))
    small = {("c", 0, 0), ("c", 0, 1)}
    assert worked_out_by_bounds(pair, small, small) == small  # the visible column totals give both away


def test_a_small_count_whose_partners_cross_many_lines_stays_hidden():
    """A table where only combining several rows and columns gives a hidden 1 away (found once by
    random search): the rule must notice combinations, not only what one line or bounds give away."""
    values = np.array([[0, 40, 40, 0, 0], [40, 40, 1, 0, 40], [7, 40, 0, 0, 4], [0, 1, 1, 40, 40]])
    problem = grid_problem(values)
    primary, secondary = problem.solve()
    hidden = primary | secondary
    assert not worked_out_by_combining(problem, hidden, primary)
    assert not worked_out_by_bounds(problem, hidden, primary)


def test_one_small_count_costs_its_two_by_two_block_and_no_total():
    """Publish as much as is safe: a lone small count hides the three cells that complete its
    rectangle (the smallest partners of at least 3), and every row, column and grand total stays."""
    primary, secondary = grid_problem(np.array([[1, 12], [7, 40]])).solve()
    assert primary == {("c", 0, 0)}
    assert secondary == {("c", 0, 1), ("c", 1, 0), ("c", 1, 1)}

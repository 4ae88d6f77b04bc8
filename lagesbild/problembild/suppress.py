"""Small-count suppression for the public variant, with secondary suppression.

A published table is a set of cells and of *lines*: each line says "these members add up to that
total" (a row of the area × category table and its row total, a column and its column total, the
months of the year and the year's total …). Cells shared by several tables (a category's total, the
grand total) have one key, so the tables are protected together rather than one by one.

1. Primary: every count 1 … min_count-1 is hidden (shown "<3").
2. Secondary, per line: with the published cells and the known bounds (hidden primary counts lie in
   1 … min_count-1, other hidden cells are ≥ 0), no hidden cell of a line may be pinned to one
   value. While a line pins one, the smallest other visible cell of that line (≥ min_count, else a zero,
   else the total) is hidden too.
3. Secondary, across lines: a hidden cell that the published cells determine through any combination
   of lines (the cell's unit vector lies in the row space of the line equations) gets another cell of
   its lines hidden. Steps 2–3 repeat until nothing changes.
4. A reader also narrows hidden cells from line to line (a line's bounds on one cell feed the next
   line); a small count pinned that way gets another cell of its lines hidden, like step 3.

*Latent* cells are counts that are never published but that published counts are sums of (the
activities a promise counts, in its area and year): they are hidden from the start, a reader knows
nothing of them but that they are ≥ 0, and a latent count of 1 … min_count-1 is protected like a
published one, so that no small count of any set follows from published sums and differences.
"""

from collections.abc import Hashable
from dataclasses import dataclass, field
from math import inf

import numpy as np

Key = Hashable


@dataclass
class Problem:
    min_count: int = 3
    values: dict[Key, int] = field(default_factory=dict)
    lines: list[tuple[tuple[Key, ...], Key]] = field(default_factory=list)
    latent: set[Key] = field(default_factory=set)

    def cell(self, key: Key, value: int) -> Key:
        value = int(value)
        if self.values.setdefault(key, value) != value:
            raise ValueError(f"cell {key!r} has two values: {self.values[key]} and {value}")
        return key

    def line(self, members: dict[Key, int], total_key: Key, total: int) -> None:
        """Add a line: `members` (key -> count) add up to `total` (stored under `total_key`)."""
        for key, value in members.items():
            self.cell(key, value)
        self.cell(total_key, total)
        if sum(int(v) for v in members.values()) != int(total):
            raise ValueError(f"line {total_key!r} does not add up")
        self.lines.append((tuple(members), total_key))

    def primary(self) -> set[Key]:
        """Small counts to protect, latent ones included."""
        return {key for key, value in self.values.items() if 0 < value < self.min_count}

    def solve(self) -> tuple[set[Key], set[Key]]:
        """Return (primary, secondary) suppressed keys among the published cells (latent ones left out)."""
        primary = self.primary()
        hidden = primary | self.latent
        for _ in range(len(self.values) + 1):
            added = self._protect(hidden, primary)
            if not added:
                break
            hidden |= added
        return primary - self.latent, hidden - primary - self.latent

    def exposed(self, hidden: set[Key], primary: set[Key]) -> tuple[set[Key], list]:
        """Return the hidden cells an attacker can work out, and the lines that expose a primary cell.

        Determined cells (by any combination of lines) count as published; then, line by line, a
        cell pinned by the bounds counts as published too, until nothing more follows.
        """
        revealed = set(self.determined(hidden))
        exposing = []
        changed = True
        while changed:
            changed = False
            exposing = []
            for line in self.lines:
                pinned = self.pinned_in_line(line, hidden - revealed, primary)
                if pinned:
                    exposing.append(line)
                    if not set(pinned) <= revealed:
                        revealed |= set(pinned)
                        changed = True
        return revealed, exposing

    def leak_lines(self, hidden: set[Key], primary: set[Key]) -> tuple[set[Key], list]:
        """Return the small counts a reader works out, and the lines that the working-out uses.

        For a count determined by a combination of lines: the lines of that combination; for one pinned
        by carrying bounds from line to line: every line that narrowed a bound.
        """
        leaked = set(self.determined(hidden)) & primary
        lines: list = []
        for key in sorted(leaked, key=str):
            lines += [line for line in self.combination(hidden, key) if line not in lines]
        narrowed, narrowing = self._narrow(hidden, primary)
        if narrowed & primary - leaked:
            leaked |= narrowed & primary
            lines += [line for line in narrowing if line not in lines]
        return leaked, lines

    def narrowed(self, hidden: set[Key], primary: set[Key]) -> set[Key]:
        """Hidden cells a reader pins by carrying each line's bounds into the next (interval propagation)."""
        return self._narrow(hidden, primary)[0]

    def _narrow(self, hidden: set[Key], primary: set[Key]) -> tuple[set[Key], list]:
        narrowing: list = []
        low: dict[Key, float] = {}
        high: dict[Key, float] = {}
        for key in hidden:
            low[key], high[key] = self.bounds(key, primary)
        for _ in range(4 * len(self.lines) + 1):  # bounds only tighten; integers settle quickly
            changed = False
            for members, total_key in self.lines:
                if total_key in primary and total_key not in self.latent:
                    continue  # a published small total already says its parts are small (see solve)
                signed = [(key, 1) for key in members] + [(total_key, -1)]
                unknown = [(key, sign) for key, sign in signed if key in hidden]
                if not unknown:
                    continue
                constant = -sum(sign * self.values[key] for key, sign in signed if key not in hidden)
                for key, sign in unknown:
                    rest_low = rest_high = 0.0
                    for other, other_sign in unknown:
                        if other != key:
                            rest_low += low[other] if other_sign > 0 else -high[other]
                            rest_high += high[other] if other_sign > 0 else -low[other]
                    ends = sorted((sign * (constant - rest_high), sign * (constant - rest_low)))
                    new_low, new_high = max(low[key], ends[0]), min(high[key], ends[1])
                    if (new_low, new_high) != (low[key], high[key]):
                        low[key], high[key] = new_low, new_high
                        changed = True
                        if (members, total_key) not in narrowing:
                            narrowing.append((members, total_key))
            if not changed:
                break
        return {key for key in hidden if low[key] == high[key]}, narrowing

    # -- per line, with bounds --------------------------------------------------------------------

    def bounds(self, key: Key, primary: set[Key]) -> tuple[float, float]:
        # A secondary cell ("..") may hold any count, zero included: zeros are hidden too when a
        # line has no larger cell left, so ".." never tells a reader "at least min_count". A latent
        # cell is never shown, so a reader knows only that it is not negative.
        return (1, self.min_count - 1) if key in primary and key not in self.latent else (0, inf)

    def pinned_in_line(self, line, hidden: set[Key], primary: set[Key]) -> list[Key]:
        """Hidden cells of a line whose value the line's published cells and the bounds determine."""
        members, total_key = line
        signed = [(key, 1) for key in members] + [(total_key, -1)]
        unknown = [(key, sign) for key, sign in signed if key in hidden]
        if not unknown:
            return []
        constant = -sum(sign * self.values[key] for key, sign in signed if key not in hidden)
        pinned = []
        for key, sign in unknown:
            low, high = 0.0, 0.0  # range of the other unknowns' signed sum
            for other, other_sign in unknown:
                if other == key:
                    continue
                lo, hi = self.bounds(other, primary)
                low += other_sign * (lo if other_sign > 0 else hi)
                high += other_sign * (hi if other_sign > 0 else lo)
            # sign * x = constant - others  →  x in [(constant-high), (constant-low)] * sign
            ends = sorted((sign * (constant - high), sign * (constant - low)))
            lo, hi = self.bounds(key, primary)
            if max(lo, ends[0]) == min(hi, ends[1]):
                pinned.append(key)
        return pinned

    def _candidate(self, line, hidden: set[Key]) -> Key | None:
        members, total_key = line
        visible = [key for key in members if key not in hidden]
        big = [key for key in visible if self.values[key] >= self.min_count]
        zero = [key for key in visible if self.values[key] == 0]
        for group in (big, zero):
            if group:
                return min(group, key=lambda key: (self.values[key], str(key)))
        return None if total_key in hidden else total_key

    def _protect(self, hidden: set[Key], primary: set[Key]) -> set[Key]:
        """Hide more cells where a line pins a hidden cell, or where combinations reveal a primary one."""
        added: set[Key] = set()
        for line in self.lines:
            # A pinned latent cell is harmless unless it is small: it was never going to be shown.
            while any(
                key not in self.latent or key in primary
                for key in self.pinned_in_line(line, hidden | added, primary)
            ):
                candidate = self._candidate(line, hidden | added)
                if candidate is None:
                    break
                added.add(candidate)
        if added:
            return added
        revealed, exposing = self.exposed(hidden, primary)
        if revealed & primary:
            for line in exposing:
                candidate = self._candidate(line, hidden | added)
                if candidate is not None:
                    added.add(candidate)
        if not added:
            # Break the working-out where it costs least: one cell of the lines it uses, preferring
            # a count of min_count or more (hiding a zero or the total rarely helps).
            leaked, lines = self.leak_lines(hidden, primary)
            revealed |= leaked
            candidates = {self._candidate(line, hidden) for line in lines} - {None}
            if candidates:
                added.add(
                    min(candidates, key=lambda k: (self.values[k] < self.min_count, self.values[k], str(k)))
                )
        if revealed & primary and not added:
            for key in revealed & primary:
                for line in self.lines:
                    if not added and (key in line[0] or key == line[1]):
                        candidate = self._candidate(line, hidden)
                        if candidate is not None:
                            added.add(candidate)
        return added

    # -- across lines, by linear algebra ----------------------------------------------------------

    def _matrix(self, hidden: set[Key]) -> tuple[list[Key], list, np.ndarray]:
        """The line equations restricted to the hidden cells: (unknowns, lines, one row per line)."""
        unknown = sorted(hidden, key=str)
        index = {key: i for i, key in enumerate(unknown)}
        lines, rows = [], []
        for members, total_key in self.lines:
            row = np.zeros(len(unknown))
            for key, sign in [(key, 1.0) for key in members] + [(total_key, -1.0)]:
                if key in index:
                    row[index[key]] += sign
            if row.any():
                lines.append((members, total_key))
                rows.append(row)
        return unknown, lines, np.array(rows).reshape(len(rows), len(unknown))

    def combination(self, hidden: set[Key], key: Key) -> list:
        """The lines whose combination gives the determined hidden cell `key` (least-squares weights)."""
        unknown, lines, matrix = self._matrix(hidden)
        target = np.zeros(len(unknown))
        target[unknown.index(key)] = 1.0
        weights = np.linalg.lstsq(matrix.T, target, rcond=None)[0]
        return [line for line, weight in zip(lines, weights, strict=True) if abs(weight) > 1e-9]

    def determined(self, hidden: set[Key]) -> list[Key]:
        """Hidden cells whose value follows from the published cells through the line equations."""
        unknown, _, matrix = self._matrix(hidden)
        if not unknown or not len(matrix):
            return []
        _, singular, vt = np.linalg.svd(matrix)
        rank = int((singular > 1e-9).sum())
        free = np.abs(vt[rank:]).sum(axis=0) if rank < len(unknown) else np.zeros(len(unknown))
        return [key for i, key in enumerate(unknown) if free[i] < 1e-9]

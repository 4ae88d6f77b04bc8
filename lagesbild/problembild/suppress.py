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
        return {key for key, value in self.values.items() if 0 < value < self.min_count}

    def solve(self) -> tuple[set[Key], set[Key]]:
        """Return (primary, secondary) suppressed keys."""
        primary = self.primary()
        hidden = set(primary)
        for _ in range(len(self.values) + 1):
            added = self._protect(hidden, primary)
            if not added:
                break
            hidden |= added
        return primary, hidden - primary

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

    # -- per line, with bounds --------------------------------------------------------------------

    def bounds(self, key: Key, primary: set[Key]) -> tuple[float, float]:
        # A secondary cell ("..") may hold any count, zero included: zeros are hidden too when a
        # line has no larger cell left, so ".." never tells a reader "at least min_count".
        return (1, self.min_count - 1) if key in primary else (0, inf)

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
            while self.pinned_in_line(line, hidden | added, primary):
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
            for key in revealed & primary:
                for line in self.lines:
                    if not added and (key in line[0] or key == line[1]):
                        candidate = self._candidate(line, hidden)
                        if candidate is not None:
                            added.add(candidate)
        return added

    # -- across lines, by linear algebra ----------------------------------------------------------

    def determined(self, hidden: set[Key]) -> list[Key]:
        """Hidden cells whose value follows from the published cells through the line equations."""
        unknown = sorted(hidden, key=str)
        if not unknown:
            return []
        index = {key: i for i, key in enumerate(unknown)}
        rows = []
        for members, total_key in self.lines:
            row = np.zeros(len(unknown))
            for key, sign in [(key, 1.0) for key in members] + [(total_key, -1.0)]:
                if key in index:
                    row[index[key]] += sign
            if row.any():
                rows.append(row)
        if not rows:
            return []
        _, singular, vt = np.linalg.svd(np.array(rows))
        rank = int((singular > 1e-9).sum())
        free = np.abs(vt[rank:]).sum(axis=0) if rank < len(unknown) else np.zeros(len(unknown))
        return [key for key in unknown if free[index[key]] < 1e-9]

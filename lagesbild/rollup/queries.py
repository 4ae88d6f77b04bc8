"""Reads of the roll-ups: how they differ from the raw rows (`flask rollup check`)."""

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from lagesbild.meeting_day import meeting_weekday

from .table import ROLLUPS, RollUp, raw_cells


@dataclass(frozen=True)
class Difference:
    rollup: RollUp
    cell: tuple
    raw: tuple[int, ...]  # active observations in the cell (and of them shared with the group)
    rolled_up: tuple[int, ...]  # what the roll-up says

    def text(self) -> str:
        if len(self.raw) == 1:
            figures = f"iakttagelser {self.raw[0]}, sammanställning {self.rolled_up[0]}"
        else:
            figures = (
                f"iakttagelser {self.raw[0]} (delade med gruppen {self.raw[1]}), "
                f"sammanställning {self.rolled_up[0]} (delade med gruppen {self.rolled_up[1]})"
            )
        return f"{self.rollup.label}: {self.rollup.describe(self.cell)}: {figures}"


def differences(session: Session) -> list[Difference]:
    """Every cell of every roll-up where it and the active raw rows disagree (cells at zero are no cells)."""
    weekday = meeting_weekday(session)
    found = []
    for rollup in ROLLUPS:
        width, zero = len(rollup.key), (0,) * len(rollup.counts)
        raw = {
            tuple(row[:width]): tuple(row[width:])
            for row in session.execute(raw_cells(session, rollup, weekday))
        }
        table = rollup.table
        stored = select(*[table.c[name] for name in (*rollup.key, *rollup.counts)]).where(
            or_(*[table.c[name] != 0 for name in rollup.counts])
        )
        rolled = {tuple(row[:width]): tuple(row[width:]) for row in session.execute(stored)}
        found += [
            Difference(rollup, cell, raw.get(cell, zero), rolled.get(cell, zero))
            for cell in sorted(raw.keys() | rolled.keys())
            if raw.get(cell, zero) != rolled.get(cell, zero)
        ]
    return found

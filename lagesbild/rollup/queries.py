"""Reads of the roll-up: how it differs from the raw rows (`flask rollup check`)."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from lagesbild.meeting_day import meeting_weekday
from lagesbild.models import WeekCount

from .table import Cell, raw_cells


@dataclass(frozen=True)
class Difference:
    cell: Cell
    raw: int  # active observations in the cell
    rolled_up: int  # what the roll-up says

    def text(self) -> str:
        period_end, area_id, category_id = self.cell
        return (
            f"period till {period_end.isoformat()} område {area_id} kategori {category_id}: "
            f"iakttagelser {self.raw}, sammanställning {self.rolled_up}"
        )


def differences(session: Session) -> list[Difference]:
    """Every cell where the roll-up and the active raw rows disagree (cells at zero are no cells)."""
    raw = {tuple(cell): n for *cell, n in session.execute(raw_cells(session, meeting_weekday(session)))}
    rolled = {
        (period_end, area_id, category_id): n
        for period_end, area_id, category_id, n in session.execute(
            select(WeekCount.period_end, WeekCount.area_id, WeekCount.category_id, WeekCount.n).where(
                WeekCount.n != 0
            )
        )
    }
    return [
        Difference(cell, raw.get(cell, 0), rolled.get(cell, 0))
        for cell in sorted(raw.keys() | rolled.keys())
        if raw.get(cell, 0) != rolled.get(cell, 0)
    ]

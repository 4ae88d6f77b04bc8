"""Reads for the analysis page: the drafts of a year, and the Underlag ranking to choose problems from."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from lagesbild.models import AnalysisDraft
from lagesbild.periods import today_local


def drafts(session: Session, year: int) -> list[AnalysisDraft]:
    """The year's drafts, newest first (the first is the analysis)."""
    return list(
        session.scalars(
            select(AnalysisDraft)
            .where(AnalysisDraft.year == year)
            .options(selectinload(AnalysisDraft.author))
            .order_by(AnalysisDraft.number.desc())
        )
    )


@dataclass(frozen=True)
class Ranked:
    """A category × area of the problembild's Underlag ranking (by count, then by rise)."""

    category: str
    area: str
    n: int
    change: int

    @property
    def key(self) -> str:
        return f"{self.category} i {self.area}"


def underlag(session: Session, year: int) -> list[Ranked]:
    """The Underlag ranking of the year's internal problembild (up to today): most observations first,
    then the largest rises not already listed."""
    end = min(date(year, 12, 31), today_local())
    if end < date(year, 1, 1):
        return []
    # pandas: loaded by the page that ranks. Only the ranking's area × category counts are read (from
    # the week roll-up), not the whole problembild (docs/performance.md "Problembild").
    from lagesbild.problembild.report import underlag_report_tables
    from lagesbild.report_cache import cached

    start = date(year, 1, 1)
    tables = cached(session, ("underlag", start, end), lambda: underlag_report_tables(session, start, end))
    seen: dict[str, Ranked] = {}
    for key in ("underlag_antal", "underlag_okning"):
        frame = tables[key].frame
        for category, area, n, change in frame[["Kategori", "Område", "Antal", "Förändring"]].itertuples(
            index=False
        ):
            ranked = Ranked(str(category), str(area), int(n), int(change))
            seen.setdefault(ranked.key, ranked)
    return list(seen.values())

"""The safety walks of a period for the problembild: walks held, findings by category and area, and
how the re-walks found the earlier findings.

A walk belongs to the period when the local (Europe/Stockholm) day it starts lies in it, both ends
included. Findings are counted by category and by the walk's area; a re-walk's look at an earlier
finding is not a new finding, it is an assessment (the latest one per earlier finding counts). The
share fixed is the assessed findings marked fixed (åtgärdat) over all assessed ones.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from lagesbild.models import FindingCategory, FindingOutcome, Walk, WalkStatus
from lagesbild.periods import local_midnight_utc
from lagesbild.text import swedish_key


@dataclass(frozen=True)
class WalkSummary:
    walks: int
    held: int
    residents: int
    areas: list[str]
    by_category: list[tuple[FindingCategory, list[int], int]]  # category, count per area, total
    outcomes: dict[FindingOutcome, int]

    @property
    def findings(self) -> int:
        return sum(total for _, _, total in self.by_category)

    @property
    def assessed(self) -> int:
        return sum(self.outcomes.values())

    @property
    def fixed_share(self) -> float | None:
        return self.outcomes.get(FindingOutcome.ATGARDAT, 0) / self.assessed if self.assessed else None


def walk_summary(session: Session, start: date, end: date) -> WalkSummary | None:
    """The walks starting in start–end (local days); None when there were none."""
    walks = list(
        session.scalars(
            select(Walk)
            .where(
                Walk.starts_at >= local_midnight_utc(start),
                Walk.starts_at < local_midnight_utc(end + timedelta(1)),
            )
            .options(selectinload(Walk.findings), selectinload(Walk.area))
        )
    )
    if not walks:
        return None
    counts: Counter[tuple[FindingCategory, str]] = Counter()
    latest: dict[int, FindingOutcome] = {}
    for walk in walks:
        for finding in walk.findings:  # ordered by id: a later assessment of the same finding wins
            if finding.earlier_finding_id is None:
                counts[(finding.category, walk.area.name)] += 1
            elif finding.outcome is not None:
                latest[finding.earlier_finding_id] = finding.outcome
    areas = sorted({area for _, area in counts}, key=swedish_key)
    by_category = [
        (category, [counts[(category, area)] for area in areas], sum(counts[(category, a)] for a in areas))
        for category in FindingCategory
        if any(counts[(category, a)] for a in areas)
    ]
    held = [w for w in walks if w.status is WalkStatus.GENOMFORD]
    return WalkSummary(
        walks=len(walks),
        held=len(held),
        residents=sum(w.residents_count or 0 for w in held),
        areas=areas,
        by_category=by_category,
        outcomes=dict(Counter(latest.values())),
    )

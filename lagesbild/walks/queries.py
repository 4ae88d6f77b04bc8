"""Reads of the safety walk: lists, form choices, the data its maps draw, the report's comparison."""

import json
from collections import Counter
from dataclasses import dataclass

from flask import url_for
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from lagesbild.mail.messages import walk_report_key
from lagesbild.models import Area, FindingOutcome, Organisation, OutboxMessage, Promise, Walk, WalkFinding
from lagesbild.paging import Page, paginate
from lagesbild.text import swedish_key


def walks(session: Session, number: int = 1, size: int = 50) -> Page[Walk]:
    """One page of the walks, the latest first."""
    statement = select(Walk).options(selectinload(Walk.area)).order_by(Walk.starts_at.desc(), Walk.id)
    return paginate(session, statement, number, size)


def area_choices(session: Session, keep: int | None = None) -> list[tuple[int, str]]:
    areas = session.scalars(select(Area).where((Area.is_active.is_(True)) | (Area.id == keep)))
    return [(a.id, a.name) for a in sorted(areas, key=lambda a: (a.sort_order, swedish_key(a.name)))]


def organisation_choices(session: Session, keep: list[int] | None = None) -> list[tuple[int, str]]:
    kept = set(keep or [])
    organisations = session.scalars(
        select(Organisation).where((Organisation.is_active.is_(True)) | (Organisation.id.in_(kept)))
    )
    return [(o.id, o.name) for o in sorted(organisations, key=lambda o: swedish_key(o.name))]


def promise_choices(session: Session, years: list[int], keep: int | None = None) -> list[Promise]:
    """Active promises of `years` (the walk's promise kept even if deactivated since)."""
    return list(
        session.scalars(
            select(Promise)
            .where((Promise.year.in_(years) & Promise.is_active.is_(True)) | (Promise.id == keep))
            .order_by(Promise.year, Promise.id)
        )
    )


def route_points(walk: Walk) -> list[list[float]]:
    """The route as [lat, lon] pairs, as Leaflet takes them."""
    if not walk.route_geojson:
        return []
    return [[lat, lon] for lon, lat in json.loads(walk.route_geojson)["coordinates"]]


def finding_marker(finding: WalkFinding) -> dict:
    """What a map shows for a finding; the text is set with textContent by the script, never as HTML."""
    return {
        "id": finding.id,
        "lat": finding.lat,
        "lon": finding.lon,
        "kategori": finding.category.label,
        "text": finding.text,
        "utfall": finding.outcome.label if finding.outcome else "",
    }


def map_data(walk: Walk, earlier: list[WalkFinding] | None = None) -> dict:
    """The walk's route, its findings and (on a re-walk) the earlier walk's findings, for walk-map.js."""
    return {
        "rutt": route_points(walk),
        "fynd": [finding_marker(f) for f in walk.findings],
        "tidigare": [finding_marker(f) for f in (earlier or [])],
        "centrum": [walk.area.centre_lat, walk.area.centre_lon],
    }


def earlier_findings(walk: Walk) -> list[WalkFinding]:
    """On a re-walk, the findings of the walk it repeats (what the walkers look at again)."""
    return list(walk.previous_walk.findings) if walk.previous_walk else []


@dataclass(frozen=True)
class Comparison:
    """A re-walk against the walk it repeats: how each earlier finding was found again."""

    earlier: int
    checked: dict[FindingOutcome, int]
    unchecked: int

    @property
    def fixed_share(self) -> float | None:
        """Share of the earlier findings the re-walk found fixed (0–1); None with nothing to compare."""
        return self.checked.get(FindingOutcome.ATGARDAT, 0) / self.earlier if self.earlier else None


def compare(walk: Walk) -> Comparison | None:
    """Compare a re-walk with the walk it repeats; the latest check of an earlier finding counts."""
    if walk.previous_walk is None:
        return None
    earlier_ids = {f.id for f in walk.previous_walk.findings}
    latest: dict[int, FindingOutcome] = {}
    for finding in walk.findings:  # ordered by id: a later check of the same finding wins
        if finding.earlier_finding_id in earlier_ids and finding.outcome is not None:
            latest[finding.earlier_finding_id] = finding.outcome
    return Comparison(
        earlier=len(earlier_ids),
        checked=dict(Counter(latest.values())),
        unchecked=len(earlier_ids) - len(latest),
    )


def photo_url(photo, thumbnail: bool = False) -> str:
    return url_for("walks.photo", photo_id=photo.id, storlek="liten" if thumbnail else None)


def report_recipients(session: Session, walk: Walk) -> int:
    """How many people the walk's report has been queued or sent to."""
    return session.scalar(
        select(func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.event_key == walk_report_key(walk.id))
    )

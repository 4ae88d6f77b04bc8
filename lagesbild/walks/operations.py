"""Writes of the safety walk: plan and change it, mark it held, record findings with photos, make a
finding an action, send the report to the participants. Each records an audit event (free text named,
never copied); the caller commits once."""

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from lagesbild import audit
from lagesbild.audit import record
from lagesbild.mail import messages as mail
from lagesbild.models import (
    Action,
    ActionStatus,
    FindingCategory,
    FindingOutcome,
    Organisation,
    User,
    Walk,
    WalkFinding,
    WalkPhoto,
    WalkStatus,
)

from . import photos


@dataclass(frozen=True)
class WalkFields:
    title: str
    area_id: int
    starts_at: datetime  # aware, UTC
    meeting_point: str
    route: list[list[float]] | None  # [lon, lat] pairs
    stops: str
    organiser_ids: list[int]
    invited_ids: list[int]
    promise_id: int | None
    invitation_text: str


def _values(walk: Walk) -> dict:
    """The walk's audited values (free text is named in an event, never copied; the route by its size)."""
    route = json.loads(walk.route_geojson)["coordinates"] if walk.route_geojson else []
    return {
        "title": walk.title,
        "area_id": walk.area_id,
        "starts_at": walk.starts_at.isoformat() if walk.starts_at else None,
        "meeting_point": walk.meeting_point,
        "route_points": len(route),
        "stops": walk.stops,
        "invitation_text": walk.invitation_text,
        "promise_id": walk.promise_id,
        "organiser_ids": sorted(o.id for o in walk.organisers),
        "invited_ids": sorted(o.id for o in walk.invited),
        "status": walk.status.value if walk.status else None,
        "held_on": walk.held_on.isoformat() if walk.held_on else None,
        "residents_count": walk.residents_count,
    }


def _organisations(session: Session, ids: list[int]) -> list[Organisation]:
    return list(session.scalars(select(Organisation).where(Organisation.id.in_(ids))))


def _apply(session: Session, walk: Walk, fields: WalkFields) -> None:
    walk.title = fields.title.strip()
    walk.area_id = fields.area_id
    walk.starts_at = fields.starts_at
    walk.meeting_point = fields.meeting_point.strip()
    walk.route_geojson = (
        json.dumps({"type": "LineString", "coordinates": fields.route}) if fields.route else None
    )
    walk.stops = fields.stops.strip()
    walk.organisers = _organisations(session, fields.organiser_ids)
    walk.invited = _organisations(session, fields.invited_ids)
    walk.promise_id = fields.promise_id
    walk.invitation_text = fields.invitation_text.strip()


def create_walk(session: Session, fields: WalkFields, actor: User, previous: Walk | None = None) -> Walk:
    """Plan a walk; `previous` makes it a re-walk of that walk."""
    walk = Walk(status=WalkStatus.PLANERAD, created_by=actor, previous_walk=previous)
    _apply(session, walk, fields)
    session.add(walk)
    session.flush()
    after = audit.without_free_text(_values(walk))
    record("walk.create", actor=actor, obj=walk, after={**after, "previous_walk_id": walk.previous_walk_id})
    return walk


def update_walk(session: Session, walk: Walk, fields: WalkFields, actor: User) -> None:
    before = _values(walk)
    _apply(session, walk, fields)
    session.flush()
    audit.record_change("walk.update", actor=actor, obj=walk, before=before, after=_values(walk))


def mark_held(session: Session, walk: Walk, held_on: date, residents_count: int, actor: User) -> None:
    """The walk took place: it now counts toward the promise it serves (lagesbild/walks/counting.py)."""
    before = _values(walk)
    walk.status = WalkStatus.GENOMFORD
    walk.held_on = held_on
    walk.residents_count = residents_count
    session.flush()
    audit.record_change("walk.held", actor=actor, obj=walk, before=before, after=_values(walk))


class NotHeld(Exception):
    """A report is sent only for a walk that took place."""


def send_report(session: Session, walk: Walk, actor: User) -> int:
    """Queue the report to the organisers' and invited organisations' members (in this transaction);
    return how many messages are new (nobody gets a second one about the same walk)."""
    if not walk.is_held:
        raise NotHeld
    queued = mail.walk_report(session, walk)
    record(
        "walk.report_sent",
        actor=actor,
        obj=walk,
        after={
            "queued": queued,
            "findings": len(walk.findings),
            "actions": sum(1 for finding in walk.findings if finding.action_id is not None),
            "organisation_ids": sorted({o.id for o in walk.organisers} | {o.id for o in walk.invited}),
        },
    )
    return queued


@dataclass(frozen=True)
class FindingFields:
    client_key: str
    lat: float
    lon: float
    category: FindingCategory
    text: str
    earlier_finding_id: int | None = None
    outcome: FindingOutcome | None = None


def existing_finding(session: Session, walk: Walk, client_key: str) -> WalkFinding | None:
    return session.scalar(
        select(WalkFinding).where(WalkFinding.walk_id == walk.id, WalkFinding.client_key == client_key)
    )


def record_finding(
    session: Session, walk: Walk, fields: FindingFields, cleaned: list[photos.CleanPhoto], author: User
) -> WalkFinding:
    """Save a finding and its (already re-encoded) photos. The photo files are written here; a caller
    whose commit fails removes them (photos.remove for each finding.photos token)."""
    finding = WalkFinding(
        walk=walk,
        client_key=fields.client_key,
        lat=fields.lat,
        lon=fields.lon,
        category=fields.category,
        text=fields.text.strip(),
        author=author,
        organisation_id=author.organisation_id,
        earlier_finding_id=fields.earlier_finding_id,
        outcome=fields.outcome,
    )
    session.add(finding)
    session.flush()
    for photo in cleaned:
        token = photos.write(photo)
        finding.photos.append(WalkPhoto(token=token, width=photo.width, height=photo.height))
    session.flush()
    record(
        "walk_finding.create",
        actor=author,
        obj=finding,
        after={
            "walk_id": walk.id,
            "category": finding.category.value,
            "photos": len(cleaned),
            "earlier_finding_id": finding.earlier_finding_id,
            "outcome": finding.outcome.value if finding.outcome else None,
        },
        detail={"fields": ["text"]} if finding.text else None,
    )
    return finding


def action_from_finding(
    session: Session, finding: WalkFinding, title: str, owner_id: int, due_on: date | None, actor: User
) -> Action:
    """Make a finding a follow-up item: the meetings' action (no meeting), owned by an organisation."""
    action = Action(
        title=title.strip(),
        description=finding.text,
        area_id=finding.walk.area_id,
        owner_organisation_id=owner_id,
        due_on=due_on,
        status=ActionStatus.OPPEN,
        meeting_id=None,
        created_by_id=actor.id,
    )
    session.add(action)
    session.flush()
    finding.action = action
    session.flush()
    record(
        "action.create",
        actor=actor,
        obj=action,
        after={
            "owner_organisation_id": owner_id,
            "due_on": due_on.isoformat() if due_on else None,
            "status": action.status.value,
            "area_id": action.area_id,
            "walk_finding_id": finding.id,
        },
        detail={"fields": ["title", "description"]},
    )
    return action

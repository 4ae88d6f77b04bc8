"""Access-matrix placeholders for safety walks: a planned walk, a finding on it, a stored photo."""

from datetime import UTC, datetime

from sqlalchemy import select

from lagesbild.extensions import db
from lagesbild.models import Area, FindingCategory, User, Walk, WalkFinding
from lagesbild.walks import operations, photos

from .access_objects import World, placeholder
from .fixtures_walks import ROUTE, jpeg_bytes


@placeholder("walk.any")
def _any_walk(world: World):
    world.factories["make_observation"]()  # loads the reference data (areas)
    fields = operations.WalkFields(
        title="Kvällsvandring i centrum",
        area_id=db.session.scalar(select(Area.id).where(Area.name == "Eslövs centrum")),
        starts_at=datetime(2026, 11, 12, 17, 30, tzinfo=UTC),
        meeting_point="Stora torg",
        route=ROUTE,
        stops="",
        organiser_ids=[world.org_c.id],
        invited_ids=[world.org_a.id],
        promise_id=None,
        invitation_text="Välkommen!",
    )
    walk = operations.create_walk(db.session, fields, db.session.get(User, world.coordinator.id))
    db.session.commit()
    return walk.id


@placeholder("walk_finding.any")
def _any_finding(world: World):
    """A finding with one photo on {walk.any}, recorded by the member."""
    walk = db.session.get(Walk, world.resolve("walk.any"))
    fields = operations.FindingFields(
        client_key="access-matrix-finding",
        lat=55.839,
        lon=13.304,
        category=FindingCategory.BELYSNING,
        text="",
    )
    photo = photos.clean(jpeg_bytes(), 5 * 1024 * 1024)
    finding = operations.record_finding(
        db.session, walk, fields, [photo], db.session.get(User, world.member.id)
    )
    db.session.commit()
    return finding.id


@placeholder("walk_photo.any")
def _any_photo(world: World):
    return db.session.get(WalkFinding, world.resolve("walk_finding.any")).photos[0].id

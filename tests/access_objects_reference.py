"""Placeholders for the reference data routes (lagesbild/reference_admin) of docs/access.md."""

from sqlalchemy import select

from lagesbild import uploads
from lagesbild.extensions import db
from lagesbild.models import Area, Category, Place

from .access_objects import World, placeholder

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[13.30, 55.83], [13.31, 55.83], [13.31, 55.84], [13.30, 55.84], [13.30, 55.83]]],
}


def _reference(world: World) -> None:
    world.factories["make_observation"]()  # loads Eslöv's reference data


@placeholder("category.sub")
def _subcategory(world: World):
    _reference(world)
    return db.session.scalar(select(Category.id).where(Category.code == "OVR.POSITIV"))


@placeholder("place.any")
def _place(world: World):
    _reference(world)
    return db.session.scalar(select(Place.id).where(Place.name == "Stadsparken"))


@placeholder("area.any")
def _area(world: World):
    _reference(world)
    return db.session.scalar(select(Area.id).where(Area.name == "Kungshult"))


@placeholder("boundary_upload.own")
def _boundary_upload(world: World):
    """A checked boundary waiting for the coordinator's preview (others: 403 from the role)."""
    import json

    pending = {
        "area_id": None,
        "name": "Nytt område",
        "sort_order": 1,
        "geojson": json.dumps(SQUARE),
        "centre": [55.835, 13.305],
        "size": "69,8 ha",
        "overlaps": [],
    }
    return uploads.store(world.coordinator.id, "boundary", pending)


@placeholder("reference_upload.own")
def _reference_upload(world: World):
    content = b"name,kind\nNy organisation,ovrig\n"
    return uploads.store(
        world.coordinator.id, "reference", {"organisations.csv": uploads.encode_bytes(content)}
    )

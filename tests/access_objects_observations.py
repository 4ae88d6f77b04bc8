"""Placeholders for the observation routes in docs/access.md."""

from sqlalchemy import select

from lagesbild.extensions import db
from lagesbild.models import Organisation, Sharing

from .access_objects import World, placeholder

SAMPLE_CSV = "Datum;Plats;Kategori;Beskrivning\n2026-11-13;Stora torg;SKG.KLOTTER;Klotter på väggen.\n"


@placeholder("observation.own")
def _own(world: World):
    return world.factories["make_observation"](author=world.member).id


@placeholder("observation.other")
def _other(world: World):
    return world.factories["make_observation"](author=world.other_member).id


@placeholder("observation.other_restricted")
def _other_restricted(world: World):
    return world.factories["make_observation"](author=world.other_member, sharing=Sharing.BEGRANSAD).id


@placeholder("import.own")
def _import_upload(world: World):
    """A stored upload belonging to the coordinator (others get 403 from the role, or 404)."""
    from lagesbild.observations import importing

    organisation = db.session.scalar(select(Organisation).where(Organisation.id == world.org_b.id))
    return importing.store(world.coordinator.id, organisation.id, "logg.csv", SAMPLE_CSV.encode()).token

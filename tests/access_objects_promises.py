"""Access-matrix placeholders for promises: {promise.any} is an active promise of this year."""

from sqlalchemy import select

from lagesbild.extensions import db
from lagesbild.models import Category, Promise
from lagesbild.periods import today_local

from .access_objects import World, placeholder


@placeholder("promise.any")
def _any_promise(world: World):
    # make_observation depends on the reference data, so asking for one loads the categories.
    world.factories["make_observation"](category="AKT.PATRULL")
    promise = Promise(
        year=today_local().year,
        text="Synlig polis och väktare i centrum",
        target=40,
        organisations=[world.org_b],
        categories=[db.session.scalar(select(Category).where(Category.code == "AKT.PATRULL"))],
    )
    db.session.add(promise)
    db.session.commit()
    return promise.id


@placeholder("survey_upload.own")
def _survey_upload(world: World):
    """A checked survey file waiting for the coordinator (others get 403 from the role, or 404)."""
    from lagesbild import uploads

    world.factories["make_observation"](category="AKT.PATRULL")  # loads the areas the file names
    content = b"year,area,indicator,value,source,published\n2025,Berga,Oro,2.9,Polisen,\n"
    pending = {"filename": "matning.csv", "content": uploads.encode_bytes(content)}
    return uploads.store(world.coordinator.id, "survey", pending)


@placeholder("police_upload.own")
def _police_upload(world: World):
    """A checked file of police statistics waiting for the coordinator."""
    from lagesbild import uploads

    world.factories["make_observation"](category="AKT.PATRULL")  # loads the areas the file names
    content = "year,area,indicator,value,source,published\n2025,Berga,Skadegörelse,41,Polisen,\n".encode()
    pending = {"filename": "brott.csv", "content": uploads.encode_bytes(content)}
    return uploads.store(world.coordinator.id, "police", pending)

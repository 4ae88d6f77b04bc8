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

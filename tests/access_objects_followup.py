"""Access-matrix placeholders for the follow-up: {measure.any} is an active measure of this year."""

from datetime import date

from lagesbild.extensions import db
from lagesbild.models import Horizon, Measure, MeasureKind
from lagesbild.periods import today_local

from .access_objects import World, placeholder


@placeholder("measure.any")
def _any_measure(world: World):
    year = today_local().year
    measure = Measure(
        year=year,
        what="Bättre belysning i gångtunneln",
        organisation_id=world.org_c.id,
        horizon=Horizon.SHORT,
        kind=MeasureKind.SITUATIONAL,
        problem="",
        effect_goal="Färre klotter",
        indicator="Antal iakttagelser",
        follow_up_on=date(year, 12, 15),
    )
    db.session.add(measure)
    db.session.commit()
    return measure.id

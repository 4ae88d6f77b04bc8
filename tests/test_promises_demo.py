"""The promises' demo records: Eslöv's eight 2022 promises in their kinds, followed up from the demo's own
activity reports (guard rounds among them), and survey values that say they are made up."""

import io
from datetime import date

from docx import Document
from sqlalchemy import func, select

from lagesbild import periods
from lagesbild.extensions import db
from lagesbild.models import (
    Area,
    Category,
    Observation,
    Organisation,
    OrganisationKind,
    Promise,
    PromiseKind,
    SurveyValue,
)
from lagesbild.plan.document import build_plan
from lagesbild.plan.docx_writer import write_docx
from lagesbild.promises.demo import DEMO_SOURCE, PROMISES, seed_demo_promises
from lagesbild.promises.progress import promise_progress

KINDS = ["process", "count", "count", "process", "process", "process", "process", "milestone"]


def _count(code: str, year: int, organisation: str | None = None, area: str | None = None) -> int:
    """Active activities of one subcategory in a year, independently of progress.py's rule."""
    query = (
        select(func.count(Observation.id))
        .join(Category, Category.id == Observation.category_id)
        .join(Organisation, Organisation.id == Observation.organisation_id)
        .join(Area, Area.id == Observation.area_id)
        .where(
            Category.code == code,
            Observation.status == "active",
            Observation.occurred_on.between(date(year, 1, 1), date(year, 12, 31)),
        )
    )
    if organisation:
        query = query.where(Organisation.name == organisation)
    if area:
        query = query.where(Area.name == area)
    return db.session.scalar(query)


def test_the_eight_2022_promises_get_their_status_from_the_demo_data(app, runner):
    """Last year is complete in the demo: its eight promises have a known status each, and the police-only
    promises count the police's reports, not the guard company's rounds nor the municipality's measures."""
    result = runner.invoke(args=["seed-demo", "--weeks", "2"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        year = periods.today_local().year - 1
        progress = promise_progress(db.session, year, periods.today_local())
        assert [p.kind.value for p in progress] == KINDS
        assert [p.status for p in progress] == [
            "avviker",  # the process promises' latest note (15 September) says they are late
            "uppnått",  # ≥ 40 police traffic operations
            "uppnått",  # two walks, in Berga and the centre
            "avviker",
            "enligt plan",  # the drug-prevention process is followed up until the summer, on plan
            "avviker",
            "avviker",
            "uppnått",  # the camera application was sent on 16 May
        ]
        traffic, walks, patrols, camera = progress[1], progress[2], progress[6], progress[7]
        police = "Polisen LPO Eslöv"
        assert traffic.done == _count("AKT.TRAFIKINSATS", year, police) >= 40
        assert _count("AKT.TRAFIKINSATS", year) > traffic.done, "the municipality's own measures do not count"
        assert patrols.done == _count("AKT.PATRULL", year, police, "Eslövs centrum")
        guard_rounds = _count("AKT.PATRULL", year, "Bevakningsbolaget Syd (demo)", "Eslövs centrum")
        assert (
            guard_rounds > 0
            and _count("AKT.PATRULL", year, area="Eslövs centrum") >= patrols.done + guard_rounds
        )
        assert walks.done == 2 and set(walks.areas) == {"Berga", "Eslövs centrum"}
        assert (camera.milestone_done_on, camera.target) == (date(year, 5, 16), None)
        assert {p.goal for p in progress} == {
            "Alla som bor, verkar eller vistas i Eslövs kommun ska känna sig trygga ute på kvällen",
            "Ungdomsvåldet ska minska",
        }
        assert set(db.session.scalars(select(SurveyValue.source))) == {DEMO_SOURCE}

        # The demo goes on to this year's analysis and plan: the DOCX follows up all eight promises.
        this_year = periods.today_local().year
        plan = build_plan(db.session, this_year, periods.today_local())
        document = Document(io.BytesIO(write_docx(plan)))
        follow_up = next(t for t in document.tables if t.rows[0].cells[0].text == "Löfte")
        assert [row.cells[0].text for row in follow_up.rows[1:]] == [p.text for p in PROMISES]
        assert len(plan.sections[3].tables[0].rows) == 3, "three demo measures"


def test_demo_function_seeds_promises_and_survey(app, reference, make_org):
    """With only some of the demo's organisations the promises are still recorded (naming those there)."""
    make_org("Polisen LPO Eslöv", OrganisationKind.POLIS)
    make_org("Eslövs kommun, trygghetssamordning", OrganisationKind.KOMMUNAL)
    with app.app_context():
        seed_demo_promises(db.session)
        db.session.commit()

        year = periods.today_local().year
        promises = db.session.scalars(select(Promise).where(Promise.year == year).order_by(Promise.id)).all()
        assert [p.kind for p in promises] == [PromiseKind(kind) for kind in KINDS]
        assert promises[1].text.startswith("Polisen ska genomföra minst 40 riktade insatser")
        assert db.session.scalar(select(func.count(Promise.id)).where(Promise.year == year - 1)) == 8
        centre = promises[6]
        assert [a.name for a in centre.areas] == ["Eslövs centrum"]
        assert [c.code for c in centre.categories] == ["AKT.PATRULL"] and centre.counts_only_responsible
        assert [o.name for o in centre.organisations] == ["Polisen LPO Eslöv"]
        sources = set(db.session.scalars(select(SurveyValue.source)))
        assert sources == {DEMO_SOURCE} == {"Demo – inte verkliga värden"}
        assert db.session.scalar(select(func.count(SurveyValue.id)).where(SurveyValue.year == year - 2)) > 0

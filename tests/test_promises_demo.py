"""The promises' demo records: this and last year's promises, survey values that say they are made up."""

from sqlalchemy import func, select

from lagesbild import periods
from lagesbild.models import OrganisationKind, Promise, SurveyValue
from lagesbild.promises.demo import DEMO_SOURCE, seed_demo_promises


def test_seed_demo_adds_the_promises_and_survey_values(runner, db_read):
    """seed-demo calls each capability's demo function; the promises' one among them."""
    result = runner.invoke(args=["seed-demo", "--weeks", "2"])
    assert result.exit_code == 0, result.output
    year = periods.today_local().year
    assert (
        db_read(lambda session: session.scalar(select(func.count(Promise.id)).where(Promise.year == year)))
        > 0
    )
    assert db_read(lambda session: set(session.scalars(select(SurveyValue.source)))) == {DEMO_SOURCE}


def test_demo_function_seeds_promises_and_survey(database, reference, make_org):
    """The demo function itself, in the session the test holds (as seed-demo's command would)."""
    make_org("Polisen LPO Eslöv", OrganisationKind.POLIS)
    make_org("Eslövs kommun, trygghetssamordning", OrganisationKind.KOMMUNAL)
    seed_demo_promises(database)
    database.commit()

    year = periods.today_local().year
    promises = database.scalars(select(Promise).where(Promise.year == year).order_by(Promise.id)).all()
    assert [p.text for p in promises][0] == "Minst fyra trygghetsvandringar under året"
    assert database.scalar(select(func.count(Promise.id)).where(Promise.year == year - 1)) == len(promises)
    by_text = {p.text: p for p in promises}
    centre = by_text["Synlig polis och väktare i centrum"]
    assert centre.area.name == "Eslövs centrum" and [c.code for c in centre.categories] == ["AKT.PATRULL"]
    assert [o.name for o in by_text["Medborgardialoger"].organisations] == [
        "Polisen LPO Eslöv",
        "Eslövs kommun, trygghetssamordning",
    ]
    sources = set(database.scalars(select(SurveyValue.source)))
    assert sources == {DEMO_SOURCE} == {"Demo – inte verkliga värden"}
    assert database.scalar(select(func.count(SurveyValue.id)).where(SurveyValue.year == year - 2)) > 0

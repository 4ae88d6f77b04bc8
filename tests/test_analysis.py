"""The analysis beside the problembild: prioritised problems chosen from the Underlag ranking with rank,
reasoning and causes; every save a new version with who and when; the guard and escaping on every text."""

from datetime import date

import pytest
from sqlalchemy import select

from lagesbild.analysis.content import Content, Problem, changed_parts, from_json, to_json
from lagesbild.models import AnalysisDraft, AuditEvent, Role

from .support import login
from .test_privacy_fields import TYPED, fields_of, message

HOSTILE = "<script>alert(1)</script>"


def test_changed_parts_name_what_a_draft_changed():
    first = Content({"kartlaggning": "Klotter ökar."})
    problem = Problem(1, "Skadegörelse", "Berga", 12, 4, reasoning="Flest iakttagelser")
    second = Content({"kartlaggning": "Klotter ökar."}, (problem,))
    assert changed_parts(None, first) == ["Kartläggningen: vad problembilden visar"]
    assert changed_parts(first, second) == ["Prioriterade problem och orsaker"]
    assert changed_parts(second, from_json(to_json(second))) == []


@pytest.fixture
def analysis_world(app, make_user, make_observation, make_org):
    org = make_org("Eslövs kommun")
    coordinator = make_user(Role.COORDINATOR, organisation=org, display_name="Sara Samordnare")
    for day in (date(2025, 3, 1), date(2025, 3, 2), date(2025, 3, 3)):
        make_observation("SKG.KLOTTER", "Berga", author=coordinator, occurred_on=day)
    make_observation("ORD.UNGDOMSGRUPP", "Stora torg", author=coordinator, occurred_on=date(2025, 4, 1))
    return coordinator


def _post(client, **fields):
    data = {"kartlaggning": "Klotter i Berga ökar.", "problems-0-problem": ""}
    data.update(fields)
    return client.post("/analys?ar=2025", data=data)


def test_coordinator_prioritises_problems_from_the_ranking_and_each_save_is_a_version(
    app, analysis_world, make_user, login_as, db_read
):
    client = login_as(analysis_world)
    page = client.get("/analys?ar=2025").get_data(as_text=True)
    assert '<option value="Skadegörelse i Berga">' in page or "Skadegörelse i Berga" in page
    first = _post(
        client,
        **{
            "problems-0-problem": "Skadegörelse i Berga",
            "problems-0-reasoning": "Flest iakttagelser och ökande",
            "problems-0-place": "Mörka passager utan insyn",
            "problems-0-victims": "Boende och fastighetsägare",
            "problems-0-offenders": HOSTILE,
        },
    )
    assert first.status_code == 302
    assert (
        _post(
            client, konsekvenser="Otrygghet kvällstid", **{"problems-0-problem": "Skadegörelse i Berga"}
        ).status_code
        == 302
    )
    drafts = db_read(lambda s: s.scalars(select(AnalysisDraft).order_by(AnalysisDraft.number)).all())
    assert [d.number for d in drafts] == [1, 2]
    (problem,) = from_json(drafts[0].content).problems
    assert (problem.rank, problem.category, problem.area, problem.n) == (1, "Skadegörelse", "Berga", 3)
    assert problem.offenders == HOSTILE

    chair = app.test_client()
    assert login(chair, make_user(Role.CHAIR)).status_code == 302
    page = chair.get("/analys?ar=2025").get_data(as_text=True)
    assert "Otrygghet kvällstid" in page and "Skriv analysen" not in page
    assert "Version 2" in page and "Version 1" in page and "Sara Samordnare" in page
    assert "Konsekvenser av problemen, Prioriterade problem och orsaker" in page  # what version 2 changed
    old = chair.get(f"/analys/utkast/{drafts[0].id}").get_data(as_text=True)
    assert "Mörka passager utan insyn" in old and "&lt;script&gt;alert(1)&lt;/script&gt;" in old
    assert HOSTILE not in old and "Otrygghet kvällstid" not in old
    events = db_read(
        lambda s: s.scalars(
            select(AuditEvent).where(AuditEvent.action == "analysis.draft").order_by(AuditEvent.id)
        ).all()
    )
    assert [e.detail["number"] for e in events] == [1, 2]
    assert "Mörka" not in str([e.detail for e in events]), "the text stays in the draft"


@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("kartlaggning", "Kartläggningen"),
        ("annan_information", "Den andra informationen"),
        ("konsekvenser", "Konsekvenserna"),
        ("problems-0-offenders", "Orsaken (gärningspersonerna)"),
    ],
)
def test_personal_data_in_the_analysis_is_refused_and_kept(analysis_world, login_as, db_read, field, label):
    client = login_as(analysis_world)
    response = _post(client, **{field: TYPED, "problems-0-problem": "Skadegörelse i Berga"})
    assert response.status_code == 200
    page = fields_of(response)
    assert page.texts[f"{field}-error"].strip() == message(label)
    assert page.values[field] == TYPED
    assert db_read(lambda s: s.scalar(select(AnalysisDraft.id))) is None


def test_a_problem_must_come_from_the_ranking_and_text_needs_a_problem(analysis_world, login_as, db_read):
    client = login_as(analysis_world)
    page = _post(client, **{"problems-0-problem": "Påhittat problem"}).get_data(as_text=True)
    assert "Välj ett alternativ i listan." in page
    page = _post(client, **{"problems-1-reasoning": "Utan problem"}).get_data(as_text=True)
    assert "Välj vilket problem texten gäller, eller töm fälten." in page and "Utan problem" in page
    assert db_read(lambda s: s.scalar(select(AnalysisDraft.id))) is None

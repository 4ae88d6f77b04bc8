"""The åtgärdsplan: measures against the prioritised problems, and the plan as DOCX and printable HTML in
the law's order with the screen's numbers; the public version with the public problembild's suppression."""

import io
import re
from datetime import date

import pytest
from docx import Document
from sqlalchemy import select

from lagesbild.analysis.content import Content, Problem, to_json
from lagesbild.escaping import for_docx
from lagesbild.extensions import db
from lagesbild.models import AnalysisDraft, AuditEvent, Measure, Role

from .support import data_context
from .test_privacy_fields import TYPED, fields_of, message

HOSTILE = '<script>alert(1)</script>=HYPERLINK("http://x")'
# Stored before any guard (the form refuses control characters): the DOCX must still be written.
STORED = HOSTILE + "\x07"
LAW_ORDER = ["Kartläggning", "Analys", "Prioriterade problem", "Åtgärder", "Uppföljning"]


@pytest.fixture
def plan_world(app, make_user, make_org, make_observation):
    police = make_org("Polisen LPO Eslöv")
    coordinator = make_user(Role.COORDINATOR, organisation=police)
    for day in (date(2025, 3, 1), date(2025, 3, 2), date(2025, 3, 3), date(2025, 3, 4)):
        make_observation("SKG.KLOTTER", "Berga", author=coordinator, occurred_on=day)
    make_observation("ORD.UNGDOMSGRUPP", "Stora torg", author=coordinator, occurred_on=date(2025, 4, 1))
    problem = Problem(1, "Skadegörelse", "Berga", 4, 4, reasoning="Flest iakttagelser", place=STORED)
    with data_context(app):
        content = Content({"kartlaggning": "Klotter ökar i Berga."}, (problem,))
        db.session.add(AnalysisDraft(year=2025, number=1, content=to_json(content), author_id=coordinator.id))
        db.session.commit()
    return {"coordinator": coordinator, "police": police}


def _measure(**fields) -> dict:
    data = {
        "what": "Bättre belysning i gångtunneln",
        "horizon": "short",
        "kind": "situational",
        "problem": "Skadegörelse i Berga",
        "effect_goal": "Färre klotter",
        "indicator": "Antal iakttagelser av klotter i Berga",
        "follow_up_on": "2025-10-01",
        "promise": "0",
        "activity": "0",
    }
    return data | fields


def _docx_text(data: bytes) -> tuple[list[str], list[list[list[str]]]]:
    document = Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    return headings, tables


def test_coordinator_adds_a_measure_and_the_plan_downloads_in_the_laws_order(
    app, plan_world, login_as, db_read
):
    client = login_as(plan_world["coordinator"])
    data = _measure(organisation=str(plan_world["police"].id), what=HOSTILE)
    assert client.post("/atgardsplan/atgarder?ar=2025", data=data).status_code == 302
    assert db_read(lambda s: s.scalar(select(Measure.problem))) == "Skadegörelse i Berga"
    assert db_read(lambda s: s.scalar(select(AuditEvent.action).where(AuditEvent.action == "measure.create")))

    screen = client.get("/atgardsplan?ar=2025").get_data(as_text=True)
    response = client.get("/atgardsplan/dokument.docx?ar=2025")
    assert response.headers["Content-Disposition"] == 'attachment; filename="atgardsplan-2025.docx"'
    headings, tables = _docx_text(response.data)
    assert headings == [f"{n}. {title}" for n, title in enumerate(LAW_ORDER, start=1)]
    categories = {row[0]: row[1] for row in tables[0][1:]}
    assert categories["Skadegörelse"] == "4" and categories["Ordningsstörningar"] == "1"
    for name, count in categories.items():  # the screen shows the same numbers
        assert f"<td>{name}</td><td>{count}</td>" in screen
    measures = tables[1]
    assert measures[1][0] == for_docx(HOSTILE) and measures[1][1] == "Polisen LPO Eslöv"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in screen and "<script>alert(1)" not in screen

    cells = [p.text for p in Document(io.BytesIO(response.data)).paragraphs]
    assert for_docx(STORED) in cells, "the analysis's stored text, XML-safe"
    printable = client.get("/atgardsplan/dokument.html?ar=2025").get_data(as_text=True)
    positions = [printable.index(f"{n}. {title}</h2>") for n, title in enumerate(LAW_ORDER, start=1)]
    assert positions == sorted(positions)
    assert "<script>alert(1)" not in printable and "&lt;script&gt;" in printable
    assert "<link" not in printable and "<script" not in printable, "self-contained, nothing to fetch"


def test_the_public_version_hides_small_counts_as_the_public_problembild_does(app, plan_world, login_as):
    client = login_as(plan_world["coordinator"])
    internal = _docx_text(client.get("/atgardsplan/dokument.docx?ar=2025").data)
    public = _docx_text(client.get("/atgardsplan/dokument.docx?ar=2025&variant=offentlig").data)
    internal_counts = {row[0]: row[1] for row in internal[1][0][1:]}
    public_counts = {row[0]: row[1] for row in public[1][0][1:]}
    assert internal_counts["Ordningsstörningar"] == "1" and public_counts["Ordningsstörningar"] == "<3"
    assert public_counts["Skadegörelse"] in ("4", "..")
    public_html = client.get("/atgardsplan/dokument.html?ar=2025&variant=offentlig").get_data(as_text=True)
    assert "Åtgärdsplan 2025 (offentlig version)" in public_html
    assert "4 iakttagelser när problemet valdes" not in public_html, (
        "the internal ranking's counts stay inside"
    )
    assert "4 iakttagelser när problemet valdes" in client.get("/atgardsplan?ar=2025").get_data(as_text=True)


@pytest.mark.parametrize(
    ("field", "label"), [("what", "Åtgärden"), ("effect_goal", "Effektmålet"), ("indicator", "Indikatorn")]
)
def test_personal_data_in_a_measure_is_refused_and_kept(plan_world, login_as, db_read, field, label):
    client = login_as(plan_world["coordinator"])
    data = _measure(organisation=str(plan_world["police"].id), **{field: TYPED})
    response = client.post("/atgardsplan/atgarder?ar=2025", data=data)
    assert response.status_code == 200
    page = fields_of(response)
    assert page.texts[f"{field}-error"].strip() == message(label)
    assert page.values[field] == TYPED
    assert db_read(lambda s: s.scalar(select(Measure.id))) is None


def test_text_xml_cannot_hold_is_replaced_in_the_docx():
    assert for_docx("a\x00b\x07c\td\ne") == "a\ufffdb\ufffdc\td\ne"
    assert re.fullmatch(r"[^\x00-\x08]*", for_docx(STORED))

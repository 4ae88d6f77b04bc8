"""The yearly plan's free-text fields: every one refuses personal data beside the field and keeps what was
typed; hostile text in them is shown as text, never as markup; the form's kind rules are in Swedish."""

from datetime import date

import pytest
from sqlalchemy import func, select

from lagesbild.extensions import db
from lagesbild.models import (
    Agreement,
    Area,
    AuditEvent,
    FocusArea,
    Promise,
    PromiseGoal,
    PromiseKind,
    PromiseNote,
    Role,
)

from .test_privacy_fields import TYPED, fields_of, message

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def plan(app, make_user, make_org, reference, category_id, login_as):
    org = make_org("Polisen LPO Eslöv")
    coordinator = make_user(Role.COORDINATOR, organisation=org)
    valid = {
        "year": "2026",
        "kind": "count",
        "text": "Minst 40 trafikinsatser",
        "target": "40",
        "organisations": [str(org.id)],
        "categories": [str(category_id("AKT.TRAFIKINSATS"))],
    }
    return {"client": login_as(coordinator), "valid": valid, "org": org, "coordinator": coordinator}


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# (form field, label in the message, extra form values)
PROMISE_FIELDS = {
    "situation": ("Situationen", {}),
    "measure": ("Åtgärden", {}),
    "effect": ("Effekten", {}),
    "follow_up": ("Uppföljningen", {}),
    "milestone_reference": ("Referensen", {"kind": "milestone"}),
}


@pytest.mark.parametrize("field", PROMISE_FIELDS)
def test_personal_data_in_a_promise_text_is_refused_and_kept(app, plan, field):
    label, extra = PROMISE_FIELDS[field]
    response = plan["client"].post("/medborgarloften/nytt", data={**plan["valid"], **extra, field: TYPED})
    assert response.status_code == 200
    page = fields_of(response)
    assert page.texts[f"{field}-error"].strip() == message(label)
    assert page.values[field] == TYPED
    with app.app_context():
        assert _count(Promise) == 0


def test_personal_data_in_a_goal_or_a_status_note_is_refused_and_kept(app, plan, make_promise):
    promise = make_promise("Grannsamverkan", codes=[], target=None, year=2026, kind=PromiseKind.PROCESS)
    client = plan["client"]
    goal = client.post("/medborgarloften/huvudmal", data={"year": "2026", "text": TYPED})
    assert fields_of(goal).texts["text-error"].strip() == message("Huvudmålet")
    assert fields_of(goal).values["text"] == TYPED
    note = client.post(
        f"/medborgarloften/{promise.id}/lagesanteckning",
        data={"noted_on": "2026-03-01", "state": "enligt_plan", "text": TYPED},
    )
    assert fields_of(note).texts["text-error"].strip() == message("Anteckningen")
    assert fields_of(note).values["text"] == TYPED
    with app.app_context():
        assert (_count(PromiseGoal), _count(PromiseNote)) == (0, 0)


def test_hostile_text_in_every_new_field_is_shown_as_text(app, plan, make_promise):
    client = plan["client"]
    sections = {"situation": HOSTILE, "measure": HOSTILE, "effect": HOSTILE, "follow_up": HOSTILE}
    assert client.post("/medborgarloften/nytt", data={**plan["valid"], **sections}).status_code == 302
    milestone = {**plan["valid"], "kind": "milestone", "milestone_reference": HOSTILE, "target": ""}
    assert client.post("/medborgarloften/nytt", data=milestone).status_code == 302
    assert client.post("/medborgarloften/huvudmal", data={"year": "2026", "text": HOSTILE}).status_code == 302
    with app.app_context():
        promise_id = db.session.scalar(select(Promise.id).where(Promise.kind == PromiseKind.COUNT))
    note = {"noted_on": "2026-03-01", "state": "avviker", "text": HOSTILE}
    assert client.post(f"/medborgarloften/{promise_id}/lagesanteckning", data=note).status_code == 302
    with app.app_context():
        (event,) = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "promise.note")).all()
        assert set(event.detail) == {"note_id", "noted_on", "state"}, "the note's text stays in its row"
    page = client.get("/medborgarloften?ar=2026").get_data(as_text=True)
    assert "<script>" not in page and "<img src=x" not in page
    escaped = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"
    # four sections, the reference, the goal and the note
    assert page.count(escaped) == 7


def test_the_kind_decides_what_is_required_and_the_window_lies_in_the_year(app, plan):
    client = plan["client"]
    data = {
        **plan["valid"],
        "target": "",
        "categories": [],
        "starts_on": "2025-12-01",
        "ends_on": "2026-01-01",
    }
    page = client.post("/medborgarloften/nytt", data={**data, "starts_on": "2026-06-01"}).get_data(
        as_text=True
    )
    assert "Ange målet som ett heltal, minst 1." in page
    assert "Välj minst en aktivitet som räknas." in page
    assert "Slutdagen kan inte ligga före startdagen." in page
    page = client.post("/medborgarloften/nytt", data=data).get_data(as_text=True)
    assert "Välj en dag under löftets år (2026)." in page
    assert 'value="2025-12-01"' in page, "what was typed is kept"
    with app.app_context():
        assert _count(Promise) == 0


def test_coordinator_records_a_milestone_and_a_police_only_promise_over_two_areas(app, plan):
    client = plan["client"]
    with app.app_context():
        areas = dict(db.session.execute(select(Area.name, Area.id)).all())
        agreement = Agreement(
            title="Överenskommelse 2025–2026",
            parties="Kommunen och polisen",
            starts_on=date(2025, 1, 1),
            ends_on=date(2026, 12, 31),
            focus_areas=[FocusArea(name="Trygghet i offentlig miljö")],
        )
        db.session.add(agreement)
        db.session.commit()
        focus_area_id = agreement.focus_areas[0].id
    police_only = {
        **plan["valid"],
        "focus_area": str(focus_area_id),
        "only_responsible": "y",
        "areas": [str(areas["Eslövs centrum"]), str(areas["Berga"])],
        "starts_on": "2026-03-01",
    }
    assert client.post("/medborgarloften/nytt", data=police_only).status_code == 302
    camera = {
        **plan["valid"],
        "kind": "milestone",
        "text": "Ansökan om kameraövervakning",
        "target": "",
        "categories": [],
        "milestone_done_on": "2026-05-16",
        "milestone_reference": "Ansökan till IMY",
    }
    assert client.post("/medborgarloften/nytt", data=camera).status_code == 302
    with app.app_context():
        count, milestone = db.session.scalars(select(Promise).order_by(Promise.id)).all()
        assert (count.counts_only_responsible, count.starts_on) == (True, date(2026, 3, 1))
        assert count.focus_area.name == "Trygghet i offentlig miljö"
        assert {a.name for a in count.areas} == {"Eslövs centrum", "Berga"}
        assert (milestone.kind, milestone.target, milestone.milestone_done_on) == (
            PromiseKind.MILESTONE,
            None,
            date(2026, 5, 16),
        )
        assert milestone.categories == [] and milestone.milestone_reference == "Ansökan till IMY"
    page = client.get("/medborgarloften?ar=2026").get_data(as_text=True)
    assert f'href="/overenskommelser/{agreement.id}">Trygghet i offentlig miljö</a>' in page
    assert "(bara de ansvarigas)" in page and "1 mars 2026 – 31 december 2026" in page
    assert "Milstolpe" in page and "genomfört 16 maj 2026" in page and "Ansökan till IMY" in page

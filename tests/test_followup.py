"""The yearly follow-up (Brå step 5): each promise against its target or plan, each measure carried out or
not with its indicator before and after at its place, the coordinator's evaluations, overdue measures
flagged; the document as DOCX and printable HTML with the screen's numbers; the previous year's follow-up
in the internal problembild."""

import io
import json
from datetime import date

import pytest
from docx import Document
from sqlalchemy import select

from lagesbild.escaping import for_docx
from lagesbild.extensions import db
from lagesbild.followup.queries import year_before
from lagesbild.models import (
    AuditEvent,
    Evaluation,
    Role,
)

from .fixtures_followup import MEASURE_WHAT as WHAT
from .support import data_context
from .test_privacy_fields import TYPED, fields_of, message

HOSTILE = '<script>alert(1)</script>=HYPERLINK("http://x")'
SECTIONS = ["1. Medborgarlöften", "2. Åtgärder", "3. Försenade uppföljningar"]


def _docx(data: bytes):
    document = Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    return headings, tables, [p.text for p in document.paragraphs]


def test_coordinator_evaluates_and_the_followup_downloads_with_the_screens_numbers(
    app, followup_world, login_as, db_read
):
    client = login_as(followup_world["coordinator"])
    before = client.get("/uppfoljning?ar=2025").get_data(as_text=True)
    assert "<td>Försenad</td>" in before, "follow-up date passed without an evaluation"

    url = f"/uppfoljning/atgarder/{followup_world['measure']}"
    response = client.post(url, data={"outcome": "delvis", "text": HOSTILE})
    assert response.status_code == 302
    promise_url = f"/uppfoljning/loften/{followup_world['process']}"
    assert client.post(promise_url, data={"text": "Samverkan hölls som planerat."}).status_code == 302

    screen = client.get("/uppfoljning?ar=2025").get_data(as_text=True)
    assert "<td>Försenad</td>" not in screen and "<td>Delvis genomförd</td><td>Utvärderad</td>" in screen
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in screen and "<script>alert(1)" not in screen

    headings, tables, paragraphs = _docx(client.get("/uppfoljning/dokument.docx?ar=2025").data)
    assert headings == SECTIONS
    promises = {row[0]: row[2:] for row in tables[0][1:]}
    assert promises["1. Minst två fotpatruller i Berga"] == ["1 av 2", "Efter"]
    assert promises["2. Samverka om trygghet i centrum"] == ["Enligt plan", "Enligt plan"]
    indicators = {row[2]: row[3:] for row in tables[2][1:]}
    assert indicators["Iakttagelser: Skadegörelse"] == ["2", "4", "+2"]
    assert indicators["Trygghetsmätning: Oro för brott"] == ["30", "25,5", "−4,5"]
    for row in tables[0][1:] + tables[2][1:]:  # the screen shows the same numbers
        assert "".join(f"<td>{cell}</td>" for cell in row[2:]) in screen
    assert "Utvärdering: " + for_docx(HOSTILE) in paragraphs
    assert "Utvärdering: Samverkan hölls som planerat." in paragraphs

    printable = client.get("/uppfoljning/dokument.html?ar=2025").get_data(as_text=True)
    positions = [printable.index(f"{heading}</h2>") for heading in SECTIONS]
    assert positions == sorted(positions)
    assert "<script>alert(1)" not in printable and "&lt;script&gt;" in printable
    assert "<link" not in printable and "<script" not in printable, "self-contained, nothing to fetch"

    events = db_read(
        lambda s: s.scalars(select(AuditEvent).where(AuditEvent.action == "evaluation.save")).all()
    )
    assert len(events) == 2
    assert all("HYPERLINK" not in json.dumps([e.before, e.after, e.detail]) for e in events)


@pytest.mark.parametrize("subject", ["measure", "process"])
def test_personal_data_in_an_evaluation_is_refused_and_kept(followup_world, login_as, db_read, subject):
    client = login_as(followup_world["coordinator"])
    kind = "atgarder" if subject == "measure" else "loften"
    response = client.post(
        f"/uppfoljning/{kind}/{followup_world[subject]}", data={"outcome": "inte", "text": TYPED}
    )
    assert response.status_code == 200
    page = fields_of(response)
    assert page.texts["text-error"].strip() == message("Utvärderingen")
    assert page.values["text"] == TYPED
    assert db_read(lambda s: s.scalar(select(Evaluation.id))) is None


def test_the_year_before_is_the_same_days():
    assert year_before((date(2024, 1, 1), date(2024, 2, 29))) == (date(2023, 1, 1), date(2023, 2, 28))


def test_the_internal_problembild_shows_what_last_years_measures_changed(app, followup_world, login_as):
    client = login_as(followup_world["coordinator"])
    url = f"/uppfoljning/atgarder/{followup_world['measure']}"
    client.post(url, data={"outcome": "enligt_plan", "text": "Klottret flyttade till " + HOSTILE})
    internal = client.get("/problembild?from=2026-01-01&to=2026-06-30").get_data(as_text=True)
    section = internal[internal.index("Vad förändrade förra årets åtgärder?") :]
    assert f"<strong>{WHAT}</strong> – Genomförd som planerat." in section
    assert "Skadegörelse i Berga: 2 iakttagelser före, 4 efter." in section
    assert "Klottret flyttade till &lt;script&gt;" in section and "<script>alert" not in section
    public = client.get("/problembild?from=2026-01-01&to=2026-06-30&variant=offentlig").get_data(as_text=True)
    assert "Vad förändrade förra årets åtgärder?" not in public, "the group's own words stay internal"


def test_the_demo_follows_up_last_years_eight_promises_and_its_measures(app, runner):
    from lagesbild import periods
    from lagesbild.followup.document import NO_EVALUATION, build_followup
    from lagesbild.followup.previous import measure_changes

    assert runner.invoke(args=["seed-demo", "--weeks", "2"]).exit_code == 0
    with app.app_context():
        today = periods.today_local()
        document = build_followup(db.session, today.year - 1, today)
        promises, measures, overdue = document.sections
        assert len(promises.tables[0].rows) == 8
        written = [text for heading, text in promises.paragraphs if text.startswith("Utvärdering: ")]
        assert len(written) == 8 and all(NO_EVALUATION not in text for text in written)
        assert [row[3:] for row in measures.tables[0].rows] == [
            ["Genomförd som planerat", "Utvärderad"],
            ["Inte bedömd", "Försenad"],
        ]
        assert len(document.overdue) == 1 and "Fältsekreterare ute fredagskvällar" in overdue.paragraphs[0][1]
        changes = measure_changes(db.session, today.year - 1, today)
        assert changes[0].place and changes[0].evaluation.startswith("Belysningen byttes i april")


def test_the_coordinator_makes_a_member_styrgrupp_who_reads_the_yearly_plan_but_no_observations(
    app, followup_world, login_as, make_user, db_read
):
    from lagesbild.models import User

    from .support import login

    member = make_user(Role.MEMBER)
    admin = login_as(followup_world["coordinator"])
    data = {"display_name": member.display_name, "email": member.email,
            "organisation_id": member.organisation_id, "role": "styrgrupp"}  # fmt: skip
    assert admin.post(f"/admin/anvandare/{member.id}/andra", data=data).status_code == 302
    assert db_read(lambda s: s.get(User, member.id).role) is Role.STYRGRUPP

    steering = app.test_client()
    assert login(steering, member).status_code == 302
    start = steering.get("/start").get_data(as_text=True)
    assert "Uppföljning" in start and "Veckans lägesbild" not in start and "Ny iakttagelse" not in start
    internal = steering.get("/problembild?from=2025-01-01&to=2025-12-31&variant=intern").get_data(
        as_text=True
    )
    assert "(offentlig variant)" in internal, "the styrgrupp gets the public problembild whatever it asks"
    assert "Brännpunkter" not in internal and "Visa intern variant" not in internal
    promises = steering.get("/medborgarloften?ar=2025").get_data(as_text=True)
    assert "Minst två fotpatruller i Berga" in promises and "Aktiviteterna som räknats" not in promises
    followup = steering.get("/uppfoljning?ar=2025").get_data(as_text=True)
    assert "<td>Iakttagelser: Skadegörelse</td><td>2</td><td>4</td>" in followup
    assert "Skriv utvärderingar" not in followup
    assert steering.get(f"/uppfoljning/atgarder/{followup_world['measure']}").status_code == 403


def test_the_styrgrupp_gets_no_group_mail(app, make_user):
    """Meeting reminders and summaries go to the active users; they carry the week's observations."""
    from lagesbild.mail.messages import active_users

    member, steering = make_user(Role.MEMBER), make_user(Role.STYRGRUPP)
    with app.app_context():
        ids = {user.id for user in active_users(db.session)}
    assert member.id in ids and steering.id not in ids


def test_a_process_promise_shows_the_meetings_held_in_its_window_as_evidence(
    app, followup_world, make_meeting
):
    """Closed meetings of the group count; an open one (not yet held) does not."""
    from lagesbild.followup.document import build_followup
    from lagesbild.periods import period_for_week

    coordinator = followup_world["coordinator"]
    make_meeting(coordinator, period_for_week(2025, 10, 5), closed=True)
    make_meeting(coordinator, period_for_week(2025, 20, 5), closed=True)
    make_meeting(coordinator, period_for_week(2025, 30, 5))
    with app.app_context():
        section = build_followup(db.session, 2025, date(2026, 2, 1)).sections[0]
    assert ("", "Underlag: 2 möten hållna i gruppen under löftets period.") in section.paragraphs


def test_the_coordinator_edits_the_agreement_as_a_new_version_and_a_measure_audited(
    app, followup_world, login_as, db_read
):
    from lagesbild.agreement.operations import AgreementFields, create_agreement
    from lagesbild.models import Agreement, AgreementVersion, Measure

    with data_context(app):
        fields = AgreementFields("Samverkansöverenskommelse Eslöv", "Kommunen och polisen", date(2021, 5, 1),
                                 date(2022, 12, 31), None, "Kommunstyrelsen")  # fmt: skip
        agreement_id = create_agreement(db.session, fields, followup_world["coordinator"]).id
        db.session.commit()
    client = login_as(followup_world["coordinator"])
    url = f"/overenskommelser/{agreement_id}/andra"
    form = {k: v for k, v in fields_of(client.get(url)).values.items() if k != "csrf_token"}
    assert form["title"] == "Samverkansöverenskommelse Eslöv" and form["starts_on"] == "2021-05-01"
    form.update(ends_on="2023-12-31", forums="Örat mot marken och SSPE " + HOSTILE, decided_on="2022-11-20",
                decided_by="Kommunstyrelsen", changes="Perioden förlängs till och med 2023.")  # fmt: skip
    assert client.post(url, data=form).status_code == 302
    agreement = db_read(lambda s: s.get(Agreement, agreement_id))
    assert agreement.ends_on == date(2023, 12, 31) and agreement.forums.endswith(HOSTILE)
    versions = db_read(lambda s: s.scalars(select(AgreementVersion).order_by(AgreementVersion.number)).all())
    assert [(v.number, v.changes) for v in versions] == [
        (1, "Överenskommelsen tecknas."),
        (2, "Perioden förlängs till och med 2023."),
    ]
    event = db_read(lambda s: s.scalar(select(AuditEvent).where(AuditEvent.action == "agreement.update")))
    assert event.after == {"ends_on": "2023-12-31"}, "the dates kept, the free text only named"
    assert sorted(event.detail["fields"]) == ["ends_on", "forums"]
    shown = client.get(f"/overenskommelser/{agreement_id}").get_data(as_text=True)
    assert "Version 2, beslutad 20 november 2022 av Kommunstyrelsen" in shown and "<script>alert" not in shown

    url = f"/atgardsplan/atgarder/{followup_world['measure']}/andra"
    shown = fields_of(client.get(url)).values
    assert shown["what"] == WHAT and shown["follow_up_on"] == "2025-10-01", "the form shows the measure"
    police = db_read(lambda s: s.get(Measure, followup_world["measure"]).organisation_id)
    data = {
        "what": "Belysning och röjning i gångtunneln",
        "organisation": str(police),
        "horizon": "short",
        "kind": "situational",
        "problem": "Skadegörelse i Berga",
        "effect_goal": "Färre klotter",
        "indicator": "Iakttagelser av klotter",
        "follow_up_on": "2026-03-01",
        "promise": "0",
        "activity": "0",
    }
    assert client.post(url, data=data).status_code == 302
    measure = db_read(lambda s: s.get(Measure, followup_world["measure"]))
    assert (measure.what, measure.follow_up_on) == ("Belysning och röjning i gångtunneln", date(2026, 3, 1))
    event = db_read(lambda s: s.scalar(select(AuditEvent).where(AuditEvent.action == "measure.update")))
    assert event.after == {"follow_up_on": "2026-03-01"}
    assert sorted(event.detail["fields"]) == ["follow_up_on", "what"]


def test_the_public_followup_counts_public_observations_and_hides_small_counts(app, followup_world):
    from lagesbild.followup.document import build_followup

    with app.app_context():
        internal = build_followup(db.session, 2025, date(2026, 2, 1)).sections[1].tables[1].rows
        public = build_followup(db.session, 2025, date(2026, 2, 1), public=True).sections[1].tables[1].rows
    assert internal[0][2:] == ["Iakttagelser: Skadegörelse", "2", "4", "+2"]
    assert public[0][2:] == ["Iakttagelser: Skadegörelse", "<3", "4", ".."], "a difference would tell the 2"

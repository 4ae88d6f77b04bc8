"""Withdrawn observations leave every picture of the week; closing a meeting locks its period.

The week of v. 47 2026 holds four klotter reports in Berga: from nothing, four is the smallest count
that flags (docs/trends.md), so withdrawing one must take the flag away everywhere it is shown.
"""

import json
from datetime import date

import pytest
from sqlalchemy import select

from lagesbild.extensions import db
from lagesbild.models import AgendaKind, Meeting, Observation, ObservationStatus, OrganisationKind, Role
from lagesbild.periods import local_date, period_containing

from .support import login

FLAG = "Ökning: Skadegörelse i Berga — 4 mot normalt 0"


@pytest.fixture
def people(make_user, make_org):
    housing = make_org("Eslövs Bostads AB", OrganisationKind.BOSTADSBOLAG)
    return {
        "chair": make_user(Role.CHAIR, organisation=make_org("Polisen LPO Eslöv", OrganisationKind.POLIS)),
        "member": make_user(Role.MEMBER, organisation=housing),
    }


@pytest.fixture
def four_in_berga(people, make_observation):
    return [
        make_observation(
            "SKG.KLOTTER",
            "Berga",
            author=people["member"],
            occurred_on=date(2026, 11, day),
            description=f"Klotter nummer {day}.",
        )
        for day in (13, 14, 15, 16)
    ]


def test_four_in_berga_flag_everywhere_before_any_withdrawal(login_as, runner, people, four_in_berga, app):
    """The control for the next test: the same week without a withdrawal is flagged in every picture."""
    client = login_as(people["chair"])
    assert FLAG in client.get("/vecka/2026-47").get_data(as_text=True)
    assert FLAG in runner.invoke(args=["vecka", "2026-47"]).output
    client.post("/vecka/2026-47/mote")
    with app.app_context():
        meeting = db.session.scalar(select(Meeting))
        assert meeting.agenda_items[0].kind is AgendaKind.FLAGS and FLAG in meeting.agenda_items[0].title


def test_a_withdrawn_observation_leaves_table_flags_agenda_record_and_cli(
    app, login_as, runner, people, four_in_berga, db_read
):
    withdrawn = four_in_berga[0]
    author = login_as(people["member"])
    assert author.post(f"/iakttagelser/{withdrawn.id}/aterkalla").status_code == 302
    assert (
        db_read(lambda session: session.get(Observation, withdrawn.id).status) is ObservationStatus.WITHDRAWN
    )

    week = author.get("/vecka/2026-47").get_data(as_text=True)
    assert 'data-total="3"' in week and 'data-total="4"' not in week
    assert "Ökning:" not in week and "Klotter nummer 13." not in week
    map_data = author.get("/vecka/2026-47/karta.json")
    assert map_data.status_code == 200 and "Klotter nummer 13." not in map_data.get_data(as_text=True)
    assert "Klotter nummer 13." not in author.get("/vecka/2026-47/iakttagelser").get_data(as_text=True)

    cli = runner.invoke(args=["vecka", "2026-47"])
    assert cli.exit_code == 0 and "Ökning:" not in cli.output
    assert "Inga ökningar över det normala." in cli.output

    chair = app.test_client()
    login(chair, people["chair"])
    chair.post("/vecka/2026-47/mote")
    with app.app_context():
        meeting = db.session.scalar(select(Meeting))
        assert meeting.agenda_items[0].title == "Ökningar: inga över det normala"
        assert "Berga (3 iakttagelser)" in [item.title for item in meeting.agenda_items]
    chair.post(f"/moten/{meeting.id}/avsluta", data={"bekraftad": "ja"})
    snapshot = json.loads(db_read(lambda session: session.get(Meeting, meeting.id).snapshot_json))
    assert "Ökning:" not in json.dumps(snapshot, ensure_ascii=False)
    record = author.get(f"/moten/{meeting.id}").get_data(as_text=True)
    assert 'data-total="3"' in record and "Ökning:" not in record


def _chair_holds_and_closes_week_47(app, people, db_read) -> Meeting:
    """The chair opens the meeting for week 2026-47 and closes it, as the page's buttons do."""
    chair = app.test_client()
    login(chair, people["chair"])
    chair.post("/vecka/2026-47/mote")
    meeting = db_read(lambda session: session.scalar(select(Meeting)))
    chair.post(f"/moten/{meeting.id}/avsluta", data={"bekraftad": "ja"})
    return meeting


def test_closing_the_meeting_locks_the_periods_observations_for_their_authors(
    app, login_as, people, four_in_berga, valid_form, db_read
):
    _chair_holds_and_closes_week_47(app, people, db_read)

    author = login_as(people["member"])
    locked = four_in_berga[1]
    assert author.get(f"/iakttagelser/{locked.id}/andra").status_code == 403
    changed = valid_form(plats="Berga", datum="2026-11-14", beskrivning="Ändrad efteråt.")
    assert author.post(f"/iakttagelser/{locked.id}/andra", data=changed).status_code == 403
    assert author.post(f"/iakttagelser/{locked.id}/aterkalla").status_code == 403
    locked = db_read(lambda session: session.get(Observation, locked.id))
    assert locked.status is ObservationStatus.ACTIVE and locked.description == "Klotter nummer 14."
    assert "Bara ordföranden eller samordnaren kan rätta" in author.get("/mina-iakttagelser").get_data(
        as_text=True
    )


def test_a_late_report_stays_open_out_of_the_frozen_record_until_its_own_period_closes(
    app, login_as, people, four_in_berga, valid_form, make_meeting, db_read
):
    """A report posted after the close, dated inside the closed period, is not locked by that close and
    does not change its frozen record; it shows on the live page; its
    author may no longer edit it (the period is closed, issue #13 item 7), and the close of the period
    it was reported in locks it."""
    meeting = _chair_holds_and_closes_week_47(app, people, db_read)
    author = login_as(people["member"])
    record_before = author.get(f"/moten/{meeting.id}").get_data(as_text=True)

    late_form = valid_form(plats="Berga", datum="2026-11-17", beskrivning="Sent inrapporterat klotter.")
    saved = author.post("/iakttagelser/ny", data=late_form, follow_redirects=True)
    assert "Iakttagelsen är sparad" in saved.get_data(as_text=True)
    late = db_read(
        lambda session: session.scalar(select(Observation).order_by(Observation.id.desc()).limit(1))
    )
    assert late.description == "Sent inrapporterat klotter."
    assert late is not None and late.occurred_on == date(2026, 11, 17) and late.locked_at is None

    assert author.get(f"/moten/{meeting.id}").get_data(as_text=True) == record_before
    live = author.get("/vecka/2026-47").get_data(as_text=True)
    assert 'data-total="5"' in live
    assert author.get(f"/iakttagelser/{late.id}/andra").status_code == 403
    assert author.post(f"/iakttagelser/{late.id}/aterkalla").status_code == 403

    make_meeting(people["chair"], period_containing(local_date(late.created_at)), closed=True)
    assert db_read(lambda session: session.get(Observation, late.id).locked_at) is not None
    assert author.post(f"/iakttagelser/{late.id}/aterkalla").status_code == 403


def test_a_withdrawn_observation_cannot_be_edited_or_brought_back_by_its_author(
    login_as, people, four_in_berga, valid_form, db_read
):
    withdrawn = four_in_berga[0]
    author = login_as(people["member"])
    author.post(f"/iakttagelser/{withdrawn.id}/aterkalla")
    assert author.get(f"/iakttagelser/{withdrawn.id}/andra").status_code == 403
    changed = valid_form(plats="Berga", datum="2026-11-13", beskrivning="Tillbaka igen.")
    assert author.post(f"/iakttagelser/{withdrawn.id}/andra", data=changed).status_code == 403
    withdrawn = db_read(lambda session: session.get(Observation, withdrawn.id))
    assert withdrawn.status is ObservationStatus.WITHDRAWN and withdrawn.description == "Klotter nummer 13."

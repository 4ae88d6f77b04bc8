"""The meeting: open, attendance, notes, actions carried forward, closing with lock and frozen record."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from lagesbild.extensions import db
from lagesbild.meeting import operations
from lagesbild.models import (
    Action,
    ActionStatus,
    AgendaItem,
    AgendaKind,
    AuditEvent,
    Meeting,
    MeetingRecordVersion,
    MeetingStatus,
    Observation,
    OrganisationKind,
    Role,
)
from lagesbild.periods import period_for_week

from .support import login


@pytest.fixture
def people(make_user, make_org):
    police = make_org("Polisen LPO Eslöv", OrganisationKind.POLIS)
    housing = make_org("Eslövs Bostads AB", OrganisationKind.BOSTADSBOLAG)
    return {
        "chair": make_user(Role.CHAIR, organisation=police, display_name="Olle Ordförande"),
        "member": make_user(Role.MEMBER, organisation=housing),
        "police": police,
        "housing": housing,
    }


def _events(db_read, action: str) -> list[AuditEvent]:
    return db_read(
        lambda session: list(
            session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id))
        )
    )


def test_chair_runs_a_meeting_from_opening_to_closing(
    login_as, people, make_observation, area_named, app, db_read, stored
):
    for day in (13, 14, 15, 16, 17, 18):
        make_observation("SKG.KLOTTER", "Berga", author=people["member"], occurred_on=date(2026, 11, day))
    outside = make_observation(
        "SKG.KLOTTER", "Berga", author=people["member"], occurred_on=date(2026, 11, 20)
    )
    client = login_as(people["chair"])

    response = client.post("/vecka/2026-47/mote")
    with app.app_context():
        meeting = db.session.scalar(select(Meeting))
        assert response.location == f"/moten/{meeting.id}"
        kinds = [item.kind for item in meeting.agenda_items]
        assert kinds[0] is AgendaKind.FLAGS and kinds[-2:] == [AgendaKind.ACTIONS, AgendaKind.OVRIGT]
        assert "Ökning: Skadegörelse i Berga — 6 mot normalt 0" in meeting.agenda_items[0].title
        assert any(
            item.kind is AgendaKind.AREA and item.title.startswith("Berga") for item in meeting.agenda_items
        )
        flags_item = meeting.agenda_items[0]
    # Opening twice leads to the same meeting.
    assert client.post("/vecka/2026-47/mote").location == f"/moten/{meeting.id}"

    client.post(
        f"/moten/{meeting.id}/narvaro", data={"organisations": [people["police"].id, people["housing"].id]}
    )
    client.post(
        f"/moten/{meeting.id}/anteckningar",
        data={f"p{flags_item.id}-notes": "Ebo sanerar; polisen patrullerar kvällstid.", "version": 0},
    )
    response = client.post(
        f"/moten/{meeting.id}/atgarder",
        data={
            "title": "Sanera klotter i Berga",
            "owner_organisation_id": people["housing"].id,
            "area_id": area_named("Berga").id,
            "due_on": "2026-11-27",
            "status": "oppen",
            "observation_ids": f"#{outside.id}",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/moten/{meeting.id}").get_data(as_text=True)
    assert "Sanera klotter i Berga" in page and "27 november 2026" in page

    response = client.post(f"/moten/{meeting.id}/avsluta", data={"bekraftad": "ja"}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Lägesbild v. 47 2026" in html and "7 iakttagelser är låsta" not in html
    meeting = stored(Meeting, meeting.id)
    assert meeting.status is MeetingStatus.CLOSED and meeting.closed_by_id == people["chair"].id
    assert "Ebo sanerar; polisen patrullerar kvällstid." in html
    assert "Eslövs Bostads AB, Polisen LPO Eslöv" in html  # attendance, Swedish order
    assert "Sanera klotter i Berga" in html and "Öppen" in html
    assert stored(AgendaItem, flags_item.id).notes == "Ebo sanerar; polisen patrullerar kvällstid."
    for verb in ("meeting.open", "meeting.attendance", "meeting.notes", "action.create", "meeting.close"):
        assert _events(db_read, verb), verb


def test_closing_locks_the_periods_observations_only(app, people, make_observation, make_meeting, stored):
    # The period of v. 47 runs from Friday 13 to Thursday 19 November: its first, a middle and its last day.
    inside = [make_observation(author=people["member"], occurred_on=date(2026, 11, d)) for d in (13, 16, 19)]
    after = make_observation(author=people["member"], occurred_on=date(2026, 11, 20))
    before = make_observation(author=people["member"], occurred_on=date(2026, 11, 1))
    make_meeting(people["chair"], closed=True)
    assert all(stored(Observation, o.id).locked_at is not None for o in inside)
    assert (
        stored(Observation, after.id).locked_at is None and stored(Observation, before.id).locked_at is None
    )


def test_frozen_record_stays_the_same_after_a_correction(
    login_as, people, make_observation, make_meeting, app
):
    obs = [
        make_observation("SKG.KLOTTER", "Berga", author=people["member"], occurred_on=date(2026, 11, d))
        for d in (13, 14, 15)
    ]
    meeting = make_meeting(people["chair"], closed=True)
    client = login_as(people["member"])
    before = client.get(f"/moten/{meeting.id}").get_data(as_text=True)
    assert 'data-total="3"' in before
    # The chair corrects an observation's category afterwards: the live page changes, the record not.
    from lagesbild.models import Category

    with app.app_context():
        db.session.get(Observation, obs[0].id).category = db.session.scalar(
            select(Category).where(Category.code == "ORD.UNGDOMSGRUPP")
        )
        db.session.commit()
    after = client.get(f"/moten/{meeting.id}").get_data(as_text=True)
    live = client.get("/vecka/2026-47").get_data(as_text=True)
    strip = lambda html: html.split('<main id="innehall"')[1].split("</main>")[0]  # noqa: E731
    assert strip(before) == strip(after)
    tbody = lambda html: html.split("<tbody>")[1].split("</tbody>")[0]  # noqa: E731
    assert tbody(live) != tbody(after)  # the live table moved one to Ordningsstörningar


def test_open_actions_carry_forward_until_closed(login_as, people, make_meeting, make_action, stored):
    chair = people["chair"]
    m46 = make_meeting(chair, period_for_week(2026, 46, 5))
    keep = make_action(m46, chair, title="Trygghetsvandring i Berga", owner=people["police"])
    done = make_action(m46, chair, title="Byt belysning", owner=people["housing"])
    client = login_as(chair)
    client.post(f"/atgarder/{done.id}/status", data={"status": "klar", "tillbaka": m46.id})
    assert stored(Action, done.id).status is ActionStatus.KLAR
    client.post(f"/moten/{m46.id}/avsluta", data={"bekraftad": "ja"})
    m47 = make_meeting(chair)
    page47 = client.get(f"/moten/{m47.id}").get_data(as_text=True)
    week48 = client.get("/vecka/2026-48").get_data(as_text=True)
    for html in (page47, week48):
        assert "Trygghetsvandring i Berga" in html and "v. 46 2026" in html
        assert "Byt belysning" not in html.split('id="atgarder"')[1].split("</table>")[0]
    record46 = client.get(f"/moten/{m46.id}").get_data(as_text=True)
    assert "Byt belysning" in record46 and "Klar" in record46
    assert stored(Action, keep.id).status.is_open


def test_closed_meeting_cannot_be_changed(login_as, people, make_meeting, db_read):
    meeting = make_meeting(people["chair"], closed=True)
    client = login_as(people["chair"])
    response = client.post(
        f"/moten/{meeting.id}/narvaro", data={"organisations": [people["police"].id]}, follow_redirects=True
    )
    assert "är avslutat och kan inte ändras" in response.get_data(as_text=True)
    assert db_read(lambda session: session.get(Meeting, meeting.id).attendees) == []


def test_member_cannot_open_run_or_close_a_meeting(login_as, people, make_meeting, stored):
    meeting = make_meeting(people["chair"])
    client = login_as(people["member"])
    assert client.post("/vecka/2026-48/mote").status_code == 403
    assert client.post(f"/moten/{meeting.id}/avsluta").status_code == 403
    assert client.post(f"/moten/{meeting.id}/atgarder", data={"title": "x"}).status_code == 403
    html = client.get(f"/moten/{meeting.id}").get_data(as_text=True)
    assert "Avsluta mötet" not in html and "<textarea" not in html
    assert stored(Meeting, meeting.id).status is MeetingStatus.OPEN


def test_bad_action_input_is_shown_beside_the_fields(login_as, people, make_meeting, db_read):
    meeting = make_meeting(people["chair"])
    response = login_as(people["chair"]).post(
        f"/moten/{meeting.id}/atgarder",
        data={
            "title": "",
            "owner_organisation_id": "999999",
            "due_on": "i morgon",
            "observation_ids": "12, tolv",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Skriv vad som ska göras." in html
    assert "Välj ett alternativ i listan." in html
    assert "”tolv” är inget iakttagelsenummer." in html
    assert "Iakttagelse #12 finns inte." in html
    assert db_read(lambda session: session.scalar(select(Action))) is None


def test_meetings_are_listed_and_searchable(login_as, people, make_meeting, make_action, app):
    chair = people["chair"]
    m46 = make_meeting(chair, period_for_week(2026, 46, 5))
    make_action(m46, chair, title="Klottersanering vid stationen")
    m47 = make_meeting(chair)
    with app.app_context():
        db.session.get(Meeting, m47.id).agenda_items[-1].notes = "Fyrverkerier inför nyår diskuterades."
        db.session.commit()
    client = login_as(people["member"])
    listing = client.get("/moten").get_data(as_text=True)
    assert "v. 47 2026" in listing and "v. 46 2026" in listing
    found = client.get("/moten?q=fyrverkerier").get_data(as_text=True)
    assert "v. 47 2026" in found and "v. 46 2026" not in found
    found = client.get("/moten?q=klottersanering").get_data(as_text=True)
    assert "v. 46 2026" in found and "v. 47 2026" not in found
    assert "Inga möten nämner" in client.get("/moten?q=finns-inte").get_data(as_text=True)
    # A search for % or _ finds what mentions them, not every meeting.
    assert "Inga möten nämner" in client.get("/moten?q=%25").get_data(as_text=True)
    assert "Inga möten nämner" in client.get("/moten?q=_").get_data(as_text=True)


def test_demo_data_holds_a_closed_meeting_history_with_actions(app, runner):
    result = runner.invoke(args=["seed-demo", "--weeks", "12"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        meetings = db.session.scalars(select(Meeting).order_by(Meeting.meeting_date)).all()
        assert len(meetings) == 8 and all(m.status is MeetingStatus.CLOSED for m in meetings)
        assert all(m.snapshot_json and m.attendees for m in meetings)
        statuses = {a.status for a in db.session.scalars(select(Action))}
    assert ActionStatus.KLAR in statuses and ActionStatus.OPPEN in statuses
    latest = meetings[-1].snapshot_json
    assert "Röj buskage vid tunnelmynningen" in latest  # decided at the latest meeting


def test_chair_edits_an_action_from_a_later_meeting(
    app, login_as, people, reference, make_meeting, make_action, area_named, db_read, stored
):
    chair = people["chair"]
    m46 = make_meeting(chair, period_for_week(2026, 46, 5))
    action = make_action(m46, chair, title="Trygghetsvandring", owner=people["police"])
    m47 = make_meeting(chair)
    client = login_as(chair)
    form = client.get(f"/atgarder/{action.id}/andra?tillbaka={m47.id}").get_data(as_text=True)
    assert 'value="Trygghetsvandring"' in form and 'value="2026-12-04"' in form
    response = client.post(
        f"/atgarder/{action.id}/andra",
        data={
            "title": "Trygghetsvandring i Berga",
            "owner_organisation_id": people["housing"].id,
            "area_id": area_named("Berga").id,
            "due_on": "2026-12-11",
            "status": "pagar",
            "tillbaka": m47.id,
        },
    )
    assert response.location == f"/moten/{m47.id}#atgarder"
    action = stored(Action, action.id)
    assert (action.title, action.due_on, action.status) == (
        "Trygghetsvandring i Berga",
        date(2026, 12, 11),
        ActionStatus.PAGAR,
    )
    assert action.owner_organisation_id == people["housing"].id and action.meeting_id == m46.id
    (event,) = _events(db_read, "action.update")
    assert "title" in event.detail["fields"] and "title" not in event.before
    assert (
        "Trygghetsvandring" not in str((event.before, event.after)) and event.after["due_on"] == "2026-12-11"
    )
    bad = client.post(f"/atgarder/{action.id}/andra", data={"title": "", "owner_organisation_id": ""})
    assert bad.status_code == 200 and "Skriv vad som ska göras." in bad.get_data(as_text=True)
    member = app.test_client()
    assert login(member, people["member"]).status_code == 302
    assert member.get(f"/atgarder/{action.id}/andra").status_code == 403


def test_all_notes_save_together_and_a_stale_save_overwrites_nothing(
    app, login_as, people, make_user, make_meeting, stored
):
    """Issue #13 item 1: one save keeps every item's notes; a second chair saving from an older page gets
    a clear message with both texts, and neither is overwritten."""
    meeting = make_meeting(people["chair"])
    first, second = meeting.agenda_items[0].id, meeting.agenda_items[-1].id
    client = login_as(people["chair"])
    saved = client.post(
        f"/moten/{meeting.id}/anteckningar",
        data={f"p{first}-notes": "Ebo sanerar.", f"p{second}-notes": "Nästa möte som vanligt.", "version": 0},
        headers={"Accept": "application/json"},
    )
    assert saved.status_code == 200 and saved.json["version"] == 1
    assert re.fullmatch(r"Sparat [0-2][0-9]\.[0-5][0-9]", saved.json["message"])
    assert (stored(AgendaItem, first).notes, stored(AgendaItem, second).notes) == (
        "Ebo sanerar.",
        "Nästa möte som vanligt.",
    )

    other = app.test_client()
    login(other, make_user(Role.CHAIR, display_name="Vera Vice"))
    stale = {f"p{first}-notes": "Polisen patrullerar.", f"p{second}-notes": "Nästa möte som vanligt."}
    page = other.post(f"/moten/{meeting.id}/anteckningar", data={**stale, "version": 0})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Någon annan har sparat anteckningar medan du skrev" in html
    assert "Polisen patrullerar.</textarea>" in html  # what the second chair typed stays in the field
    assert "<blockquote>Ebo sanerar.</blockquote>" in html  # and the saved text is shown beside it
    assert 'name="version" type="hidden" value="1"' in html  # the next save is deliberate
    autosaved = other.post(
        f"/moten/{meeting.id}/anteckningar",
        data={**stale, "version": 0},
        headers={"Accept": "application/json"},
    )
    assert autosaved.status_code == 409 and "Ingenting är överskrivet" in autosaved.json["message"]
    assert (
        stored(AgendaItem, first).notes == "Ebo sanerar." and stored(Meeting, meeting.id).notes_version == 1
    )
    # Having seen both, the second chair saves the merged text from the page's new version.
    merged = {**stale, f"p{first}-notes": "Ebo sanerar. Polisen patrullerar.", "version": 1}
    assert other.post(f"/moten/{meeting.id}/anteckningar", data=merged).status_code == 302
    assert stored(AgendaItem, first).notes == "Ebo sanerar. Polisen patrullerar."


def test_closing_shows_the_summary_first_and_before_the_meeting_day_needs_a_guarded_reason(
    app, login_as, people, make_observation, make_meeting, make_action, stored, db_read
):
    """Issue #13 item 2: no one-click close; an early close keeps its reason on the meeting and in the
    record, never in the audit trail."""
    period = current_period_of(app)  # its meeting day is still to come
    for _ in range(2):
        make_observation(author=people["member"], occurred_on=period.start)
    meeting = make_meeting(people["chair"], period=period)
    make_action(meeting, people["chair"])
    client = login_as(people["chair"])
    client.post(f"/moten/{meeting.id}/narvaro", data={"organisations": [people["police"].id]})

    summary = client.get(f"/moten/{meeting.id}/avsluta").get_data(as_text=True)
    assert "2 iakttagelser låses, 1 ny åtgärd, 1 närvarande." in summary
    assert "Skriv varför mötet avslutas före mötesdagen." in summary
    unconfirmed = client.post(f"/moten/{meeting.id}/avsluta")
    assert unconfirmed.location == f"/moten/{meeting.id}/avsluta"
    no_reason = client.post(f"/moten/{meeting.id}/avsluta", data={"bekraftad": "ja"}).get_data(as_text=True)
    assert "Mötesdagen har inte kommit än. Skriv varför mötet avslutas i förväg." in no_reason
    personal = client.post(
        f"/moten/{meeting.id}/avsluta", data={"bekraftad": "ja", "anledning": "Ring Sara 0701234567."}
    ).get_data(as_text=True)
    assert (
        "Skälet verkar innehålla ett telefonnummer" in personal
        and "Ring Sara 0701234567.</textarea>" in personal
    )
    assert stored(Meeting, meeting.id).status is MeetingStatus.OPEN

    reason = "Ordföranden är bortrest på mötesdagen."
    client.post(f"/moten/{meeting.id}/avsluta", data={"bekraftad": "ja", "anledning": reason})
    closed = stored(Meeting, meeting.id)
    assert closed.status is MeetingStatus.CLOSED and closed.close_reason == reason
    assert f"Skäl: {reason}" in client.get(f"/moten/{meeting.id}").get_data(as_text=True)
    (event,) = _events(db_read, "meeting.close")
    assert event.detail["before_meeting_day"] is True and reason not in str(event.detail)


def current_period_of(app):
    from lagesbild.meeting import week

    with app.app_context():
        return week.current_period()


def test_chair_reopens_a_meeting_the_same_day_and_the_frozen_record_is_kept_as_a_version(
    app, login_as, people, make_observation, make_meeting, stored, db_read
):
    observation = make_observation(author=people["member"], occurred_on=date(2026, 11, 16))
    meeting = make_meeting(people["chair"], closed=True)
    first_record = stored(Meeting, meeting.id).snapshot_json
    client = login_as(people["chair"])
    assert "Öppna mötet igen" in client.get(f"/moten/{meeting.id}").get_data(as_text=True)
    assert client.post(f"/moten/{meeting.id}/oppna-igen").status_code == 302  # unconfirmed: nothing happens
    assert stored(Meeting, meeting.id).status is MeetingStatus.CLOSED

    page = client.post(f"/moten/{meeting.id}/oppna-igen", data={"bekraftad": "ja"}, follow_redirects=True)
    assert "Den frysta lägesbilden finns kvar som version 1" in page.get_data(as_text=True)
    assert stored(Meeting, meeting.id).status is MeetingStatus.OPEN
    assert stored(Observation, observation.id).locked_at is None  # members may fix it again
    (event,) = _events(db_read, "meeting.reopen")
    assert event.detail == {"week": "2026-47", "replaced_version": 1, "unlocked_observations": 1}

    client.post(f"/moten/{meeting.id}/avsluta", data={"bekraftad": "ja"})
    record = client.get(f"/moten/{meeting.id}").get_data(as_text=True)
    assert "Version 2." in record and "Version 1: avslutad" in record
    versions = db_read(
        lambda session: [(v.version, v.snapshot_json) for v in session.scalars(select(MeetingRecordVersion))]
    )
    assert versions == [(1, first_record)]
    assert stored(Observation, observation.id).locked_at is not None

    # A meeting closed on an earlier day stays closed.
    with app.app_context():
        again = db.session.get(Meeting, meeting.id)
        with pytest.raises(operations.ReopenRefused, match="avslutades en tidigare dag"):
            operations.reopen_meeting(
                db.session, again, again.closed_by, now=again.closed_at + timedelta(days=1)
            )


def test_a_report_after_an_early_close_dated_in_the_closed_period_reaches_the_next_lagesbild(
    app, login_as, people, make_observation, make_meeting, week47
):
    """Never nowhere: v. 47 closed on Wednesday 18 November (its meeting day is Friday 20); a report on
    Thursday 19 about Tuesday 17 lies before v. 48's reporting window, so it is counted from the close."""
    closed_at = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)
    with app.app_context():
        meeting = operations.open_meeting(db.session, week47, people["chair"])
        operations.close_meeting(db.session, meeting, week47, people["chair"], now=closed_at, reason="Resa.")
        db.session.commit()
    make_observation(
        author=people["member"],
        occurred_on=date(2026, 11, 17),
        created_at=datetime(2026, 11, 19, 11, 0, tzinfo=UTC),
    )
    client = login_as(people["chair"])
    week = client.get("/vecka/2026-48").get_data(as_text=True)
    assert "Visa den sent inrapporterade" in week
    client.post("/vecka/2026-48/mote")
    with app.app_context():
        next_meeting = db.session.scalar(select(Meeting).where(Meeting.iso_week == 48))
    agenda = client.get(f"/moten/{next_meeting.id}").get_data(as_text=True)
    assert "Sent inrapporterat:</strong> 1 iakttagelse om tidigare datum" in agenda


def test_overdue_and_due_soon_are_one_rule_in_sql_and_on_the_action(app, people, make_meeting, make_action):
    """Issue #13 item 5: Action.overdue_clause/due_soon_clause (used by mail and walks too) and the
    instance helpers agree: open actions only; overdue before today; due soon today up to `days` ahead."""
    today = date(2026, 11, 30)
    meeting = make_meeting(people["chair"])
    due = {
        "yesterday": (today - timedelta(days=1), ActionStatus.PAGAR),
        "today": (today, ActionStatus.OPPEN),
        "in_seven": (today + timedelta(days=7), ActionStatus.OPPEN),
        "in_eight": (today + timedelta(days=8), ActionStatus.OPPEN),
        "done_late": (today - timedelta(days=3), ActionStatus.KLAR),
        "no_date": (None, ActionStatus.OPPEN),
    }
    ids = {
        name: make_action(meeting, people["chair"], title=name, due_on=day, status=status).id
        for name, (day, status) in due.items()
    }
    with app.app_context():
        overdue = set(db.session.scalars(select(Action.title).where(Action.overdue_clause(today))))
        soon = set(db.session.scalars(select(Action.title).where(Action.due_soon_clause(today, 7))))
        actions = {name: db.session.get(Action, i) for name, i in ids.items()}
        assert overdue == {n for n, a in actions.items() if a.is_overdue(today)} == {"yesterday"}
        assert soon == {n for n, a in actions.items() if a.is_due_soon(today, 7)} == {"today", "in_seven"}


def test_overdue_and_due_this_week_badges_on_the_week_meeting_and_owners_start_page(
    login_as, people, make_meeting, make_action, make_user, app
):
    from lagesbild.periods import today_local

    meeting = make_meeting(people["chair"], period=current_period_of(app))
    make_action(
        meeting, people["chair"], title="Byt belysning", owner=people["housing"], due_on=date(2026, 11, 1)
    )
    make_action(
        meeting,
        people["chair"],
        title="Sanera tunneln",
        owner=people["police"],
        due_on=today_local() + timedelta(days=3),
    )
    client = login_as(people["chair"])
    for url in (f"/vecka/{current_period_of(app).slug}", f"/moten/{meeting.id}"):
        html = client.get(url).get_data(as_text=True)
        assert '<span class="badge badge--overdue">Försenad</span>' in html, url
        assert '<span class="badge badge--due-soon">Klar inom en vecka</span>' in html, url
    client.post("/logga-ut")
    start = login_as(people["member"]).get("/start").get_data(as_text=True)  # the member is with ebo
    tile = start.split('class="tile--actions"')[1].split("</li>\n</ul>")[0]
    assert "Åtgärder för Eslövs Bostads AB" in tile and "Byt belysning" in tile and "Försenad" in tile
    assert "Sanera tunneln" not in tile  # another organisation's


def test_skapa_atgard_from_an_observation_fills_place_area_and_link_and_links_by_picking(
    login_as, people, make_observation, make_meeting, area_named, stored, db_read
):
    seen = make_observation(
        "SKG.KLOTTER", "Stora torg", author=people["member"], occurred_on=date(2026, 11, 16)
    )
    other = make_observation("SKG.KLOTTER", "Berga", author=people["member"], occurred_on=date(2026, 11, 17))
    client = login_as(people["chair"])
    assert f'href="/atgarder/ny?iakttagelse={seen.id}">Skapa åtgärd' in client.get(
        f"/iakttagelser/{seen.id}"
    ).get_data(as_text=True)
    form = client.get(f"/atgarder/ny?iakttagelse={seen.id}").get_data(as_text=True)
    stora_torg = area_named("Eslövs centrum")
    assert f'<option selected value="{seen.place_id}">Stora torg</option>' in form
    assert f'<option selected value="{stora_torg.id}">Eslövs centrum</option>' in form
    assert re.search(rf'<input checked [^>]*name="valda" type="checkbox" value="{seen.id}">', form)
    assert re.search(rf'<input id="[^"]*" name="valda" type="checkbox" value="{other.id}">', form)  # offered

    response = client.post(
        f"/atgarder/ny?iakttagelse={seen.id}",
        data={
            "title": "Bättre belysning på torget",
            "owner_organisation_id": people["police"].id,
            "area_id": stora_torg.id,
            "place_id": seen.place_id,
            "status": "oppen",
            "valda": [seen.id, other.id],
        },
    )
    assert response.status_code == 302
    action = db_read(lambda session: session.scalar(select(Action)))
    linked = db_read(lambda session: sorted(o.id for o in session.scalar(select(Action)).observations))
    assert (action.title, action.place_id, action.meeting_id) == (
        "Bättre belysning på torget",
        seen.place_id,
        None,
    )
    assert linked == sorted([seen.id, other.id])
    refused = client.post(
        "/atgarder/ny", data={"title": "X", "owner_organisation_id": people["police"].id, "valda": [999999]}
    )
    assert "Välj iakttagelser i listan." in refused.get_data(as_text=True)
    client.post("/logga-ut")
    member = login_as(people["member"])
    assert member.get(f"/atgarder/ny?iakttagelse={seen.id}").status_code == 403
    assert "Skapa åtgärd" not in member.get(f"/iakttagelser/{seen.id}").get_data(as_text=True)

"""Mail between meetings, delivered to a real SMTP server (aiosmtpd on a local port): who gets what,
exactly once, without free text; unsubscribe; the calendar; the start page's facts."""

from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from lagesbild.extensions import db
from lagesbild.mail import delivery, schedule
from lagesbild.models import (
    ActionStatus,
    CalendarFeed,
    MailKind,
    MailStatus,
    OrganisationKind,
    OutboxMessage,
    Role,
    Sharing,
)

from .fixtures_mail import parts
from .support import login

# Thursday 19 November 2026, 09.30 in Stockholm: the reminder time before the meeting of v. 47
# (Friday 20 November; the period is 13–19 November).
REMINDER_DUE = datetime(2026, 11, 19, 8, 30, tzinfo=UTC)


def run(app, now):
    """One run of `utskick` at `now`: queue what is due, deliver it."""
    with app.app_context():
        schedule.plan(db.session, now)
        db.session.commit()
        return delivery.deliver_due(db.session, now)


def deliver(app, now=None):
    """Deliver what is queued (nothing planned: the time-driven messages depend on the day it runs)."""
    with app.app_context():
        return delivery.deliver_due(db.session, now or datetime.now(UTC))


def outbox_rows(app, *conditions):
    with app.app_context():
        db.session().expire_on_commit = False
        return list(db.session.scalars(select(OutboxMessage).where(*conditions).order_by(OutboxMessage.id)))


@pytest.fixture
def group(make_org, make_user):
    """Three organisations with a member each; the chair and the coordinator belong to the third."""
    a = make_org("Bostäder A", OrganisationKind.BOSTADSBOLAG)
    b = make_org("Polisen B", OrganisationKind.POLIS)
    c = make_org("Kommunen C", OrganisationKind.KOMMUNAL)
    return {
        "a": a,
        "b": b,
        "c": c,
        "member_a": make_user(Role.MEMBER, organisation=a),
        "member_b": make_user(Role.MEMBER, organisation=b),
        "chair": make_user(Role.CHAIR, organisation=c),
        "coordinator": make_user(Role.COORDINATOR, organisation=c),
    }


def test_the_reminder_goes_only_to_organisations_that_have_not_reported_and_only_once(
    smtp_server, app, group, make_observation, make_user
):
    make_observation(author=group["member_a"], occurred_on=date(2026, 11, 16))
    make_user(Role.MEMBER, organisation=group["b"], is_active=False)
    run(app, REMINDER_DUE - timedelta(hours=1))  # 08.30: not yet
    assert smtp_server.messages == []
    run(app, REMINDER_DUE)
    run(app, REMINDER_DUE + timedelta(minutes=5))
    expected = sorted(group[k].email for k in ("member_b", "chair", "coordinator"))
    assert smtp_server.recipients == expected
    message = smtp_server.to(group["member_b"].email)[0]
    assert message["Subject"] == "Inget rapporterat ännu inför mötet 20 november 2026"
    text, html = parts(message)
    assert (
        "13 november 2026 – 19 november 2026" in text
        and "https://lagesbild.example.se/iakttagelser/ny" in html
    )


def test_a_crash_between_sending_and_marking_does_not_send_twice(
    smtp_server, app, group, make_meeting, make_action
):
    meeting = make_meeting(group["chair"])
    make_action(meeting, group["chair"], owner=group["a"])
    now = datetime.now(UTC)

    def crash(message):
        raise SystemExit("the run was killed after the server accepted the message")

    with app.app_context(), pytest.raises(SystemExit):
        delivery.deliver_due(db.session, now, after_send=crash)
    assert smtp_server.recipients == [group["member_a"].email]
    deliver(app, now + timedelta(minutes=1))  # the lease still holds: no other run takes it
    deliver(app, now + timedelta(minutes=11))  # the lease ran out: interrupted, never sent again
    assert smtp_server.recipients == [group["member_a"].email]
    [row] = outbox_rows(app)
    assert row.status is MailStatus.INTERRUPTED and row.claimed_by is None
    client = app.test_client()
    login(client, group["coordinator"])
    page = client.get("/admin/utskick").get_data(as_text=True)
    assert "1 meddelande kunde inte" in page and MailStatus.INTERRUPTED.label in page


def test_of_two_runs_that_both_found_the_message_due_only_one_gets_the_lease(
    app, group, make_meeting, make_action
):
    meeting = make_meeting(group["chair"])
    make_action(meeting, group["chair"], owner=group["a"])
    now = datetime.now(UTC)
    seen = []
    for _ in range(2):  # each run reads the outbox in its own session and finds the message waiting
        with app.app_context():
            db.session().expire_on_commit = False
            seen.append(delivery.due_messages(db.session, now)[0])
            db.session.commit()
    won = []
    for run_number, message in enumerate(seen):
        with app.app_context():
            won.append(delivery.claim(db.session, message, f"run-{run_number}", now))
            db.session.commit()
    assert won == [True, False]
    [row] = outbox_rows(app)
    assert row.claimed_by == "run-0"


def test_a_run_that_stopped_before_handing_over_leaves_the_message_to_a_later_run_which_sends_it_once(
    smtp_server, app, group, make_meeting, make_action
):
    meeting = make_meeting(group["chair"])
    make_action(meeting, group["chair"], owner=group["a"])
    now = datetime.now(UTC)
    with app.app_context():  # what a run killed right after claiming leaves behind
        [message] = delivery.due_messages(db.session, now)
        assert delivery.claim(db.session, message, "stopped-run", now)
        db.session.commit()
    assert deliver(app, now + timedelta(minutes=5)).sent == []  # its lease still holds
    assert deliver(app, now + timedelta(minutes=11)).interrupted == 0
    deliver(app, now + timedelta(minutes=12))
    assert smtp_server.recipients == [group["member_a"].email]
    [row] = outbox_rows(app)
    assert row.status is MailStatus.SENT


def test_a_temporary_refusal_is_retried_after_a_pause_then_fails_for_good_and_the_coordinator_sees_it(
    smtp_server, app, group, make_meeting, make_action
):
    app.config["MAIL_MAX_ATTEMPTS"] = 2
    smtp_server.refuse[group["member_a"].email] = "451 4.3.0 Try again later"
    meeting = make_meeting(group["chair"])
    make_action(meeting, group["chair"], owner=group["a"])
    now = datetime.now(UTC)
    assert deliver(app, now).retry
    assert deliver(app, now + timedelta(minutes=4)).retry == []  # back-off: not before five minutes
    [row] = outbox_rows(app)
    assert (row.status, row.attempts) == (MailStatus.WAITING, 1)
    assert deliver(app, now + timedelta(minutes=5)).failed == [row.id]
    assert smtp_server.messages == []
    client = app.test_client()
    login(client, group["coordinator"])
    assert "1 utskick har inte kunnat skickas" in client.get("/start").get_data(as_text=True)
    detail = client.get(f"/admin/utskick/{row.id}").get_data(as_text=True)
    assert "451" in detail and "Skicka igen" in detail


def test_the_utskick_command_lists_with_dry_run_and_delivers_each_message_once(
    smtp_server, app, runner, group, make_meeting, make_action
):
    meeting = make_meeting(group["chair"])
    action = make_action(meeting, group["chair"], owner=group["a"], due_on=None)
    dry = runner.invoke(args=["utskick", "--dry-run"])
    assert f"Ny åtgärd för Bostäder A (nr {action.id})" in dry.output and "skulle skickas nu" in dry.output
    assert smtp_server.messages == []
    for _ in range(2):
        result = runner.invoke(args=["utskick"])
        assert result.exit_code == 0, result.output
    # The command also plans what is due today (a Monday's weekly note, a Thursday's reminder): count the
    # action's message only.
    [message] = [m for m in smtp_server.to(group["member_a"].email) if m["Subject"].startswith("Ny åtgärd")]
    [row] = outbox_rows(app, OutboxMessage.kind == MailKind.ACTION_NEW)
    assert message["Message-ID"] == row.message_id and row.status is MailStatus.SENT
    assert len({m["Message-ID"] for _, m in smtp_server.messages}) == len(smtp_server.messages)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


HOSTILE = '<script>alert("x")</script> Kalle Andersson 850101-1234'


def test_no_free_text_or_restricted_detail_in_any_message_and_names_are_escaped(
    smtp_server, app, make_org, make_user, make_observation, make_meeting, make_action, week47
):
    hostile_org = make_org('<img src=x onerror="alert(1)"> & Co', OrganisationKind.FORENING)
    member = make_user(Role.MEMBER, organisation=hostile_org)
    chair = make_user(Role.CHAIR, organisation=hostile_org)
    make_observation(
        author=member, occurred_on=date(2026, 11, 16), sharing=Sharing.BEGRANSAD, description="Hemlig detalj"
    )
    meeting = make_meeting(chair, period=week47)
    make_action(
        meeting, chair, title=HOSTILE, description="Ring Kalle", owner=hostile_org, due_on=date(2026, 11, 17)
    )
    with app.app_context():
        from lagesbild.meeting import operations
        from lagesbild.models import Meeting, User

        operations.close_meeting(
            db.session, db.session.get(Meeting, meeting.id), week47, db.session.get(User, chair.id)
        )
        db.session.commit()
    run(app, datetime(2026, 11, 27, 9, 0, tzinfo=UTC))  # also the overdue and reminder messages
    kinds = {row.kind for row in outbox_rows(app)}
    assert {MailKind.ACTION_NEW, MailKind.SUMMARY, MailKind.ACTION_OVERDUE} <= kinds
    assert smtp_server.messages
    for _, message in smtp_server.messages:
        text, html = parts(message)
        for secret in ("<script>", "Kalle", "850101", "Hemlig detalj", "Ring"):
            assert secret not in text + html + message["Subject"]
        assert "<img" not in html and "&lt;img src=x" in html


def test_one_click_unsubscribe_stops_exactly_one_kind_for_exactly_one_user(
    smtp_server, app, group, make_meeting, make_action, make_user
):
    colleague = make_user(Role.MEMBER, organisation=group["a"])
    meeting = make_meeting(group["chair"])
    make_action(meeting, group["chair"], owner=group["a"])
    deliver(app)
    message = smtp_server.to(group["member_a"].email)[0]
    url = message["List-Unsubscribe"].strip("<>")
    path = url.removeprefix("https://lagesbild.example.se")
    client = app.test_client()
    app.config["WTF_CSRF_ENABLED"] = True  # the mail client's POST has no CSRF token, and needs none
    assert client.get(path).status_code == 200  # a link scanner's GET changes nothing
    assert client.post(path.replace(path[-3:], "xyz")).status_code == 404
    response = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "Du är avregistrerad" in response.get_data(as_text=True)
    make_action(meeting, group["chair"], owner=group["a"], title="Ny lampa")
    with app.app_context():
        from lagesbild.mail import messages
        from lagesbild.models import Meeting

        operations_meeting = db.session.get(Meeting, meeting.id)
        operations_meeting.snapshot_json = "{}"
        messages.meeting_closed(db.session, operations_meeting)
        db.session.commit()
    rows = outbox_rows(app, OutboxMessage.status == MailStatus.WAITING)
    waiting = {(row.user_id, row.kind) for row in rows}
    assert (group["member_a"].id, MailKind.ACTION_NEW) not in waiting
    assert (colleague.id, MailKind.ACTION_NEW) in waiting
    assert (group["member_a"].id, MailKind.SUMMARY) in waiting


def test_due_in_three_days_once_then_overdue_once_and_then_weekly(app, group, make_meeting, make_action):
    meeting = make_meeting(group["chair"])
    make_action(meeting, group["chair"], owner=group["a"], due_on=date(2026, 11, 10))
    noon = datetime(2026, 11, 7, 11, 0, tzinfo=UTC)  # Saturday, three days before the due date
    with app.app_context():
        for days in (0, 1, 4, 5, 10, 11, 12):
            schedule.plan(db.session, noon + timedelta(days=days))
        db.session.commit()
    due = outbox_rows(app, OutboxMessage.kind == MailKind.ACTION_DUE)
    assert [(row.user_id, row.subject) for row in due] == [
        (group["member_a"].id, "Åtgärd nr 1 ska vara klar 10 november 2026")
    ]
    overdue = outbox_rows(app, OutboxMessage.kind == MailKind.ACTION_OVERDUE)
    assert [row.event_key.rsplit(":", 1)[1] for row in overdue] == ["0", "1"]  # 11 and 18 November


def test_the_weekly_note_goes_to_coordinators_on_monday_with_the_failures(app, group, make_user):
    make_user(Role.COORDINATOR, organisation=group["c"], is_active=False)
    monday = datetime(2026, 11, 16, 7, 30, tzinfo=UTC)  # 08.30 in Stockholm
    with app.app_context():
        schedule.plan(db.session, monday - timedelta(hours=1))  # 07.30: not yet
        schedule.plan(db.session, monday)
        schedule.plan(db.session, monday + timedelta(hours=3))
        db.session.commit()
    [note] = outbox_rows(app, OutboxMessage.kind == MailKind.WEEKLY)
    assert note.user_id == group["coordinator"].id and note.subject == "Veckobrev v. 47: löften och utskick"
    assert "Utskick som misslyckades: 0" in note.body_text


def test_the_calendar_feed_parses_has_no_free_text_and_a_revoked_address_is_404(
    app, group, make_meeting, make_action
):
    meeting = make_meeting(group["chair"])
    action = make_action(meeting, group["chair"], owner=group["a"], title="Prata med Kalle")
    client = app.test_client()
    login(client, group["member_a"])
    page = client.post("/konto/kalender", follow_redirects=True).get_data(as_text=True)
    feed_path = page.split('id="feed-url" type="text" readonly value="')[1].split('"')[0]
    feed_path = feed_path.removeprefix("https://lagesbild.example.se")
    anonymous = app.test_client()
    response = anonymous.get(feed_path)
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    events = Calendar.from_ical(response.data).walk("VEVENT")
    summaries = [str(event["SUMMARY"]) for event in events]
    assert f"Åtgärd nr {action.id} ska vara klar (Bostäder A)" in summaries
    assert any(s.startswith("Möte Örat mot marken (v. 47 2026)") for s in summaries)
    assert "Kalle" not in response.get_data(as_text=True)
    ics = client.get(f"/moten/{meeting.id}/kalender.ics")
    assert Calendar.from_ical(ics.data).walk("VEVENT")[0]["DTSTART"].dt == date(2026, 11, 20)
    token = feed_path.removeprefix("/kalender/").removesuffix(".ics")
    with app.app_context():
        assert db.session.scalar(select(CalendarFeed.token_hash)) != token  # only its hash is stored
    client.post("/konto/kalender/aterkalla")
    assert anonymous.get(feed_path).status_code == 404


def test_the_start_page_says_what_the_mail_says(app, group, make_meeting, make_action):
    meeting = make_meeting(group["chair"])
    for title in ("Lampa", "Klotter"):
        make_action(meeting, group["chair"], owner=group["a"], title=title, due_on=date(2026, 1, 1))
    make_action(meeting, group["chair"], owner=group["a"], status=ActionStatus.KLAR, due_on=date(2026, 1, 1))
    client = app.test_client()
    login(client, group["member_a"])
    page = client.get("/start").get_data(as_text=True)
    assert "2 åtgärder för din organisation är försenade" in page
    assert "Din organisation har inte rapporterat inför mötet" in page


def test_without_a_mail_server_the_coordinator_reads_the_message_under_utskick(
    app, group, make_meeting, make_action
):
    meeting = make_meeting(group["chair"])
    make_action(meeting, group["chair"], owner=group["a"])
    client = app.test_client()
    login(client, group["coordinator"])
    listing = client.get("/admin/utskick").get_data(as_text=True)
    assert "Ingen e-postserver är inställd" in listing
    [row] = outbox_rows(app)
    detail = client.get(f"/admin/utskick/{row.id}").get_data(as_text=True)
    assert "Gruppen har gett Bostäder A en ny åtgärd." in detail


def test_an_invite_goes_by_mail_when_mail_is_configured_and_leaves_no_link_in_the_outbox(
    smtp_server, app, group
):
    client = app.test_client()
    login(client, group["coordinator"])
    form = {
        "display_name": "Ny Medlem",
        "email": "ny@example.se",
        "organisation_id": group["b"].id,
        "role": "member",
    }
    shown = client.post("/admin/anvandare/ny", data=form, follow_redirects=True).get_data(as_text=True)
    link = shown.split('id="invite-url" type="text" readonly value="')[1].split('"')[0]
    assert "Den skickas med e-post vid nästa utskick" in shown
    [waiting] = outbox_rows(app)
    assert link in waiting.body_text  # until it is delivered, and even then not shown under Utskick:
    assert link not in client.get(f"/admin/utskick/{waiting.id}").get_data(as_text=True)
    deliver(app)
    [message] = smtp_server.to("ny@example.se")
    assert link in parts(message)[0] and "List-Unsubscribe" not in message
    [row] = outbox_rows(app)
    assert row.status is MailStatus.SENT and link not in row.body_text + row.body_html


def test_a_member_turns_a_kind_off_and_an_organisation_default_applies_to_the_others(
    app, group, make_meeting, make_action, make_user
):
    make_user(Role.MEMBER, organisation=group["a"])  # a colleague: no own choice, the default holds
    client = app.test_client()
    login(client, group["member_a"])
    assert MailKind.WEEKLY.label not in client.get("/konto/utskick").get_data(as_text=True)  # not a member's
    kept = {kind.value: "y" for kind in MailKind if kind.optional and kind is not MailKind.ACTION_NEW}
    assert client.post("/konto/utskick", data=kept).status_code == 302
    coordinator = app.test_client()
    login(coordinator, group["coordinator"])
    coordinator.post(f"/admin/organisationer/{group['a'].id}/utskick", data={"summary": "y"})
    meeting = make_meeting(group["chair"])
    make_action(meeting, group["chair"], owner=group["a"])
    assert outbox_rows(app, OutboxMessage.kind == MailKind.ACTION_NEW) == []
    # Neither the member (own choice) nor the colleague (the organisation default) gets it.

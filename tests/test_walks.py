"""Trygghetsvandringar: plan, findings with photos, actions, the re-walk and counting toward promises."""

import io
import json
import os
import stat
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from icalendar import Calendar
from PIL import Image
from sqlalchemy import func, select

from lagesbild.extensions import db
from lagesbild.mail import delivery
from lagesbild.models import (
    Action,
    AuditEvent,
    FindingCategory,
    FindingOutcome,
    MailKind,
    MailPreference,
    Role,
    User,
    Walk,
    WalkFinding,
    WalkPhoto,
)
from lagesbild.promises.progress import progress_rows
from lagesbild.walks import operations, photos

from .fixtures_mail import parts
from .fixtures_walks import finding_form, jpeg_bytes
from .support import login


def _photo_files(app) -> list[Path]:
    folder = Path(app.config["INSTANCE_PATH"]) / "walk_photos"
    return sorted(folder.iterdir()) if folder.is_dir() else []


FINDING_TEXT = "Trasig lampa vid tunnelns norra ände."


def _count(db_read, model) -> int:
    return db_read(lambda s: s.scalar(select(func.count()).select_from(model)))


# --- 1. plan -----------------------------------------------------------------------------------------


def _plan_form(area_id, organisation_id, **fields) -> dict:
    data = {
        "title": "Kvällsvandring Berga",
        "area": str(area_id),
        "day": "2027-03-18",
        "clock": "18:30",
        "meeting_point": "Berga torg",
        "route": json.dumps({"type": "LineString", "coordinates": [[13.29, 55.84], [13.295, 55.842]]}),
        "stops": "Gångtunneln\nLekplatsen",
        "organisers": [str(organisation_id)],
        "promise": "0",
        "invitation_text": "Välkommen att gå med oss genom Berga.",
    }
    data.update(fields)
    return data


def test_a_coordinator_plans_a_walk_with_a_route_and_members_get_its_invitation_and_ics(
    app, reference, login_as, coordinator, member, area_named, db_read
):
    client = login_as(coordinator)
    berga = area_named("Berga")
    response = client.post("/trygghetsvandringar/ny", data=_plan_form(berga.id, coordinator.organisation_id))
    assert response.status_code == 302
    walk = db_read(lambda s: s.scalars(select(Walk)).one())
    assert json.loads(walk.route_geojson)["coordinates"] == [[13.29, 55.84], [13.295, 55.842]]
    assert walk.starts_at.isoformat() == "2027-03-18T17:30:00+00:00"  # 18.30 in Stockholm (CET)

    reader = app.test_client()
    assert login(reader, member).status_code == 302
    page = reader.get(f"/trygghetsvandringar/{walk.id}/inbjudan").get_data(as_text=True)
    assert "18 mars 2027 kl. 18.30" in page and "Välkommen att gå med oss genom Berga." in page
    ics = reader.get(f"/trygghetsvandringar/{walk.id}/inbjudan.ics")
    assert ics.mimetype == "text/calendar"
    event = Calendar.from_ical(ics.data).walk("VEVENT")[0]
    assert event.decoded("dtstart").isoformat() == "2027-03-18T18:30:00+01:00"
    assert str(event["location"]) == "Berga torg"


def test_editing_a_walk_shows_its_plan_and_the_audit_names_the_changed_text_without_copying_it(
    login_as, coordinator, make_walk, area_named, db_read
):
    walk = make_walk(coordinator)
    client = login_as(coordinator)
    page = client.get(f"/trygghetsvandringar/{walk.id}/andra").get_data(as_text=True)
    assert 'value="Kvällsvandring i centrum"' in page and 'value="18:30"' in page and "Stationsparken" in page
    form = _plan_form(
        area_named("Eslövs centrum").id, coordinator.organisation_id, title="Kvällsvandring i centrum"
    )
    form["invitation_text"] = "Ny inbjudningstext, samling vid fontänen."
    assert client.post(f"/trygghetsvandringar/{walk.id}/andra", data=form).status_code == 302
    stored = db_read(lambda s: s.get(Walk, walk.id))
    assert stored.invitation_text == "Ny inbjudningstext, samling vid fontänen."
    event = db_read(lambda s: s.scalars(select(AuditEvent).where(AuditEvent.action == "walk.update")).one())
    assert "invitation_text" in event.detail["fields"]
    assert "fontänen" not in json.dumps([event.before, event.after, event.detail], ensure_ascii=False)


def test_the_walks_start_is_read_like_every_typed_time_of_day(
    reference, login_as, coordinator, area_named, db_read
):
    """ "1830" is 18.30 here as in the observation form (one time-of-day rule, lagesbild/inputs.py)."""
    client = login_as(coordinator)
    form = _plan_form(area_named("Berga").id, coordinator.organisation_id, clock="1830")
    assert client.post("/trygghetsvandringar/ny", data=form).status_code == 302
    walk = db_read(lambda s: s.scalars(select(Walk)).one())
    assert walk.starts_at.isoformat() == "2027-03-18T17:30:00+00:00"  # 18.30 in Stockholm (CET)


def test_a_plan_without_route_or_stops_is_refused_in_swedish_and_keeps_what_was_typed(
    reference, login_as, coordinator, area_named, db_read
):
    client = login_as(coordinator)
    form = _plan_form(area_named("Berga").id, coordinator.organisation_id, route="", stops="", clock="25:00")
    html = client.post("/trygghetsvandringar/ny", data=form).get_data(as_text=True)
    assert "Rita rutten i kartan eller skriv stoppen längs vägen." in html
    assert "Skriv klockslaget som TT:MM" in html
    assert "Kvällsvandring Berga" in html and "Välkommen att gå med oss genom Berga." in html
    assert _count(db_read, Walk) == 0


def test_a_route_outside_sweden_or_not_a_line_is_refused(
    reference, login_as, coordinator, area_named, db_read
):
    client = login_as(coordinator)
    for route, message in (
        (json.dumps({"type": "LineString", "coordinates": [[0, 0], [1, 1]]}), "utanför Sverige"),
        ('{"type": "Point", "coordinates": [13.2, 55.8]}', "Rutten kunde inte läsas"),
    ):
        html = client.post(
            "/trygghetsvandringar/ny",
            data=_plan_form(area_named("Berga").id, coordinator.organisation_id, route=route),
        ).get_data(as_text=True)
        assert message in html
    assert _count(db_read, Walk) == 0


# --- 2. findings and photos ------------------------------------------------------------------------


def test_a_photo_is_stored_upright_without_exif_or_gps_and_only_members_can_see_it(
    app, login_as, member, coordinator, make_walk, db_read
):
    walk = make_walk(coordinator)
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° to show upright
    exif[0x010F] = "Telefonmärke"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (55.0, 50.0, 20.0), 3: "E", 4: (13.0, 18.0, 10.0)})
    original = jpeg_bytes(size=(2000, 1000), exif=exif.tobytes())
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the upload has GPS

    client = login_as(member)
    response = client.post(
        f"/trygghetsvandringar/{walk.id}/iakttagelser",
        data=finding_form(photos=[(original, "IMG_0001.jpg")]),
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    photo = db_read(lambda s: s.scalars(select(WalkPhoto)).one())
    files = _photo_files(app)
    assert len(files) == 2  # the photo and its thumbnail, nothing else (never the upload)
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert b"Exif" not in path.read_bytes()[:4096] and b"Telefonm" not in path.read_bytes()
    assert stat.S_IMODE(files[0].parent.stat().st_mode) == 0o700

    served = client.get(f"/trygghetsvandringar/foton/{photo.id}")
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert "no-store" in served.headers["Cache-Control"]
    image = Image.open(io.BytesIO(served.data))
    assert image.getexif().get_ifd(0x8825) == {} and len(image.getexif()) == 0
    assert image.size == (800, 1600)  # turned upright by its orientation tag, scaled to 1600 px, tag dropped
    thumbnail = Image.open(
        io.BytesIO(client.get(f"/trygghetsvandringar/foton/{photo.id}?storlek=liten").data)
    )
    assert thumbnail.size == (160, 320)
    assert app.test_client().get(f"/trygghetsvandringar/foton/{photo.id}").status_code == 302  # signed out


def test_png_and_iphone_heic_photos_are_accepted_and_stored_as_jpeg_without_gps(
    app, login_as, member, coordinator, make_walk, db_read
):
    walk = make_walk(coordinator)
    exif = Image.Exif()
    exif.get_ifd(0x8825).update({1: "N", 2: (55.0, 50.0, 20.0), 3: "E", 4: (13.0, 18.0, 10.0)})
    heic, png = io.BytesIO(), io.BytesIO()
    Image.new("RGB", (64, 48), (30, 30, 160)).save(heic, format="HEIF", exif=exif.tobytes())
    Image.new("RGBA", (64, 48), (30, 160, 30, 128)).save(png, format="PNG")
    assert Image.open(io.BytesIO(heic.getvalue())).getexif().get_ifd(0x8825)  # the upload has GPS
    client = login_as(member)
    photos = [(heic.getvalue(), "IMG_0002.HEIC"), (png.getvalue(), "skarm.png")]
    response = client.post(
        f"/trygghetsvandringar/{walk.id}/iakttagelser",
        data=finding_form(photos=photos),
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    ids = db_read(lambda s: list(s.scalars(select(WalkPhoto.id).order_by(WalkPhoto.id))))
    assert len(ids) == 2
    for photo_id in ids:
        image = Image.open(io.BytesIO(client.get(f"/trygghetsvandringar/foton/{photo_id}").data))
        assert image.format == "JPEG" and image.size == (64, 48) and len(image.getexif()) == 0


def _hostile_uploads() -> list[tuple[str, bytes, str, str]]:
    bomb = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(bomb, format="PNG")  # 144 megapixels in a small file
    photo = io.BytesIO()
    Image.effect_noise((300, 200), 60).convert("RGB").save(photo, format="JPEG")
    noisy = photo.getvalue()
    return [
        ("script named .jpg", b"#!/bin/sh\nrm -rf /\n", "bild.jpg", "Filen är ingen bild"),
        ("html named .jpg", b"<html><script>alert(1)</script></html>", "bild.jpg", "mer än en bild"),
        ("decompression bomb", bomb.getvalue(), "bomb.png", "för många bildpunkter"),
        (
            "jpeg with a script after it",
            jpeg_bytes() + b"<script>alert(document.cookie)</script>",
            "poly.jpg",
            "mer än en bild",
        ),
        ("truncated jpeg", noisy[: len(noisy) // 2], "halv.jpg", "skadad"),
        (
            "jpeg with a zip after it",
            jpeg_bytes() + b"PK\x03\x04\x14\x00\x00\x00\x08\x00rest",
            "gifar.jpg",
            "mer än en bild",
        ),
    ]


def test_hostile_uploads_are_refused_in_swedish_and_leave_nothing_on_disk(
    app, login_as, member, coordinator, make_walk, db_read
):
    walk = make_walk(coordinator)
    client = login_as(member)
    for name, content, filename, message in _hostile_uploads():
        form = finding_form(photos=[(content, filename)])
        response = client.post(
            f"/trygghetsvandringar/{walk.id}/iakttagelser", data=form, content_type="multipart/form-data"
        )
        html = response.get_data(as_text=True)
        assert response.status_code == 200, name
        assert message in html, name
        assert "Trasig lampa vid tunnelns norra ände." in html, name  # what was typed is kept
    four = finding_form(photos=[(jpeg_bytes(), f"{n}.jpg") for n in range(4)])
    html = client.post(
        f"/trygghetsvandringar/{walk.id}/iakttagelser", data=four, content_type="multipart/form-data"
    ).get_data(as_text=True)
    assert "Högst 3 foton per iakttagelse." in html
    assert _photo_files(app) == []
    assert _count(db_read, WalkFinding) == 0


@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("title", "Namnet"),
        ("meeting_point", "Samlingsplatsen"),
        ("stops", "Stoppen"),
        ("invitation_text", "Inbjudan"),
    ],
)
def test_the_walk_plan_refuses_personal_data_beside_each_field(
    reference, login_as, coordinator, area_named, db_read, field, label
):
    form = _plan_form(
        area_named("Berga").id, coordinator.organisation_id, **{field: "Ring Anna på 070-123 45 67"}
    )
    html = login_as(coordinator).post("/trygghetsvandringar/ny", data=form).get_data(as_text=True)
    assert f"{label} verkar innehålla ett telefonnummer" in html
    assert "Ring Anna på 070-123 45 67" in html
    assert _count(db_read, Walk) == 0


def test_a_50_mb_upload_gets_the_swedish_413_answer_and_saves_nothing(
    app, login_as, member, coordinator, make_walk, db_read
):
    walk = make_walk(coordinator)
    client = login_as(member)
    # The body as a phone sends it, built by hand: the test client would spool 50 MB to a temporary file.
    big = jpeg_bytes() + b"\0" * (50 * 1024 * 1024)
    fields = b"".join(
        b'--grans\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (k.encode(), v.encode())
        for k, v in finding_form().items()
    )
    photo = b'--grans\r\nContent-Disposition: form-data; name="photos"; filename="stor.jpg"\r\n'
    photo += b"Content-Type: image/jpeg\r\n\r\n" + big + b"\r\n--grans--\r\n"
    response = client.post(
        f"/trygghetsvandringar/{walk.id}/iakttagelser",
        data=fields + photo,
        content_type="multipart/form-data; boundary=grans",
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 413
    assert response.json["fel"] == "För stor fil" and "5 MB" in response.json["meddelande"]
    assert _photo_files(app) == [] and _count(db_read, WalkFinding) == 0


def test_a_draft_sent_twice_is_saved_once_and_a_refused_one_answers_with_swedish_messages(
    login_as, member, coordinator, make_walk, db_read
):
    walk = make_walk(coordinator)
    client = login_as(member)
    form = finding_form()
    url = f"/trygghetsvandringar/{walk.id}/iakttagelser"
    json_headers = {"Accept": "application/json"}
    first = client.post(url, data=dict(form), headers=json_headers)
    again = client.post(url, data=dict(form), headers=json_headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json["id"] == again.json["id"]
    assert _count(db_read, WalkFinding) == 1

    refused = client.post(
        url, data=finding_form(lat="", text="Ring 070-123 45 67", category=""), headers=json_headers
    )
    assert refused.status_code == 422
    errors = refused.json["fel"]
    assert "Välj en kategori." in errors["category"]
    assert "telefonnummer" in " ".join(errors["text"])
    assert "Ange platsen" in " ".join(errors["lat"])
    assert _count(db_read, WalkFinding) == 1


# --- 3. findings become actions ---------------------------------------------------------------------


def test_a_finding_becomes_an_open_action_with_an_owner_shown_in_the_week(
    app, login_as, member, chair, coordinator, make_walk, make_org, db_read
):
    walk = make_walk(coordinator)
    owner = make_org("Eslövs kommun, gata/park")
    login_as(member).post(f"/trygghetsvandringar/{walk.id}/iakttagelser", data=finding_form())
    finding = db_read(lambda s: s.scalars(select(WalkFinding)).one())

    client = app.test_client()
    assert login(client, chair).status_code == 302
    response = client.post(
        f"/trygghetsvandringar/iakttagelser/{finding.id}/atgard",
        data={"title": "Byt lampan vid tunneln", "owner": str(owner.id), "due_on": "2026-12-18"},
    )
    assert response.status_code == 302
    action = db_read(lambda s: s.scalars(select(Action)).one())
    assert (action.owner_organisation_id, action.due_on, action.meeting_id) == (
        owner.id,
        date(2026, 12, 18),
        None,
    )
    assert db_read(lambda s: s.get(WalkFinding, finding.id).action_id) == action.id
    assert "Byt lampan vid tunneln" in client.get("/vecka", follow_redirects=True).get_data(as_text=True)
    walk_page = client.get(f"/trygghetsvandringar/{walk.id}").get_data(as_text=True)
    assert "ansvarig Eslövs kommun, gata/park" in walk_page
    event = db_read(lambda s: s.scalars(select(AuditEvent).where(AuditEvent.action == "action.create")).one())
    assert "Byt lampan" not in json.dumps(event.after) and event.after["walk_finding_id"] == finding.id


def test_the_report_goes_once_to_each_member_of_the_organising_and_invited_organisations_without_text(
    smtp_server, app, login_as, member, chair, coordinator, make_walk, make_user, db_read
):
    """Participants learn the report is ready (counts, day, area, one link) and nobody gets it twice."""
    opted_out = make_user(Role.MEMBER, organisation=member.organisation)
    walk = make_walk(coordinator, held_on=date(2026, 11, 12), invited=[member.organisation])
    planned = make_walk(coordinator, invited=[member.organisation])
    with app.app_context():
        db.session.add(MailPreference(user_id=opted_out.id, kind=MailKind.WALK_REPORT, enabled=False))
        held = db.session.get(Walk, walk.id)
        fields = operations.FindingFields(
            client_key="k1", lat=55.839, lon=13.304, category=FindingCategory.BELYSNING, text=FINDING_TEXT
        )
        photo = photos.clean(jpeg_bytes(), 5 * 1024 * 1024)
        finding = operations.record_finding(
            db.session, held, fields, [photo], db.session.get(User, member.id)
        )
        operations.action_from_finding(
            db.session, finding, "Byt lampan vid tunneln", chair.organisation_id, None, held.created_by
        )
        db.session.commit()

    client = login_as(coordinator)
    assert "Skicka rapporten till deltagarna" in client.get(f"/trygghetsvandringar/{walk.id}/rapport").text
    first = client.post(f"/trygghetsvandringar/{walk.id}/rapport/skicka", follow_redirects=True).text
    again = client.post(f"/trygghetsvandringar/{walk.id}/rapport/skicka", follow_redirects=True).text
    not_held = client.post(f"/trygghetsvandringar/{planned.id}/rapport/skicka", follow_redirects=True).text
    assert "Rapporten skickas till 2 deltagare" in first and "redan fått rapporten" in again
    assert "när vandringen är markerad som genomförd" in not_held
    with app.app_context():
        delivery.deliver_due(db.session, datetime.now(UTC))

    # The organiser's and the invited organisation's members; not the chair's organisation (only the
    # action's owner), not the member who turned this kind off; each exactly once.
    assert smtp_server.recipients == sorted([coordinator.email, member.email])
    message = smtp_server.to(member.email)[0]
    assert message["Subject"] == "Rapport från trygghetsvandringen i Eslövs centrum 12 november 2026"
    assert message["List-Unsubscribe"]
    text, html = parts(message)
    assert f"https://lagesbild.example.se/trygghetsvandringar/{walk.id}/rapport" in html
    assert "Iakttagelser: 1" in text and "Åtgärder med ansvarig: 1" in text
    for typed in (FINDING_TEXT, "Byt lampan", "Kvällsvandring", "Stora torg", "foton/"):
        assert typed not in text + html + message["Subject"]
    events = db_read(
        lambda s: s.scalars(
            select(AuditEvent).where(AuditEvent.action == "walk.report_sent").order_by(AuditEvent.id)
        ).all()
    )
    assert [(e.object_id, e.after["queued"]) for e in events] == [(walk.id, 2), (walk.id, 0)]
    assert FINDING_TEXT not in json.dumps([e.after for e in events])


# --- 4. the re-walk ----------------------------------------------------------------------------------


def test_a_rewalk_marks_the_earlier_finding_fixed_its_report_compares_and_the_problembild_counts_it(
    app, login_as, member, chair, coordinator, make_walk, db_read
):
    first = make_walk(coordinator, held_on=date(2026, 5, 2))
    client = login_as(member)
    client.post(f"/trygghetsvandringar/{first.id}/iakttagelser", data=finding_form())
    client.post(f"/trygghetsvandringar/{first.id}/iakttagelser", data=finding_form(category="vegetation"))
    lamp, bushes = db_read(lambda s: list(s.scalars(select(WalkFinding.id).order_by(WalkFinding.id))))
    again = make_walk(coordinator, previous=first, title="Återbesök i centrum")

    field = client.get(f"/trygghetsvandringar/{again.id}/iakttagelser").get_data(as_text=True)
    assert f'<option value="{lamp}"' in field  # the earlier findings are offered to look at again
    new_photo = [(jpeg_bytes(colour=(20, 160, 20)), "ny.jpg")]
    response = client.post(
        f"/trygghetsvandringar/{again.id}/iakttagelser",
        data=finding_form(photos=new_photo, earlier_finding=str(lamp), outcome="atgardat", text="Ny lampa."),
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    check = db_read(lambda s: s.scalars(select(WalkFinding).where(WalkFinding.walk_id == again.id)).one())
    assert (check.earlier_finding_id, check.outcome) == (lamp, FindingOutcome.ATGARDAT)

    report = client.get(f"/trygghetsvandringar/{again.id}/rapport").get_data(as_text=True)
    assert "Jämfört med förra vandringen" in report
    assert "<strong>50 %</strong> av förra vandringens iakttagelser är åtgärdade." in report
    assert "<td>Inte bedömt</td><td>1</td>" in report

    # The problembild of the month shows the walks, the findings by category and area, the share fixed.
    chair_client = app.test_client()
    assert login(chair_client, chair).status_code == 302
    problembild = chair_client.get("/problembild?from=2026-11-01&to=2026-11-30").get_data(as_text=True)
    section = " ".join(problembild.split('id="trygghetsvandringar"', 1)[1].split("</section>", 1)[0].split())
    assert "2 vandringar under perioden, varav 1 genomförda med sammanlagt 7 deltagande boende." in section
    assert "2 iakttagelser." in section  # the re-walk's assessment is not a new finding
    assert '<th scope="row">Belysning</th><td>1</td><td>1</td>' in section
    assert "Andel åtgärdade: 100 %." in section

    # An earlier finding of another walk cannot be marked from this one.
    stranger = make_walk(coordinator, title="Annan vandring")
    refused = client.post(
        f"/trygghetsvandringar/{stranger.id}/iakttagelser",
        data=finding_form(earlier_finding=str(bushes), outcome="atgardat"),
    ).get_data(as_text=True)
    assert "hör inte till vandringen som görs om" in refused


# --- 5. counting ---------------------------------------------------------------------------------------


def test_holding_a_walk_raises_its_promise_count_by_one(
    login_as, coordinator, make_walk, make_promise, db_read
):
    promise = make_promise(year=2026, target=2)
    walk = make_walk(coordinator, promise=promise)
    client = login_as(coordinator)

    def done() -> str:
        html = client.get("/medborgarloften?ar=2026").get_data(as_text=True)
        return html.split(f'id="lofte-{promise.id}"', 1)[1].split("genomförda", 1)[0]

    assert "0 av minst 2" in done()
    response = client.post(
        f"/trygghetsvandringar/{walk.id}/genomford", data={"held_on": "2026-11-12", "residents_count": "9"}
    )
    assert response.status_code == 302
    assert "1 av minst 2" in done()
    # The promise's own page lists what it counts: its activities and its held walks.
    follow_up = client.get(f"/medborgarloften/{promise.id}/aktiviteter").get_data(as_text=True)
    assert (
        f'<a href="/trygghetsvandringar/{walk.id}">Kvällsvandring i centrum</a>, 12 november 2026'
        in follow_up
    )
    # The public problembild counts activity observations only (its figures add up from its tables).
    assert db_read(lambda s: progress_rows(s, 2026, date(2026, 12, 31), public=True)[0].done) == 0
    page = client.get(f"/trygghetsvandringar/{walk.id}").get_data(as_text=True)
    assert "9 boende deltog" in page


def test_residents_are_a_count_and_the_held_form_refuses_anything_else(
    login_as, coordinator, make_walk, stored
):
    walk = make_walk(coordinator)
    client = login_as(coordinator)
    html = client.post(
        f"/trygghetsvandringar/{walk.id}/genomford",
        data={"held_on": "2026-11-12", "residents_count": "Anna, Bo"},
    ).get_data(as_text=True)
    assert "Skriv antalet med siffror" in html
    assert stored(Walk, walk.id).held_on is None


def test_photo_folder_is_private_even_with_a_loose_umask(app, login_as, member, coordinator, make_walk):
    walk = make_walk(coordinator)
    old = os.umask(0)
    try:
        login_as(member).post(
            f"/trygghetsvandringar/{walk.id}/iakttagelser",
            data=finding_form(photos=[(jpeg_bytes(), "a.jpg")]),
            content_type="multipart/form-data",
        )
    finally:
        os.umask(old)
    assert {stat.S_IMODE(p.stat().st_mode) for p in _photo_files(app)} == {0o600}


# --- demo ---------------------------------------------------------------------------------------------


def test_the_demo_has_a_held_walk_with_owned_findings_its_rewalk_and_a_planned_walk(app, reference):
    from lagesbild.extensions import db
    from lagesbild.promises.demo import seed_demo_promises
    from lagesbild.seed.demo import create_organisations_and_users
    from lagesbild.walks.demo import add_demo_walks
    from lagesbild.walks.queries import compare

    with app.app_context():
        create_organisations_and_users(db.session)
        seed_demo_promises(db.session)
        add_demo_walks(db.session)
        db.session.commit()
        first, again, planned = db.session.scalars(select(Walk).order_by(Walk.id)).all()
        assert (first.is_held, again.is_held, planned.is_held) == (True, True, False)
        assert len(first.findings) == 4 and again.previous_walk_id == first.id
        owners = {f.action.owner.name for f in first.findings if f.action}
        assert owners == {"Eslövs kommun, gata/park"}
        assert compare(again).fixed_share == 0.25  # one of the four earlier findings fixed, one partly
        assert all(f.author.is_demo for w in (first, again) for f in w.findings)

"""A safety walk in a real browser on a phone: findings with photos recorded offline, sent when online."""

import io
import json
import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lagesbild.models import Walk, WalkFinding

from .fixtures_walks import jpeg_bytes
from .support import assert_accessible, browser_sign_in, console_errors

pytestmark = pytest.mark.browser


def _photo_with_gps(tmp_path: Path, name: str) -> Path:
    exif = Image.Exif()
    exif.get_ifd(0x8825).update({1: "N", 2: (55.0, 50.0, 20.0), 3: "E", 4: (13.0, 18.0, 10.0)})
    path = tmp_path / name
    path.write_bytes(jpeg_bytes(size=(120, 90), exif=exif.tobytes()))
    return path


def _phone_photo(tmp_path: Path, name: str) -> Path:
    """A photo the size a phone camera makes (noise compresses badly: about 2 MB)."""
    path = tmp_path / name
    Image.effect_noise((1800, 1400), 40).convert("RGB").save(path, format="JPEG", quality=95)
    return path


@pytest.mark.slow
def test_two_findings_with_photos_recorded_offline_on_a_phone_are_saved_when_back_online(
    app, page, member, coordinator, make_walk, db_read, tmp_path
):
    walk = make_walk(coordinator)
    page.set_viewport_size({"width": 390, "height": 844})
    browser_sign_in(page, member, f"/trygghetsvandringar/{walk.id}/iakttagelser")
    assert "Fotografera inte ansikten eller registreringsskyltar." in page.locator("main").inner_text()
    assert_accessible(page)

    # The first finding has three phone-sized photos (over 5 MB together: the page scales them down
    # before keeping the draft), the second one small photo with a GPS tag (sent as it is).
    uploads = [
        [_phone_photo(tmp_path, f"DSC_{n}.jpg") for n in range(3)],
        [_photo_with_gps(tmp_path, "IMG_1.jpg")],
    ]
    assert sum(path.stat().st_size for path in uploads[0]) > 5 * 1024 * 1024
    page.context.set_offline(True)
    for n, (category, text) in enumerate(
        [
            ("Belysning", "Mörk gångväg, två lampor trasiga."),
            ("Vegetation som skymmer", "Buskar skymmer sikten."),
        ]
    ):
        page.locator("#vandring-karta").click(position={"x": 120 + 40 * n, "y": 100})
        page.get_by_text(re.compile(r"^Vald punkt: ")).wait_for()
        page.get_by_label("Kategori").select_option(label=category)
        page.get_by_label("Kort beskrivning").fill(text)
        page.get_by_label(re.compile(r"^Foton")).set_input_files(uploads[n])
        page.get_by_role("button", name="Spara iakttagelsen").click()
        page.get_by_text(f"{n + 1} iakttagels", exact=False).first.wait_for()
    waiting = page.locator("#utkast")
    assert waiting.is_visible()
    assert "2 iakttagelser väntar på att skickas" in waiting.inner_text()
    assert "Mörk gångväg, två lampor trasiga." in waiting.inner_text() and "(3 foton)" in waiting.inner_text()
    assert db_read(lambda s: s.scalars(select(WalkFinding)).all()) == []
    assert page.get_by_label("Kort beskrivning").input_value() == ""  # ready for the next one

    # A third one the server will refuse: it stays in the browser with the reason, nothing typed is lost.
    page.locator("#vandring-karta").click(position={"x": 200, "y": 140})
    page.get_by_label("Kategori").select_option(label="Trafik")
    page.get_by_label("Kort beskrivning").fill("Bilen ABC 123 kör för fort varje kväll.")
    page.get_by_role("button", name="Spara iakttagelsen").click()
    page.get_by_text("3 iakttagelser väntar").wait_for()

    page.context.set_offline(False)
    page.get_by_text("2 iakttagelser är sparade.").wait_for()
    assert "1 iakttagelse sparades inte: ändra och spara igen." in waiting.inner_text()
    assert "verkar innehålla ett registreringsnummer" in waiting.inner_text()
    assert "Mörk gångväg" not in waiting.inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Ändra utkastet").click()
    expect(page.get_by_label("Kort beskrivning")).to_have_value("Bilen ABC 123 kör för fort varje kväll.")
    expect(waiting).to_be_hidden()

    findings = db_read(
        lambda s: s.scalars(
            select(WalkFinding).options(selectinload(WalkFinding.photos)).order_by(WalkFinding.id)
        ).all()
    )
    assert [f.text for f in findings] == ["Mörk gångväg, två lampor trasiga.", "Buskar skymmer sikten."]
    assert [len(f.photos) for f in findings] == [3, 1]
    with app.test_request_context():
        from lagesbild.walks import photos

        stored = Image.open(io.BytesIO(photos.path(findings[1].photos[0].token).read_bytes()))
    assert stored.getexif().get_ifd(0x8825) == {}
    # The browser logs the sends that failed offline and the refused draft's 422; nothing else may fail.
    offline_noise = ("ERR_INTERNET_DISCONNECTED", "Failed to fetch", "status of 422")
    assert [e for e in console_errors(page) if not any(n in e for n in offline_noise)] == []


def test_a_coordinator_draws_the_route_on_the_map_and_the_walk_page_shows_it(
    page, reference, coordinator, db_read
):
    browser_sign_in(page, coordinator, "/trygghetsvandringar/ny")
    assert_accessible(page)
    page.get_by_label("Namn på vandringen").fill("Kvällsvandring Berga")
    page.get_by_label("Område").select_option(label="Berga")
    page.get_by_label("Datum").fill("2027-03-18")
    route_map = page.locator("#rutt-karta")
    for x, y in ((100, 100), (160, 120), (220, 150)):
        route_map.click(position={"x": x, "y": y})
    expect(page.locator("#rutt-status")).to_have_text("Rutten har 3 punkter.")
    page.get_by_role("button", name="Ta bort sista punkten").click()
    expect(page.locator("#rutt-status")).to_have_text("Rutten har 2 punkter.")
    page.get_by_role("group", name="Arrangörer").get_by_label("Eslövs kommun").check()
    page.get_by_role("button", name="Spara vandringen").click()
    page.get_by_text("Trygghetsvandringen är planerad.").wait_for()

    walk = db_read(lambda s: s.scalars(select(Walk)).one())
    assert len(json.loads(walk.route_geojson)["coordinates"]) == 2 and walk.stops == ""
    expect(page.locator("#vandring-karta path.leaflet-interactive")).to_have_count(1)  # the route line
    assert_accessible(page)
    assert console_errors(page) == []

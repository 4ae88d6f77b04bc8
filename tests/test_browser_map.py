"""The week map in a real browser: legend, rises on map and table, clusters by category, offline notice."""

import json
from datetime import date

import pytest
from sqlalchemy import update

from lagesbild.extensions import db
from lagesbild.models import Area, OrganisationKind, Role
from lagesbild.periods import period_for_week

from .support import assert_accessible, browser_sign_in, console_errors

pytestmark = pytest.mark.browser


@pytest.fixture
def chair_and_member(make_user, make_org):
    housing = make_org("Eslövs Bostads AB", OrganisationKind.BOSTADSBOLAG)
    return make_user(Role.CHAIR), make_user(Role.MEMBER, organisation=housing)


def test_week_map_has_a_legend_rise_rings_and_works_without_tiles(
    app, page, chair_and_member, make_observation, make_meeting, monkeypatch
):
    from lagesbild.meeting import queries

    monkeypatch.setattr(queries, "MAP_POINTS", 9)  # one observation more than the map draws as a point
    chair, member = chair_and_member
    with app.app_context():  # Berga has a polygon (golive fills Area.geojson): drawn as a choropleth
        polygon = {"type": "Polygon", "coordinates": [[[13.312, 55.832], [13.328, 55.832], [13.328, 55.842],
                                                       [13.312, 55.842], [13.312, 55.832]]]}  # fmt: skip
        db.session.execute(update(Area).where(Area.name == "Berga").values(geojson=json.dumps(polygon)))
        db.session.commit()
    # Seven graffiti reports in Berga (usually none: a rise), two youth groups at Stora torg.
    for day in range(13, 20):
        make_observation("SKG.KLOTTER", "Berga", author=member, occurred_on=date(2026, 11, day))
    for day in (14, 15):
        make_observation("ORD.UNGDOMSGRUPP", "Stora torg", author=member, occurred_on=date(2026, 11, day))
    speeding = make_observation("TRF.FORTKORNING", "Marieholm", author=member, occurred_on=date(2026, 11, 16))
    make_meeting(chair)
    browser_sign_in(page, chair, "/vecka/2026-47")
    page.wait_for_selector("[data-lagesbild-map][data-ready='true']")
    # The points stop at the cap; the heat layer counts all ten observations of the week.
    box = page.locator("[data-lagesbild-map]")
    assert (box.get_attribute("data-points"), box.get_attribute("data-heat")) == ("9", "10")

    # The legend: each category with its colour swatch and its count, in words.
    legend = {
        item.locator(".map-legend__name").inner_text(): item.locator(".map-legend__count").inner_text()
        for item in page.locator(".map-legend__list li[data-category]").all()
    }
    assert legend == {"Skadegörelse": "7", "Ordningsstörningar": "2", "Trafik": "1"}
    assert "Ökning över det normala" in page.locator(".map-legend").inner_text()

    # The rise: a red outline on Berga's polygon (no circle's arc in its path) and "▲" in its label;
    # in the table a highlighted cell with words.
    assert page.locator(".area-rise").count() == 1
    assert "a" not in page.locator("path.area-rise").get_attribute("d")
    berga = page.locator(".area-total [data-count='7']")
    assert "Berga: 7" in berga.inner_text() and "ökning: Skadegörelse" in berga.inner_text()
    cell = page.locator("#tabell td.rise")
    assert cell.count() == 1 and "▲" in cell.inner_text() and "ökning över det normala" in cell.inner_text()

    # One cluster layer whose clusters say their category mix (zoomed out, the 9 points cluster).
    page.get_by_role("button", name="Hela kommunen").click()
    page.locator(".cluster-mix-icon").first.wait_for()
    labels = [icon.get_attribute("aria-label") for icon in page.locator(".cluster-mix-icon").all()]
    assert any("Skadegörelse" in label for label in labels), labels
    assert page.locator(".cluster-segment").count() >= 1

    # A lone point's popup: text nodes, and for the chair "Skapa åtgärd" with the observation pre-filled.
    page.evaluate(
        "document.querySelectorAll('path.obs-point')"
        ".forEach(p => p.dispatchEvent(new MouseEvent('click', {bubbles: true})))"
    )
    popup = page.locator(".leaflet-popup-content")
    assert "Bilar som kör för fort\nMarieholm, 16 nov\nKlotter på väggen." in popup.inner_text()
    assert page.locator(".leaflet-popup-close-button").get_attribute("aria-label") == "Stäng"
    create = popup.get_by_role("link", name="Skapa åtgärd")
    create_href = create.get_attribute("href")
    assert create_href == f"/atgarder/ny?iakttagelse={speeding.id}"

    # Swedish controls; the tiles are blocked in the tests, so the notice shows and areas are drawn.
    assert page.locator(".leaflet-control-zoom-in").get_attribute("title") == "Zooma in"
    notice = page.locator(".map-notice")
    assert notice.is_visible() and "Kartbilderna kunde inte hämtas" in notice.inner_text()
    assert page.locator("path.area-shape").count() >= 2

    # Visible area labels never overlap.
    boxes = page.evaluate(
        """() => Array.from(document.querySelectorAll('.area-total:not(.area-total--hidden)'))
              .map(e => e.getBoundingClientRect().toJSON())"""
    )
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            overlap = (
                a["left"] < b["right"]
                and b["left"] < a["right"]
                and a["top"] < b["bottom"]
                and b["top"] < a["bottom"]
            )
            assert not overlap, (a, b)
    assert console_errors(page) == []
    assert_accessible(page)

    # The popup's "Skapa åtgärd" opens the action form with the observation's place filled in.
    page.goto(create_href)
    assert page.locator("#place_id option:checked").inner_text() == "Marieholm"


def test_presentation_moves_through_slides_by_click_and_key(
    page, chair_and_member, make_observation, make_meeting, make_action
):
    chair, member = chair_and_member
    for day in range(13, 20):
        make_observation("SKG.KLOTTER", "Berga", author=member, occurred_on=date(2026, 11, day))
    make_observation("ORD.UNGDOMSGRUPP", "Stora torg", author=member, occurred_on=date(2026, 11, 14))
    earlier = make_meeting(chair, period=period_for_week(2026, 45, 5))
    make_action(earlier, chair, title="Sanera tunneln", due_on=date(2026, 11, 6))
    browser_sign_in(page, chair)
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto("/vecka/2026-47/presentation")
    page.wait_for_selector("#presentation[data-ready='true']")
    page.wait_for_selector("[data-lagesbild-map][data-ready='true']")
    visible = page.locator(".slide:visible")
    position = page.locator("#bild-position")
    # Overview, Eslövs centrum, Berga, rises and newest, actions, promises.
    assert "Bild 1 av 6" in position.inner_text() and "Lägesbild v. 47 2026" in visible.inner_text()
    page.locator("#pres-slides").click()  # a click on the slide: next
    assert "Bild 2 av 6: Eslövs centrum" in position.inner_text()
    page.keyboard.press("PageDown")  # a presenter's clicker
    assert "Bild 3 av 6: Berga" in position.inner_text()
    berga = visible.inner_text()
    assert "Skadegörelse" in berga and "▲" in berga and "ökning över det normala" in berga
    page.keyboard.press("ArrowRight")
    assert "Ökning: Skadegörelse i Berga" in visible.inner_text()
    page.keyboard.press("ArrowRight")
    actions = visible.inner_text()
    assert "Sanera tunneln" in actions and "Försenad" in actions
    page.keyboard.press("PageUp")
    page.keyboard.press("ArrowLeft")
    assert "Bild 3 av 6: Berga" in position.inner_text()
    # Large type: the slide's figure is readable from the back of the room.
    size = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.slide:not([hidden]) .pres__big')).fontSize)"
    )
    assert size >= 60
    assert console_errors(page) == []
    assert_accessible(page)

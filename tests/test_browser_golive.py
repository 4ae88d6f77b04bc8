"""The real-install path in a browser, from an empty database to an observation in a drawn area."""

import json
import re

import pytest
from pyproj import Transformer

from .support import PASSWORD, assert_accessible, console_errors, follow

pytestmark = pytest.mark.browser


def _sign_in(page, email: str) -> None:
    page.goto("/logga-in")
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/start")


def _boundary_around(lat: float, lon: float) -> bytes:
    """A 300 m square around the point, in SWEREF 99 TM as the municipality's GIS would export it."""
    x, y = Transformer.from_crs("EPSG:4326", "EPSG:3006", always_xy=True).transform(lon, lat)
    ring = [
        [x - 150, y - 150],
        [x + 150, y - 150],
        [x + 150, y + 150],
        [x - 150, y + 150],
        [x - 150, y - 150],
    ]
    return json.dumps(
        {
            "type": "Feature",
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3006"}},
            "properties": {"name": "Skateområdet"},
            "geometry": {"type": "Polygon", "coordinates": [ring]},
        }
    ).encode()


@pytest.mark.slow
def test_setup_then_admin_then_a_member_posts_into_the_new_area(app, runner, page):
    setup = runner.invoke(args=["setup", "--reference", "eslov"])
    assert setup.exit_code == 0, setup.output
    for email, role, organisation in (
        ("samordnare@eslov.se", "coordinator", "Eslövs kommun, trygghetssamordning"),
        ("falt@eslov.se", "member", "Fältsekreterarna"),
    ):
        created = runner.invoke(
            args=[
                "create-user",
                "--email",
                email,
                "--name",
                "Första Användaren",
                "--organisation",
                organisation,
                "--role",
                role,
                "--password",
                PASSWORD,
            ]  # fmt: skip
        )
        assert created.exit_code == 0, created.output

    # The coordinator adds a place by clicking the map, then an area whose boundary holds it.
    _sign_in(page, "samordnare@eslov.se")
    page.goto("/admin/referensdata")
    assert_accessible(page)
    page.get_by_role("link", name="Ny plats").click()
    page.get_by_label("Namn", exact=True).fill("Skateparken vid Ekevalla")
    page.get_by_label("Andra namn (skilj med semikolon)").fill("Skaten")
    assert_accessible(page)
    page.locator("#platskarta").click()  # the map opens on the configured centre
    lat, lon = float(page.locator("#lat").input_value()), float(page.locator("#lon").input_value())
    follow(page, page.get_by_role("button", name="Spara"))
    assert "Platsen Skateparken vid Ekevalla är tillagd" in page.locator("main").inner_text()

    page.get_by_role("link", name="Nytt område").click()
    page.get_by_label("Namn", exact=True).fill("Skateområdet")
    page.get_by_label(re.compile("^Gräns")).set_input_files(
        {
            "name": "skateomradet.geojson",
            "mimeType": "application/geo+json",
            "buffer": _boundary_around(lat, lon),
        }
    )
    follow(page, page.get_by_role("button", name="Förhandsgranska"))
    preview = page.locator("main").inner_text()
    assert "Gränsen för Skateområdet" in preview and "9,0 ha" in preview
    page.locator(".leaflet-interactive").nth(1).wait_for()  # drawn by the map's script after load
    assert page.locator(".leaflet-interactive").count() > 1  # the new boundary over the others
    assert_accessible(page)
    follow(page, page.get_by_role("button", name="Spara gränsen"))
    assert "Området Skateområdet är sparat med sin gräns." in page.locator("main").inner_text()
    assert console_errors(page) == []
    follow(page, page.get_by_role("button", name="Logga ut"))

    # A member finds the place by its other name and posts; it lands in the drawn area.
    _sign_in(page, "falt@eslov.se")
    page.goto("/iakttagelser/ny")
    place = page.get_by_role("combobox", name="Plats")
    place.press_sequentially("skaten")
    page.get_by_role("option", name=re.compile(r"^Skateparken vid Ekevalla")).click()
    page.get_by_label("Huvudkategori").select_option(label="Skadegörelse")
    page.get_by_label("Underkategori").select_option(label="Klotter och tags")
    page.get_by_label("Beskrivning").fill("Nytt klotter på rampen.")
    page.get_by_role("button", name="Spara iakttagelsen").click()
    page.wait_for_url("**/mina-iakttagelser")

    page.goto("/vecka")
    row = page.get_by_role("row", name=re.compile(r"^Skateområdet"))
    assert re.search(r"\b1\b", row.inner_text())
    assert console_errors(page) == []

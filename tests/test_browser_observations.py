"""Observations in a real browser: post by place name and by map click, edit, withdraw, the guard."""

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from lagesbild.models import Observation, ObservationStatus, OrganisationKind, Role

from .support import assert_accessible, browser_sign_in, console_errors, follow

pytestmark = pytest.mark.browser
SAMPLE = Path(__file__).resolve().parent.parent / "docs" / "samples" / "bevakning-vecka.csv"


@pytest.fixture
def signed_in(page, member, reference):
    browser_sign_in(page, member)
    return page


def _category(page):
    page.get_by_label("Huvudkategori").select_option(label="Skadegörelse")
    page.get_by_label("Underkategori").select_option(label="Klotter och tags")


def test_post_by_place_name_with_the_keyboard_then_see_it_in_mine(signed_in):
    page = signed_in
    page.goto("/iakttagelser/ny")
    assert_accessible(page)
    place = page.get_by_role("combobox", name="Plats")
    place.press_sequentially("stora t")
    assert place.get_attribute("aria-expanded") == "true"
    option = page.get_by_role("option", name=re.compile(r"^Stora torg"))
    assert option.is_visible()
    place.press("ArrowDown")
    assert option.get_attribute("aria-selected") == "true"
    place.press("Enter")
    assert place.input_value() == "Stora torg"
    assert place.get_attribute("aria-expanded") == "false"
    _category(page)
    page.get_by_label("Beskrivning").fill("Nytt klotter på fontänen.")
    assert "25 av 2000 tecken" in page.locator("#beskrivning-raknare").inner_text()
    page.get_by_role("button", name="Spara iakttagelsen").click()
    page.wait_for_url("**/mina-iakttagelser")
    assert "Nytt klotter på fontänen." in page.locator("main").inner_text()
    assert "Tack! Iakttagelsen är sparad." in page.locator("main").inner_text()
    assert_accessible(page)
    assert console_errors(page) == []


def test_post_by_map_click_shows_the_area(signed_in, db_read):
    page = signed_in
    page.goto("/iakttagelser/ny")
    page.locator("#karta").click()  # the map opens on Eslöv's centre
    page.get_by_text(re.compile(r"Vald punkt i området ")).wait_for()
    assert page.locator("#lat").input_value() and page.locator("#lon").input_value()
    _category(page)
    page.get_by_label("Beskrivning").fill("Klotter på elskåpet.")
    page.get_by_role("button", name="Spara iakttagelsen").click()
    page.wait_for_url("**/mina-iakttagelser")
    place_id, area_id = db_read(
        lambda session: session.execute(select(Observation.place_id, Observation.area_id)).one()
    )
    assert place_id is None and area_id is not None
    assert console_errors(page) == []


def test_edit_then_withdraw_from_mine(signed_in, member, make_observation, db_read):
    page = signed_in
    make_observation(author=member, description="Skrivet med stavfell")
    page.goto("/mina-iakttagelser")
    page.get_by_role("link", name=re.compile("^Ändra")).click()
    assert page.get_by_label("Underkategori").input_value() == "SKG.KLOTTER"
    assert_accessible(page)
    page.get_by_label("Beskrivning").fill("Skrivet utan stavfel")
    page.get_by_role("button", name="Spara ändringen").click()
    page.wait_for_url("**/mina-iakttagelser")
    assert "Skrivet utan stavfel" in page.locator("main").inner_text()
    follow(page, page.get_by_role("link", name=re.compile("^Återkalla")))
    assert_accessible(page)
    page.get_by_role("button", name="Återkalla iakttagelsen").click()
    page.wait_for_url("**/mina-iakttagelser")
    assert "Skrivet utan stavfel" not in page.locator("main").inner_text()
    assert db_read(lambda session: session.scalar(select(Observation.status))) is ObservationStatus.WITHDRAWN
    assert console_errors(page) == []


def test_a_personnummer_is_refused_beside_the_field_and_the_text_kept(signed_in, db_read):
    page = signed_in
    page.goto("/iakttagelser/ny")
    page.get_by_role("combobox", name="Plats").fill("Stora torg")
    _category(page)
    text = "Pojken med personnummer 850709-9805 sprang."
    page.get_by_label("Beskrivning").fill(text)
    page.get_by_role("button", name="Spara iakttagelsen").click()
    error = page.locator("#beskrivning-error")
    assert "personnummer (”850709-9805”" in error.inner_text()
    assert page.get_by_label("Beskrivning").input_value() == text
    assert page.get_by_role("combobox", name="Plats").input_value() == "Stora torg"
    assert page.get_by_label("Underkategori").input_value() == "SKG.KLOTTER"
    assert "Formuläret innehåller fel" in page.get_by_role("alert").inner_text()
    assert_accessible(page)
    assert console_errors(page) == []
    assert db_read(lambda session: session.scalar(select(Observation))) is None


def test_group_list_and_import_pages_are_accessible(page, make_user, make_org, make_observation, reference):
    coordinator = make_user(Role.COORDINATOR)
    make_org("Bevakning AB", OrganisationKind.BEVAKNINGSBOLAG)
    make_observation(description="Klotter i tunneln")
    browser_sign_in(page, coordinator, "/iakttagelser")
    assert "Klotter i tunneln" in page.locator("main").inner_text()
    assert_accessible(page)
    page.goto("/iakttagelser/import")
    assert_accessible(page)
    page.get_by_label("Organisation som rapporterar").select_option(label="Bevakning AB")
    page.get_by_label("CSV-fil").set_input_files(str(SAMPLE))
    page.get_by_role("button", name="Läs in filen").click()
    page.get_by_text("Alla 6 rader är rätt.").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Importera 6 iakttagelser").click()
    page.get_by_text("6 iakttagelser importerades").wait_for()
    assert console_errors(page) == []


def test_a_refused_post_keeps_the_main_category_and_focuses_the_error_summary(signed_in):
    """Issue #13 item 7: with only the main category chosen the post is refused; the choice stays and
    focus moves to the list of errors."""
    page = signed_in
    page.goto("/iakttagelser/ny")
    page.get_by_label("Huvudkategori").select_option(label="Skadegörelse")
    page.get_by_label("Omfattande").check()
    page.get_by_label("Beskrivning").fill("Klotter på hela gaveln.")
    page.get_by_role("button", name="Spara iakttagelsen").click()
    page.locator(".error-summary").wait_for()
    assert (
        page.get_by_label("Huvudkategori").evaluate("el => el.options[el.selectedIndex].text")
        == "Skadegörelse"
    )
    assert page.get_by_label("Underkategori").is_enabled()
    assert page.get_by_label("Omfattande").is_checked()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert console_errors(page) == []
    assert_accessible(page)

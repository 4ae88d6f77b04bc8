"""In the browser: following the promises, recording one, importing the survey and reading it."""

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from lagesbild import periods
from lagesbild.models import Role

from .support import assert_accessible, browser_sign_in, console_errors, follow

pytestmark = pytest.mark.browser
SAMPLE = Path(__file__).resolve().parent.parent / "docs" / "samples" / "trygghetsmatning.csv"


def test_coordinator_follows_promises_and_records_a_new_one(
    page, make_user, make_promise, make_observation, make_org
):
    year = periods.today_local().year
    police = make_org("Polisen LPO Eslöv")
    make_promise("Minst fyra trygghetsvandringar under året", target=4, year=year, organisations=[police])
    make_observation(category="AKT.TRYGGHETSVANDRING", place="Berga", occurred_on=date(year, 1, 2))
    coordinator = make_user(Role.COORDINATOR)

    browser_sign_in(page, coordinator, f"/medborgarloften?ar={year}")
    expect(page.get_by_role("heading", name="Minst fyra trygghetsvandringar under året")).to_be_visible()
    expect(page.get_by_text("1 av minst 4")).to_be_visible()
    page.get_by_text("Aktiviteterna som räknats (1)").click()  # the promise's own page, paged
    expect(page.get_by_role("cell", name="Berga").first).to_be_visible()
    expect(page.get_by_text("Visar 1–1 av 1")).to_be_visible()
    assert_accessible(page)
    assert console_errors(page) == []
    follow(page, page.get_by_role("link", name=f"Medborgarlöften {year}"))
    assert_accessible(page)

    page.get_by_role("link", name=f"Nytt löfte för {year}").click()
    page.get_by_label("Löftet", exact=True).fill("Medborgardialoger i Berga")
    page.get_by_label("Mål: minst antal genomförda aktiviteter").fill("0")
    page.get_by_role("button", name="Spara löftet").click()
    expect(
        page.get_by_role("alert").get_by_text("Målet ska vara ett heltal mellan 1 och 10 000.")
    ).to_be_visible()
    assert page.get_by_label("Löftet", exact=True).input_value() == "Medborgardialoger i Berga"
    assert_accessible(page)

    page.get_by_label("Mål: minst antal genomförda aktiviteter").fill("3")
    page.get_by_role("checkbox", name="Medborgardialog").check()
    page.get_by_role("checkbox", name="Polisen LPO Eslöv").check()
    page.get_by_role("checkbox", name="Berga", exact=True).check()  # one or several areas
    page.get_by_role("button", name="Spara löftet").click()
    expect(page.get_by_text("Löftet är sparat.")).to_be_visible()
    expect(page.get_by_role("heading", name="Medborgardialoger i Berga")).to_be_visible()
    expect(page.get_by_text("0 av minst 3")).to_be_visible()
    assert console_errors(page) == []


def test_coordinator_imports_the_survey_and_members_read_it(page, make_user, reference):
    coordinator = make_user(Role.COORDINATOR)
    browser_sign_in(page, coordinator, "/trygghetsmatning/importera")
    assert_accessible(page)
    page.get_by_label("CSV-fil med trygghetsmätningens värden").set_input_files(str(SAMPLE))
    page.get_by_role("button", name="Granska filen").click()
    expect(page.get_by_role("heading", name="Förhandsgranskning: 16 värden")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Läs in 16 värden").click()
    expect(page.get_by_text("16 nya värden, 0 uppdaterade, 0 oförändrade")).to_be_visible()
    page.goto("/trygghetsmatning?fran=2024&till=2025")
    table = page.get_by_role(
        "table", name="Trygghetsmätningen och gruppens iakttagelser per område och år, 2024–2025"
    )
    expect(table.get_by_role("columnheader", name="Problemindex (ordningsstörningar)")).to_be_visible()
    expect(table.get_by_role("cell", name="2,4").first).to_be_visible()
    expect(page.get_by_text("Demo – inte verkliga värden, publicerad 15 oktober 2024")).to_be_visible()
    assert_accessible(page)
    assert console_errors(page) == []

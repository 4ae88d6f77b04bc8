"""Every main page on a 390 px phone and a 1366 px laptop: no sideways scrolling on the phone, and axe
finds no WCAG 2.1 A/AA (or 2.2 target size) violation of any impact at either width."""

from datetime import date

import pytest
from playwright.sync_api import expect

from lagesbild.models import OrganisationKind, Role

from .support import browser_sign_in, console_errors

pytestmark = pytest.mark.browser

MAIN_PAGES = (
    "/start",
    "/vecka/2026-47",
    "/vecka/2026-47/presentation",
    "/vecka/2026-47/iakttagelser",
    "/moten",
    "/moten/{meeting}",
    "/iakttagelser/ny",
    "/mina-iakttagelser",
    "/iakttagelser",
    "/iakttagelser/{observation}",
    "/problembild?from=2026-01-01&to=2026-12-31",
    "/medborgarloften",
    "/trygghetsmatning",
    "/admin",
    "/admin/anvandare",
    "/konto",
)


def axe_violations(page) -> list[str]:
    """Every axe violation of any impact (WCAG 2.1 A/AA and WCAG 2.2's target size)."""
    from axe_playwright_python.sync_playwright import Axe

    options = {
        "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
        "resultTypes": ["violations"],
    }
    results = Axe().run(page, options=options)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:4]}"
        for v in results.response["violations"]
    ]


@pytest.mark.slow
@pytest.mark.parametrize("width", [390, 1366])
def test_main_pages_fit_the_screen_and_pass_axe(
    page, width, make_user, make_org, make_observation, make_meeting, make_action
):
    housing = make_org("Eslövs Bostads AB", OrganisationKind.BOSTADSBOLAG)
    member = make_user(Role.MEMBER, organisation=housing)
    coordinator = make_user(Role.COORDINATOR)
    observation = None
    for day in range(13, 20):
        observation = make_observation("SKG.KLOTTER", "Berga", author=member, occurred_on=date(2026, 11, day))
    make_observation("ORD.UNGDOMSGRUPP", "Stora torg", author=coordinator, occurred_on=date(2026, 11, 14))
    meeting = make_meeting(coordinator)
    make_action(meeting, coordinator, title="Sanera klottret i Berga")
    page.set_viewport_size({"width": width, "height": 844 if width == 390 else 768})
    browser_sign_in(page, coordinator, None)  # the first main page is the start page
    problems = {}
    for path in MAIN_PAGES:
        page.goto(path.format(meeting=meeting.id, observation=observation.id))
        page.wait_for_load_state()
        if page.locator("[data-lagesbild-map='week']").count():
            page.wait_for_selector("[data-lagesbild-map][data-ready]")
            page.wait_for_selector(".leaflet-zoom-anim, .leaflet-cluster-anim", state="detached")
        found = axe_violations(page)
        if width == 390:
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                found.append(f"scrolls sideways by {overflow} px")
        if found:
            problems[path] = found
    assert not problems, "\n".join(f"{path}: {found}" for path, found in problems.items())
    assert console_errors(page) == []


def test_posting_from_a_phone(page, make_user, make_org, make_observation):
    """At 390 px: the menu folds behind "Meny", the map behind a button, the submit button is less than
    three screens down, and the member's recent places (or, with the phone's position, the nearest
    ones) are offered before typing."""
    member = make_user(Role.MEMBER, organisation=make_org("Eslövs Bostads AB", OrganisationKind.BOSTADSBOLAG))
    make_observation("SKG.KLOTTER", "Stora torg", author=member, occurred_on=date(2026, 11, 13))
    make_observation("SKG.KLOTTER", "Berga", author=member, occurred_on=date(2026, 11, 14))
    page.set_viewport_size({"width": 390, "height": 844})
    browser_sign_in(page, member, "/iakttagelser/ny")
    menu = page.get_by_role("button", name="Meny")
    assert page.get_by_role("link", name="Mina iakttagelser").is_hidden()
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    expect(page.get_by_role("link", name="Mina iakttagelser")).to_be_visible()
    menu.click()

    assert page.locator("#karta").is_hidden()
    page.get_by_role("button", name="Välj plats i kartan").click()
    expect(page.locator("#karta")).to_be_visible()
    page.get_by_role("button", name="Dölj kartan").click()
    submit = page.get_by_role("button", name="Spara iakttagelsen")
    top = submit.evaluate("b => b.getBoundingClientRect().top + window.scrollY")
    assert top < 3 * 844, top

    page.get_by_role("combobox", name="Plats").focus()
    offered = page.locator("#plats-lista [role=option]").all_inner_texts()
    assert [text.split(" – ")[0] for text in offered] == ["Berga", "Stora torg"], offered
    assert all("senast använd" in text for text in offered)
    # After "Använd min position" the places nearest the phone come first instead.
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 55.84024, "longitude": 13.30368})  # at Stora torg
    page.get_by_role("button", name="Använd min position").click()
    page.get_by_text("De närmaste namngivna platserna finns först i platslistan.").wait_for()
    page.get_by_role("combobox", name="Plats").focus()
    nearest = page.locator("#plats-lista [role=option]").all_inner_texts()
    assert nearest[0].startswith("Stora torg – Eslövs centrum, 0 m bort"), nearest
    # Radio buttons are at least 24 × 24 px (WCAG 2.2 target size).
    size = page.locator("input[type=radio]").first.bounding_box()
    assert size["width"] >= 24 and size["height"] >= 24
    assert console_errors(page) == []

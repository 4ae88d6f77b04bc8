"""Sign-in and administration in a real browser: each role's menu, no console errors, accessible."""

import re
import time

import pyotp
import pytest
from playwright.sync_api import expect

from lagesbild.models import Role

from .support import PASSWORD, assert_accessible, browser_login, console_errors, follow

pytestmark = pytest.mark.browser


def menu_entries(page) -> list[str]:
    return [
        text.strip()
        for text in page.get_by_role("navigation", name="Huvudmeny").get_by_role("link").all_inner_texts()
    ]


@pytest.mark.parametrize(
    ("role", "sees_admin"),
    [(Role.MEMBER, False), (Role.CHAIR, False), (Role.COORDINATOR, True)],
)
def test_each_role_signs_in_and_sees_its_menu(page, make_user, role, sees_admin):
    user = make_user(role)
    page.goto("/logga-in")
    assert console_errors(page) == []
    assert_accessible(page)
    browser_login(page, user)
    assert page.url.endswith("/start")
    entries = menu_entries(page)
    assert ("Administration" in entries) is sees_admin
    assert "Mitt konto" in entries
    assert role.label in page.locator(".user-box").inner_text()
    follow(page, page.get_by_role("button", name="Logga ut"))
    assert page.url.endswith("/logga-in")
    assert "Du är utloggad." in page.content()
    assert console_errors(page) == []


def test_coordinator_admin_pages_are_accessible(page, make_user, make_org):
    coordinator = make_user(Role.COORDINATOR)
    make_org("Ängelholms bostäder")
    browser_login(page, coordinator)
    for path in (
        "/admin",
        "/admin/organisationer",
        "/admin/organisationer/ny",
        "/admin/anvandare",
        "/admin/anvandare/ny",
        f"/admin/anvandare/{coordinator.id}",
        "/admin/logg",
        "/konto",
        "/konto/losenord",
    ):
        page.goto(path)
        assert console_errors(page) == [], path
        assert_accessible(page)


def test_coordinator_invites_a_member_who_sets_a_password(page, browser, live_server, make_user, make_org):
    org = make_org("Stadskärneföreningen")
    browser_login(page, make_user(Role.COORDINATOR))
    page.goto("/admin/anvandare/ny")
    page.get_by_label("Namn").fill("Stina Stadskärna")
    page.get_by_label("E-postadress").fill("stina@example.com")
    page.get_by_label("Organisation").select_option(label=org.name)
    follow(page, page.get_by_role("button", name="Skapa användare"))
    link = page.get_by_role("textbox", name="Länk").input_value()
    assert re.search(r"/konto/aktivera/[\w-]+$", link)
    page.get_by_role("button", name="Kopiera länken").click()
    expect(page.locator("#invite-copy-status")).to_contain_text("Länken är")
    assert console_errors(page) == []
    assert_accessible(page)

    context = browser.new_context(base_url=live_server, locale="sv-SE")
    invited = context.new_page()
    invited.goto(link)
    assert_accessible(invited)
    invited.get_by_label("Nytt lösenord").fill("stina-väljer-ett-långt-lösenord")
    invited.get_by_label("Upprepa det nya lösenordet").fill("stina-väljer-ett-långt-lösenord")
    follow(invited, invited.get_by_role("button", name="Spara lösenordet"))
    assert "Lösenordet är sparat" in invited.content()
    context.close()


def test_totp_enrolment_and_sign_in_in_the_browser(page, make_user):
    chair = make_user(Role.CHAIR)
    browser_login(page, chair)
    page.goto("/konto/tvafaktor")
    assert console_errors(page) == []
    assert_accessible(page)
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    page.get_by_label("Sexsiffrig kod från appen").fill(pyotp.TOTP(secret).now())
    follow(page, page.get_by_role("button", name="Aktivera"))
    assert page.locator(".recovery-codes li").count() == 10
    assert_accessible(page)

    follow(page, page.get_by_role("button", name="Logga ut"))
    browser_login(page, chair)
    assert page.url.endswith("/logga-in/verifiera")
    assert_accessible(page)
    code = pyotp.TOTP(secret)
    page.get_by_label("Kod").fill(code.at(time.time() + code.interval))
    follow(page, page.get_by_role("button", name="Verifiera"))
    assert page.url.endswith("/start")
    assert console_errors(page) == []

    # Turning it off asks for the password; a wrong one is shown beside the field.
    page.goto("/konto/tvafaktor")
    page.locator("#disable-proof").fill("inte-mitt-lösenord-alls")
    follow(page, page.get_by_role("button", name="Stäng av tvåstegsverifiering"))
    expect(page.locator("#disable-proof-error")).to_contain_text("stämmer inte")
    assert_accessible(page)
    page.locator("#disable-proof").fill(PASSWORD)
    follow(page, page.get_by_role("button", name="Stäng av tvåstegsverifiering"))
    assert "Tvåstegsverifieringen är avstängd" in page.content()

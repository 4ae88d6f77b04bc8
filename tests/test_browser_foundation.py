"""The start page in a real browser: renders, no console errors, accessible."""

import pytest

from lagesbild.models import Role

from .support import assert_accessible, browser_sign_in, console_errors

pytestmark = pytest.mark.browser


def test_login_page_renders_without_errors_and_is_accessible(page):
    page.goto("/")
    assert page.title() == "Logga in – Lägesbild"
    assert page.locator("html").get_attribute("lang") == "sv"
    assert console_errors(page) == []
    assert_accessible(page)


def test_skip_link_moves_focus_to_the_content(page):
    page.goto("/logga-in")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Hoppa till innehållet"


def test_signed_in_start_page_is_accessible(page, make_user):
    user = make_user(Role.MEMBER)
    browser_sign_in(page, user)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Hej")
    assert console_errors(page) == []
    assert_accessible(page)

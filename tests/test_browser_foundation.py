"""The start page in a real browser: renders, no console errors, accessible, and what the browser keeps."""

import pytest
from flask import request, request_finished

from lagesbild.models import Role

from .support import assert_accessible, browser_sign_in, console_errors, follow

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


def test_the_next_page_asks_for_no_script_or_style_the_browser_has(page, make_user):
    """Scripts and styles are linked by their content's hash and kept by the browser: the next page
    loads at once, without asking the server again for the files the last one had."""
    asked = []

    def record(sender, response, **extra):
        if request.endpoint in ("static", "vendor"):
            asked.append(request.path)

    with request_finished.connected_to(record, page.lagesbild_app):
        browser_sign_in(page, make_user(Role.MEMBER))
        on_the_first = set(asked)
        asked.clear()
        follow(page, page.get_by_role("link", name="Möten").first)
        on_the_next = set(asked)
    assert {"/static/css/app.css", "/static/js/site.js"} <= on_the_first
    assert not on_the_first & on_the_next
    assert console_errors(page) == []

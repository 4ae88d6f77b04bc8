"""In the browser: the coordinator writes an evaluation in the yearly follow-up and downloads it as DOCX."""

import io

import pytest
from docx import Document
from playwright.sync_api import expect

from .support import assert_accessible, browser_sign_in, console_errors

pytestmark = pytest.mark.browser
TEXT = "Belysningen byttes; klottret flyttade till nästa tunnel."


def test_coordinator_evaluates_an_overdue_measure_and_downloads_the_followup(page, followup_world):
    browser_sign_in(page, followup_world["coordinator"], "/uppfoljning?ar=2025")
    expect(page.get_by_role("heading", name="Uppföljning 2025", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="Försenad", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Utvärdera åtgärden").click()
    expect(page.get_by_role("heading", name="Utvärdera åtgärden")).to_be_visible()
    page.get_by_role("button", name="Spara utvärderingen").click()
    expect(page.get_by_role("alert").get_by_text("Skriv utvärderingen.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Delvis genomförd").check()
    page.get_by_label("Utvärdering", exact=True).fill(TEXT)
    page.get_by_role("button", name="Spara utvärderingen").click()
    expect(page.get_by_text("Utvärderingen är sparad.")).to_be_visible()
    expect(page.get_by_role("cell", name="Delvis genomförd")).to_be_visible()
    expect(page.get_by_role("cell", name="Försenad", exact=True)).to_have_count(0)

    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ned som Word (DOCX)").click()
    document = Document(io.BytesIO(download.value.path().read_bytes()))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["1. Medborgarlöften", "2. Åtgärder", "3. Försenade uppföljningar"]
    texts = [p.text for p in document.paragraphs]
    assert "Utvärdering: " + TEXT in texts
    assert console_errors(page) == []

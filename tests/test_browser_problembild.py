"""The problembild in a real browser: the report renders with its map and charts, without console
errors, accessibly, and its download buttons deliver the files."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from .support import assert_accessible, browser_sign_in, console_errors, follow

pytestmark = pytest.mark.browser


@pytest.mark.slow
def test_coordinator_opens_the_report_and_downloads_the_workbook(page, problembild_world):
    world = problembild_world
    browser_sign_in(page, world.coordinator, f"/problembild?{world.query}")
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading == "Problembild 1 januari 2025 – 31 december 2025"
    page.locator(".leaflet-container").wait_for()
    assert page.locator("svg[role=img]").count() == 5
    expect(page.get_by_role("table", name="Iakttagelser per område och kategori")).to_be_visible()
    assert console_errors(page) == []
    assert_accessible(page)

    with page.expect_download() as info:
        page.get_by_role("link", name="Ladda ner Excel (.xlsx)").click()
    download = info.value
    assert download.suggested_filename == "problembild-2025-01-01--2025-12-31.xlsx"
    workbook = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    about = dict(workbook["Om rapporten"].iter_rows(min_row=2, values_only=True))
    assert about["Antal iakttagelser"] == str(world.total_internal)


@pytest.mark.slow
def test_the_public_variant_is_one_click_away(page, problembild_world):
    browser_sign_in(page, problembild_world.chair, f"/problembild?{problembild_world.query}")
    follow(page, page.get_by_role("link", name="Visa offentlig variant"))
    assert "(offentlig variant)" in page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_role("table", name="Brännpunkter: platser med flest iakttagelser").count() == 0
    assert console_errors(page) == []
    assert_accessible(page)

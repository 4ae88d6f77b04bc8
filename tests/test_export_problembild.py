"""The problembild's four files: the same figures as the screen, hostile text never a formula,
and the web download equal to the CLI's file for the same period."""

import csv
import io
import json
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from lagesbild.models import Area, Place

from .fixtures_problembild import HOSTILE

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def read_xlsx(data: bytes) -> dict[str, list[list]]:
    workbook = load_workbook(io.BytesIO(data))
    formulas = [
        (sheet.title, cell.coordinate)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert formulas == [], f"formula cells: {formulas}"
    return {sheet.title: [[cell.value for cell in row] for row in sheet.iter_rows()] for sheet in workbook}


def read_csv(data: bytes) -> list[dict]:
    assert data.startswith("\ufeff".encode()), "the CSV starts with a BOM so Excel reads UTF-8"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def html_total(page: str) -> int:
    return int(re.search(r"<li><strong>(\d+)</strong> iakttagelser", page).group(1))


def sheet_records(rows: list[list]) -> list[dict]:
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def download(client, world, kind: str, variant: str = "intern"):
    response = client.get(f"/problembild/fil/{kind}?{world.query}&variant={variant}")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response


@pytest.mark.parametrize("variant", ["intern", "offentlig"])
def test_totals_agree_on_screen_and_in_all_four_files(problembild_world, login_as, variant):
    world = problembild_world
    client = login_as(world.coordinator)
    expected = world.total_internal if variant == "intern" else world.total_public
    screen = client.get(f"/problembild?{world.query}&variant={variant}").get_data(as_text=True)
    assert html_total(screen) == expected

    sheets = read_xlsx(download(client, world, "xlsx", variant).data)
    assert sheet_records(sheets["Kategorier"])[-1]["Antal"] == expected
    assert sheet_records(sheets["Områden"])[-1]["Totalt"] == expected
    assert dict(sheets["Om rapporten"][1:])["Antal iakttagelser"] == str(expected)

    rows = read_csv(download(client, world, "csv", variant).data)
    period = "2025-01-01–2025-12-31"
    key = (period, "Samtliga områden", "Samtliga kategorier", "antal")
    grand = [r for r in rows if (r["period"], r["område"], r["kategori"], r["mått"]) == key]
    assert [r["värde"] for r in grand] == [str(expected)]

    collection = json.loads(download(client, world, "geojson", variant).data)["features"]
    features = [f for f in collection if f["properties"]["typ"] == "område"]  # not the hot-spot points
    assert (
        sum(f["properties"]["totalt"] for f in features if isinstance(f["properties"]["totalt"], int))
        <= expected
    )
    if variant == "intern":
        assert sum(f["properties"]["totalt"] for f in features) == expected
        area_rows = [r for r in rows if r["område"] != "Samtliga områden" and r["mått"] == "antal"]
        assert sum(int(r["värde"]) for r in area_rows) == expected

    assert html_total(download(client, world, "html", variant).get_data(as_text=True)) == expected


def test_hostile_names_and_texts_never_become_formulas(problembild_world, login_as):
    world = problembild_world
    client = login_as(world.coordinator)
    sheets = read_xlsx(download(client, world, "xlsx").data)  # asserts zero formula cells
    texts = [value for rows in sheets.values() for row in rows for value in row if isinstance(value, str)]
    for hostile in (HOSTILE["area"], HOSTILE["category"], HOSTILE["organisation"], HOSTILE["action_title"]):
        assert hostile in texts, f"{hostile!r} is kept as text, unchanged"
    assert HOSTILE["action_description"] in texts
    assert any(HOSTILE["place"] in text for text in texts)
    # Read back with the standard library's XML parser a stored CR is an LF; with lxml (which python-docx
    # brings) it stays a CR. Either way it is the promise's text, never a formula.
    assert HOSTILE["promise"] in texts or HOSTILE["promise"].replace("\r", "\n") in texts

    rows = read_csv(download(client, world, "csv").data)
    cells = [value for row in rows for value in row.values()]
    assert not [cell for cell in cells if cell.startswith(FORMULA_START)]
    assert "'" + HOSTILE["area"] in cells
    assert "'" + HOSTILE["category"] in cells
    assert "'" + HOSTILE["promise"].replace("\r", "\n") in cells or "'" + HOSTILE["promise"] in cells


def test_hostile_text_is_escaped_in_the_printable_file_and_on_screen(problembild_world, login_as):
    world = problembild_world
    client = login_as(world.coordinator)
    for page in (
        download(client, world, "html").get_data(as_text=True),
        client.get(f"/problembild?{world.query}").get_data(as_text=True),
    ):
        assert "<script>alert(" not in page
        assert "&lt;script&gt;alert(" in page


def test_the_printable_file_stands_alone(problembild_world, login_as):
    world = problembild_world
    page = download(login_as(world.coordinator), world, "html").get_data(as_text=True)
    assert "<style>" in page and "@page { size: A4" in page
    assert not re.search(r"<(script|link)\b", page), "no scripts and no external stylesheets"
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page), "nothing fetched from elsewhere"
    assert page.count('<svg role="img"') == 5 and "<title id=" in page  # four charts and the map
    # Swedish local time, as everywhere else (it said "… UTC" before).
    assert re.search(r"Skapad \d{1,2} [a-zé]+ \d{4} kl\. \d\d\.\d\d\.", page) and "UTC" not in page


def test_the_geojson_holds_the_periods_hot_spots_as_points_with_their_counts(
    problembild_world, login_as, db_read
):
    world = problembild_world
    collection = json.loads(download(login_as(world.coordinator), world, "geojson").data)["features"]
    areas = db_read(lambda session: session.scalar(select(func.count(Area.id))))
    assert [f["properties"]["typ"] for f in collection[:areas]] == ["område"] * areas  # the shapes stay
    points = collection[areas:]
    assert {f["geometry"]["type"] for f in points} == {"Point"}
    assert [f["properties"]["rang"] for f in points] == [1, 2, 3]
    # 2025 only: Stora torg's six from 2024 and its activities are not counted, its restricted one is.
    counts = {f["properties"]["plats"]: f["properties"]["antal"] for f in points}
    assert counts == {"Stora torg": 18, "Källebergsskolan": 7, HOSTILE["place"]: 7}
    top = points[0]["properties"]
    assert (top["plats"], top["område"]) == ("Stora torg", "Eslövs centrum")
    assert top["vanligast"].startswith("Klotter och tags (12)")
    lon, lat = db_read(
        lambda s: s.execute(select(Place.lon, Place.lat).where(Place.name == "Stora torg")).one()
    )
    assert points[0]["geometry"]["coordinates"] == [round(lon, 6), round(lat, 6)]


def test_the_web_download_and_the_cli_give_the_same_content(problembild_world, login_as, runner, tmp_path):
    world = problembild_world
    client = login_as(world.coordinator)
    for flags, variant in (([], "intern"), (["--public"], "offentlig")):
        out = tmp_path / variant
        result = runner.invoke(args=["problembild", "2025", "--out", str(out), *flags])
        assert result.exit_code == 0, result.output
        files = {path.suffix: path.read_bytes() for path in out.iterdir()}
        assert sorted(files) == [".csv", ".geojson", ".html", ".xlsx"]

        web_sheets = read_xlsx(download(client, world, "xlsx", variant).data)
        cli_sheets = read_xlsx(files[".xlsx"])
        for sheets in (web_sheets, cli_sheets):  # the generation time is the one thing that differs
            sheets["Om rapporten"] = [row for row in sheets["Om rapporten"] if row[0] != "Skapad"]
        assert web_sheets == cli_sheets
        assert read_csv(download(client, world, "csv", variant).data) == read_csv(files[".csv"])
        assert json.loads(download(client, world, "geojson", variant).data) == json.loads(files[".geojson"])
        web_html = download(client, world, "html", variant).get_data(as_text=True)
        assert html_total(web_html) == html_total(files[".html"].decode())


def test_cli_takes_a_date_range_and_refuses_mixed_or_bad_periods(problembild_world, runner, tmp_path):
    result = runner.invoke(
        args=["problembild", "--from", "2025-03-01", "--to", "2025-03-31", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert "17 iakttagelser" in result.output  # 12 + 5 graffiti in mid-March
    assert (tmp_path / "problembild-2025-03-01--2025-03-31.xlsx").exists()
    mixed = runner.invoke(args=["problembild", "2025", "--from", "2025-03-01", "--out", str(tmp_path)])
    assert mixed.exit_code != 0 and "antingen" in mixed.output
    backwards = runner.invoke(
        args=["problembild", "--from", "2025-03-01", "--to", "2025-02-01", "--out", str(tmp_path)]
    )
    assert backwards.exit_code != 0 and "före" in backwards.output


def test_workbook_has_an_about_sheet_frozen_headers_and_widths(problembild_world, login_as):
    world = problembild_world
    workbook = load_workbook(io.BytesIO(download(login_as(world.coordinator), world, "xlsx").data))
    assert workbook.sheetnames[0] == "Om rapporten"
    about = dict((row[0].value, row[1].value) for row in workbook["Om rapporten"].iter_rows(min_row=2))
    assert about["Period"] == "1 januari 2025 – 31 december 2025" and "ISO 8601" in about["Veckoregel"]
    assert re.fullmatch(r"\d{1,2} [a-zé]+ \d{4} kl\. \d\d\.\d\d", about["Skapad"]), about["Skapad"]
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.column_dimensions["A"].width >= 8
    assert {
        "Kategorier",
        "Områden",
        "Månader",
        "Veckor",
        "Veckodag och tid",
        "Brännpunkter",
        "Rapportering",
    } <= set(workbook.sheetnames)

"""The report's files: XLSX, CSV, GeoJSON (here) and the printable HTML (standalone.py).

All four are written from the same Report, so their figures agree with the screen. Text from the
database (place, area, category and organisation names, action and promise texts) is hostile: a
spreadsheet cell that starts with = + - @ tab or CR is stored as text (never a formula) and a CSV cell
gets a leading apostrophe (lagesbild.escaping.for_csv).
"""

import csv
import io
import json
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from lagesbild.escaping import for_csv, is_formula_like

from .report import Report, about_rows
from .standalone import render_html
from .tables import ALL_AREAS

CSV_DELIMITER = ";"  # Swedish Excel reads ";" as the list separator (the comma is the decimal mark)
CSV_COLUMNS = ["period", "område", "kategori", "underkategori", "mått", "värde"]


def _cell(sheet, value, bold: bool = False):
    cell = WriteOnlyCell(sheet, value=value)
    if is_formula_like(value):
        cell.data_type = "s"  # member text is text, never a formula
    if bold:
        cell.font = Font(bold=True)
    return cell


def _width(values) -> float:
    longest = max((len(str(v)) for v in values), default=4)
    return min(60, max(8, longest + 2))


def write_xlsx(report: Report, target) -> None:
    workbook = Workbook(write_only=True)
    about = workbook.create_sheet("Om rapporten")
    about.column_dimensions["A"].width = 26
    about.column_dimensions["B"].width = 100
    about.freeze_panes = "A2"
    about.append([_cell(about, "Uppgift", bold=True), _cell(about, "Värde", bold=True)])
    for label, value in about_rows(report):
        text = _cell(about, value)
        text.alignment = Alignment(wrap_text=True, vertical="top")
        about.append([_cell(about, label, bold=True), text])
    for table in report.tables.values():
        sheet = workbook.create_sheet(table.sheet)
        sheet.freeze_panes = "A2"
        frame = table.frame
        for i, column in enumerate(frame.columns, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = _width([column, *frame[column]])
        sheet.append([_cell(sheet, str(column), bold=True) for column in frame.columns])
        for row in frame.itertuples(index=False):
            sheet.append([_cell(sheet, _plain(value)) for value in row])
    workbook.save(target)


def _plain(value):
    """numpy scalars → Python numbers, NaN → empty."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    return value


def csv_rows(report: Report) -> list[dict]:
    return [row for table in report.tables.values() for row in table.long]


def write_csv(report: Report, target) -> None:
    text = io.StringIO(newline="")
    writer = csv.writer(text, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in csv_rows(report):
        writer.writerow([for_csv(_plain(value)) for value in row.values()])
    _write_bytes(target, ("\ufeff" + text.getvalue()).encode("utf-8"))  # BOM: Excel reads UTF-8


def geojson(report: Report) -> dict:
    """Areas as features (their polygon when stored, else a point at the centre) with their counts,
    then, in the internal variant, the Brännpunkter places as points with theirs; `typ` tells them apart."""
    areas = report.numbers.areas.set_index("area")
    table = report.tables["omraden"].frame
    names = dict(zip(report.numbers.top["name"], report.numbers.top["code"], strict=True))
    features = []
    for row in table.to_dict("records"):
        area = row["Område"]
        if area == ALL_AREAS:
            continue
        counts = {names[name]: _plain(row[name]) for name in names}
        features.append(
            {
                "type": "Feature",
                "geometry": _geometry(areas.loc[area]),
                "properties": {
                    "typ": "område",
                    "område": area,
                    "gräns": _boundary_note(areas.loc[area]),
                    "totalt": _plain(row["Totalt"]),
                    **counts,
                },
            }
        )
    if not report.public:  # the public variant names no place (it never even reads them)
        features += _hotspot_features(report.numbers.hotspots)
    return {
        "type": "FeatureCollection",
        "name": report.slug,
        "period": report.period,
        "variant": "offentlig" if report.public else "intern",
        "kategorier": {code: name for name, code in names.items()},
        "features": features,
    }


def _hotspot_features(hotspots) -> list[dict]:
    """The Brännpunkter ranking (the same rows as its table, most observations first) as points."""
    return [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(row["lon"], 6), round(row["lat"], 6)]},
            "properties": {
                "typ": "brännpunkt",
                "rang": rank,
                "plats": row["place"],
                "område": row["area"],
                "antal": _plain(row["n"]),
                "vanligast": row["what"],
            },
        }
        for rank, row in enumerate(hotspots.to_dict("records"), start=1)
    ]


def _boundary_note(area) -> str:
    """How far the shape can be trusted: the bundled sets' polygons are approximate."""
    if _geometry(area)["type"] == "Point":
        return "ingen gräns (mittpunkt)"
    return "ungefärlig gräns" if bool(area["boundary_is_approximate"]) else "uppladdad gräns"


def _geometry(area) -> dict:
    if area["geojson"]:
        try:
            shape = json.loads(area["geojson"])
            if shape.get("type") in ("Polygon", "MultiPolygon"):
                return shape
        except (ValueError, AttributeError):
            pass  # a malformed stored shape falls back to the centre point
    return {"type": "Point", "coordinates": [round(float(area["lon"]), 6), round(float(area["lat"]), 6)]}


def write_geojson(report: Report, target) -> None:
    data = json.dumps(geojson(report), ensure_ascii=False, indent=1).encode("utf-8")
    _write_bytes(target, data)


def _write_bytes(target, data: bytes) -> None:
    """Write to a path or to an open binary stream (the web response)."""
    if isinstance(target, (str, Path)):
        Path(target).write_bytes(data)
    else:
        target.write(data)


def write_all(report: Report, directory: Path) -> list[Path]:
    """Write the four files into `directory`; return their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = [directory / f"{report.slug}.{ext}" for ext in ("xlsx", "csv", "geojson", "html")]
    write_xlsx(report, paths[0])
    write_csv(report, paths[1])
    write_geojson(report, paths[2])
    paths[3].write_text(render_html(report), encoding="utf-8")
    return paths

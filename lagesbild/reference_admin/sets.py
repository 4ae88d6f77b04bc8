"""A reference set as files: what `setup --from`, `reference import/export` and the admin upload read.

Five files, each optional; the same names and columns `reference export` writes:

- `categories.csv`: code, parent_code, name, description, colour, is_activity, sort_order[, is_active]
  (top categories have no parent_code and come before their subcategories);
- `areas.geojson`: a FeatureCollection; each feature's properties hold name, sort_order, source,
  approximate_boundary[, centre_lat, centre_lon, is_active] and its geometry the area's polygon
  (Polygon or MultiPolygon; lon/lat, or SWEREF 99 TM, EPSG:3006, when the collection's "crs" says so),
  or null for an area without a boundary (then centre_lat and centre_lon are required);
- `places.csv`: name, kind, area, lat, lon, approximate, source[, aliases, is_active] (area by name;
  aliases separated by ";");
- `organisations.csv`: name, kind[, usual_categories, is_active] (kind as stored: polis, kommunal …;
  usual_categories: subcategory codes separated by ";");
- `meeting.csv`: weekday[, time, source], one row: the group's meeting weekday (måndag … söndag, or
  ISO 1–7) and the time it starts ("13.00", optional).

Parsing is pure: bytes in, a ReferenceSet or a list of Swedish messages that name the file and line.
CSV files go through the one reader (lagesbild/csvfiles.py); every name through the personal-data guard.
"""

from dataclasses import dataclass, field
from datetime import time
from functools import lru_cache
from importlib import resources
from pathlib import Path

from lagesbild.csvfiles import CsvFileError, CsvLimits, read_csv
from lagesbild.inputs import decimal_number, parse_time
from lagesbild.models import OrganisationKind
from lagesbild.periods import SWEDISH_WEEKDAYS
from lagesbild.privacy import check_text

from .geometry import BoundaryError, read_feature_collection

FILES = ("categories.csv", "areas.geojson", "places.csv", "organisations.csv", "meeting.csv")
LIMITS = CsvLimits(max_bytes=2 * 1024 * 1024, max_rows=5_000, max_cell=2_000)
MAX_GEOJSON_BYTES = 10 * 1024 * 1024
COLOUR_DEFAULT = "#555555"

COLUMNS = {
    "categories.csv": (
        ("code", "parent_code", "name", "description", "colour", "is_activity", "sort_order"),
        ("is_active",),
    ),
    "places.csv": (("name", "kind", "area", "lat", "lon", "approximate", "source"), ("aliases", "is_active")),
    "organisations.csv": (("name", "kind"), ("usual_categories", "is_active")),
    "meeting.csv": (("weekday",), ("time", "source")),
}


@dataclass
class CategoryRow:
    code: str
    parent_code: str
    name: str
    description: str
    colour: str
    is_activity: bool
    sort_order: int
    is_active: bool = True


@dataclass
class AreaRow:
    name: str
    centre_lat: float
    centre_lon: float
    sort_order: int
    source: str
    boundary_is_approximate: bool
    geojson: str | None  # lon/lat GeoJSON geometry, already reprojected and validated
    is_active: bool = True


@dataclass
class PlaceRow:
    name: str
    kind: str
    area: str
    lat: float
    lon: float
    approximate: bool
    source: str
    aliases: str = ""
    is_active: bool = True


@dataclass
class OrganisationRow:
    name: str
    kind: OrganisationKind
    usual_categories: list[str] = field(default_factory=list)
    is_active: bool = True


@dataclass
class MeetingRow:
    weekday: int  # ISO 1–7
    starts: time | None = None  # local time the meeting starts


@dataclass
class ReferenceSet:
    name: str
    categories: list[CategoryRow] = field(default_factory=list)
    areas: list[AreaRow] = field(default_factory=list)
    places: list[PlaceRow] = field(default_factory=list)
    organisations: list[OrganisationRow] = field(default_factory=list)
    meeting: MeetingRow | None = None


class ReferenceSetError(ValueError):
    """The files cannot be loaded; `messages` are Swedish and name the file and line."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


def _flag(text: str) -> bool | None:
    value = text.strip().casefold()
    if value in ("1", "ja", "true", "sant"):
        return True
    if value in ("", "0", "nej", "false", "falskt"):
        return False
    return None


def _integer(text: str) -> int | None:
    text = text.strip() or "0"
    return int(text) if text.lstrip("-").isdigit() else None


class _Rows:
    """The rows of one CSV file as dicts, and a place to collect line-level problems."""

    def __init__(self, filename: str, data: bytes, problems: list[str]):
        self.filename, self.problems, self.rows = filename, problems, []
        required, optional = COLUMNS[filename]
        try:
            table = read_csv(data, LIMITS)
        except CsvFileError as error:
            self.fail(error.line, error.message)
            return
        missing = [name for name in required if name not in table.headers]
        if missing:
            self.fail(0, f"Kolumnerna saknas: {', '.join(missing)}.")
            return
        for line, cells in table.rows:
            cells = cells + [""] * (len(table.headers) - len(cells))
            row = {name: cells[i].strip() for i, name in enumerate(table.headers) if name}
            for name in optional:
                row.setdefault(name, "")
            self.rows.append((line, row))

    def fail(self, line: int, message: str) -> None:
        where = f"{self.filename} rad {line}" if line else self.filename
        self.problems.append(f"{where}: {message}")

    def flag(self, line: int, row: dict, name: str, default: bool) -> bool:
        if not row[name]:
            return default
        value = _flag(row[name])
        if value is None:
            self.fail(line, f"{name} ska vara 1 eller 0 (nu ”{row[name]}”).")
        return bool(value)

    def text(self, line: int, row: dict, name: str, label: str, limit: int, required: bool = True) -> str:
        value = row[name]
        if required and not value:
            self.fail(line, f"{label} saknas.")
        elif len(value) > limit:
            self.fail(line, f"{label} får vara högst {limit} tecken.")
        elif message := check_text(value, label):
            self.fail(line, message)
        return value


def _categories(data: bytes, problems: list[str], known: set[str]) -> list[CategoryRow]:
    rows = _Rows("categories.csv", data, problems)
    result, codes = [], set()
    for line, row in rows.rows:
        code = row["code"].upper()
        parent = row["parent_code"].upper()
        if not code or not all(
            part.isascii() and part.replace("_", "").isalnum() for part in code.split(".")
        ):
            rows.fail(line, "code ska vara en kod av A–Z, 0–9 och _ (underkategori: FÖRÄLDER.KOD).")
        elif len(code) > 40:
            rows.fail(line, "code får vara högst 40 tecken.")
        elif code in codes:
            rows.fail(line, f"Koden {code} finns redan på en tidigare rad.")
        elif parent and (parent not in codes | known or "." in parent):
            rows.fail(
                line, f"Överkategorin {parent} måste stå på en tidigare rad (och vara en överkategori)."
            )
        elif parent and not code.startswith(parent + "."):
            rows.fail(line, f"En underkategori till {parent} har en kod som börjar med {parent}.")
        elif not parent and "." in code:
            rows.fail(line, "En överkategori har en kod utan punkt.")
        name = rows.text(line, row, "name", "Namnet", 200)
        description = rows.text(line, row, "description", "Beskrivningen", 400, required=False)
        colour = row["colour"] or COLOUR_DEFAULT
        if not (
            len(colour) == 7 and colour[0] == "#" and all(c in "0123456789abcdefABCDEF" for c in colour[1:])
        ):
            rows.fail(line, "colour ska vara en färg som #RRGGBB.")
        sort_order = _integer(row["sort_order"])
        if sort_order is None:
            rows.fail(line, "sort_order ska vara ett heltal.")
        codes.add(code)
        result.append(
            CategoryRow(
                code=code,
                parent_code=parent,
                name=name,
                description=description,
                colour=colour,
                is_activity=rows.flag(line, row, "is_activity", False),
                sort_order=sort_order or 0,
                is_active=rows.flag(line, row, "is_active", True),
            )
        )
    return result


def _places(data: bytes, problems: list[str], area_names: set[str]) -> list[PlaceRow]:
    rows = _Rows("places.csv", data, problems)
    result, names = [], set()
    for line, row in rows.rows:
        name = rows.text(line, row, "name", "Platsens namn", 160)
        if name.casefold() in names:
            rows.fail(line, f"Platsen {name} finns redan på en tidigare rad.")
        names.add(name.casefold())
        if row["area"] not in area_names:
            rows.fail(line, f"Området ”{row['area']}” finns inte (varken i areas.geojson eller i databasen).")
        lat, lon = decimal_number(row["lat"]), decimal_number(row["lon"])
        if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            rows.fail(
                line, "lat och lon ska vara koordinater i grader (WGS 84), till exempel 55.84 och 13.30."
            )
        aliases = rows.text(line, row, "aliases", "Alternativa namn", 400, required=False)
        result.append(
            PlaceRow(
                name=name,
                kind=rows.text(line, row, "kind", "Platstypen", 120, required=False),
                area=row["area"],
                lat=lat or 0.0,
                lon=lon or 0.0,
                approximate=rows.flag(line, row, "approximate", False),
                source=rows.text(line, row, "source", "Källan", 400, required=False),
                aliases=aliases,
                is_active=rows.flag(line, row, "is_active", True),
            )
        )
    return result


def _organisations(data: bytes, problems: list[str], codes: set[str]) -> list[OrganisationRow]:
    rows = _Rows("organisations.csv", data, problems)
    kinds = {kind.value: kind for kind in OrganisationKind} | {
        k.label.casefold(): k for k in OrganisationKind
    }
    result = []
    for line, row in rows.rows:
        name = rows.text(line, row, "name", "Organisationens namn", 120)
        kind = kinds.get(row["kind"].casefold())
        if kind is None:
            rows.fail(line, f"kind ska vara en av {', '.join(k.value for k in OrganisationKind)}.")
        usual = [code.strip().upper() for code in row["usual_categories"].split(";") if code.strip()]
        unknown = [code for code in usual if code not in codes]
        if unknown:
            rows.fail(line, f"Okända kategorikoder: {', '.join(unknown)}.")
        result.append(
            OrganisationRow(
                name=name,
                kind=kind or OrganisationKind.OVRIG,
                usual_categories=usual,
                is_active=rows.flag(line, row, "is_active", True),
            )
        )
    return result


WEEKDAY_NAMES = {name: number for number, name in enumerate(SWEDISH_WEEKDAYS, start=1)}


def _meeting(data: bytes, problems: list[str]) -> MeetingRow | None:
    before = len(problems)
    rows = _Rows("meeting.csv", data, problems)
    if len(rows.rows) != 1:
        if rows.rows or len(problems) == before:  # else the reader has said what is wrong
            rows.fail(0, f"Filen ska ha precis en rad under rubrikerna (nu {len(rows.rows)}).")
        return None
    line, row = rows.rows[0]
    text = row["weekday"].casefold()
    weekday = WEEKDAY_NAMES.get(text) or (int(text) if text in ("1", "2", "3", "4", "5", "6", "7") else None)
    if weekday is None:
        rows.fail(line, f"weekday ska vara en veckodag, måndag … söndag eller 1–7 (nu ”{row['weekday']}”).")
    at = parse_time(row["time"]) if row["time"] else None
    if row["time"] and at is None:
        rows.fail(line, f"time ska vara ett klockslag som 13.00 (nu ”{row['time']}”).")
    rows.text(line, row, "source", "Källan", 400, required=False)
    return MeetingRow(weekday=weekday, starts=at) if weekday is not None else None


def parse_set(
    name: str,
    files: dict[str, bytes],
    *,
    known_areas: set[str] = frozenset(),
    known_codes: set[str] = frozenset(),
    bounds: tuple[float, float, float, float] | None = None,
) -> ReferenceSet:
    """Parse the files present in `files` (by file name); raise ReferenceSetError with every problem.

    `known_areas` and `known_codes` are what the database holds already, so places and organisations
    may refer to them; `bounds` (south, north, west, east) is where area polygons must lie.
    """
    problems: list[str] = []
    if not files:
        raise ReferenceSetError([f"Välj en eller flera av filerna {', '.join(FILES)}."])
    unknown = sorted(set(files) - set(FILES))
    if unknown:
        problems.append(f"Okända filer: {', '.join(unknown)} (filerna heter {', '.join(FILES)}).")
    result = ReferenceSet(name=name)
    if "categories.csv" in files:
        result.categories = _categories(files["categories.csv"], problems, set(known_codes))
    if "areas.geojson" in files:
        try:
            if len(files["areas.geojson"]) > MAX_GEOJSON_BYTES:
                raise BoundaryError("Filen är större än 10 MB.")
            features = read_feature_collection(files["areas.geojson"])
        except BoundaryError as error:
            problems.append(f"areas.geojson: {error}")
            features = []
        result.areas = _areas(features, problems)
    if "places.csv" in files:
        area_names = set(known_areas) | {area.name for area in result.areas}
        result.places = _places(files["places.csv"], problems, area_names)
    if "organisations.csv" in files:
        codes = set(known_codes) | {category.code for category in result.categories}
        result.organisations = _organisations(files["organisations.csv"], problems, codes)
    if "meeting.csv" in files:
        result.meeting = _meeting(files["meeting.csv"], problems)
    if problems:
        raise ReferenceSetError(problems)
    return result


def _areas(features: list, problems: list[str]) -> list[AreaRow]:
    result, names = [], set()
    for feature in features:
        where = f"areas.geojson område {feature.number}"
        props = feature.properties
        name = str(props.get("name") or "").strip()
        if not name or len(name) > 120:
            problems.append(f"{where}: name saknas eller är längre än 120 tecken.")
        elif message := check_text(name, "Områdets namn"):
            problems.append(f"{where}: {message}")
        elif name.casefold() in names:
            problems.append(f"{where}: området {name} finns redan tidigare i filen.")
        names.add(name.casefold())
        centre = feature.centre
        if centre is None:
            problems.append(f"{where} ({name}): utan gräns behövs centre_lat och centre_lon.")
            centre = (0.0, 0.0)
        source = str(props.get("source") or "")[:400]
        if message := check_text(source, "Källan"):
            problems.append(f"{where}: {message}")
        sort_order = _integer(str(props.get("sort_order") or 0))
        result.append(
            AreaRow(
                name=name,
                centre_lat=centre[0],
                centre_lon=centre[1],
                sort_order=sort_order or 0,
                source=source,
                boundary_is_approximate=bool(props.get("approximate_boundary")),
                geojson=feature.geojson,
                is_active=props.get("is_active", True) is not False,
            )
        )
    return result


def read_folder(folder: Path, **known) -> ReferenceSet:
    """Parse the reference files found in `folder` (missing files are simply not loaded)."""
    if not folder.is_dir():
        raise ReferenceSetError([f"Mappen {folder} finns inte."])
    files = {name: (folder / name).read_bytes() for name in FILES if (folder / name).is_file()}
    if not files:
        raise ReferenceSetError([f"Mappen {folder} har ingen av filerna {', '.join(FILES)}."])
    return parse_set(folder.name, files, **known)


BUNDLED = ("eslov", "tom")


@lru_cache(maxsize=1)
def bundled(name: str) -> ReferenceSet:
    """A set shipped with the app: "eslov" (Eslöv's areas, places, categories, organisations) or "tom".

    Parsed once per process (every test's fixture loads it); callers must not change the result.
    """
    if name == "tom":
        return ReferenceSet(name="tom")
    folder = resources.files("lagesbild.reference")
    files = {file: folder.joinpath(file).read_bytes() for file in FILES}
    return parse_set(name, files)

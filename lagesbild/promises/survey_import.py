"""Reading a trygghetsmätning CSV: every row checked, every problem reported with its line number.

Pure: takes the file's bytes and the known area names, returns rows or problems; nothing is written
here. The file is what the police publish (year, area, indicator, value, source, published), as UTF-8
or as Excel's Swedish CSV (Windows-1252, semicolons, decimal comma): lagesbild/csvfiles.py reads it.
"""

import math
from dataclasses import dataclass, field
from datetime import date

from lagesbild.csvfiles import CsvFileError, CsvLimits, CsvTable, read_csv
from lagesbild.inputs import ascii_int
from lagesbild.privacy import check_text

# A real survey file is a few kB; a pending one waits on the server (lagesbild/uploads.py).
MAX_BYTES = 300_000
MAX_ROWS = 5_000
LIMITS = CsvLimits(max_bytes=MAX_BYTES, max_rows=MAX_ROWS)
FIRST_YEAR = 1990
COLUMNS = ("year", "area", "indicator", "value", "source", "published")
# Swedish headings are accepted too: the police's own files and hand-made ones use them.
ALIASES = {
    "år": "year",
    "område": "area",
    "delområde": "area",
    "indikator": "indicator",
    "värde": "value",
    "källa": "source",
    "publicerad": "published",
}
HEADINGS_SV = (
    "year, area, indicator, value, source, published (eller år, område, indikator, värde, källa, publicerad)"
)


WHOLE_MUNICIPALITY = "Hela kommunen"


@dataclass(frozen=True)
class SurveyRow:
    line: int
    year: int
    area: str  # an area's name, or the whole municipality's / a whole town's name when `whole`
    indicator: str
    value: float
    source: str
    published: date | None
    whole: bool = False


def whole_scope(text: str) -> str | None:
    """The name a whole-municipality or whole-town value is kept under, None for anything else.

    The survey reports the municipality ("Hela kommunen", "Eslövs kommun") and the town ("Eslövs tätort",
    "Hela tätorten") beside its areas; an area of the same name is matched first, by the caller.
    """
    folded = " ".join(text.split()).casefold()
    if folded in ("hela kommunen", "kommunen") or (folded.endswith(" kommun") and len(folded) > 7):
        return WHOLE_MUNICIPALITY
    if folded == "hela tätorten" or (folded.endswith(" tätort") and len(folded) > 7):
        return " ".join(text.split())
    return None


@dataclass
class ParsedSurvey:
    rows: list[SurveyRow] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, message); line 0 = whole file

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


def parse_number(text: str) -> float | None:
    """Read "3,4", "3.4" or "-0,5"; None when it is no finite number."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        number = float(cleaned)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _header(cells: list[str]) -> dict[str, int] | None:
    names = [ALIASES.get(cell.strip().casefold(), cell.strip().casefold()) for cell in cells]
    if not set(COLUMNS) <= set(names):
        return None
    return {name: names.index(name) for name in COLUMNS}


def _text_problem(text: str, limit: int, missing: str, long_name: str, label: str) -> str | None:
    """A required text cell: present, at most `limit` characters, no personal data."""
    if not text:
        return missing
    if len(text) > limit:
        return f"{long_name} är längre än {limit} tecken."
    return check_text(text, label)


def _check_row(line: int, cells: dict[str, str], areas: dict[str, str], this_year: int, today: date):
    """Return (row, problems) for one data line."""
    problems = []
    year_text = cells["year"]
    year = ascii_int(year_text)
    if year is None:
        problems.append(f"Året ”{year_text}” är inget årtal.")
    elif not FIRST_YEAR <= year <= this_year:
        problems.append(f"Året {year} ligger utanför {FIRST_YEAR}–{this_year}.")
    area = areas.get(cells["area"].casefold())
    whole = area is None and whole_scope(cells["area"]) is not None
    if whole:
        area = whole_scope(cells["area"])
    if area is None:
        problems.append(f"Okänt område ”{cells['area']}”." if cells["area"] else "Område saknas.")
    elif whole and (message := check_text(area, "Områdets namn")):
        problems.append(message)
    if message := _text_problem(
        cells["indicator"], 200, "Indikator saknas.", "Indikatorns namn", "Indikatorn"
    ):
        problems.append(message)
    value = parse_number(cells["value"])
    if value is None:
        problems.append(f"Värdet ”{cells['value']}” är inget tal." if cells["value"] else "Värde saknas.")
    if message := _text_problem(cells["source"], 400, "Källa saknas.", "Källan", "Källan"):
        problems.append(message)
    published = None
    if cells["published"]:
        try:
            published = date.fromisoformat(cells["published"])
        except ValueError:
            problems.append(f"Publiceringsdatumet ”{cells['published']}” ska skrivas ÅÅÅÅ-MM-DD.")
        else:
            if published > today:
                problems.append("Publiceringsdatumet ligger i framtiden.")
    if problems:
        return None, problems
    row = SurveyRow(line, year, area, cells["indicator"], value, cells["source"], published, whole)
    return row, []


def parse_survey_csv(data: bytes, area_names: list[str], today: date) -> ParsedSurvey:
    """Check a whole file; the result holds either rows to import or the problems, never half of it.

    Reading the file (encodings, delimiters, limits) is lagesbild/csvfiles.py's, as for every import."""
    result = ParsedSurvey()
    try:
        table = read_csv(data, LIMITS)
    except CsvFileError as error:
        result.problems.append((error.line, error.message))
        return result
    _read_rows(table, result, area_names, today)
    return result


def _read_rows(table: CsvTable, result: ParsedSurvey, area_names: list[str], today: date) -> None:
    header = _header(table.headers)
    if header is None:
        result.problems.append((1, f"Första raden ska ha kolumnerna {HEADINGS_SV}."))
        return
    areas = {name.casefold(): name for name in area_names}
    seen: dict[tuple[int, str, str], int] = {}
    for line, cells in table.rows:
        padded = cells + [""] * (len(COLUMNS) + max(header.values()))
        values = {name: padded[index].strip() for name, index in header.items()}
        row, problems = _check_row(line, values, areas, today.year, today)
        if row is not None:
            key = (row.year, row.area, row.indicator)
            if key in seen:
                problems = [f"Samma år, område och indikator som rad {seen[key]}."]
            else:
                seen[key] = line
                result.rows.append(row)
        result.problems.extend((line, problem) for problem in problems)

"""CSV import of observations (e.g. a guard company's weekly log): read, map columns, check, import.

The uploaded file is parsed once and kept server-side in the instance folder under a random id, tied
to the user who uploaded it, so the later steps never trust anything the browser sends back except
the column mapping. Rows go through validation.validate, the same check as the post form.

The pending upload is kept, replaced, deleted and swept by lagesbild/uploads.py, the flow every import
shares (the survey import too).
"""

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field

from lagesbild import uploads
from lagesbild.csvfiles import CsvLimits, read_csv

from .fields import FIELDS
from .validation import Clean, Context, validate

MAX_ROWS = 5000
# The request limit (config MAX_CONTENT_LENGTH) already caps an upload; the reader says so in Swedish.
LIMITS = CsvLimits(max_bytes=5 * 1024 * 1024, max_rows=MAX_ROWS)

# Header words that suggest a column (folded: lower case, no spaces/dashes/underscores).
SYNONYMS = {
    "plats": ("plats", "platsnamn", "adress", "stalle", "ställe", "place"),
    "lat": ("lat", "latitud", "latitude"),
    "lon": ("lon", "lng", "longitud", "longitude"),
    "kategori": (
        "kategori",
        "underkategori",
        "kategorikod",
        "kod",
        "category",
        "typ",
        "handelse",
        "händelse",
    ),
    "datum": ("datum", "date", "dag"),
    "tid": ("tid", "klockslag", "klocka", "time", "kl"),
    "tidsband": ("tidsband", "tidpadygnet", "tidpådygnet", "dygnsdel", "pass"),
    "omfattning": ("omfattning", "extent"),
    "antal": ("antal", "count", "st"),
    "beskrivning": ("beskrivning", "text", "notering", "kommentar", "description", "iakttagelse"),
    "polis": ("polis", "polisanmalt", "polisanmält", "polisanmäld", "polisanmald", "anmalt", "anmält"),
    "delning": ("delning", "delas", "delasmed", "sharing", "synlighet"),
}


@dataclass
class Upload:
    token: str
    user_id: int
    organisation_id: int
    filename: str
    sha256: str
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (line number in the file, cells)


def _fold_header(text: str) -> str:
    return re.sub(r"[\s_\-./()]+", "", unicodedata.normalize("NFC", text).casefold())


def parse_csv(data: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Headers and numbered rows of an uploaded log (lagesbild/csvfiles.py: encodings, delimiters,
    limits); CsvFileError with a Swedish message when it cannot be read."""
    table = read_csv(data, LIMITS)
    return table.headers, table.rows


def suggest_mapping(headers: list[str]) -> dict[str, int | None]:
    """Guess which column holds which field from the header names."""
    folded = [_fold_header(header) for header in headers]
    mapping: dict[str, int | None] = {}
    for name in FIELDS:
        words = {_fold_header(word) for word in SYNONYMS[name]}
        mapping[name] = next((i for i, header in enumerate(folded) if header in words), None)
    return mapping


KIND = "observations"


def store(user_id: int, organisation_id: int, filename: str, data: bytes) -> Upload:
    headers, rows = parse_csv(data)  # a refused file raises here, before anything is written
    upload = Upload(
        token="",
        user_id=user_id,
        organisation_id=organisation_id,
        filename=filename[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        headers=headers,
        rows=rows,
    )
    payload = {key: value for key, value in upload.__dict__.items() if key != "token"}
    upload.token = uploads.store(user_id, KIND, payload)
    return upload


def load(token: str, user_id: int) -> Upload | None:
    """The stored upload, if the token is well-formed and belongs to this user."""
    data = uploads.load(user_id, KIND, token)
    if data is None or data["user_id"] != user_id:
        return None
    data["rows"] = [(line, cells) for line, cells in data["rows"]]
    return Upload(token=token, **data)


def discard(upload: Upload) -> None:
    uploads.discard(upload.user_id, KIND, upload.token)


@dataclass
class RowResult:
    line: int
    values: dict[str, str]
    dedup_key: str
    clean: Clean | None
    problems: list[tuple[str, str]] = field(default_factory=list)  # (field, message)
    duplicate: bool = False


def row_key(organisation_id: int, values: dict[str, str]) -> str:
    """sha256 of the normalised row: same organisation and same mapped values -> same key."""
    normal = [str(organisation_id)] + [" ".join(values.get(name, "").split()).casefold() for name in FIELDS]
    return hashlib.sha256(json.dumps(normal, ensure_ascii=False).encode()).hexdigest()


def check_rows(
    upload: Upload, mapping: dict[str, int | None], context: Context, known_keys
) -> list[RowResult]:
    """Map and validate every row; mark rows already imported (`known_keys(keys)` -> the stored ones)
    and repeated rows as duplicates."""
    results, seen = [], set()
    for line, cells in upload.rows:
        values = {
            name: (cells[index] if index is not None and index < len(cells) else "")
            for name, index in mapping.items()
        }
        key = row_key(upload.organisation_id, values)
        clean, errors = validate(values, context)
        result = RowResult(line=line, values=values, dedup_key=key, clean=clean)
        result.problems = [(name, message) for name, messages in errors.items() for message in messages]
        result.duplicate = key in seen
        seen.add(key)
        results.append(result)
    stored = known_keys([result.dedup_key for result in results])
    for result in results:
        result.duplicate = result.duplicate or result.dedup_key in stored
    return results


def mapping_problems(mapping: dict[str, int | None]) -> list[str]:
    problems = []
    if mapping.get("datum") is None:
        problems.append("Välj vilken kolumn som innehåller datum.")
    if mapping.get("kategori") is None:
        problems.append("Välj vilken kolumn som innehåller kategori.")
    if mapping.get("beskrivning") is None:
        problems.append("Välj vilken kolumn som innehåller beskrivning.")
    if mapping.get("plats") is None and (mapping.get("lat") is None or mapping.get("lon") is None):
        problems.append("Välj en kolumn med plats, eller kolumner med latitud och longitud.")
    return problems

"""Reading an uploaded CSV file: one reader for every import (observations, the safety survey, and
reference data such as areas, places and categories).

Bytes in, a header row and numbered data rows out, or one CsvFileError whose Swedish message is meant
for the user. The rules, the same for every import:

- Encoding: a byte-order mark decides (UTF-8, UTF-16 LE or BE); without one the file is UTF-8 if it
  decodes as UTF-8, else Windows-1252, which is what Excel's "CSV (semikolonavgränsad)" writes in Sweden.
  A file that is neither, or holds control characters no text file has (NUL …), is binary, not CSV.
- Delimiter: whichever of `;` `,` and tab the header line holds most of (`;` on a tie: Swedish Excel).
- Limits (CsvLimits): the file's size in bytes, the number of data rows, the characters in one cell.
- The first non-blank line is the header; blank lines are skipped; a row's number is the file line
  it starts on, as a spreadsheet shows it.
"""

import codecs
import csv
import io
import re
from dataclasses import dataclass

DELIMITERS = (";", ",", "\t")
# Tab, line feed, carriage return and form feed occur in text; Ctrl-Z ends some old DOS files.
_NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0e-\x19\x1b-\x1f\x7f]")

# The error vocabulary: every import says the same thing about the same problem.
TOO_LARGE = "Filen är större än {size}."
NOT_TEXT = "Filen innehåller binära data och är ingen CSV-fil."
EMPTY = "Filen är tom."
NO_ROWS = "Filen har inga rader under rubrikraden."
TOO_MANY_ROWS = "Filen har fler än {rows} rader. Dela upp den."
CELL_TOO_LONG = "Raden kunde inte läsas som CSV (en cell är för lång)."
NOT_CSV = "Raden kunde inte läsas som CSV."


class CsvFileError(ValueError):
    """The file cannot be read as CSV. `message` is Swedish; `line` is the file line, 0 for the whole file."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self) -> str:
        return f"{self.message} (rad {self.line})" if self.line else self.message


@dataclass(frozen=True)
class CsvLimits:
    max_bytes: int
    max_rows: int
    max_cell: int = 10_000  # characters; a form field's own limit (e.g. 2 000) is checked by its import


@dataclass
class CsvTable:
    headers: list[str]  # stripped
    rows: list[tuple[int, list[str]]]  # (file line the row starts on, cells as written)
    encoding: str
    delimiter: str


def _size(limit: int) -> str:
    return f"{limit // 1_000_000} MB" if limit >= 1_000_000 else f"{limit // 1_000} kB"


def decode(data: bytes) -> tuple[str, str]:
    """The file's text and the encoding it was read with; CsvFileError(NOT_TEXT) for a binary file."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ("utf-16",)  # the BOM tells the byte order, and the codec drops it
    elif data.startswith(codecs.BOM_UTF8):
        candidates = ("utf-8-sig",)
    else:
        candidates = ("utf-8", "cp1252")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        text = text.rstrip("\x1a")
        if _NOT_TEXT.search(text):
            break
        return text, encoding
    raise CsvFileError(NOT_TEXT)


def sniff_delimiter(header_line: str) -> str:
    return max(DELIMITERS, key=header_line.count)  # max keeps the first of equals: `;`


def read_csv(data: bytes, limits: CsvLimits) -> CsvTable:
    """Read an uploaded file as a header row and its non-blank data rows, within `limits`."""
    if len(data) > limits.max_bytes:
        raise CsvFileError(TOO_LARGE.format(size=_size(limits.max_bytes)))
    text, encoding = decode(data)
    if not text.strip():
        raise CsvFileError(EMPTY)
    delimiter = sniff_delimiter(next(line for line in text.splitlines() if line.strip()))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for cells in reader:
            if any(len(cell) > limits.max_cell for cell in cells):
                raise CsvFileError(CELL_TOO_LONG, line)
            if not any(cell.strip() for cell in cells):
                pass  # a blank line, before the header or between rows
            elif headers is None:
                headers = [cell.strip() for cell in cells]
            else:
                if len(rows) == limits.max_rows:
                    raise CsvFileError(TOO_MANY_ROWS.format(rows=limits.max_rows))
                rows.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as error:  # an unclosed quote, or a cell over the csv module's own 131 072
        raise CsvFileError(CELL_TOO_LONG if "field larger" in str(error) else NOT_CSV, line) from None
    if not rows:
        raise CsvFileError(NO_ROWS)
    return CsvTable(headers=headers or [], rows=rows, encoding=encoding, delimiter=delimiter)

"""The personal-data guard: find personal identity numbers, phone numbers, e-mail addresses and
vehicle registration plates in member text. Pure functions; the form and the CSV import both call
`find_personal_data`. See docs/privacy.md for the rules and their reasons.

Names cannot be detected reliably, so the form reminds members not to write them.
"""

import re
from dataclasses import dataclass
from datetime import date

PERSONNUMMER = "personnummer"
SAMORDNINGSNUMMER = "samordningsnummer"
TELEFONNUMMER = "telefonnummer"
EPOST = "e-postadress"
REGISTRERINGSNUMMER = "registreringsnummer"

# Swedish words for the message: "Beskrivningen verkar innehålla ett personnummer (…). Ta bort det …"
ARTICLES = {
    PERSONNUMMER: ("ett", "det"),
    SAMORDNINGSNUMMER: ("ett", "det"),
    TELEFONNUMMER: ("ett", "det"),
    EPOST: ("en", "den"),
    REGISTRERINGSNUMMER: ("ett", "det"),
}


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str
    start: int
    end: int


# 10 or 12 digits: [CC]YYMMDD, an optional separator (- + or a space), then NNNC.
_IDNUMBER = re.compile(r"(?<![\d])(\d{2})?(\d{6})[-+ ]?(\d{4})(?![\d])")

# Swedish phone numbers. Separators between digits: a space, a dash or both (any grouping).
_SEP = r"[ \u00a0]?-?[ \u00a0]?"
_NATIONAL = re.compile(
    rf"(?<![\w+])(?:\(0\d{{1,3}}\){_SEP}(?:\d{_SEP}){{3,7}}|0[1-9]{_SEP}(?:\d{_SEP}){{5,7}})\d(?![\d])"
)
_INTERNATIONAL = re.compile(rf"(?<![\w+])(?:\+|00)46{_SEP}(?:\(0\){_SEP})?[1-9](?:{_SEP}\d){{6,8}}(?![\d])")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w])")
# Plates: three letters (never I, Q, V, Å, Ä or Ö), then three digits, or since 2019 two digits and a
# letter (never O, which reads as zero). Upper case only: "och 120" is common, "OCH 120" a plate.
_PLATE_LETTERS = "A-HJ-PR-UW-Z"
_PLATE = re.compile(rf"(?<![\w])[{_PLATE_LETTERS}]{{3}}[ \u00a0-]?\d{{2}}[\dA-HJ-NPR-UW-Z](?![\w])")
_TIME_RANGE = re.compile(r"^([01]\d|2[0-3])[0-5]\d-([01]\d|2[0-4])[0-5]\d$")


def luhn_valid(digits: str) -> bool:
    """Check the Luhn (mod 10) check digit of a digit string."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _real_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def classify_idnumber(century: str | None, yymmdd: str, tail: str) -> str | None:
    """Return PERSONNUMMER or SAMORDNINGSNUMMER when the digits form a valid one, else None."""
    if not luhn_valid(yymmdd + tail):
        return None
    yy, month, day = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:6])
    if century is not None:
        if century not in ("18", "19", "20"):
            return None
        years = [int(century) * 100 + yy]
    else:
        years = [1900 + yy, 2000 + yy]  # either century; leap days depend on it
    kind, real_day = PERSONNUMMER, day
    if day > 60:
        kind, real_day = SAMORDNINGSNUMMER, day - 60
    if any(_real_date(year, month, real_day) for year in years):
        return kind
    return None


def _idnumbers(text: str):
    for match in _IDNUMBER.finditer(text):
        kind = classify_idnumber(match.group(1), match.group(2), match.group(3))
        if kind:
            yield Finding(kind, match.group(0), match.start(), match.end())


def _phones(text: str):
    for pattern in (_INTERNATIONAL, _NATIONAL):
        for match in pattern.finditer(text):
            found = match.group(0)
            digits = re.sub(r"\D", "", found)
            if pattern is _NATIONAL:
                # National numbers have 8-10 digits, 8 only in Stockholm (08-12 34 56); "0800-1600" is a time.
                if not 8 <= len(digits) <= 10 or (len(digits) == 8 and not digits.startswith("08")):
                    continue
                if _TIME_RANGE.match(found):
                    continue
            yield Finding(TELEFONNUMMER, found, match.start(), match.end())


def _simple(pattern: re.Pattern, kind: str, text: str):
    for match in pattern.finditer(text):
        yield Finding(kind, match.group(0), match.start(), match.end())


def find_personal_data(text: str) -> list[Finding]:
    """Return the personal data found in `text` (kind, matched text, start, end), in text order.

    Where two findings overlap, the earlier kind in this order wins: identity number, e-mail, phone,
    plate (a personnummer that starts with 0 also reads as a phone number).
    """
    if not text:
        return []
    found: list[Finding] = []
    candidates = [
        *_idnumbers(text),
        *_simple(_EMAIL, EPOST, text),
        *_phones(text),
        *_simple(_PLATE, REGISTRERINGSNUMMER, text),
    ]
    for candidate in candidates:
        if not any(candidate.start < kept.end and kept.start < candidate.end for kept in found):
            found.append(candidate)
    return sorted(found, key=lambda finding: finding.start)


def describe(findings: list[Finding], field_label: str) -> str:
    """Say in Swedish what was found and where: the first finding, and how many more."""
    first = findings[0]
    article, pronoun = ARTICLES[first.kind]
    message = (
        f"{field_label} verkar innehålla {article} {first.kind} (”{first.text}”, "
        f"tecken {first.start + 1}–{first.end}). Ta bort {pronoun} innan du sparar."
    )
    if len(findings) > 1:
        others = sorted({finding.kind for finding in findings[1:]})
        message += f" Texten innehåller också: {', '.join(others)}."
    return message

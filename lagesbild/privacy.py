"""The personal-data guard for every free-text field: find personal identity numbers, phone numbers,
e-mail addresses and vehicle registration plates in what people type, and refuse it.

One module for the whole app: the pure detection (`find_personal_data`), the Swedish message
(`describe`), `check_text` for the import paths and the CLI, and the WTForms validator
`NoPersonalData` for the forms, and `guarded_text`, the free-text form field that carries it with its
length limit. See docs/privacy.md for the rules and their reasons.

Matching runs on a normalised copy of the text (Unicode NFKC, every dash and space variant folded to
"-" and " ", invisible format characters dropped), so what people paste from word processors and
phones is caught by the same few patterns; findings report the text and positions of the original.
Names cannot be detected reliably, so the forms remind members not to write them.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

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
    text: str  # as typed, from the original text
    start: int  # character positions in the original text
    end: int


# Every dash a keyboard, word processor or phone produces: hyphen, non-breaking hyphen, figure dash,
# en and em dash, horizontal bar, minus sign, small and fullwidth hyphen-minus (after NFKC some of
# these are already "-", the rest are listed here).
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u2043"
# Space classes: NBSP, the typographic spaces U+2000–200A, narrow NBSP, medium mathematical space,
# ideographic space, tab (NFKC turns most into " "; listed so the rule does not depend on it).
SPACES = "\t\u00a0\u1680\u202f\u205f\u3000" + "".join(chr(c) for c in range(0x2000, 0x200B))
_FOLD = {**{ord(c): "-" for c in DASHES}, **{ord(c): " " for c in SPACES}}

# Between digit groups people write a dash, a space, a dot or a slash, with or without spaces around
# it, or nothing: one optional separator, used by every pattern below.
_S = r" ?[-./]? ?"

# 10 or 12 digits: [CC]YYMMDD, an optional separator (or "+" for those over 100), then NNNC.
_IDNUMBER = re.compile(r"(?<![\d])(\d{2})?(\d{6}) ?[-+./]? ?(\d{4})(?![\d])")

# Swedish phone numbers: a separator (or none) between any two digits.
# A number never starts inside another one joined by a dot or slash ("27.01.1996 18.19").
_NOT_INSIDE = r"(?<![\w+])(?<!\d[-./])"
_NATIONAL = re.compile(
    rf"{_NOT_INSIDE}(?:\(0\d{{1,3}}\){_S}(?:\d{_S}){{3,7}}|0[1-9]{_S}(?:\d{_S}){{5,7}})\d(?![\d])"
)
# +46 or 0046, then an optional "(0)", then the number without its leading 0; the area code may stand
# in parentheses ("+46 (70) 123 45 67").
_INTERNATIONAL = re.compile(
    rf"{_NOT_INSIDE}(?:\+|00)46{_S}(?:\(0\){_S})?"
    rf"(?:\([1-9]\d{{0,2}}\){_S}(?:\d{_S}){{3,7}}\d|[1-9](?:{_S}\d){{6,8}})(?![\d])"
)
# The top-level domain may be in any script (".рф", ".中国") or punycode ("xn--p1ai").
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.(?:[^\W\d_]{2,}|xn--[\w-]+)(?![\w])")
# Plates: three letters (never I, Q, V, Å, Ä or Ö), then three digits, or since 2019 two digits and a
# letter (never O, which reads as zero). Upper case only: "och 120" is common, "OCH 120" a plate.
_PLATE_LETTERS = "A-HJ-PR-UW-Z"
_PLATE = re.compile(rf"(?<![\w])([{_PLATE_LETTERS}]{{3}}){_S}(\d{{2}}[\dA-HJ-NPR-UW-Z])(?![\w])")
# Common Swedish abbreviations that meetings write before a plain number ("SOS 112 larmades", "LSS 100
# meter", "EBO 123 lägenheter"): with three digits they are a number, not a plate; with the 2019 form
# ("LSS 12A") they still are a plate.
ABBREVIATIONS = frozenset(
    {
        "SOS", "LSS", "EBO", "HSB", "MSB", "SKR", "LVU", "LVM", "SFS", "BUP", "BVC", "MVC", "EST",
        "SEK", "KPI", "SMS", "GPS", "HLR", "SVT", "BRF", "HVB", "ABF", "PBL", "FHM", "AMS", "SCB",
    }
)  # fmt: skip
# A time range ("0800-1600", "08.00 - 16.00", "08:00–16:00") is opening hours, not a phone number.
_TIME_RANGE = re.compile(r"^([01]\d|2[0-3])[.:]?[0-5]\d ?- ?([01]\d|2[0-4])[.:]?[0-5]\d$")
# A date written with dots or slashes ("08.12.2026", "08/12 2026 kl. 17") is not a Stockholm number.
_DATE_START = re.compile(r"^(0[1-9]|[12]\d|3[01])[./](0[1-9]|1[0-2])[./ ](19|20)\d\d(?!\d)")


def normalise(text: str) -> tuple[str, list[int]]:
    r"""Return the copy the patterns run on and, per character of it, its index in `text`.

    Each character is NFKC-normalised on its own (fullwidth digits and "＠" become ASCII), dashes and
    spaces are folded to "-" and " ", and invisible format characters (zero-width space, soft hyphen,
    word joiner, BOM) are dropped, so "850709\u200b–9805" reads as "850709-9805".
    """
    if text.isascii():  # NFKC changes no ASCII character; only the tab folds
        return text.replace("\t", " "), list(range(len(text)))
    out: list[str] = []
    index: list[int] = []
    for position, char in enumerate(text):
        if unicodedata.category(char) == "Cf":
            continue
        for piece in unicodedata.normalize("NFKC", char).translate(_FOLD):
            if unicodedata.category(piece) == "Cf":
                continue
            out.append(piece)
            index.append(position)
    return "".join(out), index


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
            yield kind, match.start(), match.end()


def reads_as_time_or_date(found: str) -> bool:
    """True for digits that are opening hours ("0800 - 1600") or start with a date ("08.12.2026")."""
    return bool(_TIME_RANGE.match(found) or _DATE_START.match(found))


def _national_number(found: str) -> bool:
    digits = re.sub(r"\D", "", found)
    # National numbers have 8-10 digits, 8 only in Stockholm (08-12 34 56).
    if not 8 <= len(digits) <= 10 or (len(digits) == 8 and not digits.startswith("08")):
        return False
    return not reads_as_time_or_date(found)


def _phones(text: str):
    for match in _INTERNATIONAL.finditer(text):
        yield TELEFONNUMMER, match.start(), match.end()
    position = 0
    while match := _NATIONAL.search(text, position):
        if end := _national_end(match):
            yield TELEFONNUMMER, match.start(), end
            position = end
        else:  # "05.12.2026 0701234567": a refused date must not hide the number right after it
            position = match.start() + 1


def _national_end(match: re.Match) -> int | None:
    """Where the national number that `match` starts ends, or None when it is not one.

    The greedy pattern runs on into a number that follows ("070-123 45 67 2 gånger" would be 11
    digits), so shorter readings that end between digit groups are tried too, longest first.
    """
    found = match.group(0)
    for end in range(len(found), 0, -1):
        ends_a_group = found[end - 1].isdigit() and (end == len(found) or not found[end].isdigit())
        if ends_a_group and _national_number(found[:end]):
            return match.start() + end
    return None


def _emails(text: str):
    for match in _EMAIL.finditer(text):
        yield EPOST, match.start(), match.end()


def _plates(text: str):
    for match in _PLATE.finditer(text):
        if match.group(1) in ABBREVIATIONS and match.group(2).isdigit():
            continue
        yield REGISTRERINGSNUMMER, match.start(), match.end()


def find_personal_data(text: str) -> list[Finding]:
    """Return the personal data found in `text` (kind, text as typed, start, end), in text order.

    Where two findings overlap, the earlier kind in this order wins: identity number, e-mail, phone,
    plate (a personnummer that starts with 0 also reads as a phone number).
    """
    if not text:
        return []
    normal, index = normalise(text)
    kept: list[tuple[str, int, int]] = []
    for kind, start, end in [*_idnumbers(normal), *_emails(normal), *_phones(normal), *_plates(normal)]:
        if not any(start < other_end and other_start < end for _, other_start, other_end in kept):
            kept.append((kind, start, end))
    findings = []
    for kind, start, end in sorted(kept, key=lambda item: item[1]):
        first, last = index[start], index[end - 1] + 1
        findings.append(Finding(kind, text[first:last], first, last))
    return findings


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


# Control characters (NUL and friends) other than line breaks and tabs have no place in member text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_text(text: str | None, label: str) -> str | None:
    """Return a Swedish message when free text has control characters or personal data, else None.

    `label` is the field's name in the definite form ("Beskrivningen", "Anteckningarna"): it starts
    the message. The import paths and the CLI call this; forms use `NoPersonalData`.
    """
    text = text or ""
    if _CONTROL.search(text):
        return f"{label} innehåller otillåtna tecken (styrtecken). Skriv om texten."
    findings = find_personal_data(text)
    return describe(findings, label) if findings else None


class NoPersonalData:
    """WTForms validator: refuse personal data and control characters, with the message beside the field.

    `label` is the definite form that starts the message ("Löftet verkar innehålla …").
    """

    def __init__(self, label: str):
        self.label = label

    def __call__(self, form, field) -> None:
        # On a file field it is the file's name that gets stored (and shown), so that is what is checked.
        data = field.data
        text = data if isinstance(data, str) else getattr(data, "filename", None) or ""
        message = check_text(text, self.label)
        if message:
            raise ValidationError(message)


def guarded_text(
    label: str,
    guard: str,
    *,
    max_length: int,
    required: str | None = None,
    rows: int = 3,
    too_long: str = "Texten",
):
    """A free-text form field: required (with that message) or optional, at most `max_length`
    characters ("Texten får vara högst 4000 tecken."), refused when it holds personal data (`guard`
    starts that message); a text area of `rows` rows, or a single line when `rows` is 1."""
    validators = [DataRequired(required)] if required else []
    validators += [
        Length(max=max_length, message=f"{too_long} får vara högst {max_length} tecken."),
        NoPersonalData(guard),
    ]
    if rows == 1:
        return StringField(label, validators=validators)
    return TextAreaField(label, validators=validators, render_kw={"rows": rows})

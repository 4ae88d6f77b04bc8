"""Reading what people type into a form or edit into an address: numbers, decimals, days, times of day,
years, pages, select choices, filter values.

One rule per kind of value, used by every form and list, so bad input is a message or is ignored,
never a 500:

- A number is the ASCII digits 0–9. `str.isdigit()` also accepts "²" (which `int()` then refuses)
  and `int()` reads "٣" or "2_026" as numbers nobody meant.
- A day is ÅÅÅÅ-MM-DD between FIRST_DAY and LAST_DAY: year 1 or 9999 is a typing error, and date
  arithmetic on it (the day after 9999-12-31) would overflow.
- A filter value that is empty or only whitespace means "no filter"; control characters are dropped
  (PostgreSQL refuses NUL in a string).
- A page number beyond the last page shows the last page.
- An id in a URL larger than PostgreSQL's integer cannot exist: 404 before any query.
- A decimal takes a comma or a point (and a typographic minus); "nan" and "inf" are no numbers.
- A time of day is "13.00", "13:00", "9.30" or "1300", wherever it is typed.
- A year in an address (`?ar=`) outside 2000–2100, or no year, means this year.
- A period's last day is never before its first (`check_not_before`, beside the end field).
"""

import math
import re
from datetime import date, time

from werkzeug.datastructures import MultiDict
from werkzeug.routing import IntegerConverter
from wtforms import DateField, IntegerField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from lagesbild import periods

FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2100, 12, 31)
MAX_ID = 2**31 - 1  # PostgreSQL's integer, the type of every id column
MAX_PAGE = 100_000  # keeps OFFSET within a 64-bit integer; views clamp to their real last page

_DIGITS = re.compile(r"[0-9]{1,100}")
_DAY = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

DAY_FORMAT_MESSAGE = "Skriv datumet som ÅÅÅÅ-MM-DD, till exempel {example}."
DAY_RANGE_MESSAGE = f"Välj ett datum mellan {FIRST_DAY.isoformat()} och {LAST_DAY.isoformat()}."


def ascii_int(text: str | None) -> int | None:
    """The whole number written with 0–9 (spaces around allowed); None for anything else, including
    other scripts' digits, signs and numbers longer than 100 digits."""
    text = (text or "").strip()
    return int(text) if _DIGITS.fullmatch(text) else None


def parse_day(text: str | None) -> date | None:
    """A real calendar day written ÅÅÅÅ-MM-DD in ASCII digits, else None (the range is checked apart)."""
    match = _DAY.fullmatch((text or "").strip())
    if not match:
        return None
    try:
        return date(*map(int, match.groups()))
    except ValueError:
        return None


def day_problem(day: date) -> str | None:
    """The Swedish message for a day outside FIRST_DAY–LAST_DAY, None when it is inside."""
    return None if FIRST_DAY <= day <= LAST_DAY else DAY_RANGE_MESSAGE


def filter_args(args) -> MultiDict:
    """A query string as filters: values without control characters and surrounding whitespace;
    values left empty are dropped, so `?omrade=%20` means the same as no `omrade` at all."""
    cleaned = ((key, _CONTROL.sub("", value).strip()) for key, value in args.items(multi=True))
    return MultiDict([(key, value) for key, value in cleaned if value])


def page_number(args, key: str = "sida") -> int:
    """The page asked for, from 1 to MAX_PAGE; anything that is not ASCII digits is page 1. A number
    beyond MAX_PAGE is MAX_PAGE, and the view clamps that to its last page."""
    text = (args.get(key) or "").strip()
    if not _DIGITS.fullmatch(text):
        return 1
    return max(1, min(int(text), MAX_PAGE))


def decimal_number(text: str) -> float | None:
    """A decimal number as people type it: "55,84" or "55.84", a typographic minus ("−13,3") too;
    None when it is not a finite number ("nan" and "inf" are not)."""
    try:
        value = float(text.strip().replace(",", ".").replace("\u2212", "-"))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def parse_time(text: str) -> time | None:
    """A time of day as people type it: "13.00", "13:00", "9.30" or "1300"; None when it is not one."""
    match = re.fullmatch(r"([0-9]{1,2})[:.]?([0-9]{2})", text.strip())
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        return None
    return time(int(match.group(1)), int(match.group(2)))


def year_arg(args, key: str = "ar") -> int:
    """The year a yearly page asks for: ASCII digits from 2000 to 2100; anything else is this year."""
    year = ascii_int(args.get(key))
    return year if year is not None and 2000 <= year <= 2100 else periods.today_local().year


def check_not_before(
    start: date | None, end: date | None, message: str = "Slutdagen kan inte ligga före startdagen."
) -> None:
    """Refuse a period whose last day lies before its first (a form's `validate_<end field>`); either
    day missing is left to that day's own validators."""
    if start and end and end < start:
        raise ValidationError(message)


class DayField(DateField):
    """A day typed as ÅÅÅÅ-MM-DD; a wrong format or a day outside FIRST_DAY–LAST_DAY is refused in
    Swedish beside the field. An empty field has no data (pair it with Optional or DataRequired)."""

    def __init__(self, label=None, validators=None, example: str = "2026-06-19", **kwargs):
        super().__init__(label, validators, **kwargs)
        self.example = example

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        self.data = None
        text = self.raw_data[0] = valuelist[0].strip()  # InputRequired then sees "  " as empty
        if not text:
            return
        day = parse_day(text)
        if day is None:
            raise ValueError(DAY_FORMAT_MESSAGE.format(example=self.example))
        if problem := day_problem(day):
            raise ValueError(problem)
        self.data = day


class WholeNumberField(IntegerField):
    """IntegerField that accepts only ASCII digits (see ascii_int); anything else gets
    `invalid_value_message` beside the field."""

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        self.data = ascii_int(valuelist[0])
        if self.data is None:
            raise ValueError(self.invalid_value_message or "Skriv ett heltal med siffrorna 0–9.")


def choice_id(value) -> int:
    """A select's id (the `coerce` of id choices): ASCII digits only; ValueError ("Ogiltigt val.") else."""
    number = value if isinstance(value, int) else ascii_int(value)
    if number is None:
        raise ValueError("Ogiltigt val.")
    return number


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as select options (WTForms deprecates tuples)."""
    return [SelectChoice(value, label) for value, label in pairs]


def text_options(pairs) -> list[SelectChoice]:
    """The same with each value as text, for fields that keep their data as text (no coerce)."""
    return options((str(value), label) for value, label in pairs)


class ChoiceField(SelectField):
    """A select whose refusals (a value not offered, or not a number where the choices are numbers,
    e.g. from an edited form) are in Swedish instead of WTForms' English."""

    refusal = "Välj ett alternativ i listan."

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(self.refusal) from error

    def pre_validate(self, form):
        try:
            super().pre_validate(form)
        except ValidationError as error:
            raise ValidationError(self.refusal) from error


class IdConverter(IntegerConverter):
    """`<int:…>` in every route: ASCII digits up to MAX_ID, so `/moten/99999999999999999999` is a 404
    instead of an overflow in the database driver."""

    regex = r"[0-9]+"

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)

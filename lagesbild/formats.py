"""Numbers, dates, times and counts as Swedish readers expect them: one place, on Babel (sv_SE).

Every page formats through these filters (registered in create_app), so "3,7", "1 073", "−1,8",
"25 %", "19 juni 2026", "kl. 21.30" and "1 iakttagelse" read the same everywhere. Thousands are
separated by a no-break space (CLDR's Swedish group separator), so a number never wraps mid-figure;
negative numbers get the typographic minus (U+2212), as Swedish print does. Aware timestamps are
shown in Europe/Stockholm local time; naive ones are taken as already local.
"""

from datetime import datetime
from numbers import Integral

from babel.dates import get_month_names
from babel.numbers import format_decimal, format_percent
from flask import Flask
from flask_wtf import FlaskForm

from lagesbild.periods import LOCAL_TZ

LOCALE = "sv_SE"
MINUS = "\u2212"
GROUP = "\u00a0"  # CLDR's Swedish group separator: a no-break space
MONTHS = dict(get_month_names("wide", locale=LOCALE))  # 1 → "januari"


def _minus(text: str) -> str:
    return text.replace("-", MINUS)


def tal(value, decimals: int = 1) -> str:
    """A number with at most `decimals` decimals and no trailing zeros: "3,7", "1 073", "−1,8"."""
    if value is None or value != value:  # None, or NaN from a pandas frame: no number
        return "–"
    if isinstance(value, Integral) or (
        isinstance(value, float) and value.is_integer() and abs(value) < 2**53
    ):
        # Whole numbers, most of what the pages show (a problembild page has ~800), without Babel's
        # pattern machinery: its 40 µs a number was a sixth of the report page. The same text:
        # Swedish groups of three with CLDR's no-break space, the typographic minus.
        return _minus(f"{int(value):,}".replace(",", GROUP))
    pattern = "#,##0" + ("." + "#" * decimals if decimals > 0 else "")
    return _minus(format_decimal(value, format=pattern, locale=LOCALE))


def procent(value, decimals: int = 0) -> str:
    """A share (0.25) as a Swedish percentage: "25 %", with `decimals` fixed decimals."""
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "") + "\u00a0%"
    return _minus(format_percent(value, format=pattern, locale=LOCALE))


def _local(moment: datetime) -> datetime:
    return moment.astimezone(LOCAL_TZ) if moment.tzinfo else moment


def datum(value, kort: bool = False) -> str:
    """A date as "19 juni 2026" (or "2026-06-19" with kort=True); a timestamp by its local day."""
    if value is None:
        return "–"
    if isinstance(value, datetime):
        value = _local(value).date()
    if kort:
        return value.isoformat()
    # Babel's own "d MMMM y", put together here: its pattern machinery took 40 µs a date.
    return f"{value.day} {MONTHS[value.month]} {value.year}"


def klockslag(value) -> str:
    """A time of day as "kl. 21.30" (Swedish web guidelines); a timestamp in local time."""
    if value is None:
        return "–"
    if isinstance(value, datetime):
        value = _local(value).time()
    return f"kl. {value.hour:02d}.{value.minute:02d}"


def tidpunkt(value: datetime | None) -> str:
    """A timestamp as "19 juni 2026 kl. 21.30", in Europe/Stockholm local time."""
    if value is None:
        return "–"
    return f"{datum(value)} {klockslag(value)}"


def antal(value: int, singular: str, plural: str) -> str:
    """A count with the right noun: "1 iakttagelse", "0 iakttagelser", "1 073 iakttagelser"."""
    return f"{tal(value, 0)} {singular if value == 1 else plural}"


FILTERS = {
    "tal": tal,
    "procent": procent,
    "datum": datum,
    "klockslag": klockslag,
    "tidpunkt": tidpunkt,
    "antal": antal,
}


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(FILTERS)
    # WTForms' own messages in Swedish (its sv catalogue) wherever a form gives none of its own:
    # Flask-WTF would look for Flask-Babel, which the app does not use, and fall back to English.
    app.config["WTF_I18N_ENABLED"] = False
    FlaskForm.Meta.locales = ("sv_SE", "sv")

"""Personal data written the way people type and paste it, for the guard's tests.

Generators take a random.Random, so the corpus tests use fixed seeds and the hypothesis tests draw
the Random (st.randoms) and get shrinking for free.
"""

import random
import string
from datetime import date, timedelta

from lagesbild.privacy import ABBREVIATIONS, luhn_valid, normalise, reads_as_time_or_date

# hyphen, figure dash, en, em, horizontal bar, minus, small and fullwidth hyphen-minus), spaces (plain,
# no-break, narrow no-break, thin, en/em quad), spaced dashes, dots and slashes.
DASHES = ("-", "\u2010", "\u2011", "\u2012", "–", "—", "\u2015", "\u2212", "\ufe58", "\ufe63", "\uff0d")
SPACES = (" ", "\u00a0", "\u202f", "\u2009", "\u2000", "\u2003")
SEPARATORS = (*DASHES, *SPACES, " - ", " – ", " — ", ".", "/")
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def disguise(text: str, rng: random.Random) -> str:
    """Sometimes write the digits fullwidth or slip a zero-width space in, as pasted text can."""
    roll = rng.random()
    if roll < 0.05:
        return text.translate(FULLWIDTH)
    if roll < 0.1:
        cut = rng.randrange(1, len(text))
        return text[:cut] + rng.choice(("\u200b", "\u00ad", "\u2060")) + text[cut:]
    return text


def luhn_digit(nine: str) -> str:
    for check in "0123456789":
        if luhn_valid(nine + check):
            return check
    raise AssertionError


def idnumber(rng: random.Random, samordning: bool) -> tuple[str, str]:
    """A valid personnummer/samordningsnummer as (12-digit century+date, 4-digit tail)."""
    born = date(1890, 1, 1) + timedelta(days=rng.randrange(0, (date(2025, 12, 31) - date(1890, 1, 1)).days))
    day = born.day + (60 if samordning else 0)
    yymmdd = f"{born.year % 100:02d}{born.month:02d}{day:02d}"
    serial = f"{rng.randrange(0, 1000):03d}"
    return f"{born.year // 100}{yymmdd}", serial + luhn_digit(yymmdd + serial)


def notations(full_date: str, tail: str, rng: random.Random) -> list[str]:
    short = full_date[2:]
    pasted = [f"{number}{rng.choice(SEPARATORS)}{tail}" for number in (short, full_date)]
    return [
        f"{short}-{tail}",
        f"{short}+{tail}",
        f"{short}{tail}",
        f"{short} {tail}",
        f"{full_date}-{tail}",
        f"{full_date}{tail}",
        f"{full_date} {tail}",
        f"{full_date}+{tail}",
        *(disguise(text, rng) for text in pasted),
    ]


def group(digits: str, rng: random.Random) -> str:
    """Split digits into random groups joined by spaces or dashes (any grouping)."""
    out, i = [], 0
    while i < len(digits):
        size = rng.choice((1, 2, 2, 3, 3, 4))
        out.append(digits[i : i + size])
        i += size
    text = out[0]
    for part in out[1:]:
        text += rng.choice((" ", "-", "", " - ", " ", rng.choice(SEPARATORS))) + part
    return text


def phone(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.5:  # mobile 07x-xxx xx xx
        national = "07" + rng.choice("02369") + "".join(rng.choices(string.digits, k=7))
        area_len = 3
    elif kind < 0.75:  # two/three digit area codes (046 Lund, 040 Malmö), 6-7 digit subscriber numbers
        area = rng.choice(("046", "040", "042", "031", "054"))
        national = area + rng.choice("123456789") + "".join(rng.choices(string.digits, k=rng.choice((5, 6))))
        area_len = 3
    elif kind < 0.9:  # four-digit area codes (0413 Eslöv), 5-6 digit subscriber numbers
        area = rng.choice(("0413", "0410", "0415", "0418", "0435"))
        national = area + rng.choice("123456789") + "".join(rng.choices(string.digits, k=rng.choice((4, 5))))
        area_len = 4
    else:  # Stockholm 08-xx xx xx to 08-xxx xxx xx
        national = (
            "08" + rng.choice("123456789") + "".join(rng.choices(string.digits, k=rng.choice((5, 6, 7))))
        )
        area_len = 2
    form = rng.random()
    area, rest = national[:area_len], national[area_len:]
    if form < 0.45:
        return area + rng.choice(("-", " ", "", " - ", *SEPARATORS)) + group(rest, rng)
    if form < 0.6:
        return f"({area}) {group(rest, rng)}"
    if form < 0.7:  # "+46 (70) 123 45 67": the area code without its 0 in parentheses
        return f"+46 ({area[1:]}) {group(rest, rng)}"
    prefix = rng.choice(("+46", "0046", "+46 ", "0046 ", "+46 (0)", "+46-", "+46\u00a0", "+46–"))
    return prefix + group(national[1:], rng)


def phone_number(rng: random.Random) -> str:
    """A Stockholm number can be written exactly like opening hours ("0812-2045") or a date
    ("08.12.2034"); the guard reads those as times and dates (docs/privacy.md), so they are left out."""
    while True:
        text = phone(rng)
        if not reads_as_time_or_date(normalise(text)[0]):
            return disguise(text, rng)


def plate(rng: random.Random) -> str:
    letters = "ABCDEFGHJKLMNOPRSTUWXYZ"  # no I, Q, V, Å, Ä, Ö
    start = "".join(rng.choices(letters, k=3))
    last = rng.choice(string.digits + ("ABCDEFGHJKLMNPRSTUWXYZ" if rng.random() < 0.4 else ""))
    if start in ABBREVIATIONS and last.isdigit():  # "SOS 112" is a number by rule (docs/privacy.md)
        return plate(rng)
    separator = rng.choice((" ", "", "-", rng.choice(SEPARATORS)))
    return start + separator + "".join(rng.choices(string.digits, k=2)) + last


def email(rng: random.Random) -> str:
    user = "".join(rng.choices(string.ascii_lowercase + "._", k=rng.randint(1, 12))).strip("._") or "a"
    domain = rng.choice(
        ("eslov.se", "ebo.se", "gmail.com", "polisen.se", "exempel.nu", "åkeri.se", "bücher.de", "пример.рф")
    )
    return f"{user}{rng.choice(('@', '@', '@', '＠'))}{domain}"


def any_personal_data(rng: random.Random) -> str:
    """One item of personal data of any kind, in any notation."""
    kind = rng.randrange(5)
    if kind < 2:
        full_date, tail = idnumber(rng, samordning=kind == 1)
        return rng.choice(notations(full_date, tail, rng))
    return (phone_number, plate, email)[kind - 2](rng)

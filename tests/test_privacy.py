"""The personal-data guard: recall on generated valid numbers, false positives on look-alikes.

Generators use a fixed seed so a failure names the exact text; the detector is a pure function, so
tens of thousands of cases take a few seconds. The numbers are written the way people type and paste
them: every dash and space variant, dots and slashes, fullwidth digits, zero-width characters.
"""

import random
from datetime import date, timedelta

import pytest

from lagesbild.privacy import (
    ABBREVIATIONS,
    EPOST,
    PERSONNUMMER,
    REGISTRERINGSNUMMER,
    SAMORDNINGSNUMMER,
    TELEFONNUMMER,
    check_text,
    describe,
    find_personal_data,
    guarded_text,
    luhn_valid,
)

from .personal_data import DASHES, email, idnumber, luhn_digit, notations, phone_number, plate

N = 10_000
CONTEXTS = ("{}", "Såg {} vid torget.", "({})", "Nr: {}, sedan gick han.", "{}.", "ring {} i kväll")


# Every separator class people type or paste between digit groups: dashes (hyphen, non-breaking
def _kinds_found(text: str) -> set[str]:
    return {finding.kind for finding in find_personal_data(text)}


@pytest.mark.parametrize("samordning", [False, True], ids=["personnummer", "samordningsnummer"])
def test_every_valid_identity_number_in_every_notation_is_found(samordning):
    rng = random.Random(4711 + samordning)
    expected = SAMORDNINGSNUMMER if samordning else PERSONNUMMER
    missed, total = [], 0
    while total < N:
        full_date, tail = idnumber(rng, samordning)
        for text in notations(full_date, tail, rng):
            wrapped = rng.choice(CONTEXTS).format(text)
            total += 1
            findings = find_personal_data(wrapped)
            if not any(f.kind == expected and f.text == text for f in findings):
                missed.append(wrapped)
    assert total >= N and missed == []


def test_every_phone_number_in_every_form_is_found():
    rng = random.Random(46)
    missed = [
        t
        for t in (rng.choice(CONTEXTS).format(phone_number(rng)) for _ in range(N))
        if TELEFONNUMMER not in _kinds_found(t)
    ]
    assert missed == []


def test_every_plate_and_email_is_found():
    rng = random.Random(123)
    plates = [rng.choice(CONTEXTS).format(plate(rng)) for _ in range(N)]
    emails = [rng.choice(CONTEXTS).format(email(rng)) for _ in range(N // 5)]
    assert [t for t in plates if REGISTRERINGSNUMMER not in _kinds_found(t)] == []
    assert [t for t in emails if EPOST not in _kinds_found(t)] == []


def lookalike(rng: random.Random) -> str:
    day = date(1990, 1, 1) + timedelta(days=rng.randrange(0, 15000))
    hour, minute = rng.randrange(24), rng.randrange(60)
    choice = rng.randrange(18)
    if choice == 14:  # an abbreviation before a plain number
        noun = rng.choice(("larmades", "meter", "lägenheter", "beslut", "ärenden", "kr", "personer"))
        return f"{rng.choice(sorted(ABBREVIATIONS))} {rng.randint(100, 999)} {noun}"
    if choice == 15:  # opening hours with any dash, dot or colon, spaced or not
        dash = rng.choice((*DASHES, " - ", " – ", "–"))
        mark = rng.choice(("", ".", ":"))
        return f"öppet {hour:02d}{mark}{minute:02d}{dash}{(hour + 8) % 24:02d}{mark}00"
    if choice == 16:  # dates with dots and slashes, sometimes with a time
        written = rng.choice((f"{day:%Y.%m.%d}", f"{day:%d/%m %Y}", f"{day:%d/%m/%Y}", f"{day:%d.%m.%Y}"))
        return written + rng.choice(("", f" {hour:02d}.{minute:02d}", f" kl. {hour:02d}:{minute:02d}"))
    if choice == 0:
        return f"Hände {day.isoformat()} kl. {hour:02d}:{minute:02d}."
    if choice == 1:
        return f"Datum {day:%Y%m%d}, tid {hour:02d}{minute:02d}."
    if choice == 2:
        return f"{day:%y%m%d} kväll"
    if choice == 3:
        return f"Skadan uppskattas till {rng.randint(1, 999)} {rng.randint(0, 999):03d} kr."
    if choice == 4:
        return (
            f"Polisens ärende {rng.randint(1000, 5999)}-K{rng.randint(100000, 999999)}-{rng.randint(10, 26)}"
        )
    if choice == 5:  # organisation numbers: third digit >= 2, so never a date
        digits = f"{rng.choice('25789')}{rng.randint(0, 9)}{rng.randint(2, 9)}{rng.randint(0, 999999):06d}"
        number = digits + luhn_digit(digits)
        return rng.choice(
            (f"Org.nr {number[:6]}-{number[6:]}", f"orgnr {number}", f"16{number[:6]}-{number[6:]}")
        )
    if choice == 6:
        board = rng.choice(("BN", "SN", "KFN", "MBN"))
        return f"Dnr KS {day.year}/{rng.randint(1, 2000)}, {board} {day.year}.{rng.randint(1, 999)}"
    if choice == 7:
        return f"Öppet {hour:02d}.00–{(hour + 2) % 24:02d}.00, {rng.randint(1, 40)} personer"
    if choice == 8:
        return f"kl {hour:02d}{minute:02d}-{(hour + 3) % 24:02d}{minute:02d}"
    if choice == 9:
        return f"Postnummer {rng.randint(241, 249)} {rng.randint(10, 99)} Eslöv, nr {rng.randint(1, 150)}"
    if choice == 10:
        return (
            f"Vecka {rng.randint(1, 53)} {day.year}, {rng.randint(2, 30)} st., {rng.randint(100, 999)} meter"
        )
    if choice == 11:
        return f"{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)} kr i budget"
    if choice == 12:
        return f"Mellan {day.isoformat()} och {(day + timedelta(days=7)).isoformat()}"
    if choice == 17:
        return rng.choice(NAMED_LOOKALIKES)
    distance = f"{rng.randint(1, 9)}.{rng.randint(0, 99):02d} km"
    return f"Buss {rng.randint(1, 999)} mot Lund, linje {rng.randint(100, 999)}, {distance}"


# Written in meetings every week; none of them is personal data.
NAMED_LOOKALIKES = ("SOS 112 larmades", "LSS 100 meter", "EBO 123 lägenheter", "öppet 0800 - 1600")


def test_look_alikes_are_rarely_mistaken_for_personal_data():
    rng = random.Random(2026)
    texts = [lookalike(rng) for _ in range(N)]
    flagged = [t for t in texts if find_personal_data(t)]
    assert len(flagged) / len(texts) <= 0.005, flagged[:20]


def test_clean_text_gives_no_findings_and_each_kind_is_reported_with_position():
    assert find_personal_data("") == []
    assert find_personal_data("Klotter på gångtunneln vid stationen, cirka 3 meter.") == []
    text = "Ring 0413-123 45 eller mejla a@b.se; bilen ABC 12A stod där; 19850709-9805."
    findings = find_personal_data(text)
    assert [f.kind for f in findings] == [TELEFONNUMMER, EPOST, REGISTRERINGSNUMMER, PERSONNUMMER]
    assert all(text[f.start : f.end] == f.text for f in findings)


def test_invalid_dates_and_check_digits_are_not_identity_numbers():
    assert find_personal_data("850709-9806") == []  # wrong check digit
    assert find_personal_data("851309-9804") == []  # month 13
    assert find_personal_data("17850709-9805") == []  # no such century
    assert find_personal_data("Ett tal: 1234567890") == []  # month 34
    assert find_personal_data("Ett tal: 1234567897") == []  # right check digit, still month 34
    assert luhn_valid("1234567897") and not luhn_valid("1234567890")


def test_plates_with_letters_never_issued_are_not_plates():
    assert find_personal_data("IQV 123") == []
    assert find_personal_data("ÅÄÖ 123") == []
    assert find_personal_data("och 120 ungdomar") == []  # lower case words are not plates
    assert find_personal_data("ABC 12O") == []  # O never ends a plate


def test_the_message_says_what_and_where_in_swedish():
    message = describe(find_personal_data("Han heter 850709-9805."), "Beskrivningen")
    assert message.startswith(
        "Beskrivningen verkar innehålla ett personnummer (”850709-9805”, tecken 11–21)."
    )
    assert "Ta bort det" in message
    assert "Ta bort den" in describe(find_personal_data("x@y.se"), "Beskrivningen")


def _found(text: str) -> list[tuple[str, str]]:
    return [(finding.kind, finding.text) for finding in find_personal_data(text)]


SAMORDNING = "850769–" + "980" + luhn_digit("850769980")  # day 09 + 60, written with an en dash


@pytest.mark.parametrize(
    "text, kind",
    [
        ("850709–9805", PERSONNUMMER),
        ("850709\u00a09805", PERSONNUMMER),
        ("850709 - 9805", PERSONNUMMER),
        ("850709/9805", PERSONNUMMER),
        ("850709.9805", PERSONNUMMER),
        ("850709—9805", PERSONNUMMER),
        ("850709\u20119805", PERSONNUMMER),
        (SAMORDNING, SAMORDNINGSNUMMER),
        ("070.123.45.67", TELEFONNUMMER),
        ("070/123 45 67", TELEFONNUMMER),
        ("070–123 45 67", TELEFONNUMMER),
        ("+46 (70) 123 45 67", TELEFONNUMMER),
        ("ABC–123", REGISTRERINGSNUMMER),
        ("anna＠example.se", EPOST),
        ("anna@exempel.рф", EPOST),
    ],
)
def test_what_people_type_and_paste_is_found_as_typed(text, kind):
    sentence = f"Uppgift: {text}, se ovan."
    assert _found(sentence) == [(kind, text)]
    [finding] = find_personal_data(sentence)
    assert (finding.start, finding.end) == (9, 9 + len(text))


@pytest.mark.parametrize("text", NAMED_LOOKALIKES)
def test_meeting_words_before_numbers_and_time_ranges_pass(text):
    assert find_personal_data(text) == []


def test_a_refused_date_does_not_hide_the_phone_number_after_it():
    text = "Den 08.12.2026 17.00 ringde 0701234567."
    assert _found(text) == [(TELEFONNUMMER, "0701234567")]


def test_positions_count_the_characters_the_user_typed():
    """Fullwidth digits and a zero-width space change the normalised copy, not the reported place."""
    text = "Å\u200bÄ ８５０７０９\u200b－９８０５ och LSS 12A."
    findings = find_personal_data(text)
    assert [(f.kind, f.text, f.start, f.end) for f in findings] == [
        (PERSONNUMMER, "８５０７０９\u200b－９８０５", 4, 16),
        (REGISTRERINGSNUMMER, "LSS 12A", 21, 28),
    ]
    assert describe(findings, "Anteckningarna").startswith(
        "Anteckningarna verkar innehålla ett personnummer (”８５０７０９\u200b－９８０５”, tecken 5–16)."
    )


def test_a_number_after_the_phone_number_does_not_hide_it():
    found = find_personal_data("Ring 070-123 45 67 2 gånger, eller (073) 59 28 332 3 dagar i veckan.")
    assert [(f.kind, f.text) for f in found] == [
        (TELEFONNUMMER, "070-123 45 67"),
        (TELEFONNUMMER, "(073) 59 28 332"),
    ]


@pytest.mark.parametrize("rows", [1, 4])
def test_every_guarded_text_field_refuses_personal_data_and_overlong_text_and_keeps_what_was_typed(rows):
    """`guarded_text` builds the free-text fields of the promises, the agreement, the plan and the
    follow-up: a single line or a text area, the guard and the length limit are always on."""
    from werkzeug.datastructures import MultiDict
    from wtforms import Form

    class Typed(Form):
        text = guarded_text(
            "Milstolpe", "Milstolpen", max_length=20, required="Skriv en milstolpe.", rows=rows
        )

    typed = "Ring 070-123 45 67"
    form = Typed(MultiDict({"text": typed}))
    assert not form.validate()
    assert form.text.errors == [check_text(typed, "Milstolpen")]
    shown = f'value="{typed}"' if rows == 1 else f">\r\n{typed}</textarea>"
    assert form.text.data == typed and shown in form.text()  # kept in the field for the user to correct
    form = Typed(MultiDict({"text": "x" * 21}))
    assert not form.validate() and form.text.errors == ["Texten får vara högst 20 tecken."]
    form = Typed(MultiDict({"text": ""}))
    assert not form.validate() and form.text.errors == ["Skriv en milstolpe."]
    assert Typed(MultiDict({"text": "Tre vandringar"})).validate()

"""Swedish formats from one place (lagesbild/formats.py): what every page shows for numbers and times."""

from datetime import UTC, date, datetime, time

import numpy as np
import pytest

from lagesbild import formats

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3.7, "3,7"),
        (1073, f"1{NBSP}073"),
        (-1.8, "\u22121,8"),
        (2.0, "2"),
        (1.44, "1,4"),
        (0, "0"),
        (None, "–"),
        (float("nan"), "–"),
        (-1234567, f"\u22121{NBSP}234{NBSP}567"),
        (np.int64(25000), f"25{NBSP}000"),
        (-40000.0, f"\u221240{NBSP}000"),
    ],
)
def test_numbers_read_as_swedish(value, expected):
    assert formats.tal(value) == expected


def test_whole_numbers_read_as_babel_writes_them():
    """Whole numbers skip Babel (formats.tal's fast path); the text must stay Babel's to the letter."""
    from babel.numbers import format_decimal

    for value in (*range(-2100, 2100, 7), 10**6, -(10**9) - 1, 2**60, np.int32(-77), 98765.0):
        for decimals in (0, 1):
            pattern = "#,##0" + (".#" if decimals else "")
            expected = format_decimal(value, format=pattern, locale="sv_SE").replace("-", "\u2212")
            assert formats.tal(value, decimals) == expected, value


def test_percentages_have_a_space_before_the_sign():
    assert formats.procent(0.254) == f"25{NBSP}%"
    assert formats.procent(0.254, 1) == f"25,4{NBSP}%"
    assert formats.procent(-0.1) == f"\u221210{NBSP}%"


def test_dates_are_written_out_or_iso_short():
    assert formats.datum(date(2026, 6, 19)) == "19 juni 2026"
    assert formats.datum(date(2026, 6, 19), kort=True) == "2026-06-19"


def test_dates_read_as_babel_writes_them():
    """Dates skip Babel's pattern machinery (formats.datum); the text must stay Babel's "d MMMM y"."""
    from babel.dates import format_date

    months = (date(2026, month, 1) for month in range(1, 13))
    for day in (date(1, 1, 1), date(999, 3, 9), date(9999, 12, 31), *months):
        assert formats.datum(day) == format_date(day, "d MMMM y", locale="sv_SE"), day


def test_timestamps_show_stockholm_local_time():
    # 23.30 UTC on 31 December is already New Year's Day in Sweden (CET, UTC+1).
    moment = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    assert formats.datum(moment) == "1 januari 2027"
    assert formats.klockslag(moment) == "kl. 00.30"
    # Summer time: UTC+2.
    assert formats.tidpunkt(datetime(2026, 6, 19, 19, 30, tzinfo=UTC)) == "19 juni 2026 kl. 21.30"


def test_times_of_day_use_a_dot_and_kl():
    assert formats.klockslag(time(21, 30)) == "kl. 21.30"
    assert formats.klockslag(time(7, 5)) == "kl. 07.05"


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, "1 iakttagelse"), (0, "0 iakttagelser"), (2, "2 iakttagelser"), (1073, f"1{NBSP}073 iakttagelser")],
)
def test_counts_take_the_right_noun(n, expected):
    assert formats.antal(n, "iakttagelse", "iakttagelser") == expected


def test_the_filters_are_registered_for_every_template(app):
    template = app.jinja_env.from_string(
        "{{ 1073 | tal }}|{{ 0.5 | procent }}|{{ d | datum }}|{{ t | klockslag }}|"
        '{{ 1 | antal("åtgärd", "åtgärder") }}'
    )
    text = template.render(d=date(2026, 11, 30), t=time(9, 0))
    assert text == f"1{NBSP}073|50{NBSP}%|30 november 2026|kl. 09.00|1 åtgärd"


def test_forms_default_messages_are_swedish(app):
    """A field without a message of its own is refused in Swedish (WTForms' sv catalogue), not English."""
    from flask_wtf import FlaskForm
    from wtforms import IntegerField
    from wtforms.validators import InputRequired

    class Form(FlaskForm):
        antal = IntegerField("Antal", validators=[InputRequired()])
        tom = IntegerField("Tom", validators=[InputRequired()])

    with app.test_request_context(method="POST", data={"antal": "tre"}):
        form = Form(meta={"csrf": False})
        assert not form.validate()
    assert form.antal.errors == ["Inte ett giltigt heltal"]
    assert form.tom.errors == ["Det här fältet är obligatoriskt."]

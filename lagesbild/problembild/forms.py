"""The period picker: any date range (a calendar year by default) and the variant."""

from datetime import date

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from lagesbild.inputs import DayField, check_not_before

MAX_DAYS = 5 * 366  # five years: beyond that the comparison and the weekly series stop being useful
VARIANTS = [("intern", "Intern (för gruppen)"), ("offentlig", "Offentlig (endast aggregat, små tal dolda)")]


class DateRangeForm(FlaskForm):
    """A period read from the query string, so a page has a shareable address; no CSRF for a read.

    The problembild's period picker and the disclosure's share it: the same two days, the same rule
    (the end not before the start, at most five years) and the same way of filling in defaults.
    """

    class Meta:
        csrf = False

    start = DayField(
        "Från och med", name="from", example="2026-01-01", validators=[InputRequired("Ange ett startdatum.")]
    )
    end = DayField(
        "Till och med", name="to", example="2026-12-31", validators=[InputRequired("Ange ett slutdatum.")]
    )

    @classmethod
    def with_defaults(cls, args, defaults: dict[str, str]):
        """The form for a query string; each of `defaults`' keys the query string leaves out is filled in."""
        values = MultiDict(defaults)
        for key in defaults:
            if key in args:
                values[key] = args[key]
        return cls(formdata=values)

    def validate_end(self, field):
        check_not_before(self.start.data, field.data, "Slutdatumet kan inte ligga före startdatumet.")
        if self.start.data and field.data and (field.data - self.start.data).days >= MAX_DAYS:
            raise ValidationError("Välj en period på högst fem år.")


class PeriodForm(DateRangeForm):
    """The problembild's period and variant."""

    variant = RadioField(
        "Variant", choices=[SelectChoice(value, label) for value, label in VARIANTS], validate_choice=False
    )

    @classmethod
    def from_args(cls, args, today: date) -> "PeriodForm":
        """The form for a query string; what it leaves out defaults to this calendar year, internal."""
        year = today.year
        defaults = {
            "from": date(year, 1, 1).isoformat(),
            "to": date(year, 12, 31).isoformat(),
            "variant": "intern",
        }
        return cls.with_defaults(args, defaults)

    def validate_variant(self, field):
        if field.data not in dict(VARIANTS):
            raise ValidationError("Välj intern eller offentlig variant.")

    @property
    def public(self) -> bool:
        return self.variant.data == "offentlig"

"""The disclosure period picker (read from the query string, like the problembild's)."""

from datetime import date

from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from lagesbild.problembild.forms import DateRangeForm

FORMATS = {"html": "text/html; charset=utf-8", "csv": "text/csv; charset=utf-8"}
FORMAT_CHOICES = [("html", "Utskrift (HTML, att spara som PDF)"), ("csv", "Kalkylark (CSV)")]


class DisclosureForm(DateRangeForm):
    format = RadioField(
        "Fil", choices=[SelectChoice(value, label) for value, label in FORMAT_CHOICES], validate_choice=False
    )

    @classmethod
    def from_args(cls, args, today: date) -> "DisclosureForm":
        """What the query string leaves out defaults to this month, printable."""
        defaults = {"from": today.replace(day=1).isoformat(), "to": today.isoformat(), "format": "html"}
        return cls.with_defaults(args, defaults)

    def validate_format(self, field):
        if field.data not in FORMATS:
            raise ValidationError("Välj utskrift eller kalkylark.")

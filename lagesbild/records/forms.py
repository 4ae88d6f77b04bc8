"""The disclosure period picker (read from the query string, like the problembild's)."""

from datetime import date

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from lagesbild.inputs import DayField
from lagesbild.problembild.forms import MAX_DAYS

FORMATS = {"html": "text/html; charset=utf-8", "csv": "text/csv; charset=utf-8"}
FORMAT_CHOICES = [("html", "Utskrift (HTML, att spara som PDF)"), ("csv", "Kalkylark (CSV)")]


class DisclosureForm(FlaskForm):
    class Meta:
        csrf = False

    start = DayField("Från och med", name="from", example="2026-01-01",
                     validators=[InputRequired("Ange ett startdatum.")])  # fmt: skip
    end = DayField("Till och med", name="to", example="2026-12-31",
                   validators=[InputRequired("Ange ett slutdatum.")])  # fmt: skip
    format = RadioField(
        "Fil", choices=[SelectChoice(value, label) for value, label in FORMAT_CHOICES], validate_choice=False
    )

    @classmethod
    def from_args(cls, args, today: date) -> "DisclosureForm":
        """What the query string leaves out defaults to this month, printable."""
        values = MultiDict(
            {"from": today.replace(day=1).isoformat(), "to": today.isoformat(), "format": "html"}
        )
        for key in ("from", "to", "format"):
            if key in args:
                values[key] = args[key]
        return cls(formdata=values)

    def validate_format(self, field):
        if field.data not in FORMATS:
            raise ValidationError("Välj utskrift eller kalkylark.")

    def validate_end(self, field):
        if self.start.data and field.data:
            if field.data < self.start.data:
                raise ValidationError("Slutdatumet kan inte ligga före startdatumet.")
            if (field.data - self.start.data).days >= MAX_DAYS:
                raise ValidationError("Välj en period på högst fem år.")

"""Forms for the coordinator's reference data. Every name goes through the personal-data guard."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from wtforms import IntegerField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from lagesbild.admin.forms import ChoiceField
from lagesbild.inputs import options, parse_time
from lagesbild.periods import SWEDISH_WEEKDAYS
from lagesbild.privacy import NoPersonalData

NAME_MAX = {"category": 200, "place": 160, "area": 120}


def _name(label: str, limit: int):
    return StringField(
        label,
        validators=[
            DataRequired("Fyll i namnet."),
            Length(max=limit, message=f"Högst {limit} tecken."),
            NoPersonalData("Namnet"),
        ],
    )


class WholeNumberField(IntegerField):
    """An integer field whose refusal of "3,5" or "" is in Swedish."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("Ange ett heltal, till exempel 10.") from None


def _sort_order():
    return WholeNumberField(
        "Ordning i listan",
        default=0,
        validators=[NumberRange(min=0, max=100_000, message="Ange ett heltal från 0 till 100 000.")],
    )


class CategoryForm(FlaskForm):
    name = _name("Namn", NAME_MAX["category"])
    description = TextAreaField(
        "Beskrivning",
        validators=[
            Optional(),
            Length(max=400, message="Högst 400 tecken."),
            NoPersonalData("Beskrivningen"),
        ],
    )
    parent = ChoiceField("Överkategori")
    sort_order = _sort_order()

    def __init__(self, tops, *args, top_allowed: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Ingen (ny överkategori)")] if top_allowed else []
        self.parent.choices = options(choices + [(str(top.id), top.name) for top in tops])


class MergeForm(FlaskForm):
    target = ChoiceField("Slå ihop med", validators=[DataRequired("Välj vad den ska slås ihop med.")])

    def __init__(self, pairs, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.target.choices = options([("", "Välj …")] + list(pairs))


def _coordinate(label: str, low: float, high: float):
    def check(form, field):
        try:
            value = float(str(field.data or "").strip().replace(",", "."))
        except ValueError:
            raise ValidationError(
                f"Ange {label} i grader, till exempel {low + (high - low) / 2:.4f}."
            ) from None
        field.number = value

    return StringField(
        label.capitalize(), validators=[DataRequired(f"Ange {label} eller klicka i kartan."), check]
    )


class PlaceForm(FlaskForm):
    name = _name("Namn", NAME_MAX["place"])
    kind = StringField(
        "Typ av plats",
        validators=[Optional(), Length(max=120, message="Högst 120 tecken."), NoPersonalData("Platstypen")],
    )
    lat = _coordinate("latitud", 55.0, 56.5)
    lon = _coordinate("longitud", 12.5, 14.5)
    aliases = StringField(
        "Andra namn (skilj med semikolon)",
        validators=[Optional(), Length(max=400, message="Högst 400 tecken."), NoPersonalData("Namnen")],
    )

    def __init__(self, *args, bounds=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.bounds = bounds

    def validate_lon(self, field):
        # Both numbers are read by then; the point must lie where the post form accepts points.
        lat, lon = getattr(self.lat, "number", None), getattr(field, "number", None)
        if lat is None or lon is None or self.bounds is None:
            return
        south, north, west, east = self.bounds
        if not (south <= lat <= north and west <= lon <= east):
            raise ValidationError(
                "Punkten ligger utanför kommunen. Klicka i kartan eller rätta koordinaterna."
            )


class AreaForm(FlaskForm):
    name = _name("Namn", NAME_MAX["area"])
    sort_order = _sort_order()
    boundary = FileField("Gräns (GeoJSON, EPSG:4326 eller SWEREF 99 TM)")


class UsualCategoriesForm(FlaskForm):
    categories = SelectMultipleField("Kategorier som organisationen brukar rapportera", coerce=str)

    def __init__(self, tree, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories.choices = options(
            (str(sub.id), f"{top.name}: {sub.name}") for top, subs in tree for sub in subs
        )


class ReferenceUploadForm(FlaskForm):
    files = MultipleFileField(
        "Filer (categories.csv, places.csv, organisations.csv, areas.geojson, meeting.csv)"
    )


def _meeting_time(form, field):
    if field.data and parse_time(field.data) is None:
        raise ValidationError("Ange ett klockslag som 13.00, eller lämna fältet tomt.")


class MeetingDayForm(FlaskForm):
    """The group's meeting weekday and start time (lagesbild/meeting_day.py)."""

    weekday = ChoiceField(
        "Veckodag för mötet",
        choices=options((str(n), name.capitalize()) for n, name in enumerate(SWEDISH_WEEKDAYS, start=1)),
    )
    starts = StringField(
        "Klockslag (valfritt)",
        description="Till exempel 13.00.",
        validators=[Optional(), Length(max=5, message="Ange ett klockslag som 13.00."), _meeting_time],
    )

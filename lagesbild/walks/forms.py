"""Forms of the safety walk: the plan, holding it, a finding from the field, a finding's action."""

import json
import re

from flask_wtf import FlaskForm
from wtforms import HiddenField, MultipleFileField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from lagesbild.inputs import ChoiceField, DayField, WholeNumberField, choice_id, options, parse_time
from lagesbild.models import FindingCategory, FindingOutcome
from lagesbild.privacy import NoPersonalData
from lagesbild.promises.forms import CheckboxesField, between

FINDING_TEXT_MAX = 500
MAX_PHOTOS = 3
ROUTE_POINTS_MAX = 300
# Where a walk in a Swedish municipality can be: a generous box around Sweden (lon/lat).
LON_RANGE, LAT_RANGE = (10.0, 25.0), (55.0, 69.5)
_CLIENT_KEY = re.compile(r"^[A-Za-z0-9-]{8,40}$")


def parse_route(text: str | None) -> list[list[float]] | None:
    """A route drawn on the map, as the GeoJSON LineString the page sends; ValueError (Swedish) if bad.

    Empty means no route. The coordinates are [lon, lat] pairs inside LON_RANGE and LAT_RANGE, 2 to
    ROUTE_POINTS_MAX of them, rounded to six decimals (about 10 cm).
    """
    if not (text or "").strip():
        return None
    try:
        geometry = json.loads(text)
        points = geometry["coordinates"] if geometry.get("type") == "LineString" else None
        route = [[round(float(lon), 6), round(float(lat), 6)] for lon, lat in points]
    except (ValueError, TypeError, KeyError, AttributeError):
        raise ValueError("Rutten kunde inte läsas. Rita den igen i kartan.") from None
    if not 2 <= len(route) <= ROUTE_POINTS_MAX:
        raise ValueError(f"Rutten behöver minst 2 och högst {ROUTE_POINTS_MAX} punkter.")
    if not all(
        LON_RANGE[0] <= lon <= LON_RANGE[1] and LAT_RANGE[0] <= lat <= LAT_RANGE[1] for lon, lat in route
    ):
        raise ValueError("Rutten ligger utanför Sverige. Rita den igen i kartan.")
    return route


class WalkForm(FlaskForm):
    title = StringField(
        "Namn på vandringen",
        validators=[
            DataRequired("Ge vandringen ett namn, till exempel ”Kvällsvandring Berga”."),
            Length(max=200, message="Högst 200 tecken."),
            NoPersonalData("Namnet"),
        ],
    )
    area = ChoiceField("Område", coerce=choice_id)
    day = DayField("Datum", validators=[InputRequired("Ange datum.")], example="2027-03-18")
    clock = StringField(
        "Klockan", validators=[InputRequired("Ange när vandringen börjar, till exempel 18:30.")]
    )
    meeting_point = StringField(
        "Samlingsplats",
        validators=[Length(max=200, message="Högst 200 tecken."), NoPersonalData("Samlingsplatsen")],
    )
    route = HiddenField("Rutt")
    stops = TextAreaField(
        "Stopp längs vägen (ett per rad)",
        validators=[Length(max=2000, message="Högst 2 000 tecken."), NoPersonalData("Stoppen")],
        render_kw={"rows": 4},
    )
    organisers = CheckboxesField("Arrangörer", coerce=int)
    invited = CheckboxesField("Inbjudna organisationer", coerce=int)
    promise = ChoiceField("Medborgarlöfte som vandringen räknas till", coerce=choice_id)
    invitation_text = TextAreaField(
        "Inbjudan",
        validators=[Length(max=4000, message="Högst 4 000 tecken."), NoPersonalData("Inbjudan")],
        render_kw={"rows": 6},
    )

    def __init__(self, *args, promise_years: dict[int, int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.promise_years = promise_years or {}  # promise id -> its year

    def validate_clock(self, field):
        if field.data and parse_time(field.data) is None:
            raise ValidationError("Skriv klockslaget som TT:MM, till exempel 18:30.")

    def validate_route(self, field):
        try:
            parse_route(field.data)
        except ValueError as error:
            raise ValidationError(str(error)) from None

    def validate_stops(self, field):
        if not (field.data or "").strip() and not (self.route.data or "").strip():
            raise ValidationError("Rita rutten i kartan eller skriv stoppen längs vägen.")

    def validate_organisers(self, field):
        if not field.data:
            raise ValidationError("Välj minst en arrangör.")

    def validate_promise(self, field):
        year = self.promise_years.get(field.data)
        if field.data and self.day.data and year is not None and year != self.day.data.year:
            raise ValidationError(
                f"Löftet gäller {year}; välj ett löfte för {self.day.data.year} eller inget."
            )


class HeldForm(FlaskForm):
    held_on = DayField("Genomförd den", validators=[InputRequired("Ange dagen vandringen hölls.")])
    residents_count = WholeNumberField(
        "Antal boende som deltog",
        validators=[
            InputRequired("Ange antalet boende som deltog (0 om inga)."),
            between(0, 10_000, "Ange ett antal mellan 0 och 10 000."),
        ],
        invalid_value_message="Skriv antalet med siffror, till exempel 12.",
        render_kw={"inputmode": "numeric"},
    )


class FindingForm(FlaskForm):
    """One finding from the field. The page may send it later from the browser's drafts (client_key)."""

    client_key = HiddenField(validators=[DataRequired("Utkastet saknar nyckel. Ladda om sidan.")])
    lat = HiddenField()
    lon = HiddenField()
    category = ChoiceField(
        "Kategori",
        choices=options([("", "Välj kategori"), *FindingCategory.choices()]),
        validators=[DataRequired("Välj en kategori.")],
    )
    text = TextAreaField(
        "Kort beskrivning",
        validators=[
            Length(max=FINDING_TEXT_MAX, message=f"Högst {FINDING_TEXT_MAX} tecken."),
            NoPersonalData("Beskrivningen"),
        ],
        render_kw={"rows": 3, "maxlength": FINDING_TEXT_MAX},
    )
    photos = MultipleFileField("Foton (valfritt)")
    earlier_finding = HiddenField()
    outcome = ChoiceField(
        "Åtgärdat?", choices=options([("", "Välj"), *FindingOutcome.choices()]), validators=[Optional()]
    )

    def validate_client_key(self, field):
        if field.data and not _CLIENT_KEY.match(field.data):
            raise ValidationError("Utkastet har en ogiltig nyckel. Ladda om sidan.")

    def point(self) -> tuple[float, float] | None:
        try:
            lat, lon = float(self.lat.data), float(self.lon.data)
        except (TypeError, ValueError):
            return None
        inside = LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]
        return (round(lat, 6), round(lon, 6)) if inside else None

    def validate_lat(self, field):
        if self.point() is None:
            raise ValidationError("Ange platsen: använd din position eller tryck i kartan.")

    def uploads(self) -> list:
        return [f for f in (self.photos.data or []) if getattr(f, "filename", "")]

    def validate_photos(self, field):
        if len(self.uploads()) > MAX_PHOTOS:
            raise ValidationError(f"Högst {MAX_PHOTOS} foton per iakttagelse.")


class ActionFromFindingForm(FlaskForm):
    title = StringField(
        "Åtgärd",
        validators=[
            DataRequired("Skriv vad som ska göras."),
            Length(max=200, message="Högst 200 tecken."),
            NoPersonalData("Åtgärden"),
        ],
    )
    owner = ChoiceField("Ansvarig organisation", coerce=choice_id)
    due_on = DayField("Klart senast", validators=[Optional()], example="2027-04-30")

    def validate_owner(self, field):
        if not field.data:
            raise ValidationError("Välj ansvarig organisation.")

"""The form for one measure of the åtgärdsplan; choices come from the database at runtime."""

from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from lagesbild.inputs import ChoiceField, DayField, choice_id
from lagesbild.models import Horizon, MeasureKind
from lagesbild.privacy import guarded_text

TEXT_MAX = 2000


def _text(label: str, guard: str, required: str):
    return guarded_text(label, guard, max_length=TEXT_MAX, required=required, rows=2)


class MeasureForm(FlaskForm):
    what = _text("Åtgärd", "Åtgärden", "Skriv vad som ska göras.")
    organisation = ChoiceField("Ansvarig organisation", coerce=choice_id)
    horizon = ChoiceField("Sikt", choices=[SelectChoice(v, label) for v, label in Horizon.choices()])
    kind = ChoiceField("Slag", choices=[SelectChoice(v, label) for v, label in MeasureKind.choices()])
    problem = ChoiceField("Problem som åtgärden svarar mot", default="")
    effect_goal = _text("Effektmål", "Effektmålet", "Skriv åtgärdens effektmål.")
    indicator = _text("Indikator", "Indikatorn", "Skriv hur effekten mäts, till exempel antal iakttagelser.")
    follow_up_on = DayField("Följs upp", validators=[InputRequired("Ange när åtgärden följs upp.")])
    promise = ChoiceField("Medborgarlöfte (valfritt)", coerce=choice_id, default=0)
    activity = ChoiceField("Aktivitet i överenskommelsen (valfritt)", coerce=choice_id, default=0)

"""The form for one evaluation in the yearly follow-up."""

from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from lagesbild.models import MeasureOutcome
from lagesbild.privacy import NoPersonalData

TEXT_MAX = 4000


class EvaluationForm(FlaskForm):
    """A promise's evaluation: the text. A measure's also says whether it was carried out as planned."""

    outcome = RadioField(
        "Genomfördes åtgärden som planerat?",
        choices=[SelectChoice(value, label) for value, label in MeasureOutcome.choices()],
        validators=[InputRequired("Välj om åtgärden genomfördes som planerat.")],
    )
    text = TextAreaField(
        "Utvärdering",
        validators=[
            DataRequired("Skriv utvärderingen."),
            Length(max=TEXT_MAX, message=f"Texten får vara högst {TEXT_MAX} tecken."),
            NoPersonalData("Utvärderingen"),
        ],
        render_kw={"rows": 6},
    )

    @classmethod
    def for_promise(cls, **kwargs) -> "EvaluationForm":
        form = cls(**kwargs)
        del form.outcome  # a promise's status comes from its counting, milestone or notes
        return form

"""The form for one evaluation in the yearly follow-up."""

from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from lagesbild.models import MeasureOutcome
from lagesbild.privacy import guarded_text

TEXT_MAX = 4000


class EvaluationForm(FlaskForm):
    """A promise's evaluation: the text. A measure's also says whether it was carried out as planned."""

    outcome = RadioField(
        "Genomfördes åtgärden som planerat?",
        choices=[SelectChoice(value, label) for value, label in MeasureOutcome.choices()],
        validators=[InputRequired("Välj om åtgärden genomfördes som planerat.")],
    )
    text = guarded_text(
        "Utvärdering", "Utvärderingen", max_length=TEXT_MAX, required="Skriv utvärderingen.", rows=6
    )

    @classmethod
    def for_promise(cls, **kwargs) -> "EvaluationForm":
        form = cls(**kwargs)
        del form.outcome  # a promise's status comes from its counting, milestone or notes
        return form

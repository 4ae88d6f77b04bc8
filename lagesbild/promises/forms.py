"""Forms for recording promises and importing the survey. Choices come from the database at runtime."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SelectMultipleField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from lagesbild.inputs import ChoiceField, WholeNumberField, ascii_int
from lagesbild.privacy import NoPersonalData

TEXT_MAX = 600


NOT_A_NUMBER = "Skriv ett heltal, till exempel 4."


def between(low: int, high: int, message: str):
    """NumberRange that stays quiet when the text was no number (that message is already shown)."""

    def check(_form, field):
        if field.data is not None and not low <= field.data <= high:
            raise ValidationError(message)

    return check


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes (one fieldset); ids that are not on offer are rejected in Swedish."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError("Ogiltigt val.") from error

    def pre_validate(self, form):
        offered = {value for value, _label in self.choices}
        if any(value not in offered for value in self.data or []):
            raise ValidationError("Ogiltigt val.")


def _choice_id(value) -> int:
    """A choice's id from the form (ASCII digits only); ValueError for anything else."""
    number = value if isinstance(value, int) else ascii_int(value)
    if number is None:
        raise ValueError("Ogiltigt val.")
    return number


class PromiseForm(FlaskForm):
    year = WholeNumberField(
        "År",
        validators=[
            InputRequired("Ange vilket år löftet gäller."),
            between(2000, 2100, "Ange ett år mellan 2000 och 2100."),
        ],
        invalid_value_message="Skriv året med fyra siffror, till exempel 2026.",
    )
    text = TextAreaField(
        "Löftet",
        validators=[
            DataRequired("Skriv löftet så som det står i medborgarlöftet."),
            Length(max=TEXT_MAX, message=f"Löftet får vara högst {TEXT_MAX} tecken."),
            NoPersonalData("Löftet"),
        ],
        render_kw={"rows": 3},
    )
    target = WholeNumberField(
        "Mål: minst antal genomförda aktiviteter",
        validators=[
            InputRequired("Ange målet som ett heltal, minst 1."),
            between(1, 10_000, "Målet ska vara ett heltal mellan 1 och 10 000."),
        ],
        invalid_value_message=NOT_A_NUMBER,
        render_kw={"inputmode": "numeric"},
    )
    organisations = CheckboxesField("Ansvariga organisationer", coerce=int)
    categories = CheckboxesField("Aktiviteter som räknas", coerce=int)
    area = ChoiceField("Område (valfritt)", coerce=_choice_id)

    def validate_organisations(self, field):
        if not field.data:
            raise ValidationError("Välj minst en ansvarig organisation.")

    def validate_categories(self, field):
        if not field.data:
            raise ValidationError("Välj minst en aktivitet som räknas.")


class StatusForm(FlaskForm):
    """Deactivate or reactivate: a POST with only the CSRF token."""


class SurveyUploadForm(FlaskForm):
    file = FileField("CSV-fil med trygghetsmätningens värden", [NoPersonalData("Filnamnet")])

    def validate_file(self, field):
        if not field.data or not getattr(field.data, "filename", ""):
            raise ValidationError("Välj en CSV-fil.")


class SurveyConfirmForm(FlaskForm):
    """Confirms or cancels a pending import (only the CSRF token: the file waits on the server)."""

"""Forms for recording promises and importing the survey. Choices come from the database at runtime."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from lagesbild.inputs import ChoiceField, DayField, WholeNumberField, check_not_before, choice_id
from lagesbild.models import ProcessState, PromiseKind
from lagesbild.privacy import NoPersonalData, guarded_text

TEXT_MAX = 600
SECTION_MAX = 4000
REFERENCE_MAX = 300
NOTE_MAX = 2000


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


class OptionalWholeNumberField(WholeNumberField):
    """A whole number that may be left empty (no data then); only the kind decides whether it is needed."""

    def process_formdata(self, valuelist):
        if valuelist and not valuelist[0].strip():
            self.data = None
            return
        super().process_formdata(valuelist)


def _section(label: str, guard: str):
    """One of the promise's Situation / Åtgärd / Effekt / Uppföljning texts: optional, guarded."""
    return guarded_text(label, guard, max_length=SECTION_MAX, rows=4)


FIRST_PROMISE_YEAR, LAST_PROMISE_YEAR = 2000, 2100


class PromiseForm(FlaskForm):
    year = WholeNumberField(
        "År",
        validators=[
            InputRequired("Ange vilket år löftet gäller."),
            between(FIRST_PROMISE_YEAR, LAST_PROMISE_YEAR, "Ange ett år mellan 2000 och 2100."),
        ],
        invalid_value_message="Skriv året med fyra siffror, till exempel 2026.",
    )
    kind = ChoiceField(
        "Slag av löfte", choices=[SelectChoice(v, label) for v, label in PromiseKind.choices()]
    )
    text = guarded_text(
        "Löftet",
        "Löftet",
        max_length=TEXT_MAX,
        required="Skriv löftet så som det står i medborgarlöftet.",
        too_long="Löftet",
    )
    goal = ChoiceField("Huvudmål", coerce=choice_id)
    focus_area = ChoiceField("Samverkansområde (valfritt)", coerce=choice_id)
    target = OptionalWholeNumberField(
        "Mål: minst antal genomförda aktiviteter",
        validators=[between(1, 10_000, "Målet ska vara ett heltal mellan 1 och 10 000.")],
        invalid_value_message=NOT_A_NUMBER,
        render_kw={"inputmode": "numeric"},
    )
    organisations = CheckboxesField("Ansvariga organisationer", coerce=int)
    only_responsible = BooleanField(
        "Räkna bara aktiviteter som de ansvariga organisationerna har rapporterat"
    )
    categories = CheckboxesField("Aktiviteter som räknas", coerce=int)
    areas = CheckboxesField("Områden (inget val: hela kommunen)", coerce=int)
    starts_on = DayField("Från och med (valfritt)", validators=[Optional()], example="2026-03-01")
    ends_on = DayField("Till och med (valfritt)", validators=[Optional()], example="2026-10-31")
    milestone_done_on = DayField("Genomfört den", validators=[Optional()], example="2026-09-15")
    milestone_reference = guarded_text(
        "Referens (till exempel diarienummer)",
        "Referensen",
        max_length=REFERENCE_MAX,
        rows=1,
        too_long="Referensen",
    )
    situation = _section("Situation", "Situationen")
    measure = _section("Åtgärd", "Åtgärden")
    effect = _section("Effekt", "Effekten")
    follow_up = _section("Uppföljning", "Uppföljningen")
    actions = CheckboxesField("Åtgärder från mötena som underlag", coerce=int)

    @property
    def chosen_kind(self) -> PromiseKind | None:
        try:
            return PromiseKind(self.kind.data)
        except ValueError:
            return None

    def validate_target(self, field):
        if self.chosen_kind is PromiseKind.COUNT and field.data is None and not field.errors:
            raise ValidationError("Ange målet som ett heltal, minst 1.")

    def validate_organisations(self, field):
        if not field.data:
            raise ValidationError("Välj minst en ansvarig organisation.")

    def validate_categories(self, field):
        if self.chosen_kind is PromiseKind.COUNT and not field.data:
            raise ValidationError("Välj minst en aktivitet som räknas.")

    @property
    def valid_year(self) -> int | None:
        """The typed year if it is one a promise may have, else None (before or without validation)."""
        year = self.year.data
        return year if isinstance(year, int) and FIRST_PROMISE_YEAR <= year <= LAST_PROMISE_YEAR else None

    def _in_year(self, field) -> None:
        if field.data and isinstance(self.year.data, int) and field.data.year != self.year.data:
            raise ValidationError(f"Välj en dag under löftets år ({self.year.data}).")

    def validate_starts_on(self, field):
        self._in_year(field)

    def validate_ends_on(self, field):
        self._in_year(field)
        check_not_before(self.starts_on.data, field.data)

    def validate_only_responsible(self, field):
        if field.data and self.chosen_kind is PromiseKind.MILESTONE:
            raise ValidationError("En milstolpe räknar inga aktiviteter.")


class GoalForm(FlaskForm):
    year = WholeNumberField(
        "År",
        validators=[
            InputRequired("Ange vilket år huvudmålet gäller."),
            between(2000, 2100, "Ange ett år mellan 2000 och 2100."),
        ],
        invalid_value_message="Skriv året med fyra siffror, till exempel 2026.",
    )
    text = guarded_text(
        "Huvudmål",
        "Huvudmålet",
        max_length=TEXT_MAX,
        required="Skriv huvudmålet, till exempel ”Alla ska känna sig trygga ute på kvällen”.",
        rows=2,
        too_long="Huvudmålet",
    )


class NoteForm(FlaskForm):
    noted_on = DayField("Datum", validators=[InputRequired("Ange vilken dag läget gäller.")])
    state = ChoiceField("Läge", choices=[SelectChoice(v, label) for v, label in ProcessState.choices()])
    text = guarded_text(
        "Lägesanteckning",
        "Anteckningen",
        max_length=NOTE_MAX,
        required="Skriv vad som har gjorts och hur arbetet går.",
        too_long="Anteckningen",
    )


class StatusForm(FlaskForm):
    """Deactivate or reactivate: a POST with only the CSRF token."""


class SurveyUploadForm(FlaskForm):
    file = FileField("CSV-fil med trygghetsmätningens värden", [NoPersonalData("Filnamnet")])

    def validate_file(self, field):
        if not field.data or not getattr(field.data, "filename", ""):
            raise ValidationError("Välj en CSV-fil.")


class SurveyConfirmForm(FlaskForm):
    """Confirms or cancels a pending import (only the CSRF token: the file waits on the server)."""

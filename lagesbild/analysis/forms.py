"""The analysis form: one text per section and up to five prioritised problems with their causes."""

from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, TextAreaField
from wtforms.validators import Length, ValidationError

from lagesbild.inputs import ChoiceField
from lagesbild.privacy import NoPersonalData

from .content import CAUSES, MAX_PROBLEMS, SECTIONS

TEXT_MAX = 8000
GUARDS = {
    "kartlaggning": "Kartläggningen",
    "annan_information": "Den andra informationen",
    "utelamnat": "Texten om det som lämnades utanför",
    "konsekvenser": "Konsekvenserna",
    "reasoning": "Motiveringen",
    "place": "Orsaken (platsen)",
    "victims": "Orsaken (de utsatta)",
    "offenders": "Orsaken (gärningspersonerna)",
}


def _text(label: str, key: str, rows: int = 4) -> TextAreaField:
    return TextAreaField(
        label,
        validators=[
            Length(max=TEXT_MAX, message=f"Texten får vara högst {TEXT_MAX} tecken."),
            NoPersonalData(GUARDS[key]),
        ],
        render_kw={"rows": rows},
    )


class ProblemForm(Form):
    """One prioritised problem (a subform: the page's one CSRF token covers it)."""

    problem = ChoiceField("Problem från underlaget", default="")
    reasoning = _text("Motivering: varför prioriteras problemet?", "reasoning", rows=2)
    place = _text(f"Orsaker – {CAUSES[0][1].lower()}", "place", rows=2)
    victims = _text(f"Orsaker – {CAUSES[1][1].lower()}", "victims", rows=2)
    offenders = _text(f"Orsaker – {CAUSES[2][1].lower()}", "offenders", rows=2)

    def validate_problem(self, field):
        written = any(
            (self[name].data or "").strip() for name in ("reasoning", "place", "victims", "offenders")
        )
        if written and not field.data:
            raise ValidationError("Välj vilket problem texten gäller, eller töm fälten.")


class AnalysisForm(FlaskForm):
    kartlaggning = _text(SECTIONS[0][1], "kartlaggning")
    annan_information = _text(SECTIONS[1][1], "annan_information")
    utelamnat = _text(SECTIONS[2][1], "utelamnat")
    konsekvenser = _text(SECTIONS[3][1], "konsekvenser")
    problems = FieldList(FormField(ProblemForm), min_entries=MAX_PROBLEMS, max_entries=MAX_PROBLEMS)

    def set_choices(self, options: list[tuple[str, str]]) -> "AnalysisForm":
        for entry in self.problems:
            entry.form.problem.choices = [("", "Inget problem valt")] + options
        return self

    def summary(self) -> list[tuple[str, str, str]]:
        """(field id, label, message) of every error, the problems' fields included, for the summary."""
        found = []
        for name in (key for key, _ in SECTIONS):
            found += [(self[name].id, self[name].label.text, e) for e in self[name].errors]
        found += [("problems", "Prioriterade problem", e) for e in self.problems.errors if isinstance(e, str)]
        for entry in self.problems:
            for sub in entry.form:
                found += [(sub.id, sub.label.text, e) for e in sub.errors]
        return found

    def validate_problems(self, field):
        chosen = [entry.form.problem.data for entry in field if entry.form.problem.data]
        if len(chosen) != len(set(chosen)):
            raise ValidationError("Samma problem är valt två gånger.")

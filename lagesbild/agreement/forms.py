"""Forms for entering an agreement, its focus areas, activities and decided revisions."""

from flask_wtf import FlaskForm
from wtforms.validators import InputRequired, Optional

from lagesbild.inputs import ChoiceField, DayField, check_not_before
from lagesbild.privacy import guarded_text

NAME_MAX = 300
TEXT_MAX = 4000


def _text(label: str, guard: str, required: str | None = None, max_length: int = TEXT_MAX, rows: int = 3):
    return guarded_text(label, guard, max_length=max_length, required=required, rows=rows)


class AgreementForm(FlaskForm):
    title = _text("Namn", "Namnet", "Skriv överenskommelsens namn.", NAME_MAX, rows=1)
    parties = _text("Parter och beslutsfattare", "Parterna", "Skriv vilka parterna är och vem som beslutar.")
    starts_on = DayField("Gäller från", validators=[InputRequired("Ange när överenskommelsen börjar gälla.")])
    ends_on = DayField(
        "Gäller till och med", validators=[InputRequired("Ange när överenskommelsen slutar gälla.")]
    )
    signed_on = DayField("Undertecknad", validators=[Optional()])
    decided_by = _text(
        "Beslutad av", "Beslutet", "Skriv vem som beslutade överenskommelsen.", NAME_MAX, rows=1
    )
    forums = _text("Forum", "Forumen")
    follow_up_by = _text("Tas fram och följs upp av", "Uppföljningen")

    def validate_ends_on(self, field):
        check_not_before(self.starts_on.data, field.data)


class FocusAreaForm(FlaskForm):
    name = _text("Samverkansområde", "Samverkansområdet", "Skriv samverkansområdets namn.", NAME_MAX, rows=1)


class ActivityForm(FlaskForm):
    focus_area = ChoiceField("Samverkansområde", coerce=int)
    name = _text("Aktivitet", "Aktiviteten", "Skriv aktiviteten.", 400, rows=1)
    effect_goal = _text("Effektmål", "Effektmålet", "Skriv aktivitetens effektmål.")
    responsible = _text("Ansvarig", "Den ansvariga", "Skriv vilken enhet som ansvarar.", 400, rows=1)


class VersionForm(FlaskForm):
    decided_on = DayField("Beslutad den", validators=[InputRequired("Ange när ändringen beslutades.")])
    decided_by = _text("Beslutad av", "Beslutet", "Skriv vem som beslutade ändringen.", NAME_MAX, rows=1)
    changes = _text("Vad ändrades", "Ändringen", "Skriv vad som ändrades.")


class AgreementEditForm(AgreementForm):
    """The agreement's facts as they now read, and the decision that changed them (the new version)."""

    decided_on = DayField(
        "Ändringen beslutad den", validators=[InputRequired("Ange när ändringen beslutades.")]
    )
    decided_by = _text("Beslutad av", "Beslutet", "Skriv vem som beslutade ändringen.", NAME_MAX, rows=1)
    changes = _text("Vad ändrades", "Ändringen", "Skriv vad som ändrades.")

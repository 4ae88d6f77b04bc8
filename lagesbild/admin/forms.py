"""Forms for the coordinator's administration pages."""

from flask_wtf import FlaskForm
from wtforms import EmailField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from lagesbild import inputs
from lagesbild.inputs import DayField, options
from lagesbild.models import OrganisationKind, Role
from lagesbild.privacy import NoPersonalData

CHOOSE_FROM_LIST = "Välj ett av alternativen i listan."


class ChoiceField(inputs.ChoiceField):
    """The shared select (lagesbild.inputs) with the administration pages' wording of its refusal."""

    refusal = CHOOSE_FROM_LIST


class OrganisationForm(FlaskForm):
    name = StringField(
        "Namn",
        validators=[
            DataRequired("Fyll i organisationens namn."),
            Length(max=120, message="Högst 120 tecken."),
            NoPersonalData("Namnet"),
        ],
    )
    kind = ChoiceField(
        "Typ av organisation",
        choices=options(OrganisationKind.choices()),
        validators=[DataRequired("Välj typ av organisation.")],
    )


class UserForm(FlaskForm):
    display_name = StringField(
        "Namn",
        # The name is shown to the group and frozen into meeting records: a name, never a number.
        validators=[
            DataRequired("Fyll i användarens namn."),
            Length(max=120, message="Högst 120 tecken."),
            NoPersonalData("Namnet"),
        ],
        render_kw={"autocomplete": "off"},
    )
    email = EmailField(
        "E-postadress",
        validators=[
            DataRequired("Fyll i e-postadressen."),
            Length(max=254, message="Högst 254 tecken."),
            Regexp(
                r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                message="Skriv en giltig e-postadress, till exempel namn@eslov.se.",
            ),
        ],
        render_kw={"autocomplete": "off"},
    )
    organisation_id = ChoiceField("Organisation", coerce=int, validators=[DataRequired("Välj organisation.")])
    role = ChoiceField("Roll", choices=options(Role.choices()), validators=[DataRequired("Välj roll.")])

    def __init__(self, organisations, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The blank choice makes the coordinator pick on purpose instead of accepting the first.
        self.organisation_id.choices = options(
            [(0, "Välj organisation")] + [(o.id, o.name) for o in organisations]
        )


class UserFilterForm(FlaskForm):
    """Filters read from the query string; a GET changes nothing, so no CSRF token."""

    class Meta:
        csrf = False

    q = StringField("Sök namn eller e-post", validators=[Optional(), Length(max=100)])
    organisation = ChoiceField("Organisation", coerce=int, validators=[Optional()])
    role = ChoiceField(
        "Roll", choices=options([("", "Alla roller")] + Role.choices()), validators=[Optional()]
    )
    status = ChoiceField(
        "Status",
        choices=options([("aktiva", "Aktiva"), ("inaktiva", "Inaktiverade"), ("alla", "Alla")]),
        default="aktiva",
        validators=[Optional()],
    )

    def __init__(self, organisations, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation.choices = options(
            [(0, "Alla organisationer")] + [(o.id, o.name) for o in organisations]
        )


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    action = ChoiceField("Händelse", validators=[Optional()])
    actor = ChoiceField("Användare", coerce=int, validators=[Optional()])
    date_from = DayField("Från och med", validators=[Optional()])
    date_to = DayField("Till och med", validators=[Optional()])

    def __init__(self, actions: list[tuple[str, str]], users, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.action.choices = options([("", "Alla händelser")] + list(actions))
        self.actor.choices = options(
            [(0, "Alla användare")] + [(u.id, f"{u.display_name} ({u.email})") for u in users]
        )

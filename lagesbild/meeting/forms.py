"""Forms of the week page and the meeting: filters, attendance, agenda notes, actions."""

from flask_wtf import FlaskForm
from wtforms import (
    Form,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from lagesbild.inputs import MAX_ID, ChoiceField, DayField, ascii_int, filter_args, text_options
from lagesbild.models import ActionStatus, OrganisationKind, TimeBand
from lagesbild.privacy import NoPersonalData

from .queries import Reference, WeekFilters


class WeekFilterForm(FlaskForm):
    """GET form: the filters live in the query string so a view can be bookmarked and sent on."""

    class Meta:
        csrf = False

    kategori = SelectField("Kategori", validators=[Optional()])
    omrade = SelectField("Område", validators=[Optional()])
    organisationstyp = SelectField("Organisationstyp", validators=[Optional()])
    tid = SelectField("Tid på dygnet", validators=[Optional()])

    def __init__(self, ref: Reference, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kategori.choices = text_options(
            [("", "Alla kategorier")] + [(c.code, c.name) for c in ref.categories.values()]
        )
        self.omrade.choices = text_options(
            [("", "Alla områden")] + [(str(a.id), a.name) for a in ref.areas.values()]
        )
        self.organisationstyp.choices = text_options(
            [("", "Alla organisationstyper"), *OrganisationKind.choices()]
        )
        self.tid.choices = text_options([("", "Hela dygnet"), *TimeBand.choices()])

    @classmethod
    def from_args(cls, ref: Reference, args) -> "WeekFilterForm":
        """The form for a query string (inputs.filter_args: blank values are no filter); the one way the
        week page, its list and its map read their filters."""
        return cls(ref, formdata=filter_args(args))

    def filters(self) -> WeekFilters:
        """The valid filters; an unknown value is reported beside its field and left out."""
        if not self.validate():
            for name in self.errors:
                self[name].errors = ["Okänt värde, filtret används inte."]
        value = {name: (self[name].data or None) if not self[name].errors else None for name in self.data}
        omrade = value["omrade"]
        return WeekFilters(
            kategori=value["kategori"],
            omrade=int(omrade) if omrade else None,
            organisationstyp=value["organisationstyp"],
            tid=value["tid"],
        )


class OpenMeetingForm(FlaskForm):
    submit = SubmitField("Öppna mötet")


class _ConfirmedForm(FlaskForm):
    """A step the chair confirms with a button that sends bekraftad=ja."""

    bekraftad = HiddenField(default="ja")

    def confirmed(self) -> bool:
        """The button was pressed: the value came with the request (the default only renders it)."""
        return self.bekraftad.raw_data == ["ja"]


class CloseMeetingForm(_ConfirmedForm):
    """The second step of closing: the chair has seen the summary and confirms (bekraftad=ja)."""

    # Free text frozen into the record, so guarded like the notes; required before the meeting day
    # (operations.close_meeting says so, the view puts the message here).
    anledning = TextAreaField(
        "Skäl att avsluta före mötesdagen",
        validators=[Length(max=2000, message="Högst 2 000 tecken."), NoPersonalData("Skälet")],
    )
    submit = SubmitField("Ja, avsluta mötet och frys lägesbilden")


class ReopenMeetingForm(_ConfirmedForm):
    submit = SubmitField("Öppna mötet igen")


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class AttendanceForm(FlaskForm):
    organisations = MultiCheckboxField("Närvarande organisationer", coerce=int, validate_choice=True)
    submit = SubmitField("Spara närvaro")

    def __init__(self, organisations, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations.choices = text_options([(org.id, org.name) for org in organisations])


class NotesForm(Form):
    """The notes of one agenda item (prefix p<item id>), part of the meeting's one notes form."""

    # The notes are frozen into the meeting record at close, so they pass the personal-data guard.
    notes = TextAreaField(
        "Anteckningar",
        validators=[Length(max=10_000, message="Högst 10 000 tecken."), NoPersonalData("Anteckningarna")],
    )


class MeetingNotesForm(FlaskForm):
    """All agenda notes of a meeting save together: this form carries the CSRF token, the notes version
    the chair's page started from (the version check) and the button; the items' NotesForms sit inside."""

    version = HiddenField()
    submit = SubmitField("Spara anteckningar")

    def started_from(self) -> int | None:
        """The version the page was loaded with; None when it is missing or not a number."""
        return ascii_int(self.version.data)


def _optional_int(value):
    if value in (None, ""):
        return None
    if isinstance(value, int):
        return value
    number = ascii_int(value)
    return -1 if number is None else number  # -1 is no choice: validate() reports it beside the field


class ActionForm(FlaskForm):
    title = StringField(
        "Åtgärd",
        validators=[
            DataRequired(message="Skriv vad som ska göras."),
            Length(max=200, message="Högst 200 tecken."),
            NoPersonalData("Åtgärden"),
        ],
    )
    description = TextAreaField(
        "Beskrivning",
        validators=[Length(max=4000, message="Högst 4 000 tecken."), NoPersonalData("Beskrivningen")],
    )
    area_id = SelectField("Område", coerce=_optional_int, validate_choice=False)
    place_id = SelectField("Plats", coerce=_optional_int, validate_choice=False)
    owner_organisation_id = SelectField(
        "Ansvarig organisation",
        coerce=_optional_int,
        validate_choice=False,
        validators=[DataRequired("Välj ansvarig organisation.")],
    )
    due_on = DayField("Klart senast", validators=[Optional()], example="2026-12-04")
    status = ChoiceField(
        "Status", choices=text_options(ActionStatus.choices()), default=ActionStatus.OPPEN.value
    )
    # Linking is picking from the period's observations; numbers can still be typed for older ones.
    valda = MultiCheckboxField("Iakttagelser under perioden", coerce=int, validate_choice=False)
    observation_ids = StringField(
        "Andra iakttagelser (nummer)",
        validators=[Optional(), Length(max=500)],
    )
    submit = SubmitField("Spara åtgärd")

    def __init__(self, areas, places, organisations, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.area_id.choices = text_options([("", "Inget område")] + [(a.id, a.name) for a in areas])
        self.place_id.choices = text_options([("", "Ingen plats")] + [(p.id, p.name) for p in places])
        self.owner_organisation_id.choices = text_options(
            [("", "Välj organisation")] + [(o.id, o.name) for o in organisations]
        )

    def set_pick_list(self, choices: list[tuple[int, str]]) -> None:
        """The observations to pick from: (id, label) of the period's observations the chair sees."""
        self.valda.choices = text_options(choices)

    def prefill_from(self, observation) -> None:
        """A new action from an observation: its place and area, and the observation linked."""
        self.area_id.data = observation.area_id
        self.place_id.data = observation.place_id
        if any(choice.value == str(observation.id) for choice in self.valda.choices):
            self.valda.data = [observation.id]
        else:
            self.observation_ids.data = str(observation.id)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        offered = {int(choice.value) for choice in self.valda.choices or []}
        if set(self.valda.data or []) - offered:
            self.valda.errors = [*self.valda.errors, "Välj iakttagelser i listan."]
            valid = False
        for field in (self.area_id, self.place_id, self.owner_organisation_id):
            known = {int(choice.value) for choice in field.choices if choice.value != ""}
            if field.data is not None and field.data not in known:
                field.errors = [*field.errors, "Välj ett alternativ i listan."]
                valid = False
        return valid

    def action_fields(self) -> dict:
        """The typed fields an action operation takes (after validate())."""
        return {
            "title": self.title.data,
            "description": self.description.data or "",
            "area_id": self.area_id.data,
            "place_id": self.place_id.data,
            "owner_organisation_id": self.owner_organisation_id.data,
            "due_on": self.due_on.data,
            "status": ActionStatus(self.status.data),
        }

    def fill_from(self, action) -> None:
        """Show an existing action in the form (editing)."""
        self.title.data = action.title
        self.description.data = action.description
        self.area_id.data = action.area_id
        self.place_id.data = action.place_id
        self.owner_organisation_id.data = action.owner_organisation_id
        self.due_on.data = action.due_on
        self.status.data = action.status.value
        offered = {int(choice.value) for choice in self.valda.choices or []}
        linked = sorted(o.id for o in action.observations)
        self.valda.data = [i for i in linked if i in offered]
        self.observation_ids.data = ", ".join(str(i) for i in linked if i not in offered)

    def linked_ids(self) -> list[int]:
        """The picked observations and the numbers typed as "12, 15 18"; a bad number is an error beside
        its field."""
        text = (self.observation_ids.data or "").replace(",", " ").replace("#", " ")
        ids = []
        for part in text.split():
            number = ascii_int(part)
            if number is None:
                message = f"”{part[:20]}” är inget iakttagelsenummer."
            elif number > MAX_ID:  # no such id; asking the database would overflow its integer
                message = f"Iakttagelse #{part[:20]} finns inte."
            else:
                ids.append(number)
                continue
            self.observation_ids.errors = [*self.observation_ids.errors, message]
        return sorted(set(ids) | set(self.valda.data or []))


class ActionStatusForm(FlaskForm):
    status = SelectField("Status", choices=text_options(ActionStatus.choices()))
    submit = SubmitField("Ändra status")

"""Forms of the observation pages. Field checks live in validation.py (shared with the import); the
forms only carry raw values, so everything typed comes back on error."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from markupsafe import Markup, escape
from wtforms import HiddenField, RadioField, SelectField, StringField, SubmitField, TextAreaField

from lagesbild.inputs import options
from lagesbild.models import Extent, ReportedToPolice, Sharing, TimeBand
from lagesbild.privacy import NoPersonalData, check_text

from .fields import FIELDS, LABELS
from .validation import Context, validate

REASON_MAX = 500


def _choice(label, choices, **kwargs):
    # validate_choice=False: validation.py gives the Swedish message, WTForms' own is English.
    return RadioField(label, choices=options(choices), validate_choice=False, **kwargs)


class ObservationForm(FlaskForm):
    token = HiddenField()
    plats = StringField(LABELS["plats"])
    lat = HiddenField()
    lon = HiddenField()
    kategori = StringField(LABELS["kategori"])  # rendered as a grouped <select> by the template
    datum = StringField(LABELS["datum"], render_kw={"type": "date"})
    tid = StringField(LABELS["tid"] + " (valfritt)", render_kw={"type": "time"})
    tidsband = SelectField(
        LABELS["tidsband"] + " (valfritt)",
        choices=options([("", "Inget valt")] + TimeBand.choices()),
        validate_choice=False,
    )
    omfattning = _choice(LABELS["omfattning"], Extent.choices(), default=Extent.ENSTAKA.value)
    antal = StringField(
        LABELS["antal"] + " (valfritt)", render_kw={"type": "number", "min": 1, "inputmode": "numeric"}
    )
    beskrivning = TextAreaField(LABELS["beskrivning"], render_kw={"rows": 6})
    polis = _choice("Är det polisanmält?", ReportedToPolice.choices(), default=ReportedToPolice.VET_EJ.value)
    delning = _choice(LABELS["delning"], Sharing.choices(), default=Sharing.GRUPPEN.value)
    submit = SubmitField("Spara iakttagelsen")

    def __init__(self, context: Context, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.context = context
        self.clean = None
        self.datum.render_kw = {"type": "date", "max": context.today.isoformat()}

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        self.clean, errors = validate({name: self[name].data for name in FIELDS}, self.context)
        for name, messages in errors.items():
            self[name].errors = list(self[name].errors) + messages
        return self.clean is not None and self._validate_extra()

    def _validate_extra(self) -> bool:
        return True


class CorrectionForm(ObservationForm):
    """The chair's or coordinator's correction: the same fields plus a reason for the audit trail."""

    anledning = TextAreaField("Anledning till rättelsen", render_kw={"rows": 2, "maxlength": REASON_MAX})
    submit = SubmitField("Spara rättelsen")

    def _validate_extra(self) -> bool:
        message = reason_problem(self.anledning.data, required=True)
        if message:
            self.anledning.errors = [message]
        return message is None


class EditForm(ObservationForm):
    submit = SubmitField("Spara ändringen")


# The post form's reference lists (about 40 places and 90 categories) as plain rows built here: through
# Jinja each row cost a dozen attribute look-ups and filter calls, a fifth of a refused post's CPU. The
# HTML is byte for byte what templates/observations/form.html rendered with its loops
# (tests/test_observation_form_rows.py keeps those loops and compares).


def place_options(places, recent_ids) -> Markup:
    """The <option> rows of the place datalist (with the template's indentation after each)."""
    recent = set(recent_ids)
    latest = ' data-senast="1"'
    return Markup(  # noqa: S704 -- every value in it went through escape()
        "".join(
            f'<option value="{escape(place.name)}" data-omrade="{escape(place.area.name)}"'
            f' data-alias="{escape(";".join(place.alias_list))}" data-lat="{escape(place.lat)}"'
            f' data-lon="{escape(place.lon)}"{latest if place.id in recent else ""}></option>\n        '
            for place in places
        )
    )


def category_options(tree, selected) -> Markup:
    """The <optgroup> rows of the category select, `selected` (a submitted code) marked."""
    return Markup(  # noqa: S704 -- every value in it went through escape()
        "".join(
            f'\n        <optgroup label="{escape(top.name)}" data-kod="{escape(top.code)}">\n          '
            + "".join(
                f'<option value="{escape(sub.code)}"{" selected" if selected == sub.code else ""}>'
                f"{escape(sub.name)}</option>\n          "
                for sub in subs
            )
            + "\n        </optgroup>\n        "
            for top, subs in tree
        )
    )


def reason_problem(text: str | None, required: bool) -> str | None:
    text = (text or "").strip()
    if not text:
        return "Skriv varför (det sparas i loggen)." if required else None
    if len(text) > REASON_MAX:
        return f"Anledningen får vara högst {REASON_MAX} tecken."
    return check_text(text, "Anledningen")


class WithdrawForm(FlaskForm):
    anledning = TextAreaField("Anledning", render_kw={"rows": 2, "maxlength": REASON_MAX})
    submit = SubmitField("Återkalla iakttagelsen")

    def __init__(self, reason_required: bool, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason_required = reason_required

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        message = reason_problem(self.anledning.data, self.reason_required)
        if message:
            self.anledning.errors = [message]
        return message is None


class UploadForm(FlaskForm):
    fil = FileField("CSV-fil", [NoPersonalData("Filnamnet")])
    organisation = SelectField("Organisation som rapporterar", validate_choice=False)
    submit = SubmitField("Läs in filen")


class ImportForm(FlaskForm):
    """Confirms the import; the mapping travels as the column selects of the preview page."""

    submit = SubmitField("Importera")


def mapping_form_class(headers: list[str]):
    """A form with one column select per target field (built per file: the choices are its headers)."""

    class MappingForm(FlaskForm):
        pass

    choices = options(
        [("", "– ingen kolumn –")]
        + [(str(i), header or f"Kolumn {i + 1}") for i, header in enumerate(headers)]
    )
    for name in FIELDS:
        setattr(
            MappingForm, f"kolumn_{name}", SelectField(LABELS[name], choices=choices, validate_choice=False)
        )
    return MappingForm

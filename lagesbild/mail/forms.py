"""Forms of the mail capability: one checkbox per kind of message."""

from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms.fields.choices import SelectChoice

from lagesbild.inputs import ChoiceField
from lagesbild.models import MailKind, MailStatus


class _KindsForm(FlaskForm):
    def chosen(self) -> dict[MailKind, bool]:
        return {kind: bool(self[kind.value].data) for kind in MailKind if kind.value in self}


def kinds_form(current: dict[MailKind, bool]) -> _KindsForm:
    """A form with one checkbox per kind in `current`, ticked as it says (on GET)."""

    class KindsForm(_KindsForm):
        pass

    for kind, enabled in current.items():
        setattr(KindsForm, kind.value, BooleanField(kind.label, default=enabled))
    return KindsForm()


class OutboxFilterForm(FlaskForm):
    class Meta:
        csrf = False

    status = ChoiceField(
        "Status",
        choices=[SelectChoice("", "Alla")] + [SelectChoice(s.value, s.label) for s in MailStatus],
        default="",
    )

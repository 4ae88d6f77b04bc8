"""Forms for signing in and for the member's own account."""

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from .passwords import password_problem


class LoginForm(FlaskForm):
    email = EmailField(
        "E-postadress",
        validators=[DataRequired("Fyll i din e-postadress."), Length(max=254)],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        "Lösenord",
        validators=[DataRequired("Fyll i ditt lösenord."), Length(max=1000)],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField("Logga in")


class LogoutForm(FlaskForm):
    submit = SubmitField("Logga ut")


class ConfirmForm(FlaskForm):
    """A button-only form: the CSRF token is all it carries."""

    submit = SubmitField("Bekräfta")


class ProofForm(FlaskForm):
    """Confirm a change to the second factor with the password or a current code from the app."""

    proof = PasswordField(
        "Ditt lösenord eller en kod från appen",
        validators=[
            DataRequired("Fyll i ditt lösenord eller en kod från appen."),
            Length(max=1000, message="Det du fyllde i är för långt."),
        ],
        render_kw={"autocomplete": "current-password", "spellcheck": "false"},
    )


class SecondFactorForm(FlaskForm):
    code = StringField(
        "Kod",
        validators=[DataRequired("Fyll i koden."), Length(max=20, message="Koden är för lång.")],
        render_kw={"autocomplete": "one-time-code", "inputmode": "text", "spellcheck": "false"},
    )


class EnrolForm(FlaskForm):
    code = StringField(
        "Sexsiffrig kod från appen",
        validators=[DataRequired("Fyll i koden från appen."), Length(max=10, message="Koden är för lång.")],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )


def _acceptable_password(form, field):
    problem = password_problem(field.data or "")
    if problem:
        raise ValidationError(problem)


class NewPasswordMixin:
    new_password = PasswordField(
        "Nytt lösenord",
        validators=[DataRequired("Fyll i ett nytt lösenord."), _acceptable_password],
        render_kw={"autocomplete": "new-password"},
    )
    repeat = PasswordField(
        "Upprepa det nya lösenordet",
        validators=[
            DataRequired("Upprepa lösenordet."),
            EqualTo("new_password", "Lösenorden är inte likadana."),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class SetPasswordForm(NewPasswordMixin, FlaskForm):
    pass


class ChangePasswordForm(NewPasswordMixin, FlaskForm):
    current_password = PasswordField(
        "Nuvarande lösenord",
        validators=[DataRequired("Fyll i ditt nuvarande lösenord."), Length(max=1000)],
        render_kw={"autocomplete": "current-password"},
    )

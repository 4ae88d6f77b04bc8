"""A POST whose CSRF token is missing or invalid: a plain 400 page that keeps what the user typed.

CSRFProtect checks every POST before the view runs, so nothing is written. The token lives as long as
the browser's session (WTF_CSRF_TIME_LIMIT = None; the server-side session ends after its idle and
absolute limits, and signing in or out starts a new session with a new token), so this page is rare for
a genuine form: a form opened before signing in (or out) again. So that the user loses nothing, the
page shows the submitted text fields read-only, to copy into the reloaded form. Never passwords, codes
or tokens: fields whose name says so, and fields that any of the app's forms declares as a password.
"""

from urllib.parse import urlsplit

from flask import render_template, request, url_for
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FileField,
    HiddenField,
    MultipleFileField,
    PasswordField,
    RadioField,
    SelectField,
    SelectFieldBase,
    SubmitField,
)
from wtforms.fields.core import UnboundField

from .redirects import safe_next

# A field whose name contains one of these is never shown back, whatever form it came from.
SECRET_NAME_PARTS = ("password", "losenord", "lösenord", "code", "kod", "csrf", "token", "proof", "secret")
# Fields the user does not type into: choices and files say nothing worth copying, hidden fields carry
# the app's own state (an upload's content, a resubmission token), and passwords must never be echoed.
NOT_TYPED = (
    PasswordField,
    HiddenField,
    SelectFieldBase,
    SelectField,
    RadioField,
    BooleanField,
    FileField,
    MultipleFileField,
    SubmitField,
)
MESSAGE = (
    "Formuläret kunde inte skickas: säkerhetstoken saknades eller hörde till en tidigare inloggning. "
    "Inget har sparats."
)


def _form_classes(cls=FlaskForm):
    for sub in cls.__subclasses__():
        yield sub
        yield from _form_classes(sub)


def _declared_fields() -> dict[str, tuple[set[type], set[str]]]:
    """Every field name the app's forms declare: its field classes and labels."""
    declared: dict[str, tuple[set[type], set[str]]] = {}
    for form_class in _form_classes():
        for name in dir(form_class):
            unbound = getattr(form_class, name, None)
            if not isinstance(unbound, UnboundField):
                continue
            classes, labels = declared.setdefault(name, (set(), set()))
            classes.add(unbound.field_class)
            label = unbound.kwargs.get("label", unbound.args[0] if unbound.args else None)
            if isinstance(label, str):
                labels.add(label)
    return declared


def kept_fields() -> list[tuple[str, str]]:
    """(label, text) of each non-empty text field of the posted form that may be shown back."""
    declared = _declared_fields()
    kept = []
    for name in request.form:
        if any(part in name.lower() for part in SECRET_NAME_PARTS):
            continue
        classes, labels = declared.get(name, (set(), set()))
        # One form declaring the name as a password (or hidden, a choice …) is enough to leave it out.
        if any(issubclass(cls, NOT_TYPED) for cls in classes):
            continue
        text = "\n".join(value for value in request.form.getlist(name) if value.strip())
        if text:
            kept.append((labels.pop() if len(labels) == 1 else name, text))
    return kept


def _sent_from_another_site() -> bool:
    """The browser says the form was on another site's page: a forged request, not the user's text."""
    for header in ("Origin", "Referer"):
        value = request.headers.get(header)
        if value is not None and urlsplit(value).netloc != request.host:
            return True
    return False


def back_link() -> str:
    """The form's page (the Referer, when it is a page of this site), else the start page."""
    referer = request.headers.get("Referer")
    if referer and not _sent_from_another_site():
        parts = urlsplit(referer)
        target = safe_next(parts.path + (f"?{parts.query}" if parts.query else ""))
        if target:
            return target
    return url_for("web.index")


def refused_page():
    """The 400 page for a POST whose token failed; nothing has been written (errors.py answers a
    request that wants JSON with the same message as JSON)."""
    # A forged request's text is not shown: the page would otherwise say what another site chose.
    fields = [] if _sent_from_another_site() else kept_fields()
    return render_template("errors/csrf.html", message=MESSAGE, fields=fields, back=back_link()), 400

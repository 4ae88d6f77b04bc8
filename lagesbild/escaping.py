"""One escaping helper per output context. Member text passes through one of these on its way out.

- HTML: Jinja autoescape (nothing to call).
- folium popups and tooltips: folium places their HTML inside JavaScript template literals
  (`...`), so text is HTML-escaped *and* has backslash, backtick and `$` encoded.
- spreadsheets and CSV: a cell that starts with = + - @ tab or CR would be read as a formula.
- Word (DOCX): python-docx escapes XML's special characters itself; characters XML 1.0 cannot hold at
  all (control characters other than tab, line feed and carriage return) are replaced.
"""

import html
import re

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def for_map(text: str) -> str:
    """Escape member text for HTML inside a folium popup or tooltip (a JS template literal)."""
    escaped = html.escape(str(text), quote=True)
    return escaped.replace("\\", "\\\\").replace("`", "\\`").replace("$", "\\$")


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def for_csv(value: object) -> object:
    """Neutralise a CSV cell that a spreadsheet would run as a formula (leading apostrophe)."""
    return f"'{value}" if is_formula_like(value) else value


# XML 1.0 allows tab, LF, CR and everything from U+0020 (except the surrogates and U+FFFE/U+FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def for_docx(value: object) -> str:
    """Member text for a Word document: text only, with characters XML cannot hold replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", str(value))

"""One escaping helper per output context. Member text passes through one of these on its way out.

- HTML: Jinja autoescape (nothing to call).
- folium popups and tooltips: folium places their HTML inside JavaScript template literals
  (`...`), so text is HTML-escaped *and* has backslash, backtick and `$` encoded.
- spreadsheets and CSV: a cell that starts with = + - @ tab or CR would be read as a formula.
"""

import html

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

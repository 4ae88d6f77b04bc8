"""The printable, standalone HTML file: styles embedded, charts and the map as inline SVG.

It works offline (no scripts, no stylesheets or fonts to fetch), so it can be mailed or archived.
"""

from flask import render_template

from .charts import all_charts
from .report import WEEK_RULE, Report, about_rows


def render_html(report: Report, charts: dict | None = None) -> str:
    return render_template(
        "problembild/standalone.html",
        report=report,
        charts=charts or all_charts(report),
        about=about_rows(report),
        week_rule=WEEK_RULE,
    )

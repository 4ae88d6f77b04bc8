"""The problembild on screen and its four files as downloads (the `problembild` command: cli.py).

Who: the chair and the coordinator (the report counts restricted observations and names hot spots
and organisations); members use the week page. Both variants are reads, so they are GET requests
with the period in the query string.
"""

import io
from typing import TYPE_CHECKING

from flask import Response, abort, current_app, render_template, request
from flask_login import current_user

from lagesbild import periods
from lagesbild.auth.decorators import chair_or_steering_required
from lagesbild.extensions import db
from lagesbild.followup.previous import measure_changes
from lagesbild.walks.summary import walk_summary

from .forms import PeriodForm

if TYPE_CHECKING:
    from .report import Report

# The report and its files need pandas, matplotlib, folium and openpyxl: imported by the views that
# use them, not when the app starts (every CLI command and server start would pay for them).

# Media types without parameters: Response adds "; charset=utf-8" to text types itself (a charset
# here would be sent twice); the binary and JSON types get none (GeoJSON is UTF-8 by definition).
FILES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
    "geojson": "application/geo+json",
    "html": "text/html",
}


def _args():
    """The query string; the styrgrupp reads the public variant only, whatever it asks for."""
    if not current_user.is_steering:
        return request.args
    args = request.args.copy()
    args["variant"] = "offentlig"
    return args


def _key(form: PeriodForm) -> tuple:
    return form.start.data, form.end.data, form.public, current_app.config["PUBLIC_MIN_COUNT"]


def _report(form: PeriodForm) -> "Report":
    from dataclasses import replace

    from lagesbild.report_cache import cached

    from .queries import generated_now
    from .report import build_report

    start, end, public, min_count = _key(form)
    report = cached(
        db.session,
        ("report", *_key(form)),
        lambda: build_report(db.session, start, end, public=public, min_count=min_count),
    )
    # Served again while no figure has changed (cache.py); "Skapad" is still when it was asked for.
    return replace(report, generated_at=generated_now())


@chair_or_steering_required
def index():
    from lagesbild.report_cache import cached

    from .charts import all_charts
    from .mapping import report_map
    from .report import WEEK_RULE, about_rows

    form = PeriodForm.from_args(_args(), periods.today_local())
    if not form.validate():
        return render_template("problembild/report.html", form=form, report=None), 400
    report = _report(form)
    return render_template(
        "problembild/report.html",
        form=form,
        report=report,
        charts=all_charts(report, printable=False),
        # Drawn from the report's figures only, so kept as long as they are (cache.py).
        map_parts=cached(db.session, ("map", *_key(form)), lambda: report_map(report)),
        week_rule=WEEK_RULE,
        about=about_rows(report),
        walks=None if form.public else walk_summary(db.session, form.start.data, form.end.data),
        # Last year's follow-up as input (Brå step 5 feeds step 2); the public variant leaves it out.
        last_year=form.end.data.year - 1,
        changes=None
        if form.public
        else measure_changes(db.session, form.end.data.year - 1, periods.today_local()),
    )


@chair_or_steering_required
def download(kind: str):
    if kind not in FILES:
        abort(404)
    form = PeriodForm.from_args(_args(), periods.today_local())
    if not form.validate():
        return Response("Ogiltig period: " + " ".join(e for es in form.errors.values() for e in es), 400,
                        mimetype="text/plain")  # fmt: skip
    from .export import write_csv, write_geojson, write_xlsx
    from .standalone import render_html

    report = _report(form)
    buffer = io.BytesIO()
    if kind == "html":
        buffer.write(render_html(report).encode("utf-8"))
    else:
        {"xlsx": write_xlsx, "csv": write_csv, "geojson": write_geojson}[kind](report, buffer)
    response = Response(buffer.getvalue(), mimetype=FILES[kind])
    response.headers["Content-Disposition"] = f'attachment; filename="{report.slug}.{kind}"'
    response.headers["Cache-Control"] = "no-store"
    return response

"""The problembild on screen, its four files as downloads, and the `problembild` CLI command.

Who: the chair and the coordinator (the report counts restricted observations and names hot spots
and organisations); members use the week page. Both variants are reads, so they are GET requests
with the period in the query string.
"""

import io
from datetime import date
from pathlib import Path

import click
from flask import Blueprint, Response, abort, current_app, render_template, request
from flask.cli import with_appcontext

from lagesbild import periods
from lagesbild.auth.decorators import chair_required
from lagesbild.extensions import db

from .charts import all_charts
from .export import write_all, write_csv, write_geojson, write_xlsx
from .forms import PeriodForm
from .mapping import report_map
from .report import WEEK_RULE, Report, about_rows, build_report
from .standalone import render_html

bp = Blueprint("problembild", __name__, cli_group=None)

# Media types without parameters: Response adds "; charset=utf-8" to text types itself (a charset
# here would be sent twice); the binary and JSON types get none (GeoJSON is UTF-8 by definition).
FILES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
    "geojson": "application/geo+json",
    "html": "text/html",
}


def _report(form: PeriodForm) -> Report:
    return build_report(
        db.session,
        form.start.data,
        form.end.data,
        public=form.public,
        min_count=current_app.config["PUBLIC_MIN_COUNT"],
    )


@bp.get("/problembild")
@chair_required
def index():
    form = PeriodForm.from_args(request.args, periods.today_local())
    if not form.validate():
        return render_template("problembild/report.html", form=form, report=None), 400
    report = _report(form)
    return render_template(
        "problembild/report.html",
        form=form,
        report=report,
        charts=all_charts(report, printable=False),
        map_parts=report_map(report),
        week_rule=WEEK_RULE,
        about=about_rows(report),
    )


@bp.get("/problembild/fil/<kind>")
@chair_required
def download(kind: str):
    if kind not in FILES:
        abort(404)
    form = PeriodForm.from_args(request.args, periods.today_local())
    if not form.validate():
        return Response("Ogiltig period: " + " ".join(e for es in form.errors.values() for e in es), 400,
                        mimetype="text/plain")  # fmt: skip
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


@bp.cli.command(
    "problembild",
    help="Skriv problembilden för YEAR (eller --from/--to) som .xlsx, .csv, .geojson och .html i --out.",
)
@click.argument("year", type=int, required=False)
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), help="Första dagen (ÅÅÅÅ-MM-DD).")
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), help="Sista dagen (ÅÅÅÅ-MM-DD).")
@click.option(
    "--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path), help="Katalog."
)
@click.option("--public", is_flag=True, help="Offentlig variant: endast aggregat, små tal dolda.")
@with_appcontext
def problembild_command(year, start, end, out: Path, public: bool):
    """Write the problembild of YEAR (or --from/--to) as .xlsx, .csv, .geojson and .html into --out."""
    first, last = _cli_period(year, start, end)
    report = build_report(
        db.session, first, last, public=public, min_count=current_app.config["PUBLIC_MIN_COUNT"]
    )
    with current_app.test_request_context():  # url_for and the template globals need a request
        paths = write_all(report, out)
    click.echo(
        f"Problembild {report.period} ({'offentlig' if public else 'intern'}): {report.total} iakttagelser."
    )
    for path in paths:
        click.echo(f"  {path}")


def _cli_period(year, start, end) -> tuple[date, date]:
    if year is not None and (start or end):
        raise click.UsageError("Ange antingen ett år eller --from och --to, inte båda.")
    if year is not None:
        if not 1900 <= year <= 9999:
            raise click.BadParameter("Året ska vara fyrsiffrigt.", param_hint="YEAR")
        return date(year, 1, 1), date(year, 12, 31)
    if not (start and end):
        raise click.UsageError("Ange ett år, eller både --from och --to.")
    if end < start:
        raise click.BadParameter("--to ligger före --from.", param_hint="--to")
    return start.date(), end.date()

"""`flask --app lagesbild problembild 2026 --out DIR`: the report's four files from the terminal."""

from datetime import date
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from lagesbild import formats
from lagesbild.extensions import db


@click.command(
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
    # Imported here: `flask --help` and every other command start without pandas and matplotlib.
    from .export import write_all
    from .report import build_report

    report = build_report(
        db.session,
        first,
        last,
        public=public,
        min_count=current_app.config["PUBLIC_MIN_COUNT"],
        parallel=True,
    )
    with current_app.test_request_context():  # url_for and the template globals need a request
        paths = write_all(report, out)
    total = report.total if isinstance(report.total, str) else formats.tal(report.total)  # "<3" stays
    variant = "offentlig" if public else "intern"
    span = f"{formats.datum(report.start)} – {formats.datum(report.end)}"
    click.echo(f"Problembild {span} ({variant}): {total} iakttagelser.")
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

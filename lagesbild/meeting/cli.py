"""`flask --app lagesbild vecka 2026-47`: the week's table and flags in the terminal."""

import click

from lagesbild import formats
from lagesbild.extensions import db

from . import week
from .aggregate import render_text
from .snapshot import week_figures


@click.command("vecka")
@click.argument("slug", required=False)
def week_command(slug: str | None):
    """Skriv ut veckans tabell (område × kategori) och ökningar, t.ex. `vecka 2026-47`."""
    period = week.period_from_slug(slug) if slug else week.current_period()
    if period is None:
        raise click.BadParameter("Ange veckan som ÅÅÅÅ-VV, t.ex. 2026-47.", param_hint="SLUG")
    figures = week_figures(db.session, period)
    title = f"Lägesbild {period.label} ({formats.datum(period.start)} – {formats.datum(period.end)})"
    click.echo(render_text(figures, title))

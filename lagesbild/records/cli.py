"""`flask --app lagesbild gallra [--dry-run]`: apply the retention rules (see retention.py)."""

import click
from flask import current_app

from lagesbild import formats, periods
from lagesbild.database import write_lock
from lagesbild.extensions import db
from lagesbild.walks import photos

from . import queries
from .operations import gallra
from .retention import KIND_LABELS, KIND_NOUNS, RetentionConfigError, Rules


def plan_lines(plan: queries.Plan) -> list[str]:
    """The plan in Swedish, counts per kind and year; no text of any observation."""
    rules = plan.rules
    lines = [
        f"Regler: fritext sparas {rules.free_text_years} år (iakttagelser före "
        f"{formats.datum(plan.free_text_before)}), iakttagelser sparas {rules.observation_years} år "
        f"(före {formats.datum(plan.observations_before)}).",
    ]
    for kind, label in KIND_LABELS.items():
        found = [line for line in plan.lines if line.kind == kind]
        if not found:
            lines.append(f"{label}: inget att ta bort.")
            continue
        lines.append(f"{label}: {formats.antal(plan.total(kind), *KIND_NOUNS[kind])}")
        lines += [f"  {line.year}: {formats.tal(line.count)}" for line in found]
    return lines


@click.command("gallra")
@click.option("--dry-run", is_flag=True, help="Visa bara vad som skulle tas bort; ändra ingenting.")
def gallra_command(dry_run: bool):
    """Gallra enligt reglerna: ta bort gammal fritext och, efter längre tid, gamla iakttagelser."""
    try:
        rules = Rules.from_config(current_app.config)
    except RetentionConfigError as error:
        raise click.ClickException(str(error)) from error
    today = periods.today_local()
    if dry_run:
        for line in plan_lines(queries.plan(db.session, rules, today)):
            click.echo(line)
        click.echo("Torrkörning: ingenting har ändrats.")
        return
    # The plan, the removal and the log entry in one transaction that holds SQLite's write lock.
    with write_lock():
        done = gallra(db.session, rules, today)
        db.session.commit()
    for token in done.photo_tokens:  # only now: a failed commit would have left the photos in use
        photos.remove(token)
    for line in plan_lines(done):
        click.echo(line)
    click.echo("Gallringen är gjord och loggad (Administration → Gallring).")
    if db.engine.dialect.name == "postgresql":
        # Overwritten rows stay in PostgreSQL's files as dead versions until VACUUM reclaims them.
        click.echo("Kör VACUUM observation i PostgreSQL för att de gamla radversionerna ska försvinna nu.")

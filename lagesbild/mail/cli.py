"""`flask --app lagesbild utskick`: queue what is due now and deliver the outbox (`--dry-run` lists it)."""

import click

from lagesbild.database import write_lock
from lagesbild.extensions import db
from lagesbild.models import utcnow

from . import delivery, schedule


@click.command("utskick")
@click.option(
    "--dry-run", is_flag=True, help="Visa vad som skulle skickas, utan att skicka eller spara något."
)
def mail_command(dry_run: bool):
    """Lägg i utkorgen det som ska skickas nu och skicka utkorgen (kör var femte minut)."""
    # Each transaction takes SQLite's write lock at BEGIN, as every writing command does (lagesbild/cli.py).
    with write_lock():
        _run(dry_run)


def _run(dry_run: bool) -> None:
    now = utcnow()
    planned = schedule.plan(db.session, now)
    due = delivery.due_messages(db.session, now)
    if dry_run:
        for message in due:
            click.echo(f"{message.id}\t{message.kind.label}\t{message.recipient}\t{message.subject}")
        click.echo(f"{len(due)} meddelanden skulle skickas nu.")
        db.session.rollback()  # the run planned in its transaction: nothing of it is kept
        return
    db.session.commit()
    click.echo(f"Nya i utkorgen: {sum(planned.values())}.")
    if not delivery.configured():
        click.echo(f"Ingen e-postserver är inställd: {len(due)} meddelanden väntar i utkorgen (se Utskick).")
        return
    try:
        report = delivery.deliver_due(db.session, now)
    except delivery.MailNotConfigured as problem:
        raise click.ClickException(str(problem)) from None
    click.echo(
        f"Skickade: {len(report.sent)}. Försöks igen senare: {len(report.retry)}. "
        f"Misslyckades: {len(report.failed)}. Stoppade: {len(report.cancelled)}. "
        f"Avbrutna: {report.interrupted}."
    )

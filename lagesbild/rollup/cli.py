"""`flask --app lagesbild rollup rebuild|check`: rebuild the roll-ups, or compare them with the raw rows."""

import click

from lagesbild.extensions import db

SHOWN = 50  # differing cells printed by `check`


@click.group("rollup")
def rollup_command():
    """Sammanställningarna av antal som veckosidan, problembilden och medborgarlöftena läser."""


@rollup_command.command("rebuild")
def rebuild():
    """Bygg om sammanställningarna från iakttagelserna."""
    from lagesbild.database import write_lock

    from . import operations

    with write_lock():
        cells = operations.rebuild(db.session)
        db.session.commit()
    click.echo(f"Sammanställningarna är ombyggda: {cells} celler.")


@rollup_command.command("check")
def check():
    """Jämför sammanställningarna med iakttagelserna; avslutar med fel om de skiljer sig."""
    from . import queries

    found = queries.differences(db.session)
    if not found:
        click.echo("Sammanställningarna stämmer med iakttagelserna.")
        return
    click.echo(f"Sammanställningarna skiljer sig från iakttagelserna i {len(found)} celler:", err=True)
    for difference in found[:SHOWN]:
        click.echo(f"  {difference.text()}", err=True)
    if len(found) > SHOWN:
        click.echo(f"  … och {len(found) - SHOWN} till.", err=True)
    click.echo("Kör `flask --app lagesbild rollup rebuild` för att bygga om dem.", err=True)
    raise SystemExit(1)

"""`flask --app lagesbild setup` (a real group's install) and `reference export/import` (the set as files)."""

from pathlib import Path

import click
from sqlalchemy import select

from lagesbild.audit import record
from lagesbild.database import write_lock
from lagesbild.extensions import db
from lagesbild.meeting_day import describe, forget, meeting_day
from lagesbild.models import Area, Category, Installation, demo_row_count

from . import export, install
from .loading import load_set
from .sets import BUNDLED, ReferenceSetError, bundled, read_folder


def _known() -> dict:
    """What the files may refer to besides themselves: the areas and category codes already stored."""
    return {
        "known_areas": set(db.session.scalars(select(Area.name))),
        "known_codes": set(db.session.scalars(select(Category.code))),
    }


def _read(folder: Path):
    try:
        return read_folder(folder, **_known())
    except ReferenceSetError as error:
        raise click.ClickException("Filerna lästes inte in:\n" + "\n".join(error.messages)) from None


@click.command("setup")
@click.option(
    "--reference",
    "reference_name",
    type=click.Choice(BUNDLED),
    help="Inbyggd referensuppsättning: eslov (Eslövs områden, platser, kategorier …) eller tom.",
)
@click.option(
    "--from",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    help="Mapp med en egen referensuppsättning (samma filer som `reference export` skriver).",
)
def setup(reference_name: str | None, folder: Path | None):
    """Set up a real group's install: its reference data, with no demo row. Safe to run again."""
    if bool(reference_name) == bool(folder):
        raise click.UsageError("Ange antingen --reference eslov|tom eller --from MAPP.")
    with write_lock():
        _setup(reference_name, folder)


def _setup(reference_name: str | None, folder: Path | None):
    problem = install.refuse_real_setup(db.session)
    if problem:
        raise click.ClickException(problem)
    reference = bundled(reference_name) if reference_name else _read(folder)
    changes = load_set(db.session, reference, update=False)
    created = install.mark_real(db.session, reference.name)
    record("reference.setup", detail={"set": reference.name, "added": _counts(changes.added)})
    db.session.commit()
    if created:
        click.echo(f"Skarp installation med referensuppsättningen ”{reference.name}”, utan demodata.")
    for line in changes.summary():
        click.echo(line)
    day = meeting_day()
    click.echo(f"Mötesdag: {describe(day.weekday, day.time)} (ändras under Administration → Referensdata).")
    click.echo(
        "Nästa steg: flask --app lagesbild create-user --role coordinator --email … --name … --organisation …"
    )


def _counts(by_kind: dict[str, list[str]]) -> dict[str, int]:
    return {kind: len(names) for kind, names in by_kind.items()}


@click.group("reference")
def reference_command():
    """The group's reference data (areas, places, categories, organisations) as files."""


@reference_command.command("export")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def export_command(folder: Path):
    """Write categories.csv, places.csv, organisations.csv and areas.geojson into FOLDER."""
    folder.mkdir(parents=True, exist_ok=True)
    written = export.write_folder(db.session, folder)
    for name, count in written.items():
        click.echo(f"{folder / name}: {count} {'områden' if name.endswith('.geojson') else 'rader'}")


@reference_command.command("import")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Visa vad som skulle ändras, utan att ändra något.")
def import_command(folder: Path, dry_run: bool):
    """Add and update reference data from FOLDER's files (nothing is deleted)."""
    with write_lock():
        _import(folder, dry_run)


def _import(folder: Path, dry_run: bool):
    reference = _read(folder)
    if Installation.current(db.session) is None and not demo_row_count(db.session):
        install.mark_real(db.session, reference.name)
    changes = load_set(db.session, reference, update=True)
    lines = changes.summary() + changes.details()
    if dry_run:
        db.session.rollback()
        forget()  # the meeting day the dry run set is not the stored one
        click.echo("Provkörning – ingenting sparades. Detta skulle ändras:")
    else:
        record("reference.import", detail={"set": reference.name, "added": _counts(changes.added)})
        db.session.commit()
    for line in lines:
        click.echo(line)

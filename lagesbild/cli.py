"""Command-line interface: `flask --app lagesbild <command>`."""

import functools
import os
import sqlite3
from pathlib import Path

import click
from flask import Flask, current_app
from sqlalchemy import func, select

from lagesbild.database import write_lock
from lagesbild.extensions import db
from lagesbild.meeting_day import meeting_weekday
from lagesbild.models import Observation, Organisation, OrganisationKind, Role, User
from lagesbild.storage import private_folder, write_private_file


def init_app(app: Flask) -> None:
    """Every command, in one place (no blueprint carries commands)."""
    from lagesbild.mail.cli import mail_command
    from lagesbild.meeting.cli import week_command
    from lagesbild.problembild.cli import problembild_command
    from lagesbild.records.cli import gallra_command

    commands = (seed_demo, backup, restore, end_sessions, create_user, serve, is_empty)
    for command in (*commands, week_command, problembild_command, gallra_command, mail_command):
        app.cli.add_command(command)
    from lagesbild.reference_admin.cli import reference_command, setup

    app.cli.add_command(setup)
    app.cli.add_command(reference_command)
    from lagesbild.rollup.cli import rollup_command

    app.cli.add_command(rollup_command)
    app.cli.add_command(_LazyGroup("db", app.extensions["migrate"].cli_group))


class _LazyGroup(click.Group):
    """A command group that `flask --help` lists by name and loads (Flask-Migrate, Alembic) when run."""

    def __init__(self, name: str, load):
        super().__init__(name, help="Perform database migrations.")
        self._load = load

    def make_context(self, info_name, args, parent=None, **extra):
        # The real group parses and runs everything (its options, subcommands, --help).
        return self._load().make_context(info_name, args, parent=parent, **extra)


def with_write_lock(command):
    """Run a writing CLI command in transactions that take SQLite's write lock at BEGIN."""

    @functools.wraps(command)
    def wrapped(*args, **kwargs):
        with write_lock():
            return command(*args, **kwargs)

    return wrapped


def _database_is_empty() -> bool:
    from lagesbild.reference_admin.install import is_set_up

    counts = [db.session.scalar(select(func.count()).select_from(model)) for model in (User, Observation)]
    return not any(counts) and not is_set_up(db.session)


@click.command("is-empty")
def is_empty():
    """Exit 0 when the database holds no users or observations and was never set up (`make run`)."""
    raise SystemExit(0 if _database_is_empty() else 1)


@click.command("seed-demo")
@click.option("--force", is_flag=True, help="Lägg till demodata även om databasen inte är tom.")
@click.option(
    "--weeks",
    type=int,
    default=None,
    help="Antal veckor med iakttagelser (annars från 1 januari i förrförra året).",
)
@with_write_lock
def seed_demo(force: bool, weeks: int | None):
    """Load Eslöv's reference data and demo observations from 1 January of the year before last."""
    from lagesbild import periods
    from lagesbild.reference_admin.install import mark_demo, refuse_demo
    from lagesbild.seed.demo import create_organisations_and_users, demo_logins, generate_observations
    from lagesbild.seed.reference import load_reference

    if problem := refuse_demo(db.session):
        raise click.ClickException(problem)
    if not _database_is_empty() and not force:
        raise click.ClickException("Databasen är inte tom. Använd --force för att ändå lägga in demodata.")
    if force and db.session.scalar(select(func.count()).where(Organisation.is_demo)):
        raise click.ClickException("Demodata finns redan i databasen.")
    mark_demo(db.session)
    counts = load_reference(db.session)
    create_organisations_and_users(db.session)
    weekday = meeting_weekday()
    created = generate_observations(db.session, periods.today_local(), weeks=weeks, weekday=weekday)
    _seed_extras()
    db.session.commit()
    click.echo(
        f"Demodata inlagd: {counts['areas']} områden, {counts['places']} platser, "
        f"{counts['categories']} kategorier, {created} iakttagelser."
    )
    for login in demo_logins():
        click.echo(f"  {login.role.label:<11} {login.email}  lösenord: {login.password}")


def _seed_extras() -> None:
    """Each capability's own demo records after the core set, in this order."""
    from lagesbild.agreement.demo import seed_demo_agreement
    from lagesbild.followup.demo import seed_demo_followup
    from lagesbild.mail.demo import add_demo_mail
    from lagesbild.meeting.demo import add_demo_meetings
    from lagesbild.plan.demo import seed_demo_plan
    from lagesbild.promises.demo import seed_demo_promises
    from lagesbild.walks.demo import add_demo_walks

    add_demo_meetings(db.session)
    seed_demo_agreement(db.session)
    seed_demo_promises(db.session)
    seed_demo_plan(db.session)
    seed_demo_followup(db.session)  # after the plan: last year's follow-up
    add_demo_walks(db.session)  # after the promises: a held demo walk counts toward this year's
    add_demo_mail(db.session)  # last: the outbox shows messages about everything above


@click.command("create-user")
@click.option("--email", prompt="E-postadress")
@click.option("--name", "display_name", prompt="Namn")
@click.option("--organisation", prompt="Organisation")
@click.option(
    "--role", type=click.Choice([r.value for r in Role]), default=Role.COORDINATOR.value, show_default=True
)
@click.option(
    "--kind",
    type=click.Choice([k.value for k in OrganisationKind]),
    default=OrganisationKind.KOMMUNAL.value,
    show_default=True,
    help="Typ av organisation, om organisationen är ny.",
)
@click.password_option("--password", prompt="Lösenord (minst 12 tecken)")
@with_write_lock
def create_user(email: str, display_name: str, organisation: str, role: str, kind: str, password: str):
    """Create a user, e.g. the first coordinator on a fresh install."""
    from lagesbild.admin.operations import user_snapshot
    from lagesbild.audit import record
    from lagesbild.auth.passwords import hash_password, password_problem
    from lagesbild.privacy import check_text

    # The same guard as the admin forms: these names are shown to the group and frozen into records.
    problem = (
        password_problem(password)
        or check_text(display_name, "Namnet")
        or check_text(organisation, "Organisationens namn")
    )
    if problem:
        raise click.ClickException(problem)
    email = email.strip().lower()
    if db.session.scalar(select(User).where(func.lower(User.email) == email)):
        raise click.ClickException(f"Det finns redan en användare med e-postadressen {email}.")
    org = db.session.scalar(select(Organisation).where(Organisation.name == organisation))
    if org is None:
        org = Organisation(name=organisation, kind=OrganisationKind(kind))
        db.session.add(org)
    elif not org.is_active:
        raise click.ClickException(f"Organisationen {org.name} är inaktiverad.")
    user = User(
        email=email,
        display_name=display_name,
        organisation=org,
        role=Role(role),
        password_hash=hash_password(password),
    )
    db.session.add(user)
    db.session.flush()
    # The audit trail starts with the first account, made outside any web session.
    record("user.create", obj=user, after=user_snapshot(user), detail={"via": "cli"})
    db.session.commit()
    click.echo(f"Användaren {email} ({Role(role).label}) är skapad.")


def _require_sqlite() -> str:
    url = db.engine.url
    if url.get_backend_name() != "sqlite":
        raise click.ClickException(
            "backup/restore gäller SQLite. För PostgreSQL: pg_dump -Fc (säkerhetskopia) och "
            "pg_restore --clean (återställning), se README."
        )
    return url.database


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
def backup(target: Path):
    """Take a consistent online backup of the SQLite database (SQLite's backup API)."""
    _require_sqlite()
    try:
        # Owner-only (0600) from the first byte: sqlite3 would create the file 0644.
        write_private_file(private_folder(target.parent) / target.name, b"")
    except FileExistsError:
        raise click.ClickException(f"{target} finns redan; välj ett nytt filnamn.") from None
    except OSError as error:
        raise click.ClickException(
            f"Säkerhetskopian kunde inte skapas i {target}: {error.strerror}"
        ) from None
    raw = db.engine.raw_connection()
    try:
        with sqlite3.connect(target) as destination:
            # The backup API copies a consistent snapshot page by page while others keep writing.
            raw.driver_connection.backup(destination)
        destination.close()
    finally:
        raw.close()
    click.echo(f"Säkerhetskopia sparad i {target}.")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Fråga inte före återställningen.")
def restore(source: Path, yes: bool):
    """Check a backup's integrity and restore it over the current SQLite database."""
    _require_sqlite()
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as backup_db:
        problems = _integrity_problems(backup_db)
    backup_db.close()
    if problems:
        raise click.ClickException(f"Säkerhetskopian är skadad och återställs inte: {problems}")
    if not yes:
        click.confirm("Nuvarande databas skrivs över. Fortsätta?", abort=True)
    db.session.remove()
    raw = db.engine.raw_connection()
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as backup_db:
            backup_db.backup(raw.driver_connection)
        backup_db.close()
        problems = _integrity_problems(raw.driver_connection)
    finally:
        raw.close()
    if problems:
        raise click.ClickException(f"Återställningen gav en skadad databas: {problems}")
    click.echo(f"Databasen återställd från {source}.")
    _end_every_session(trigger="restore")


@click.command("end-sessions")
@with_write_lock
def end_sessions():
    """Sign everyone out (run it after pg_restore: a restored database holds revoked sessions)."""
    _end_every_session(trigger="command")


def _end_every_session(*, trigger: str) -> None:
    from lagesbild.audit import record
    from lagesbild.auth.sessions import revoke_every_session

    with write_lock():
        count = revoke_every_session()
        record("sessions.end_all", detail={"sessions_ended": count, "trigger": trigger})
        db.session.commit()
    click.echo(f"Alla inloggningar är avslutade ({count} st.); alla får logga in på nytt.")


def _integrity_problems(connection: sqlite3.Connection) -> str:
    """Return "" when the database passes integrity and foreign-key checks and has our schema."""
    try:
        result = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if result != ["ok"]:
            return "; ".join(result[:5])
        if connection.execute("PRAGMA foreign_key_check").fetchone():
            return "främmande nycklar pekar på rader som saknas"
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as error:
        return str(error)
    if not {"observation", "user_account", "audit_event"} <= tables:
        return "filen är inte en Lägesbild-databas"
    return ""


def worker_count(option: int | None, configured: int | None) -> int:
    """serve's worker processes: --workers, else WORKERS (LAGESBILD_WORKERS), else one per core."""
    return option or int(configured or os.cpu_count() or 1)


@click.command("serve")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Antal serverprocesser (standard: LAGESBILD_WORKERS, annars en per processorkärna).",
)
@click.option(
    "--threads", type=click.IntRange(min=1), default=8, show_default=True, help="Trådar per process."
)
def serve(workers: int | None, threads: int):
    """Serve the app on HOST:PORT with one worker process per core (gunicorn; waitress as the fallback)."""
    from lagesbild.seed.demo import demo_logins

    config = current_app.config
    host, port = config["HOST"], int(config["PORT"])
    workers = worker_count(workers, config.get("WORKERS"))
    click.echo(f"Lägesbild körs på http://{host}:{port}/  (avsluta med Ctrl+C)")
    if db.session.scalar(select(func.count()).where(User.is_demo)):
        click.echo("Demoinloggningar:")
        for login in demo_logins():
            click.echo(f"  {login.role.label:<11} {login.email}  lösenord: {login.password}")
    db.session.remove()
    # The workers are forked from this process: none may inherit (and share) its database connections.
    engines = list(db.engines.values())
    for engine in engines:
        engine.dispose()
    app = current_app._get_current_object()
    try:
        from lagesbild.server import run_gunicorn
    except ImportError:  # gunicorn runs on POSIX only (it needs fork and fcntl): one waitress process
        from waitress import serve as waitress_serve

        if workers > 1:
            click.echo("gunicorn saknas: servern körs i en enda process (waitress).")
        waitress_serve(app, host=host, port=port, threads=threads, ident="Lagesbild")
        return
    run_gunicorn(app, host=host, port=port, workers=workers, threads=threads, engines=engines)

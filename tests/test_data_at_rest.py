"""Data at rest: owner-only files and folders, pending uploads that do not linger, downloads that no
browser keeps and that name one charset (docs/security.md, "Data at rest")."""

import io
import os
import stat
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from lagesbild import create_app
from lagesbild.database import write_lock
from lagesbild.extensions import db
from lagesbild.models import Observation, OrganisationKind, Role

from .support import login

SAMPLE = Path(__file__).resolve().parent.parent / "docs" / "samples" / "bevakning-vecka.csv"
ROW_WITH_PERSONNUMMER = (
    "datum;plats;kategori;beskrivning\n2026-11-13;Stora torg;SKG.KLOTTER;Klottrat av 850709-9805.\n"
)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def permissive_umask():
    """The usual umask of a service account: new files 0644 and folders 0755 unless the app says so."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.fixture
def guard_company(make_org):
    return make_org("Securitas Eslöv", OrganisationKind.BEVAKNINGSBOLAG)


def _upload(client, data: bytes, organisation_id: int):
    return client.post(
        "/iakttagelser/import",
        data={"organisation": str(organisation_id), "fil": (io.BytesIO(data), "logg.csv")},
        content_type="multipart/form-data",
    )


def _pending(app) -> list[Path]:
    folder = Path(app.instance_path) / "imports"
    return sorted(folder.iterdir()) if folder.exists() else []


# --- the database, its WAL files, the instance folder and backups ---------------------------------


def _fresh_install(tmp_path, monkeypatch):
    """An app on the default SQLite file in a new instance folder, as `make run` starts it."""
    monkeypatch.delenv("LAGESBILD_DATABASE_URL", raising=False)
    monkeypatch.delenv("LAGESBILD_SECRET_KEY", raising=False)
    return create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "instance")})


@pytest.mark.sqlite_only
def test_a_new_install_writes_owner_only_files_under_a_permissive_umask(
    tmp_path, monkeypatch, permissive_umask
):
    app = _fresh_install(tmp_path, monkeypatch)
    instance = Path(app.instance_path)
    database = instance / "lagesbild.sqlite3"
    with app.app_context():
        # A real write with the connection kept open: SQLite creates -wal and -shm itself.
        connection = db.engine.connect()
        connection.execute(text("CREATE TABLE probe (x INTEGER)"))
        connection.execute(text("INSERT INTO probe VALUES (1)"))
        connection.commit()
        # A write as a post makes one: it queues on the lock file beside the database (created empty).
        with write_lock(), db.engine.begin() as writer:
            writer.execute(text("INSERT INTO probe VALUES (2)"))
        wal, shm, lock = (Path(f"{database}{suffix}") for suffix in ("-wal", "-shm", "-lock"))
        assert wal.exists() and shm.exists() and lock.stat().st_size == 0
        modes = {path.name: mode(path) for path in (database, wal, shm, lock, instance / "secret_key")}
        connection.close()
        db.engine.dispose()
    assert mode(instance) == 0o700
    assert modes == {
        "lagesbild.sqlite3": 0o600,
        "lagesbild.sqlite3-wal": 0o600,
        "lagesbild.sqlite3-shm": 0o600,
        "lagesbild.sqlite3-lock": 0o600,
        "secret_key": 0o600,
    }


@pytest.mark.sqlite_only
def test_an_existing_install_is_made_owner_only_when_the_app_starts(tmp_path, monkeypatch, permissive_umask):
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o755)
    database = instance / "lagesbild.sqlite3"
    database.write_bytes(b"")
    leftovers = [Path(f"{database}{suffix}") for suffix in ("-wal", "-shm", "-journal")]
    for path in leftovers:
        path.write_bytes(b"")
    for path in (instance, database, *leftovers):
        os.chmod(path, 0o755 if path == instance else 0o644)
    app = _fresh_install(tmp_path, monkeypatch)
    with app.app_context():
        db.engine.dispose()
    assert mode(instance) == 0o700
    assert [mode(path) for path in (database, *leftovers)] == [0o600] * 4


@pytest.mark.sqlite_only
def test_backups_are_owner_only_and_so_are_the_folders_backup_creates(
    app, runner, tmp_path, permissive_umask
):
    in_existing_folder = tmp_path / "lagesbild.sqlite3"
    in_new_folders = tmp_path / "backups" / "2026" / "lagesbild.sqlite3"
    for target in (in_existing_folder, in_new_folders):
        result = runner.invoke(args=["backup", str(target)])
        assert result.exit_code == 0, result.output
        assert mode(target) == 0o600
    assert mode(tmp_path / "backups") == 0o700 and mode(tmp_path / "backups" / "2026") == 0o700
    again = runner.invoke(args=["backup", str(in_existing_folder)])
    assert again.exit_code != 0 and "finns redan" in again.output


# --- pending import uploads ------------------------------------------------------------------------


def test_uploads_leave_only_the_owner_only_pending_import_on_the_server(
    app, client, login_as, coordinator, guard_company, reference, permissive_umask
):
    instance = Path(app.instance_path)
    instance.mkdir(mode=0o700)
    (instance / "imports").mkdir(mode=0o755)  # as an older version left it
    login_as(coordinator)
    survey = "year,area,indicator,value,source,published\n2025,Berga,Problemindex,2.9,Polisen,2025-10-15\n"
    survey_preview = client.post(
        "/trygghetsmatning/importera",
        data={"file": (io.BytesIO(survey.encode()), "matning.csv")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "Förhandsgranskning: 1 värden" in survey_preview.get_data(as_text=True)
    assert _upload(client, SAMPLE.read_bytes(), guard_company.id).status_code == 302
    written = {str(path.relative_to(instance)): mode(path) for path in instance.rglob("*")}
    # Both imports wait in imports/, one owner-only file each, named after their owner and kind.
    pending = _pending(app)
    assert sorted(path.name.split("-")[:2] for path in pending) == [
        [f"u{coordinator.id}", "observations"],
        [f"u{coordinator.id}", "survey"],
    ]
    assert written == {"imports": 0o700, **{f"imports/{path.name}": 0o600 for path in pending}}
    assert mode(instance) == 0o700


def test_a_refused_upload_or_import_leaves_nothing_on_the_server(
    app, client, login_as, coordinator, guard_company, reference
):
    login_as(coordinator)
    refused = _upload(client, b"datum;plats\n2026-01-01;\x00\x01", guard_company.id)
    assert "Filen innehåller binära data och är ingen CSV-fil." in refused.get_data(as_text=True)
    assert _pending(app) == []

    location = _upload(client, ROW_WITH_PERSONNUMMER.encode(), guard_company.id).location
    assert "1 av 1 rader har fel" in client.get(location).get_data(as_text=True)
    assert len(_pending(app)) == 1  # still there while the coordinator may change the columns
    mapping = {"kolumn_datum": "0", "kolumn_plats": "1", "kolumn_kategori": "2", "kolumn_beskrivning": "3"}
    response = client.post(location + "/genomfor", data=mapping)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Inget importerades" in html
    assert "Filen är borttagen från servern" in html and "personnummer" in html
    assert _pending(app) == []
    assert client.get(location).status_code == 404


def test_a_new_upload_replaces_the_same_coordinators_earlier_one(
    app, client, login_as, coordinator, make_user, guard_company, reference
):
    other = app.test_client()
    login(other, make_user(Role.COORDINATOR))
    others_upload = _upload(other, SAMPLE.read_bytes(), guard_company.id).location
    login_as(coordinator)
    first = _upload(client, ROW_WITH_PERSONNUMMER.encode(), guard_company.id).location
    corrected = _upload(client, SAMPLE.read_bytes(), guard_company.id).location
    assert client.get(first).status_code == 404
    assert client.get(corrected).status_code == 200
    assert other.get(others_upload).status_code == 200
    assert len(_pending(app)) == 2


def test_an_upload_nobody_opened_for_an_hour_is_deleted_before_the_next_request(
    app, client, login_as, coordinator, guard_company, reference
):
    login_as(coordinator)
    abandoned = _upload(client, SAMPLE.read_bytes(), guard_company.id).location
    [abandoned_file] = _pending(app)
    hour_ago = time.time() - 3601
    os.utime(abandoned_file, (hour_ago, hour_ago))
    assert client.get("/").status_code in (200, 302)  # any request at all
    assert _pending(app) == []
    assert client.get(abandoned).status_code == 404


def test_opening_an_upload_starts_its_idle_hour_again(
    app, client, login_as, coordinator, guard_company, reference
):
    login_as(coordinator)
    location = _upload(client, SAMPLE.read_bytes(), guard_company.id).location
    [pending] = _pending(app)
    fifty_minutes_ago = time.time() - 50 * 60
    os.utime(pending, (fifty_minutes_ago, fifty_minutes_ago))
    assert client.get(location).status_code == 200
    assert pending.stat().st_mtime > time.time() - 10 * 60  # idle again from now, not from the upload


def test_cancelling_an_observation_import_deletes_its_pending_file(
    app, client, login_as, coordinator, guard_company, reference
):
    login_as(coordinator)
    location = _upload(client, SAMPLE.read_bytes(), guard_company.id).location
    assert "Avbryt importen" in client.get(location).get_data(as_text=True)
    response = client.post(location + "/avbryt")
    assert response.status_code == 302 and response.location.endswith("/iakttagelser/import")
    assert "filen är borttagen från servern" in client.get(response.location).get_data(as_text=True)
    assert _pending(app) == []
    assert client.get(location).status_code == 404


# --- the safety-survey import's pending file: the same flow --------------------------------------

SURVEY = "year,area,indicator,value,source,published\n2025,Berga,Problemindex,2.9,Polisen,2025-10-15\n"


def _survey_upload(client, text: str = SURVEY):
    return client.post(
        "/trygghetsmatning/importera",
        data={"file": (io.BytesIO(text.encode()), "matning.csv")},
        content_type="multipart/form-data",
    )


def _survey_values(app) -> int:
    from sqlalchemy import func, select

    from lagesbild.models import SurveyValue

    with app.app_context():
        return db.session.scalar(select(func.count(SurveyValue.id)))


def test_a_checked_survey_file_waits_owner_only_on_the_server_not_in_the_page(
    app, client, login_as, coordinator, reference, permissive_umask
):
    login_as(coordinator)
    location = _survey_upload(client).location
    [pending] = _pending(app)
    assert location.endswith(pending.name.removesuffix(".json").split("-", 2)[2])
    assert (mode(pending.parent), mode(pending)) == (0o700, 0o600)
    page = client.get(location).get_data(as_text=True)
    assert "Förhandsgranskning: 1 värden" in page
    assert 'name="content"' not in page and "Polisen,2025" not in page  # the file stays on the server


def test_confirming_a_survey_import_deletes_its_pending_file(app, client, login_as, coordinator, reference):
    login_as(coordinator)
    location = _survey_upload(client).location
    response = client.post(location + "/bekrafta")
    assert response.status_code == 302 and "/trygghetsmatning?fran=2025" in response.location
    assert _survey_values(app) == 1
    assert _pending(app) == []
    assert client.post(location + "/bekrafta").status_code == 404  # a second click imports nothing more


def test_cancelling_a_survey_import_deletes_its_pending_file_and_imports_nothing(
    app, client, login_as, coordinator, reference
):
    login_as(coordinator)
    location = _survey_upload(client).location
    assert "Avbryt" in client.get(location).get_data(as_text=True)
    response = client.post(location + "/avbryt")
    assert response.status_code == 302 and response.location.endswith("/trygghetsmatning/importera")
    assert "filen är borttagen från servern" in client.get(response.location).get_data(as_text=True)
    assert _pending(app) == [] and _survey_values(app) == 0
    assert client.get(location).status_code == 404


def test_a_refused_survey_file_or_confirmation_leaves_nothing_on_the_server(
    app, client, login_as, coordinator, reference
):
    from sqlalchemy import select

    from lagesbild.models import Area

    login_as(coordinator)
    refused = _survey_upload(client, SURVEY.replace("Polisen", ""))
    assert refused.status_code == 200 and "Källa saknas." in refused.get_data(as_text=True)
    assert _pending(app) == []

    location = _survey_upload(client).location
    assert len(_pending(app)) == 1
    # The file is checked again on confirming: an area renamed in between refuses it, and it goes.
    with app.app_context():
        db.session.scalar(select(Area).where(Area.name == "Berga")).name = "Berga by"
        db.session.commit()
    response = client.post(location + "/bekrafta")
    assert response.status_code == 302 and response.location.endswith("/trygghetsmatning/importera")
    assert "Filen kunde inte läsas in. Ladda upp den igen." in client.get(response.location).get_data(
        as_text=True
    )
    assert _pending(app) == [] and _survey_values(app) == 0


def test_a_survey_file_that_fails_its_check_on_the_preview_is_deleted_there(
    app, client, login_as, coordinator, reference
):
    from sqlalchemy import select

    from lagesbild.models import Area

    login_as(coordinator)
    location = _survey_upload(client).location
    with app.app_context():
        db.session.scalar(select(Area).where(Area.name == "Berga")).name = "Berga by"
        db.session.commit()
    page = client.get(location).get_data(as_text=True)
    assert "Filen lästes inte in" in page and "Okänt område ”Berga”." in page
    assert "/bekrafta" not in page
    assert _pending(app) == []
    assert client.post(location + "/bekrafta").status_code == 404 and _survey_values(app) == 0


def test_a_new_survey_upload_replaces_the_earlier_one_but_not_the_observation_import(
    app, client, login_as, coordinator, guard_company, reference
):
    login_as(coordinator)
    observations = _upload(client, SAMPLE.read_bytes(), guard_company.id).location
    first = _survey_upload(client).location
    second = _survey_upload(client, SURVEY.replace("2.9", "3.1")).location
    assert client.get(first).status_code == 404
    assert "3,1" in client.get(second).get_data(as_text=True)
    assert client.get(observations).status_code == 200
    assert len(_pending(app)) == 2


def test_a_survey_upload_nobody_opened_for_an_hour_is_deleted_before_the_next_request(
    app, client, login_as, coordinator, reference
):
    login_as(coordinator)
    abandoned = _survey_upload(client).location
    [abandoned_file] = _pending(app)
    hour_ago = time.time() - 3601
    os.utime(abandoned_file, (hour_ago, hour_ago))
    assert client.get("/").status_code in (200, 302)  # any request at all
    assert _pending(app) == []
    assert client.post(abandoned + "/bekrafta").status_code == 404
    assert _survey_values(app) == 0


def test_another_coordinator_cannot_see_confirm_or_cancel_someone_elses_survey_upload(
    app, client, login_as, coordinator, make_user, reference
):
    login_as(coordinator)
    location = _survey_upload(client).location
    other = app.test_client()
    login(other, make_user(Role.COORDINATOR))
    for response in (
        other.get(location),
        other.post(location + "/bekrafta"),
        other.post(location + "/avbryt"),
    ):
        assert response.status_code == 404 and "Sidan finns inte" in response.get_data(as_text=True)
    assert _survey_values(app) == 0
    assert client.get(location).status_code == 200  # still the owner's to confirm
    assert client.post(location + "/bekrafta").status_code == 302 and _survey_values(app) == 1


# --- what browsers may keep, and how downloads name their encoding -------------------------------


def test_the_observation_json_is_never_cached_unlike_the_apps_own_scripts(
    client, login_as, member, make_observation
):
    make_observation(author=member, description="Klotter i tunneln vid stationen.")
    response = login_as(member).get("/iakttagelser.json")
    assert "Klotter i tunneln" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Type"] == "application/json"
    static = client.get("/static/js/auth-keepalive.js")
    assert static.status_code == 200 and "no-store" not in static.headers.get("Cache-Control", "")
    static.close()


# Text types say UTF-8 once (the CSV's BOM and the HTML's <meta> agree); binary and JSON types none.
DOWNLOADS = {
    "csv": "text/csv; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "geojson": "application/geo+json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def test_each_problembild_download_names_one_charset_and_is_never_cached(problembild_world, login_as):
    world = problembild_world
    client = login_as(world.coordinator)
    for kind, content_type in DOWNLOADS.items():
        response = client.get(f"/problembild/fil/{kind}?{world.query}&variant=intern")
        assert response.status_code == 200
        assert (kind, response.headers["Content-Type"]) == (kind, content_type)
        assert response.headers["Cache-Control"] == "no-store"
        if kind == "csv":
            assert response.data.startswith("\ufeff".encode())
        if kind == "html":
            assert '<meta charset="utf-8">' in response.get_data(as_text=True)


def test_the_import_sample_and_the_map_data_name_one_charset(client, login_as, coordinator):
    signed_in = login_as(coordinator)
    sample = signed_in.get("/iakttagelser/import/exempel.csv")
    assert sample.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert sample.headers["Cache-Control"] == "no-store"
    sample.close()
    data = signed_in.get("/vecka/2026-47/karta.json")
    assert data.headers["Content-Type"] == "application/json"  # JSON is UTF-8 by definition
    assert "no-store" in data.headers["Cache-Control"]


@pytest.mark.sqlite_only
def test_a_corrected_text_leaves_no_copy_in_the_database_file(app, make_observation):
    observation = make_observation(description="Kalle Svensson stod vid torget " * 20)
    with app.app_context():
        db.session.get(Observation, observation.id).description = "En person stod vid torget."
        db.session.commit()
        assert db.session.execute(text("PRAGMA secure_delete")).scalar() == 1
        db.session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        db.session.commit()
        database = Path(db.engine.url.database)
    stored = b"".join(p.read_bytes() for p in database.parent.glob(database.name + "*"))
    assert b"Kalle Svensson" not in stored

"""CSV import: upload, column mapping, preview with every row's problems, all-or-nothing, no duplicates."""

import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from lagesbild.csvfiles import CsvFileError
from lagesbild.extensions import db
from lagesbild.models import ImportBatch, Observation, ObservationSource, Sharing
from lagesbild.observations.importing import parse_csv, suggest_mapping

SAMPLE = Path(__file__).resolve().parent.parent / "docs" / "samples" / "bevakning-vecka.csv"


def _upload(client, data: bytes, organisation_id: int, filename="logg.csv"):
    return client.post(
        "/iakttagelser/import",
        data={"organisation": str(organisation_id), "fil": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def _count(db_read) -> int:
    return db_read(lambda session: session.scalar(select(func.count(Observation.id))))


@pytest.fixture
def guard_company(make_org):
    from lagesbild.models import OrganisationKind

    return make_org("Securitas Eslöv", OrganisationKind.BEVAKNINGSBOLAG)


def test_the_sample_file_imports_once_and_a_second_time_creates_nothing(
    client, login_as, coordinator, guard_company, reference, db_read
):
    login_as(coordinator)
    response = _upload(client, SAMPLE.read_bytes(), guard_company.id, "bevakning-vecka.csv")
    assert response.status_code == 302
    preview = client.get(response.location).get_data(as_text=True)
    assert "Alla 6 rader är rätt." in preview and "Importera 6 iakttagelser" in preview
    done = client.post(response.location + "/genomfor", data=_suggested(preview))
    assert done.status_code == 302
    assert _count(db_read) == 6
    batch = db_read(lambda session: session.scalar(select(ImportBatch)))
    assert batch.row_count == 6 and batch.organisation_id == guard_company.id
    observations = db_read(lambda session: session.scalars(select(Observation)).all())
    assert {o.source for o in observations} == {ObservationSource.IMPORT}
    assert {o.organisation_id for o in observations} == {guard_company.id}
    assert sum(o.sharing is Sharing.BEGRANSAD for o in observations) == 1
    assert "6 iakttagelser importerades" in client.get(done.location).get_data(as_text=True)

    again = _upload(client, SAMPLE.read_bytes(), guard_company.id, "bevakning-vecka.csv")
    preview = client.get(again.location).get_data(as_text=True)
    assert "6 av dem finns redan och hoppas över" in preview
    client.post(again.location + "/genomfor", data=_suggested(preview))
    assert _count(db_read) == 6


def _suggested(preview_html: str) -> dict:
    """The column selects as the preview page pre-selects them."""
    import re

    data = {}
    for select_html in re.findall(r'<select[^>]*name="(kolumn_\w+)"[^>]*>(.*?)</select>', preview_html, re.S):
        name, options = select_html
        chosen = re.search(r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', options)
        data[name] = (chosen.group(1) or chosen.group(2)) if chosen else ""
    return data


def test_every_rows_problems_are_listed_and_nothing_is_imported(
    client, login_as, coordinator, guard_company, reference, db_read
):
    csv_text = (
        "datum,plats,kategori,beskrivning,antal\n"
        "2026-11-13,Stora torg,SKG.KLOTTER,Klotter.,\n"
        "2099-01-01,Stora torg,SKG.KLOTTER,Framtid.,\n"
        "2026-11-14,Månen,SKG.KLOTTER,Okänd plats.,\n"
        '2026-11-14,Stora torg,FEL,"Ring 070-123 45 67",0\n'
    )
    login_as(coordinator)
    location = _upload(client, csv_text.encode(), guard_company.id).location
    html = client.get(location).get_data(as_text=True)
    assert "3 av 4 rader har fel" in html
    assert "<td>3</td><td>Datum</td><td>Datumet kan inte ligga i framtiden.</td>" in html
    assert "<td>4</td><td>Plats</td><td>Okänd plats" in html
    assert "<td>5</td><td>Beskrivning</td><td>Beskrivningen verkar innehålla ett telefonnummer" in html
    assert "<td>5</td><td>Kategori</td>" in html and "<td>5</td><td>Antal</td>" in html
    assert "/genomfor" not in html  # no import button while a row has an error
    response = client.post(location + "/genomfor", data=_suggested(html))
    assert response.status_code == 200 and "Inget importerades" in response.get_data(as_text=True)
    assert _count(db_read) == 0
    assert db_read(lambda session: session.scalar(select(func.count(ImportBatch.id)))) == 0


def test_bom_semicolons_and_the_mapping_step(client, login_as, coordinator, guard_company, reference, app):
    csv_text = "\ufeffNär;Var;Vad;Text;Lat;Lng\n2026-11-13;;BRD.AVFALL;Brand i container.;55,8371;13,3188\n"
    login_as(coordinator)
    location = _upload(client, csv_text.encode("utf-8"), guard_company.id).location
    html = client.get(location).get_data(as_text=True)
    assert "Välj vilken kolumn som innehåller datum." in html  # "När" is not a known header
    mapping = {
        "kolumn_datum": "0",
        "kolumn_kategori": "2",
        "kolumn_beskrivning": "3",
        "kolumn_lat": "4",
        "kolumn_lon": "5",
    }
    html = client.post(location, data=mapping).get_data(as_text=True)
    assert "Alla 1 rader är rätt." in html
    client.post(location + "/genomfor", data=mapping)
    with app.app_context():
        observation = db.session.scalar(select(Observation))
        assert observation.place_id is None and observation.area.name == "Berga"


def test_unreadable_files_get_a_swedish_message(client, login_as, coordinator, guard_company):
    login_as(coordinator)
    html = _upload(client, b"datum;plats\n\x89PNG\x00\x1a", guard_company.id).get_data(as_text=True)
    assert "Filen innehåller binära data och är ingen CSV-fil." in html
    html = _upload(client, b"", guard_company.id).get_data(as_text=True)
    assert "Filen är tom." in html
    html = client.post("/iakttagelser/import", data={}).get_data(as_text=True)
    assert "Välj en CSV-fil." in html and "Välj vilken organisation" in html


def test_an_upload_belongs_to_the_coordinator_who_made_it(
    app, client, login_as, coordinator, make_user, guard_company, reference
):
    from lagesbild.models import Role

    from .support import login

    login_as(coordinator)
    location = _upload(client, SAMPLE.read_bytes(), guard_company.id).location
    other = app.test_client()
    login(other, make_user(Role.COORDINATOR))
    assert other.get(location).status_code == 404
    assert other.get("/iakttagelser/import/../../etc").status_code == 404


def test_parse_detects_the_delimiter_and_suggests_columns():
    headers, rows = parse_csv(
        'Datum,Plats,Beskrivning,Polisanmält\n2026-11-13,Stora torg,"a; b",ja\n'.encode()
    )
    assert headers == ["Datum", "Plats", "Beskrivning", "Polisanmält"] and rows == [
        (2, ["2026-11-13", "Stora torg", "a; b", "ja"])
    ]
    mapping = suggest_mapping(headers)
    assert (
        mapping["datum"] == 0
        and mapping["plats"] == 1
        and mapping["beskrivning"] == 2
        and mapping["polis"] == 3
    )
    assert mapping["kategori"] is None
    with pytest.raises(CsvFileError):
        parse_csv(b"bara rubrik\n")


def test_the_sample_download_is_for_coordinators(client, login_as, coordinator):
    login_as(coordinator)
    response = client.get("/iakttagelser/import/exempel.csv")
    assert response.status_code == 200 and response.data == SAMPLE.read_bytes()
    response.close()


def test_a_file_named_after_a_person_is_refused_before_anything_is_kept(
    client, login_as, coordinator, guard_company, app, db_read
):
    """The file's name is stored with the batch and shown; a personnummer in it is personal data too."""
    login_as(coordinator)
    response = _upload(client, SAMPLE.read_bytes(), guard_company.id, filename="rapport 19850101-2382.csv")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Filnamnet verkar innehålla ett personnummer" in html
    assert not list((Path(app.instance_path) / "imports").glob("*.json")), "nothing waits on the server"
    assert _count(db_read) == 0

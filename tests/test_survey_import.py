"""The trygghetsmätning import: checked per row, all or nothing, re-imports update; and the page."""

import io
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from lagesbild.extensions import db
from lagesbild.models import AuditEvent, Role, SurveyValue
from lagesbild.promises.survey import survey_values
from lagesbild.promises.survey_import import HEADINGS_SV, parse_number, parse_survey_csv

AREAS = ["Eslövs centrum", "Berga", "Örtofta", "Ängsvägen", "Sallerup"]
TODAY = date(2026, 11, 22)
HEADER = "year,area,indicator,value,source,published\n"
SAMPLE = Path(__file__).resolve().parent.parent / "docs" / "samples" / "trygghetsmatning.csv"


def _parse(text: str, encoding: str = "utf-8"):
    return parse_survey_csv(text.encode(encoding), AREAS, TODAY)


# --- parsing (pure) -------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "number"), [("3,4", 3.4), ("3.4", 3.4), (" 72 ", 72.0), ("-0,5", -0.5)])
def test_numbers_with_decimal_comma_or_point(text, number):
    assert parse_number(text) == number


@pytest.mark.parametrize("text", ["", "tre", "3,4,5", "nan", "inf", "1e999"])
def test_what_is_no_number(text):
    assert parse_number(text) is None


def test_good_file_is_read_as_published():
    parsed = _parse(
        HEADER + '2025,berga,Problemindex,"2,9",Polisen 2025,2025-10-15\n\n2024,Örtofta,Oro,12,Polisen,\n'
    )
    assert parsed.ok and not parsed.problems
    first, second = parsed.rows
    assert (first.line, first.year, first.area, first.indicator, first.value) == (
        2,
        2025,
        "Berga",
        "Problemindex",
        2.9,
    )
    assert first.published == date(2025, 10, 15)
    assert (second.line, second.area, second.published) == (4, "Örtofta", None)


def test_excel_swedish_csv_with_semicolons_and_windows_encoding():
    text = "år;område;indikator;värde;källa;publicerad\r\n2025;Ängsvägen;Otrygghet;3,1;Polisen;2025-10-01\r\n"
    parsed = _parse(text, encoding="cp1252")
    assert parsed.ok
    assert (parsed.rows[0].area, parsed.rows[0].value) == ("Ängsvägen", 3.1)


def test_every_bad_row_is_reported_with_its_line_number():
    text = HEADER + "\n".join(
        [
            "2025,Berga,Problemindex,2.9,Polisen,2025-10-15",  # line 2: fine
            "2025,Lund,Problemindex,2.1,Polisen,2025-10-15",  # 3: unknown area
            "2025,Berga,Oro,mycket,Polisen,2025-10-15",  # 4: not a number
            "1989,Berga,Oro,1,Polisen,",  # 5: too early
            "2027,Berga,Oro,1,Polisen,",  # 6: in the future
            "tjugo,Berga,Oro,1,Polisen,",  # 7: no year
            "2025,Berga,Problemindex,3.0,Polisen,2025-10-15",  # 8: duplicate of line 2
            "2025,Berga,Oro,1,,15/10/2025",  # 9: no source, bad date
        ]
    )
    parsed = _parse(text)
    assert not parsed.ok
    assert parsed.problems == [
        (3, "Okänt område ”Lund”."),
        (4, "Värdet ”mycket” är inget tal."),
        (5, "Året 1989 ligger utanför 1990–2026."),
        (6, "Året 2027 ligger utanför 1990–2026."),
        (7, "Året ”tjugo” är inget årtal."),
        (8, "Samma år, område och indikator som rad 2."),
        (9, "Källa saknas."),
        (9, "Publiceringsdatumet ”15/10/2025” ska skrivas ÅÅÅÅ-MM-DD."),
    ]


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", (0, "Filen är tom.")),
        (b"\x89PNG\x00\x00", (0, "Filen innehåller binära data och är ingen CSV-fil.")),
        (HEADER.encode(), (0, "Filen har inga rader under rubrikraden.")),
        (b"year,area,value\n2025,Berga,1\n", (1, f"Första raden ska ha kolumnerna {HEADINGS_SV}.")),
    ],
)
def test_files_that_are_not_survey_files(data, problem):
    assert parse_survey_csv(data, AREAS, TODAY).problems == [problem]


def test_sample_file_is_valid_and_marked_as_made_up(reference, db_read):
    from lagesbild.models import Area

    names = db_read(lambda session: list(session.scalars(select(Area.name))))
    parsed = parse_survey_csv(SAMPLE.read_bytes(), names, TODAY)
    assert parsed.ok
    assert {row.source for row in parsed.rows} == {"Demo – inte verkliga värden"}


# --- the import through the web ---------------------------------------------------------------------


def _value_count(db_read) -> int:
    return db_read(lambda session: session.scalar(select(func.count(SurveyValue.id))))


def _upload(client, text: str, name: str = "matning.csv"):
    """Upload and follow to the preview page (a checked file waits there under its token)."""
    return client.post(
        "/trygghetsmatning/importera",
        data={"file": (io.BytesIO(text.encode("utf-8")), name)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def _confirm(client, page: str):
    import re

    action = re.search(r'action="(/trygghetsmatning/importera/[A-Za-z0-9_-]{22}/bekrafta)"', page).group(1)
    return client.post(action)


def _stored(db_read) -> dict:
    frame = db_read(lambda session: survey_values(session, 1990, 2100))
    return {(r.year, r.area, r.indicator): (r.value, r.source) for r in frame.itertuples(index=False)}


def test_preview_then_import_then_reimport_updates(reference, make_user, login_as, db_read):
    client = login_as(make_user(Role.COORDINATOR))
    text = (
        HEADER
        + '2025,Berga,Problemindex,"2,9",Polisen LPO Eslöv,2025-10-15\n'
        + "2025,Sallerup,Problemindex,1.5,Polisen LPO Eslöv,2025-10-15\n"
    )
    preview = _upload(client, text)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Förhandsgranskning: 2 värden" in page
    assert _value_count(db_read) == 0  # nothing stored before confirming

    response = _confirm(client, page)
    assert (
        response.status_code == 302
        and "/trygghetsmatning?fran=2025&till=2025" in response.headers["Location"]
    )
    assert _stored(db_read) == {
        (2025, "Berga", "Problemindex"): (2.9, "Polisen LPO Eslöv"),
        (2025, "Sallerup", "Problemindex"): (1.5, "Polisen LPO Eslöv"),
    }

    corrected = (
        HEADER
        + "2025,Berga,Problemindex,3.0,Polisen LPO Eslöv (rättad),2025-11-01\n"
        + "2025,Sallerup,Problemindex,1.5,Polisen LPO Eslöv,2025-10-15\n"
    )
    follow = _confirm(client, _upload(client, corrected).get_data(as_text=True))
    assert follow.status_code == 302
    assert _value_count(db_read) == 2
    assert _stored(db_read)[(2025, "Berga", "Problemindex")] == (3.0, "Polisen LPO Eslöv (rättad)")
    flashed = client.get(follow.headers["Location"]).get_data(as_text=True)
    assert "0 nya värden, 1 uppdaterade, 1 oförändrade" in flashed
    details = db_read(
        lambda session: session.scalars(
            select(AuditEvent.detail).where(AuditEvent.action == "survey.import").order_by(AuditEvent.id)
        ).all()
    )
    assert details[-1] == {"filename": "matning.csv", "created": 0, "updated": 1, "unchanged": 1}


def test_a_file_with_one_bad_row_imports_nothing(reference, make_user, login_as, db_read):
    client = login_as(make_user(Role.COORDINATOR))
    text = (
        HEADER
        + "2025,Berga,Problemindex,2.9,Polisen,2025-10-15\n2025,Lund,Problemindex,2.1,Polisen,2025-10-15\n"
    )
    page = _upload(client, text).get_data(as_text=True)
    assert "Filen lästes inte in" in page and "Okänt område ”Lund”." in page
    assert "<td>3</td>" in page  # the line number
    assert "/bekrafta" not in page  # no way to confirm a bad file
    # Nor by making a token up: only a file that passed the checks waits under one.
    response = client.post("/trygghetsmatning/importera/AAAAAAAAAAAAAAAAAAAAAA/bekrafta")
    assert response.status_code == 404 and "Sidan finns inte" in response.get_data(as_text=True)
    assert _value_count(db_read) == 0


def test_upload_without_a_file_says_so(reference, make_user, login_as):
    client = login_as(make_user(Role.COORDINATOR))
    response = client.post("/trygghetsmatning/importera", data={}, content_type="multipart/form-data")
    assert "Välj en CSV-fil." in response.get_data(as_text=True)


# --- reading and the page ---------------------------------------------------------------------------


def _value(session, year, area, indicator, value, source="Polisen"):
    from lagesbild.models import Area

    area_obj = session.scalar(select(Area).where(Area.name == area))
    session.add(SurveyValue(year=year, area=area_obj, indicator=indicator, value=value, source=source))


def test_survey_values_in_swedish_order(database, reference):
    """The query itself, in the session the test holds."""
    _value(database, 2025, "Örtofta", "Oro", 1)
    _value(database, 2024, "Örtofta", "Oro", 2)
    _value(database, 2025, "Berga", "Problemindex", 3)
    _value(database, 2025, "Berga", "Oro", 4)
    _value(database, 2025, "Sallerup", "Oro", 5)
    _value(database, 2019, "Berga", "Oro", 6)  # outside the years asked for
    database.commit()
    frame = survey_values(database, 2024, 2025)
    assert list(frame.columns) == ["year", "area", "indicator", "value", "source", "published"]
    assert list(zip(frame["area"], frame["indicator"], frame["year"], strict=True)) == [
        ("Berga", "Oro", 2025),
        ("Berga", "Problemindex", 2025),
        ("Sallerup", "Oro", 2025),
        ("Örtofta", "Oro", 2024),
        ("Örtofta", "Oro", 2025),
    ]
    assert survey_values(database, 2000, 2001).empty


def test_page_shows_values_as_published_beside_the_counts(
    app, reference, make_user, make_observation, login_as
):
    with app.app_context():
        _value(
            db.session, 2025, "Berga", "Problemindex (ordningsstörningar)", 2.85, "Polisen region Syd 2025"
        )
        db.session.commit()
    make_observation(category="SKG.KLOTTER", place="Berga", occurred_on=date(2025, 4, 1))
    make_observation(category="SKG.KLOTTER", place="Berga", occurred_on=date(2025, 4, 2))
    make_observation(category="AKT.PATRULL", place="Berga", occurred_on=date(2025, 4, 3))
    make_observation(category="SKG.KLOTTER", place="Berga", occurred_on=date(2025, 4, 4), status="withdrawn")
    make_observation(category="SKG.KLOTTER", place="Berga", occurred_on=date(2024, 4, 4))
    make_observation(category="SKG.KLOTTER", place="Stora torg", occurred_on=date(2025, 4, 4))
    page = (
        login_as(make_user(Role.MEMBER)).get("/trygghetsmatning?fran=2024&till=2025").get_data(as_text=True)
    )
    assert "2,85" in page  # as published, Swedish decimal comma, not rounded or recomputed
    assert "Polisen region Syd 2025" in page
    row_2025 = page[page.index('<th scope="row">2025</th>') :].split("</tr>")[0]
    assert ">2,85<" in row_2025 and ">2<" in row_2025 and ">1<" in row_2025
    # An area the survey does not cover still shows its counts, in the table beside.
    others = page[page.index("i områden som trygghetsmätningen inte redovisar") :]
    assert '<th scope="row">Eslövs centrum</th><td class="num">0</td><td class="num">1</td>' in others
    assert "Läs in trygghetsmätning" not in page  # importing is the coordinator's


def test_a_file_too_large_to_confirm_is_refused_before_reading():
    data = (HEADER + "2025,Berga,Oro,1,Polisen,\n" * 20_000).encode()
    assert parse_survey_csv(data, AREAS, TODAY).problems == [(0, "Filen är större än 300 kB.")]


def test_a_file_named_after_a_person_is_refused(reference, make_user, login_as, db_read):
    client = login_as(make_user(Role.COORDINATOR))
    page = _upload(client, SAMPLE.read_text(encoding="utf-8"), name="Kalle 070-123 45 67.csv")
    assert "Filnamnet verkar innehålla ett telefonnummer" in page.get_data(as_text=True)
    assert db_read(lambda session: session.scalar(select(func.count(SurveyValue.id)))) == 0


def test_whole_municipality_and_whole_town_values_are_read_and_shown_beside_the_counts(
    reference, make_user, make_observation, login_as, db_read
):
    """The survey reports the municipality and the town beside the areas: they were refused as unknown
    areas; now they are kept under their names, the municipality beside every area's counts together."""
    text = HEADER + (
        "2025,Hela kommunen,Problemindex,2.1,Polisen,2025-10-15\n"
        "2025,Eslövs kommun,Oro,31,Polisen,2025-10-15\n"
        "2025,Eslövs tätort,Problemindex,2.4,Polisen,2025-10-15\n"
        "2025,Lunds tätort,Problemindex,2.4,Polisen,2025-10-15\n"  # another town: named as written
    )
    parsed = _parse(text)
    assert parsed.problems == []
    assert [(row.area, row.whole) for row in parsed.rows] == [
        ("Hela kommunen", True),
        ("Hela kommunen", True),
        ("Eslövs tätort", True),
        ("Lunds tätort", True),
    ]
    client = login_as(make_user(Role.COORDINATOR))
    assert _confirm(client, _upload(client, text).get_data(as_text=True)).status_code == 302
    assert _stored(db_read)[(2025, "Hela kommunen", "Problemindex")] == (2.1, "Polisen")
    assert _stored(db_read)[(2025, "Eslövs tätort", "Problemindex")] == (2.4, "Polisen")
    make_observation(category="SKG.KLOTTER", place="Berga", occurred_on=date(2025, 4, 1))
    make_observation(category="SKG.KLOTTER", place="Stora torg", occurred_on=date(2025, 4, 2))
    page = client.get("/trygghetsmatning?fran=2025&till=2025").get_data(as_text=True)
    municipality = page[page.index('rowspan="1">Hela kommunen</th>') :].split("</tr>")[0]
    assert ">2,1<" in municipality and ">31<" in municipality and '<td class="num">2</td>' in municipality
    town = page[page.index('rowspan="1">Eslövs tätort</th>') :].split("</tr>")[0]
    assert "räknas inte för hela tätorten" in town


def test_police_statistics_are_imported_apart_and_shown_beside_the_counts(
    reference, make_user, make_observation, login_as, db_read
):
    client = login_as(make_user(Role.COORDINATOR))
    text = HEADER + "2025,Berga,Skadegörelse,41,Polisen region Syd,2026-01-20\n"
    preview = client.post(
        "/polisstatistik/importera",
        data={"file": (io.BytesIO(text.encode()), "brott.csv")},
        content_type="multipart/form-data",
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Förhandsgranskning: 1 värden" in preview and "/polisstatistik/importera/" in preview
    import re

    action = re.search(r'action="(/polisstatistik/importera/[A-Za-z0-9_-]{22}/bekrafta)"', preview).group(1)
    response = client.post(action)
    assert (
        response.status_code == 302 and "/polisstatistik?fran=2025&till=2025" in response.headers["Location"]
    )
    make_observation(category="SKG.KLOTTER", place="Berga", occurred_on=date(2025, 4, 1))
    page = client.get("/polisstatistik?fran=2025&till=2025").get_data(as_text=True)
    row = page[page.index('rowspan="1">Berga</th>') :].split("</tr>")[0]
    assert ">41<" in row and '<td class="num">1</td>' in row, "the police's count beside the group's"
    assert _stored(db_read) == {}, "the survey's values are apart"
    survey_page = client.get("/trygghetsmatning?fran=2025&till=2025").get_data(as_text=True)
    assert "Skadegörelse" not in survey_page
    imports = select(AuditEvent.action).where(AuditEvent.action.like("%.import"))
    events = db_read(lambda session: session.scalars(imports).all())
    assert events == ["police_statistics.import"]

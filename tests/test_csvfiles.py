"""One CSV reader for every upload: the files Excel writes are read alike by the observation import and
the survey import, and hostile files get the same Swedish message from both."""

import codecs
import io
import random
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from lagesbild.csvfiles import CsvFileError
from lagesbild.models import Observation, OrganisationKind, SurveyValue
from lagesbild.observations.importing import parse_csv
from lagesbild.promises.survey_import import parse_survey_csv

from .test_import import _suggested

AREAS = ["Eslövs centrum", "Berga", "Örtofta", "Ängsvägen", "Sallerup"]
TODAY = date(2026, 11, 22)
SURVEY = [
    ["år", "område", "indikator", "värde", "källa", "publicerad"],
    ["2025", "Örtofta", "Oro för skadegörelse", "2,9", "Polisen, Eslöv", "2025-10-15"],
    ["2025", "Ängsvägen", "Problemindex", "3,1", "Polisen, Eslöv", ""],
]
SAMPLE = Path(__file__).resolve().parent.parent / "docs" / "samples" / "bevakning-vecka.csv"

# (encoding, byte-order mark, delimiter): what Excel and other tools write in Sweden.
EXCEL_FILES = [
    pytest.param("cp1252", b"", ";", id="excel-swedish-csv-cp1252-semicolon"),
    pytest.param("utf-16-le", codecs.BOM_UTF16_LE, "\t", id="excel-unicode-text-utf16le-tab"),
    pytest.param("utf-16-be", codecs.BOM_UTF16_BE, ",", id="utf16be-comma"),
    pytest.param("utf-8", codecs.BOM_UTF8, "\t", id="utf8-bom-tab"),
]


def _file(rows: list[list[str]], encoding: str, bom: bytes, delimiter: str) -> bytes:
    def cell(text: str) -> str:
        return f'"{text}"' if delimiter in text else text

    text = "\r\n".join(delimiter.join(cell(c) for c in row) for row in rows) + "\r\n"
    return bom + text.encode(encoding)


def _both_imports(data: bytes) -> tuple[str, str]:
    """The message each import gives for a file it refuses as a whole."""
    with pytest.raises(CsvFileError) as refused:
        parse_csv(data)
    problems = parse_survey_csv(data, AREAS, TODAY).problems
    assert len(problems) == 1 and problems[0][0] == refused.value.line
    return str(refused.value.message), problems[0][1]


@pytest.mark.parametrize(("encoding", "bom", "delimiter"), EXCEL_FILES)
def test_both_imports_read_excel_encodings_and_delimiters_with_a_a_o_intact(encoding, bom, delimiter):
    data = _file(SURVEY, encoding, bom, delimiter)
    headers, rows = parse_csv(data)
    assert headers == SURVEY[0]
    assert rows == [(2, SURVEY[1]), (3, SURVEY[2])]
    parsed = parse_survey_csv(data, AREAS, TODAY)
    assert parsed.ok, parsed.problems
    assert [(r.area, r.indicator, r.value, r.source) for r in parsed.rows] == [
        ("Örtofta", "Oro för skadegörelse", 2.9, "Polisen, Eslöv"),
        ("Ängsvägen", "Problemindex", 3.1, "Polisen, Eslöv"),
    ]


def _junk() -> bytes:
    return random.Random(7).randbytes(2_000)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"", "Filen är tom.", id="empty"),
        pytest.param(b" \r\n\r\n", "Filen är tom.", id="only-blank-lines"),
        pytest.param(codecs.BOM_UTF16_LE, "Filen är tom.", id="only-a-bom"),
        pytest.param(_junk(), "Filen innehåller binära data och är ingen CSV-fil.", id="binary-junk"),
        pytest.param(
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "Filen innehåller binära data och är ingen CSV-fil.",
            id="png",
        ),
        pytest.param(
            "år;område\n2025;Berga\x01\n".encode(),
            "Filen innehåller binära data och är ingen CSV-fil.",
            id="control-character",
        ),
        pytest.param(
            "år;område;indikator\r\n".encode(), "Filen har inga rader under rubrikraden.", id="header-only"
        ),
        pytest.param(
            ("år;område\n" + "2025;Berga\n" * 5_001).encode(),
            "Filen har fler än 5000 rader. Dela upp den.",
            id="too-many-rows",
        ),
    ],
)
def test_hostile_files_get_the_same_swedish_message_from_both_imports(data, message):
    assert _both_imports(data) == (message, message)


def test_a_cell_over_the_limit_is_refused_with_its_line_by_both_imports():
    data = ("år;område;källa\n2025;Berga;Polisen\n2025;Berga;" + "k" * 10_001 + "\n").encode("cp1252")
    with pytest.raises(CsvFileError) as refused:
        parse_csv(data)
    assert str(refused.value) == "Raden kunde inte läsas som CSV (en cell är för lång). (rad 3)"
    assert parse_survey_csv(data, AREAS, TODAY).problems == [
        (3, "Raden kunde inte läsas som CSV (en cell är för lång).")
    ]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read():
    huge = b"a;b\n" + b"x" * (5 * 1024 * 1024)
    with pytest.raises(CsvFileError, match="Filen är större än 5 MB."):
        parse_csv(huge)


# --- through the web --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "bom", "delimiter"),
    [
        pytest.param("cp1252", b"", ";", id="excel-swedish-csv"),
        pytest.param("utf-16-le", codecs.BOM_UTF16_LE, "\t", id="excel-unicode-text"),
    ],
)
def test_a_guard_log_saved_by_excel_imports(
    client, login_as, coordinator, make_org, reference, encoding, bom, delimiter, db_read
):
    guard = make_org("Securitas Eslöv", OrganisationKind.BEVAKNINGSBOLAG)
    text = SAMPLE.read_text(encoding="utf-8-sig").replace(";", delimiter)
    login_as(coordinator)
    response = client.post(
        "/iakttagelser/import",
        data={"organisation": str(guard.id), "fil": (io.BytesIO(bom + text.encode(encoding)), "logg.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    preview = client.get(response.location).get_data(as_text=True)
    assert "Alla 6 rader är rätt." in preview and "Grupp ungdomar vid fontänen, högljudda" in preview
    client.post(response.location + "/genomfor", data=_suggested(preview))
    assert db_read(lambda session: session.scalar(select(func.count(Observation.id)))) == 6


def test_a_survey_saved_as_excel_unicode_text_imports(client, login_as, coordinator, reference, db_read):
    """Excel's "Unicode-text": UTF-16 LE with a byte-order mark, tabs between cells."""
    rows = [SURVEY[0], ["2025", "Berga", "Oro för skadegörelse", "2,9", "Polisen, Eslöv", ""]]
    data = _file(rows, "utf-16-le", codecs.BOM_UTF16_LE, "\t")
    login_as(coordinator)
    response = client.post(
        "/trygghetsmatning/importera",
        data={"file": (io.BytesIO(data), "matning.txt")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert "Förhandsgranskning: 1 värden" in client.get(response.location).get_data(as_text=True)
    client.post(response.location + "/bekrafta")
    value = db_read(lambda session: session.scalar(select(SurveyValue)))
    assert (value.indicator, value.value, value.source) == ("Oro för skadegörelse", 2.9, "Polisen, Eslöv")

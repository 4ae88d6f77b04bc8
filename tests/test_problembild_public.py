"""The public variant: aggregates only, no count of 1 or 2, nothing restricted, no names or free text,
and no hidden count that can be worked out from the published totals."""

import io
import json

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from lagesbild.models import Area, User
from lagesbild.problembild.public import public_problem
from lagesbild.problembild.suppress import Problem

from .fixtures_problembild import FREE_TEXT, HOSTILE
from .support import grid_problem
from .test_export_problembild import download, read_csv

# Columns that hold counts of observations or actions (targets and survey values are not counts).
COUNT_COLUMNS = {
    "Antal",
    "Föregående period",
    "Totalt",
    "Antal åtgärder",
    "Utfört",
    "Antal föregående period",
}


def test_no_suppressed_count_can_be_derived_from_row_and_column_totals():
    """Random tables full of small counts: after secondary suppression, no hidden 1 or 2 follows from
    the published cells, by any combination of rows and columns (linear algebra), within one line
    using the bounds a reader knows ("<3" is 1 or 2), or by carrying those bounds from line to line."""
    rng = np.random.default_rng(20261122)
    for _ in range(150):
        values = rng.choice([0, 0, 1, 2, 3, 4, 7, 12, 40], size=tuple(rng.integers(1, 7, 2)))
        problem = grid_problem(values)
        primary, secondary = problem.solve()
        assert primary == {k for k, v in problem.values.items() if v in (1, 2)}
        hidden = primary | secondary
        assert not set(problem.determined(hidden)) & primary, values
        assert not problem.narrowed(hidden, primary) & primary, values  # bounds carried across lines
        for line in problem.lines:
            if line[1] in primary:
                continue  # a total below 3 already says its parts are small; nothing more to hide
            assert not set(problem.pinned_in_line(line, hidden, primary)) & primary, (values, line)


def test_a_single_small_cell_gets_a_partner_in_its_row_and_its_column():
    values = np.array([[10, 1, 8], [6, 9, 5], [7, 4, 11]])
    primary, secondary = grid_problem(values).solve()
    assert primary == {("c", 0, 1)}
    assert any(key[0] == "c" and key[1] == 0 for key in secondary), "another cell of row 0"
    assert any(key[0] == "c" and key[2] == 1 for key in secondary), "another cell of column 1"


@pytest.fixture
def public_files(problembild_world, login_as):
    client = login_as(problembild_world.coordinator)
    return {
        kind: download(client, problembild_world, kind, "offentlig").data
        for kind in ("xlsx", "csv", "geojson", "html")
    } | {"screen": client.get(f"/problembild?{problembild_world.query}&variant=offentlig").data}


def test_public_variant_shows_no_count_of_one_or_two(public_files):
    workbook = load_workbook(io.BytesIO(public_files["xlsx"]))
    checked = 0
    for sheet in workbook.worksheets[1:]:
        rows = list(sheet.iter_rows(values_only=True))
        header = rows[0]
        for row in rows[1:]:
            for column, value in zip(header, row, strict=True):
                # Grid tables: every column but the first label column holds counts.
                is_count = column in COUNT_COLUMNS or sheet.title in (
                    "Områden",
                    "Månader",
                    "Veckodag och tid",
                )
                if is_count and column not in ("Område", "Månad", "Veckodag"):
                    checked += 1
                    assert value not in (1, 2), (sheet.title, column, row)
    assert checked > 100
    csv_values = [row["värde"] for row in read_csv(public_files["csv"]) if not row["mått"].startswith("mål")]
    assert "1" not in csv_values and "2" not in csv_values
    assert "<3" in csv_values, "the lone disturbance in July is shown as <3"
    for feature in json.loads(public_files["geojson"])["features"]:
        assert not {1, 2} & {v for v in feature["properties"].values() if isinstance(v, int)}


def test_public_variant_holds_no_names_free_text_points_or_restricted_counts(
    public_files, problembild_world, db_read
):
    everything = b"\n".join(public_files.values()).decode("utf-8", errors="replace")
    workbook = load_workbook(io.BytesIO(public_files["xlsx"]))
    cells = " ".join(str(c) for s in workbook.worksheets for r in s.iter_rows(values_only=True) for c in r)
    # Promises are public documents: their signed wording is published, everything else free stays out.
    secrets = [text for text in FREE_TEXT if text != "Löftestext"]
    for text in (everything, cells):
        for secret in (*secrets, HOSTILE["organisation"], "Polisen LPO Eslöv", "Stora torg", "Stinstorget"):
            assert secret not in text, secret
        assert HOSTILE["place"].split("<")[0] not in text
        assert "Löftestext" in text, "the promise in its own words"
    formulas = [c for s in workbook.worksheets for r in s.iter_rows() for c in r if c.data_type == "f"]
    assert not formulas, "the promise's '=1+1' stays text"
    assert {"Hot spots", "Rapportering", "Åtgärder exempel"}.isdisjoint(workbook.sheetnames)
    geometry = {f["geometry"]["type"] for f in json.loads(public_files["geojson"])["features"]}
    assert geometry <= {"Point", "Polygon", "MultiPolygon"}
    areas = db_read(lambda session: session.scalar(select(func.count(Area.id))))
    assert len(json.loads(public_files["geojson"])["features"]) == areas, "one feature per area, no points"
    assert "L.heatLayer" not in public_files["screen"].decode()
    # The restricted observation (8 August) is not counted: the public total is one lower.
    about = dict(workbook["Om rapporten"].iter_rows(min_row=2, values_only=True))
    assert about["Antal iakttagelser"] == str(problembild_world.total_public)


def test_the_real_public_report_leaks_no_small_count(problembild_world, db_read):
    """The joint system of every published table (categories, subcategories, areas, months, weeks,
    weekday × time, actions; this and the previous period) after suppression."""
    from datetime import date

    from lagesbild.problembild.report import build_report

    report = db_read(lambda session: build_report(session, date(2025, 1, 1), date(2025, 12, 31), public=True))
    actions = report.tables["atgarder"].frame.set_index("Status")["Antal åtgärder"]
    assert actions["Öppen"] == "<3", "one open action is a small count"
    by_status = pd.Series({"oppen": 1, "pagar": 0, "klar": 3, "avford": 0})
    problem = public_problem(report.numbers, by_status, 3, report.promise_figures)
    primary, secondary = problem.solve()
    assert primary and secondary
    assert primary | secondary == report.shown.primary | report.shown.secondary
    hidden = primary | secondary
    assert not set(problem.determined(hidden)) & primary
    for line in problem.lines:
        if line[1] not in primary:
            assert not set(problem.pinned_in_line(line, hidden, primary)) & primary, line


def _leaks(problem: Problem) -> set:
    """The small counts (published or latent) a reader can work out from what the public variant shows."""
    primary, secondary = problem.solve()
    small = problem.primary()
    hidden = small | secondary | problem.latent
    leaked = set(problem.determined(hidden)) & small
    leaked |= problem.narrowed(hidden, small) & small
    for line in problem.lines:
        if line[1] not in primary:  # a published total below 3 already says its parts are small
            leaked |= set(problem.pinned_in_line(line, hidden, small)) & small
    return leaked


def _public_report(db_read, start=None, end=None):
    from datetime import date

    from lagesbild.problembild.report import build_report

    return db_read(
        lambda session: build_report(
            session, start or date(2025, 1, 1), end or date(2025, 12, 31), public=True
        )
    )


def _promise_done(report) -> list:
    return list(report.tables["medborgarloften"].frame["Utfört"])


def test_public_promise_count_never_shows_what_the_activity_table_hides(
    problembild_world, make_observation, make_user, db_read
):
    """Five safety walks and one patrol: the walks are hidden in the activity table (with the activity
    total they would give the lone patrol away), so the promise counting the walks is hidden too."""
    from datetime import date

    from lagesbild.models import Role

    police = make_user(Role.MEMBER, organisation=problembild_world.chair.organisation)
    for _ in range(2):
        make_observation("AKT.TRYGGHETSVANDRING", "Stora torg", author=police, occurred_on=date(2025, 6, 2))
    make_observation("AKT.PATRULL", "Stora torg", author=police, occurred_on=date(2025, 6, 3))
    report = _public_report(db_read)
    activities = report.tables["aktiviteter"].frame.set_index("Kod")["Antal"]
    assert activities["AKT.PATRULL"] == "<3"
    assert activities["AKT.TRYGGHETSVANDRING"] == ".."
    promises = report.tables["medborgarloften"].frame
    assert list(promises["Utfört"]) == [".."], "5 walks would be shown where the activity table hides them"
    assert list(promises["Status"]) == [".."], "the status would narrow the hidden count down"
    by_status = pd.Series({"oppen": 1, "pagar": 0, "klar": 3, "avford": 0})
    problem = public_problem(report.numbers, by_status, 3, report.promise_figures)
    assert not _leaks(problem)


def test_public_promise_count_adds_up_with_the_activity_table_where_shown(
    problembild_world, make_observation, db_read
):
    """The fixture's promise counts the safety walks of the whole year: where both are shown, the
    promise's "Utfört" is the activity table's count, restricted and withdrawn walks left out of both."""
    from datetime import date

    from lagesbild.models import ObservationStatus, Sharing

    for extra in ({"sharing": Sharing.BEGRANSAD}, {"status": ObservationStatus.WITHDRAWN}):
        make_observation(
            "AKT.TRYGGHETSVANDRING", "Stora torg", author=problembild_world.chair,
            occurred_on=date(2025, 9, 1), **extra,
        )  # fmt: skip
    report = _public_report(db_read)
    walks = report.tables["aktiviteter"].frame.set_index("Kod")["Antal"]["AKT.TRYGGHETSVANDRING"]
    assert walks == 3 and _promise_done(report) == [3]
    done = [
        row for row in report.tables["medborgarloften"].long if row["measure"] == "utfört (medborgarlöfte)"
    ]
    assert [row["value"] for row in done] == [3], "the CSV carries the same count"


def _public_output(client, world) -> dict:
    """Everything the public variant publishes, with what differs per request (time, ids, nonce) masked."""
    import re

    def masked(data: bytes) -> str:
        text = data.decode("utf-8")
        text = re.sub(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", "TIME", text)
        text = re.sub(r"\d{1,2} [a-zé]+ \d{4} kl\. \d{2}\.\d{2}", "TIME", text)  # Swedish local time
        text = re.sub(r"nonce=\"[^\"]+\"", "NONCE", text)
        return re.sub(r"[0-9a-f]{32}", "ID", text)

    files = {
        kind: download(client, world, kind, "offentlig").data for kind in ("xlsx", "csv", "geojson", "html")
    }
    workbook = load_workbook(io.BytesIO(files.pop("xlsx")))
    cells = [
        (sheet.title, row) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)
        if row[0] != "Skapad"
    ]  # fmt: skip
    screen = client.get(f"/problembild?{world.query}&variant=offentlig").data
    return {"xlsx": cells, "screen": masked(screen)} | {kind: masked(data) for kind, data in files.items()}


def test_a_restricted_activity_changes_nothing_the_public_variant_publishes(
    problembild_world, login_as, make_observation, db_read
):
    """A restricted safety walk of the promise's own organisation: counted in the internal follow-up,
    invisible in every public format (screen, workbook, CSV, GeoJSON, HTML), promise table included."""
    from datetime import date

    from lagesbild.models import Sharing

    world = problembild_world
    client = login_as(world.coordinator)
    before = _public_output(client, world)
    internal_before = _promise_done(_internal_report(db_read))
    make_observation(
        "AKT.TRYGGHETSVANDRING", "Stora torg", author=world.chair, occurred_on=date(2025, 10, 1),
        description="Begränsad vandring", sharing=Sharing.BEGRANSAD,
    )  # fmt: skip
    assert _promise_done(_internal_report(db_read)) == [internal_before[0] + 1], (
        "the internal variant counts it"
    )
    after = _public_output(client, world)
    for kind in before:
        assert after[kind] == before[kind], kind


def _internal_report(db_read):
    from datetime import date

    from lagesbild.problembild.report import build_report

    return db_read(lambda session: build_report(session, date(2025, 1, 1), date(2025, 12, 31), public=False))


def test_public_promises_over_two_years_and_an_area_leak_no_small_count(
    problembild_world, make_promise, make_observation, db_read
):
    """A period from mid-2024 to the end of 2025: the 2024 promise (its year starts before the period)
    is left out; the 2025 promises, one of them for a single area, join the suppression of the
    month, area and activity tables, and no small count follows from their sums and differences."""
    from datetime import date

    from lagesbild.models import Place

    centre = db_read(
        lambda session: session.scalar(select(Place).where(Place.name == "Stora torg")).area.name
    )
    make_promise(text="2024", codes=["AKT.TRYGGHETSVANDRING"], year=2024, target=2)
    make_promise(text="Centrum", codes=["AKT.TRYGGHETSVANDRING", "AKT.PATRULL"], year=2025, area=centre)
    chair = problembild_world.chair
    make_observation("AKT.PATRULL", "Stora torg", author=chair, occurred_on=date(2025, 2, 3))
    make_observation("AKT.PATRULL", "Källebergsskolan", author=chair, occurred_on=date(2025, 2, 4))
    make_observation("AKT.TRYGGHETSVANDRING", "Stora torg", author=chair, occurred_on=date(2024, 8, 1))
    report = _public_report(db_read, date(2024, 7, 1), date(2025, 12, 31))
    assert [year for year, _ in report.promise_figures.promises] == [2025, 2025]
    assert list(report.tables["medborgarloften"].frame["Löfte"]) == [HOSTILE["promise"], "Centrum"]
    by_status = pd.Series({"oppen": 1, "pagar": 0, "klar": 3, "avford": 0})
    problem = public_problem(report.numbers, by_status, 3, report.promise_figures)
    assert {key[0] for key in problem.latent} >= {"patom", "pyear"}, "tied to the area and the months"
    assert not _leaks(problem)
    shown = report.tables["medborgarloften"].frame["Utfört"]
    assert all(value == ".." or value >= 3 for value in shown), list(shown)


def test_public_promises_of_the_responsible_and_of_a_window_leak_no_small_count(
    problembild_world, make_promise, make_observation, db_read
):
    """A police-only promise and a summer promise on the same activities as an all-organisation one: each
    counts its own atoms (the guard's rounds, the spring's walks apart), and no difference of their
    published counts gives away a small one."""
    from datetime import date

    world = problembild_world
    police = db_read(lambda session: session.get(User, world.chair.id).organisation)
    make_promise(
        text="Polisen", codes=["AKT.PATRULL"], year=2025, organisations=[police], only_responsible=True
    )
    make_promise(text="Alla", codes=["AKT.PATRULL"], year=2025, organisations=[police])
    make_promise(
        text="Sommar", codes=["AKT.PATRULL"], year=2025, starts_on=date(2025, 6, 1), ends_on=date(2025, 8, 31)
    )
    for day in (date(2025, 2, 3), date(2025, 2, 4), date(2025, 2, 5), date(2025, 7, 1)):
        make_observation("AKT.PATRULL", "Stora torg", author=world.chair, occurred_on=day)
    make_observation("AKT.PATRULL", "Stora torg", author=world.member, occurred_on=date(2025, 7, 2))
    report = _public_report(db_read)
    done = dict(zip(report.tables["medborgarloften"].frame["Löfte"], _promise_done(report), strict=True))
    assert done["Polisen"] in (4, "..") and done["Alla"] in (5, "..") and done["Sommar"] in ("<3", "..")
    by_status = pd.Series({"oppen": 1, "pagar": 0, "klar": 3, "avford": 0})
    problem = public_problem(report.numbers, by_status, 3, report.promise_figures)
    assert not _leaks(problem), "the guard's one round is 'Alla' minus 'Polisen'"

"""Records as the law asks: gallring (retention) of free text and of whole observations."""

import csv
import io
import uuid
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from lagesbild.config import environment_overrides
from lagesbild.meeting.snapshot import week_figures
from lagesbild.models import (
    Action,
    AuditEvent,
    FindingCategory,
    Observation,
    ObservationStatus,
    OrganisationKind,
    ReportedToPolice,
    Role,
    User,
    Walk,
    action_observation,
)
from lagesbild.periods import period_containing, today_local
from lagesbild.problembild.export import csv_rows
from lagesbild.problembild.report import build_report
from lagesbild.promises.progress import promise_progress
from lagesbild.records.retention import RetentionConfigError, Rules, cutoff, free_text_columns
from lagesbild.walks import operations, photos
from lagesbild.walks.photos import path as photos_path

from .fixtures_walks import jpeg_bytes
from .support import data_context

SECRET = "Hemlig text om trapphuset"


def _at(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


@pytest.fixture
def old_and_new(app, make_observation, make_user):
    """Observations three years back (one corrected, one withdrawn), eleven years back (one linked to
    an action), and last month: the three ages the default rules (2 and 10 years) tell apart."""
    today = today_local()
    old_year, ancient_year = today.year - 3, today.year - 11
    author = make_user(Role.MEMBER)
    made = {"old": [], "ancient": [], "new": []}
    kinds = ((3, "SKG.KLOTTER", "Stora torg"), (3, "ORD.BERUSAD", "Berga"),
             (6, "SKG.KLOTTER", "Eslövs station"), (9, "BRD.AVFALL", "Stora torg"))  # fmt: skip
    for month, category, place in kinds:
        day = date(old_year, month, 10)
        made["old"].append(
            make_observation(
                category,
                place,
                author=author,
                occurred_on=day,
                created_at=_at(day),
                description=f"{SECRET} {month}",
            )  # fmt: skip
        )
    made["old"].append(
        make_observation(
            occurred_on=date(old_year, 6, 11),
            created_at=_at(date(old_year, 6, 12)),
            description=SECRET,
            correction_reason=f"{SECRET}, rättad",
            author=author,
        )  # fmt: skip
    )
    made["old"].append(
        make_observation(
            occurred_on=date(old_year, 6, 12),
            created_at=_at(date(old_year, 6, 12)),
            author=author,
            status=ObservationStatus.WITHDRAWN,
            withdrawal_reason=f"{SECRET}, fel",
        )  # fmt: skip
    )
    for month in (2, 5):
        day = date(ancient_year, month, 1)
        made["ancient"].append(make_observation(occurred_on=day, created_at=_at(day), author=author))
    # Happened three years ago but reported last month: its text is kept for the full two years.
    late = make_observation(occurred_on=date(old_year, 6, 13), description=SECRET, author=author)
    made["new"] += [late, make_observation(description=SECRET, author=author)]
    with data_context(app) as session:
        action = Action(
            title="Måla över", owner_organisation_id=author.organisation_id, created_by_id=author.id
        )
        action.observations = [session.get(Observation, made["ancient"][0].id)]
        session.add(action)
        session.commit()
    made["old_year"], made["ancient_year"] = old_year, ancient_year
    return made


def _figures(session, year: int):
    """What a past year's reports say: the problembild's every table and one week's table and flags."""
    report = build_report(session, date(year, 1, 1), date(year, 12, 31), now=datetime(2026, 1, 1, tzinfo=UTC))
    return csv_rows(report), week_figures(session, period_containing(date(year, 6, 10))).to_dict()


def test_gallra_removes_old_free_text_and_keeps_the_reports_of_past_years(app, old_and_new, runner, db_read):
    year = old_and_new["old_year"]
    before = db_read(lambda session: _figures(session, year))
    assert before[1]["total"] >= 3  # the week has the June observations: the comparison means something

    result = runner.invoke(args=["gallra"])
    assert result.exit_code == 0, result.output
    assert SECRET not in result.output
    # PostgreSQL keeps the old row versions until VACUUM; SQLite's secure_delete has zeroed them already.
    postgres = app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
    assert ("VACUUM observation" in result.output) is postgres

    assert db_read(lambda session: _figures(session, year)) == before
    rows = db_read(lambda session: {o.id: o for o in session.scalars(select(Observation))})
    for gone in old_and_new["old"]:
        row = rows[gone.id]
        assert (row.description, row.correction_reason, row.withdrawal_reason) == ("", None, None)
        assert rows[gone.id].updated_at == gone.updated_at  # gallring is not an edit by a person
    for kept in old_and_new["new"]:
        assert rows[kept.id].description == SECRET
    assert not any(old.id in rows for old in old_and_new["ancient"])
    assert db_read(lambda session: session.scalar(select(func.count()).select_from(action_observation))) == 0


def test_gallra_records_the_run_with_counts_and_no_text(old_and_new, runner, db_read):
    assert runner.invoke(args=["gallra"]).exit_code == 0
    events = db_read(
        lambda session: session.scalars(select(AuditEvent).where(AuditEvent.action == "gallring.run")).all()
    )
    assert len(events) == 1
    detail = events[0].detail
    assert detail["rules"] == {"free_text_years": 2, "observation_years": 10}
    assert detail["removed"] == [
        {"kind": "fritext", "year": old_and_new["old_year"], "count": 6},
        {"kind": "iakttagelse", "year": old_and_new["ancient_year"], "count": 2},
    ]
    assert SECRET not in str(events[0].before) + str(events[0].after) + str(detail)
    # A second run finds nothing left, and says so in the log too.
    again = runner.invoke(args=["gallra"])
    assert "inget att ta bort" in again.output


def test_dry_run_lists_counts_per_kind_and_year_and_changes_nothing(old_and_new, runner, db_read):
    result = runner.invoke(args=["gallra", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert f"  {old_and_new['old_year']}: 6" in result.output
    assert f"  {old_and_new['ancient_year']}: 2" in result.output
    assert "Torrkörning: ingenting har ändrats." in result.output
    assert SECRET not in result.output
    texts = db_read(lambda session: session.scalars(select(Observation.description)).all())
    assert len(texts) == 10 and sum(SECRET in text for text in texts) == 7
    assert db_read(lambda session: session.scalar(select(func.count()).select_from(AuditEvent))) == 0


def test_every_free_text_column_of_the_observation_is_gallrad():
    # Found by the FREE_TEXT marker, so a text column added to the model later is covered too.
    marked = {c.name for c in Observation.__table__.columns if c.info.get("free_text")}
    assert {c.name for c in free_text_columns()} == marked >= {"description", "correction_reason"}


def test_rules_come_from_configuration_and_nonsense_is_refused():
    # An operator sets them in instance/config.py or the environment (read as JSON: "3" is the number 3).
    overrides = environment_overrides({"LAGESBILD_RETENTION_FREE_TEXT_YEARS": "3"})
    assert Rules.from_config({**overrides, "RETENTION_OBSERVATION_YEARS": 5}) == Rules(3, 5)
    for bad in ({"RETENTION_FREE_TEXT_YEARS": 0, "RETENTION_OBSERVATION_YEARS": 10},
                {"RETENTION_FREE_TEXT_YEARS": "två", "RETENTION_OBSERVATION_YEARS": 10},
                {"RETENTION_FREE_TEXT_YEARS": 11, "RETENTION_OBSERVATION_YEARS": 10}):  # fmt: skip
        with pytest.raises(RetentionConfigError):
            Rules.from_config(bad)
    assert cutoff(date(2028, 2, 29), 2) == date(2026, 2, 28)


def test_gallra_refuses_rules_that_make_no_sense_and_removes_nothing(old_and_new, app, runner, db_read):
    app.config["RETENTION_FREE_TEXT_YEARS"] = 12  # longer than the observations themselves are kept
    result = runner.invoke(args=["gallra"])
    assert result.exit_code != 0 and "Fritexten kan inte sparas längre än iakttagelserna" in result.output
    assert db_read(lambda session: session.scalar(select(func.count()).select_from(Observation))) == 10


def test_longer_configured_rules_keep_more(old_and_new, app, runner):
    app.config["RETENTION_FREE_TEXT_YEARS"] = 4  # as instance/config.py or the environment would set it
    result = runner.invoke(args=["gallra", "--dry-run"])
    assert "Regler: fritext sparas 4 år" in result.output
    assert f"  {old_and_new['old_year']}: 6" not in result.output


def test_coordinator_sees_the_rules_the_plan_and_the_log(old_and_new, runner, make_user, login_as):
    assert runner.invoke(args=["gallra"]).exit_code == 0
    client = login_as(make_user(Role.COORDINATOR))
    page = client.get("/admin/gallring").get_data(as_text=True)
    assert "Fritext sparas i 2 år" in page and "Iakttagelser sparas i 10 år" in page
    assert "Inget att gallra i dag." in page
    assert f"fritext {old_and_new['old_year']}: 6" in page
    assert f"hela iakttagelser {old_and_new['ancient_year']}: 2" in page
    assert SECRET not in page
    # What a gallrad observation shows, on its page and in a disclosure file.
    gone = old_and_new["old"][0].id
    assert "Texten är gallrad." in client.get(f"/iakttagelser/{gone}").get_data(as_text=True)
    disclosed = client.get(f"/utlamnande/iakttagelser/{gone}?format=csv").get_data(as_text=True)
    assert disclosed.rstrip().endswith(";Texten är gallrad.;")


ALLMAN_HANDLING = (
    "Det som sparas blir en allmän handling som vem som helst kan begära ut – skriv aldrig namn på personer."
)


def test_post_form_and_csv_import_say_what_is_saved_becomes_an_allman_handling(
    reference, make_user, login_as
):
    client = login_as(make_user(Role.COORDINATOR))
    for url in ("/iakttagelser/ny", "/iakttagelser/import"):
        page = client.get(url).get_data(as_text=True)
        assert page.count(ALLMAN_HANDLING) == 1, url


HOSTILE_TEXT = '=HYPERLINK("http://evil.example")<script>alert(1)</script> vid porten'


@pytest.fixture
def disclosure_world(make_observation, make_user, make_org):
    """A guard company's late-evening observation, reported to the police, in March; a withdrawn one the
    same month; one in April (outside the period asked for)."""
    guards = make_org("Vakt & Bevakning AB", kind=OrganisationKind.BEVAKNINGSBOLAG)
    author = make_user(
        Role.MEMBER, organisation=guards, display_name="Anna Författare", email="anna@vakt.example"
    )
    flagged = make_observation(
        "ORD.BERUSAD", occurred_on=date(2026, 3, 5), author=author, description=HOSTILE_TEXT,
        reported_to_police=ReportedToPolice.JA, correction_reason="Rättat av ordföranden",
    )  # fmt: skip
    withdrawn = make_observation(
        occurred_on=date(2026, 3, 6),
        author=author,
        status=ObservationStatus.WITHDRAWN,
        withdrawal_reason="Fel vecka",
    )
    outside = make_observation(occurred_on=date(2026, 4, 1), description="Utanför perioden", author=author)
    return flagged, withdrawn, outside


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))


def test_disclosure_of_a_period_holds_only_releasable_fields_marked_for_review(
    disclosure_world, make_user, login_as
):
    flagged, withdrawn, _ = disclosure_world
    client = login_as(make_user(Role.COORDINATOR))
    table = _csv(client.get("/utlamnande?from=2026-03-01&to=2026-03-31&format=csv"))
    assert table[0] == [
        "Nummer", "Datum", "Tid på dygnet", "Område", "Plats", "Kategori", "Omfattning", "Antal",
        "Polisanmält", "Rapporterande organisation", "Rapporterad", "Status", "Beskrivning", "Pröva särskilt",
    ]  # fmt: skip
    rows = {row[0]: dict(zip(table[0], row, strict=True)) for row in table[1:]}
    assert set(rows) == {
        str(flagged.id),
        str(withdrawn.id),
    }  # April's is outside; withdrawn ones are handlingar
    first = rows[str(flagged.id)]
    assert first["Beskrivning"] == "'" + HOSTILE_TEXT  # a spreadsheet shows it as text, never runs it
    assert first["Datum"] == "2026-03-05"  # a spreadsheet reads ISO dates as dates
    assert (first["Tid på dygnet"], first["Plats"], first["Polisanmält"]) == (
        "Kväll (18–24)",
        "Stora torg",
        "Ja",
    )
    assert "OSL 18 kap. 8 §" in first["Pröva särskilt"] and "OSL 18 kap. 1 §" in first["Pröva särskilt"]
    assert rows[str(withdrawn.id)]["Status"] == "Återkallad"
    whole = "\n".join(";".join(row) for row in table)
    withheld_values = (
        "21:30", "21.30", str(flagged.lat), str(flagged.lon), "Anna Författare", "anna@vakt.example",
        "Rättat av ordföranden", "Fel vecka", "Utanför perioden",
    )  # fmt: skip
    for withheld in withheld_values:
        assert withheld not in whole


def test_disclosure_print_file_lists_what_was_left_out_and_the_secrecy_checklist(
    disclosure_world, make_user, login_as
):
    flagged, _, _ = disclosure_world
    response = login_as(make_user(Role.COORDINATOR)).get(f"/utlamnande/iakttagelser/{flagged.id}")
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert (
        response.headers["Content-Disposition"]
        == f'attachment; filename="utlamnande-iakttagelse-{flagged.id}.html"'
    )
    page = response.get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    assert "Exakt klockslag och kartkoordinater" in page and "Rapportörens namn och e-postadress" in page
    assert "Bevakning och säkerhet (OSL 18 kap. 8 §)" in page and "besvärshänvisning" in page
    # Printed for a person: the day in Swedish (the CSV keeps ISO dates for spreadsheets).
    assert "<td>5 mars 2026</td>" in page and "2026-03-05" not in page
    for withheld in ("21:30", str(flagged.lat), "Anna Författare", "anna@vakt.example", "Utanför perioden"):
        assert withheld not in page


def test_disclosure_form_keeps_a_bad_period_and_says_why(make_user, login_as):
    response = login_as(make_user(Role.COORDINATOR)).get(
        "/utlamnande?from=2026-03-31&to=2026-03-01&format=csv"
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "Slutdatumet kan inte ligga före startdatumet." in page and 'value="2026-03-31"' in page


def test_every_disclosure_file_is_audited_with_who_what_and_when_and_no_text(
    disclosure_world, make_user, login_as, db_read
):
    flagged, _, _ = disclosure_world
    coordinator = make_user(Role.COORDINATOR, display_name="Sara Samordnare")
    client = login_as(coordinator)
    assert client.get("/utlamnande?from=2026-03-01&to=2026-03-31&format=csv").status_code == 200
    assert client.get(f"/utlamnande/iakttagelser/{flagged.id}").status_code == 200
    assert client.get("/utlamnande").status_code == 200  # only the form: no file, no event

    events = db_read(
        lambda s: s.scalars(
            select(AuditEvent).where(AuditEvent.action.like("disclosure.%")).order_by(AuditEvent.id)
        ).all()
    )
    assert [(e.action, e.actor_id, e.object_id) for e in events] == [
        ("disclosure.period", coordinator.id, None),
        ("disclosure.observation", coordinator.id, flagged.id),
    ]
    assert events[0].detail == {"start": "2026-03-01", "end": "2026-03-31", "format": "csv", "rows": 2}
    assert all(event.at is not None for event in events)
    stored = repr([(e.before, e.after, e.detail) for e in events])
    assert "HYPERLINK" not in stored and "Anna" not in stored  # no text of the file
    log = client.get("/admin/logg").get_data(as_text=True)
    assert "Sara Samordnare gjorde en utlämnandefil för en period." in log
    assert f"Sara Samordnare gjorde en utlämnandefil för iakttagelsen #{flagged.id}." in log


# --- gallring of the safety walks' texts and photos ----------------------------------------------------

WALK_SECRET = "Boende Anna på Storgatan 3"


@pytest.fixture
def walks_old_and_new(app, make_walk, make_promise, make_user):
    """A walk held three years back (planned then too) with a finding, its text and a photo, and one held
    last month with the same; the old one serves a promise that counts held walks."""
    coordinator = make_user(Role.COORDINATOR)
    today = today_local()
    old_year = today.year - 3
    made = {"old_year": old_year, "promise": make_promise(year=old_year, target=2)}
    for key, day in (("old", date(old_year, 5, 12)), ("new", today - timedelta(days=30))):
        start = datetime.combine(day, time(16, 30), tzinfo=UTC)
        walk = make_walk(
            coordinator,
            promise=made["promise"] if key == "old" else None,
            held_on=day,
            title=f"{WALK_SECRET}, vandring",
            starts_at=start,
        )
        with data_context(app) as session:
            stored_walk = session.get(Walk, walk.id)
            stored_walk.created_at = start  # planned on the day, as the walk's own record says
            fields = operations.FindingFields(str(uuid.uuid4()), 55.839, 13.304, FindingCategory.BELYSNING,
                                              f"{WALK_SECRET} klagade på lampan")  # fmt: skip
            author = session.get(User, coordinator.id)
            cleaned = [photos.clean(jpeg_bytes(), 5_000_000)]
            finding = operations.record_finding(session, stored_walk, fields, cleaned, author)
            made[key] = (walk.id, finding.photos[0].token)
            session.commit()
    return made


def _walk_state(session, walk_id: int) -> tuple:
    walk = session.get(Walk, walk_id)
    texts = [walk.title, walk.meeting_point, walk.stops, walk.invitation_text]
    texts += [finding.text for finding in walk.findings]
    return texts, [photo.token for finding in walk.findings for photo in finding.photos]


def test_gallra_removes_old_walk_texts_and_photos_and_keeps_past_years_walk_counts(
    app, walks_old_and_new, runner, db_read, make_user, login_as
):
    year, promise = walks_old_and_new["old_year"], walks_old_and_new["promise"]
    (old_id, old_token), (new_id, new_token) = walks_old_and_new["old"], walks_old_and_new["new"]

    def counted():
        return db_read(
            lambda s: {p.promise_id: p.done for p in promise_progress(s, year, date(year, 12, 31))}
        )

    before = counted()
    assert before[promise.id] == 1

    dry = runner.invoke(args=["gallra", "--dry-run"])
    assert "Fritext i trygghetsvandringar" in dry.output and "1 trygghetsvandring" in dry.output
    assert "Foton från trygghetsvandringar: 1 foto" in dry.output and f"  {year}: 1" in dry.output
    assert WALK_SECRET not in dry.output
    assert db_read(lambda s: _walk_state(s, old_id))[1] == [old_token]  # the dry run changed nothing

    result = runner.invoke(args=["gallra"])
    assert result.exit_code == 0, result.output
    texts, tokens = db_read(lambda s: _walk_state(s, old_id))
    assert texts == ["Trygghetsvandring", "", "", "", ""] and tokens == []
    assert db_read(lambda s: s.get(Walk, old_id).residents_count) == 7
    with app.app_context():
        assert not photos_path(old_token).exists() and not photos_path(old_token, thumbnail=True).exists()
        assert photos_path(new_token).exists()
    # The recent walk keeps everything; the past year's counts are the same.
    texts, tokens = db_read(lambda s: _walk_state(s, new_id))
    assert WALK_SECRET in texts[0] and tokens == [new_token]
    assert counted() == before
    events = db_read(lambda s: s.scalars(select(AuditEvent).where(AuditEvent.action == "gallring.run")).all())
    assert {"kind": "vandringstext", "year": year, "count": 1} in events[0].detail["removed"]
    assert WALK_SECRET not in str(events[0].detail)
    client = login_as(make_user(Role.COORDINATOR))
    page = client.get(f"/trygghetsvandringar/{old_id}").get_data(as_text=True)
    assert "Trygghetsvandring" in page and WALK_SECRET not in page and old_token not in page
    assert f"vandringarnas foton {year}: 1" in client.get("/admin/gallring").get_data(as_text=True)

"""The week roll-up (lagesbild/rollup): kept equal to the raw rows by every write, checked and rebuilt
from the command line, and read by the week page."""

import random
import threading
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

from sqlalchemy import func, select, update

from lagesbild.database import write_lock
from lagesbild.extensions import db
from lagesbild.meeting import week
from lagesbild.meeting.operations import open_meeting
from lagesbild.meeting.queries import WeekFilters, reference
from lagesbild.meeting_day import set_meeting_day
from lagesbild.models import (
    ActivityMonthCount,
    Category,
    DayCount,
    MonthCount,
    Observation,
    ObservationStatus,
    OrganisationKind,
    Place,
    Role,
    Sharing,
    WeekCount,
)
from lagesbild.observations import operations
from lagesbild.observations.validation import Clean
from lagesbild.periods import period_containing, period_for_week, today_local
from lagesbild.records.operations import gallra
from lagesbild.records.queries import observations_due
from lagesbild.records.retention import Rules
from lagesbild.reference_admin.operations import merge_category, merge_place
from lagesbild.rollup.table import period_end_of

from .support import clean_at

BANDS = (None, "dag", "kvall", "natt")


def test_a_days_roll_up_period_is_the_meeting_period_that_shows_it():
    """Every day of three weeks, for each meeting weekday, counts in the period the week page shows it in."""
    start = date(2026, 12, 21)
    for weekday in range(1, 8):
        for offset in range(21):
            day = start + timedelta(days=offset)
            assert period_end_of(day, weekday) == period_containing(day, weekday).end, (day, weekday)


def _clean(rng: random.Random, places: list[Place], categories: list[Category], day: date) -> Clean:
    place = rng.choice(places)
    return clean_at(
        place,
        day,
        rng.choice(categories).id,
        time_band=rng.choice(BANDS),
        sharing=rng.choice(("gruppen", "gruppen", "begransad")),
    )


def test_rollup_check_finds_no_difference_after_every_kind_of_write(
    database, runner, reference, make_org, make_user
):
    """~50 posts, edits, withdrawals, imports, merges, a meeting-weekday change and a gallring run
    (fixed seed): `flask rollup check` then agrees with the raw rows, cell by cell."""
    session = database
    rng = random.Random(2026)
    users = [
        make_user(Role.MEMBER, organisation=make_org(f"Org {i}", kind))
        for i, kind in enumerate((OrganisationKind.POLIS, OrganisationKind.KOMMUNAL))
    ]
    today = today_local()

    def places():
        return session.scalars(select(Place).where(Place.is_active).order_by(Place.id)).all()

    def subcategories():
        return session.scalars(
            select(Category).where(Category.parent_id.is_not(None), Category.is_active).order_by(Category.id)
        ).all()

    def day():
        # Mostly the last ten weeks; now and then past the gallring limit, so the run has work.
        if rng.random() < 0.1:
            return today - timedelta(days=365 * 7 + rng.randrange(30))
        return today - timedelta(days=rng.randrange(70))

    def active():
        return session.scalars(
            select(Observation).where(Observation.status == ObservationStatus.ACTIVE).order_by(Observation.id)
        ).all()

    for step in range(50):
        choice = rng.random()
        author = session.merge(rng.choice(users))
        rows = active()
        if step == 35:
            rules = Rules(free_text_years=2, observation_years=5)
            due = select(func.count()).where(
                Observation.status == ObservationStatus.ACTIVE, observations_due(rules, today)
            )
            assert session.scalar(due) > 0  # the run takes counted observations away
            gallra(session, rules, today)
        elif step in (20, 40):  # merge away the subcategory of a counted row, so counts move
            source = rng.choice(rows).category
            target = rng.choice([c for c in subcategories() if c.id != source.id])
            merge_category(session, source, target)
        elif step in (25, 45):  # likewise a place, into one in another area
            source = rng.choice([r.place for r in rows if r.place is not None])
            target = rng.choice([p for p in places() if p.area_id != source.area_id])
            merge_place(session, source, target)
        elif step == 30:
            set_meeting_day(session, 2, None, via="admin")  # every period boundary moves
        elif choice < 0.45 or len(rows) < 3:
            posted = operations.create_observation(
                session, _clean(rng, places(), subcategories(), day()), author, dedup_key=None
            )
            if posted.occurred_on.year < today.year - 5:
                posted.created_at = datetime(posted.occurred_on.year, 12, 31, tzinfo=UTC)  # reported then
        elif choice < 0.7:
            operations.update_observation(
                session, rng.choice(rows), _clean(rng, places(), subcategories(), day()), author
            )
        elif choice < 0.85:
            operations.withdraw_observation(session, rng.choice(rows), author)
        else:
            upload = SimpleNamespace(
                filename="import.csv", sha256=f"{step:064d}", organisation_id=author.organisation_id
            )
            results = [
                SimpleNamespace(
                    duplicate=False,
                    clean=_clean(rng, places(), subcategories(), day()),
                    dedup_key=f"import-{step}-{i}",
                )
                for i in range(rng.randrange(1, 6))
            ]
            operations.import_rows(session, upload, results, author)
        session.commit()

    result = runner.invoke(args=["rollup", "check"])
    assert result.exit_code == 0, result.output
    assert "stämmer" in result.output
    assert session.scalar(select(func.sum(WeekCount.n))) == len(active()) >= 10
    shared = len([row for row in active() if row.sharing is Sharing.GRUPPEN])
    for model in (MonthCount, DayCount, ActivityMonthCount):
        assert session.execute(select(func.sum(model.n), func.sum(model.n_public))).one() == (
            len(active()),
            shared,
        )
    # The periods now end on Mondays, the day before the new meeting weekday (Tuesday).
    assert {end.isoweekday() for end in session.scalars(select(WeekCount.period_end))} == {1}


def test_the_demo_seeders_bulk_inserts_are_counted(app, runner):
    """seed-demo writes its observations and the promises' activities in bulk, past the flush listener."""
    assert runner.invoke(args=["seed-demo", "--weeks", "1"]).exit_code == 0
    result = runner.invoke(args=["rollup", "check"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        activities = select(func.count()).select_from(Observation).join(Category).where(Category.is_activity)
        assert db.session.scalar(activities) > 0  # the promise demo's rows are among them
        assert db.session.scalar(select(func.sum(WeekCount.n))) > 100


def test_rollup_check_names_the_differing_cell_and_rebuild_repairs_it(database, runner, make_observation):
    observation = make_observation("SKG.KLOTTER", "Stora torg", occurred_on=date(2026, 11, 14))
    # A write past the ORM and the maintenance (as a hand-run SQL statement would be): a week earlier.
    database.execute(update(Observation).values(occurred_on=date(2026, 11, 7)))
    database.commit()

    result = runner.invoke(args=["rollup", "check"])
    assert result.exit_code == 1
    assert "period till 2026-11-12" in result.output and "iakttagelser 1, sammanställning 0" in result.output
    assert "period till 2026-11-19" in result.output and "iakttagelser 0, sammanställning 1" in result.output

    assert runner.invoke(args=["rollup", "rebuild"]).exit_code == 0
    assert runner.invoke(args=["rollup", "check"]).exit_code == 0
    database.expire_all()
    assert database.get(Observation, observation.id).occurred_on == date(2026, 11, 7)
    assert database.scalars(select(WeekCount.period_end)).all() == [date(2026, 11, 12)]


def test_week_page_counts_come_from_the_rollup_and_filters_it_cannot_answer_from_the_rows(
    app, make_user, make_org, make_observation
):
    """The table counts restricted rows of other organisations and follows every filter exactly as
    the raw rows did; with the roll-up emptied, the unfiltered page shows no counts (it reads nothing
    else) while the organisation-kind and time-band filters, which the roll-up has no key for, still
    count the raw rows."""
    member = make_user(Role.MEMBER)
    other = make_user(Role.MEMBER, organisation=make_org("Polisen", OrganisationKind.POLIS))
    make_observation("SKG.KLOTTER", "Stora torg", author=member, occurred_on=date(2026, 11, 14))
    make_observation(
        "SKG.KLOTTER", "Stora torg", author=other, occurred_on=date(2026, 11, 15), sharing="begransad"
    )
    make_observation(
        "SKG.KLOTTER", "Stora torg", author=other, occurred_on=date(2026, 11, 16), time_band="natt"
    )
    make_observation(
        "SKG.KLOTTER",
        "Stora torg",
        author=other,
        occurred_on=date(2026, 11, 17),
        status=ObservationStatus.WITHDRAWN,
    )
    make_observation("BRD.AVFALL", "Stora torg", author=member, occurred_on=date(2026, 11, 18))
    period = period_for_week(2026, 47, app.config["MEETING_WEEKDAY"])

    def total(filters: WeekFilters) -> int:
        with app.app_context():
            page = week.build(db.session, period, filters, member, reference(db.session))
            return sum(row.total for row in page.figures.rows)

    assert total(WeekFilters()) == 4
    assert total(WeekFilters(kategori="SKG")) == 3
    assert total(WeekFilters(organisationstyp="polis")) == 2
    assert total(WeekFilters(tid="natt")) == 1

    with app.app_context():
        assert db.session.scalar(select(func.sum(WeekCount.n))) == 4
        db.session.execute(WeekCount.__table__.delete())
        db.session.commit()
    assert total(WeekFilters()) == 0
    assert total(WeekFilters(organisationstyp="polis")) == 2
    assert total(WeekFilters(tid="natt")) == 1


def test_concurrent_writers_lose_no_count(app, reference, make_user, make_org):
    """Writers posting into the same cell at the same moment: every post is counted (on PostgreSQL the
    upserts meet at once; on SQLite the writers queue for the lock, as a post's request does)."""
    threads = 6
    organisation = make_org()  # one organisation: the day and activity roll-ups' cells are shared too
    authors = [make_user(Role.MEMBER, organisation=organisation) for _ in range(threads)]
    with app.app_context():
        place = db.session.scalar(select(Place).where(Place.name == "Stora torg"))
        category = db.session.scalar(select(Category).where(Category.code == "SKG.KLOTTER"))
        clean = clean_at(place, date(2026, 11, 14), category.id, time_band="kvall", description="Klotter.")
    start = threading.Barrier(threads)
    errors = []

    def write(author):
        try:
            with app.app_context():
                me = db.session.merge(author)
                db.session.commit()  # no read transaction left open to upgrade (SQLite refuses that)
                start.wait()
                for _ in range(5):
                    with write_lock():  # BEGIN IMMEDIATE on SQLite, as for a POST; nothing on PostgreSQL
                        operations.create_observation(db.session, clean, me, dedup_key=None)
                        db.session.commit()
                db.session.remove()
        except Exception as error:  # reported below: a thread's exception would otherwise vanish
            errors.append(error)

    workers = [threading.Thread(target=write, args=(author,)) for author in authors]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    with app.app_context():
        assert db.session.scalars(select(WeekCount.n)).all() == [threads * 5]  # one cell
        assert db.session.scalar(select(func.count()).select_from(Observation)) == threads * 5
        assert db.session.scalar(select(WeekCount.area_id)) == place.area_id
        for model in (MonthCount, DayCount, ActivityMonthCount):  # the problembild's and promises' too
            assert db.session.execute(select(model.n, model.n_public)).all() == [(threads * 5, threads * 5)]


def test_a_meeting_held_before_the_weekday_changed_keeps_its_counts(app, make_user, make_observation):
    """The roll-up follows the new weekday's periods; a meeting opened before the change keeps its own
    days (Friday meetings: Friday to Thursday), which the roll-up no longer holds, so its counts come
    from the raw rows and stay what the meeting saw."""
    coordinator = make_user(Role.COORDINATOR)
    for day in (13, 16, 19):  # Friday, Monday and Thursday of the Friday-meeting period of week 47
        make_observation("SKG.KLOTTER", "Stora torg", occurred_on=date(2026, 11, day))
    make_observation("SKG.KLOTTER", "Stora torg", occurred_on=date(2026, 11, 20))  # the next period

    def week_47_total() -> int:
        with app.test_request_context():
            period = week.period_from_slug("2026-47", db.session)
            page = week.build(db.session, period, WeekFilters(), None, reference(db.session))
            return sum(row.total for row in page.figures.rows)

    assert app.config["MEETING_WEEKDAY"] == 5
    with app.test_request_context():
        open_meeting(db.session, week.period_from_slug("2026-47", db.session), db.session.merge(coordinator))
        db.session.commit()
    assert week_47_total() == 3
    with app.test_request_context():
        set_meeting_day(db.session, 2, None, via="admin")  # Tuesday: periods now end on Mondays
        db.session.commit()
        assert {end.isoweekday() for end in db.session.scalars(select(WeekCount.period_end))} == {1}
    assert week_47_total() == 3

"""The demo data set behind `make run`.

Most tests read the demo the worker's first demo test seeded through `flask seed-demo` into an empty
database of its own (tests/fixtures_demo.py), from a shared read-only copy.
"""

from datetime import date

from sqlalchemy import func, select

from lagesbild import periods
from lagesbild.extensions import db
from lagesbild.meeting.snapshot import week_figures
from lagesbild.models import (
    Action,
    Area,
    Category,
    Observation,
    Organisation,
    Place,
    Role,
    User,
    action_observation,
)
from lagesbild.problembild.report import build_report
from lagesbild.promises.progress import promise_progress
from lagesbild.seed.demo import demo_logins
from lagesbild.seed.demo_reporting import DESCRIPTIONS, REPORTERS


def test_seed_demo_loads_reference_data_users_and_a_year_of_observations(demo_shared):
    """What `seed-demo` wrote into an empty database and printed (it succeeded: see fixtures_demo.py)."""
    demo_shared.read(_check_seeded)
    # Every login printed works with the hash stored.
    assert "samordnare@demo.example.com" in demo_shared.output


def _check_seeded(session) -> None:
    assert session.scalar(select(func.count()).select_from(Area)) >= 18
    assert session.scalar(select(Place).where(Place.name == "Stora torg")).area.name == "Eslövs centrum"
    codes = set(session.scalars(select(Category.code)))
    assert {"SKG", "SKG.KLOTTER", "AKT.TRYGGHETSVANDRING", "OVR.OVRIGT"} <= codes
    assert {u.role for u in session.scalars(select(User))} == set(Role)
    names = set(session.scalars(select(Organisation.name)))
    assert {"Polisen LPO Eslöv", "Räddningstjänsten Syd", "Stadskärneföreningen", "HSB"} <= names

    first, last = session.execute(
        select(func.min(Observation.occurred_on), func.max(Observation.occurred_on))
    ).one()
    today = periods.today_local()
    # Two full years before this one: every comparison with last year (or the year before) has a base.
    assert last <= today and first == date(today.year - 2, 1, 1)
    assert session.scalar(select(func.count()).where(~Observation.is_demo)) == 0


def test_demo_has_hot_spots_and_activities(demo_shared):
    by_place = dict(
        demo_shared.read(
            lambda session: session.execute(
                select(Place.name, func.count()).join(Observation.place).group_by(Place.name)
            ).all()
        )
    )
    median = sorted(by_place.values())[len(by_place) // 2]
    for hot in ("Stora torg", "Berga"):
        assert by_place[hot] > 3 * median
    activities = demo_shared.read(
        lambda session: session.scalar(
            select(func.count()).join(Observation.category).where(Category.is_activity)
        )
    )
    assert activities >= 50


def _demo_fingerprint(session) -> list[tuple]:
    # Sorted in Python: PostgreSQL and SQLite collate text differently.
    rows = session.execute(
        select(Observation.occurred_on, Place.name, Observation.description).join(Observation.place)
    ).all()
    return sorted(tuple(row) for row in rows)


def test_demo_is_the_same_every_time(demo_shared, demo_fresh_sqlite):
    """A second install on another database gets exactly the same demo observations: compared are the
    observations (day, place, text) of two independent `seed-demo` runs, each into an empty database of
    its own: the worker's cached demo on this pass's database and a fresh run, by this test, into a new
    SQLite file (on the PostgreSQL pass: one install on each backend)."""
    first = demo_shared.read(_demo_fingerprint)
    again = demo_fresh_sqlite.read(_demo_fingerprint)
    assert len(first) > 1000
    assert again == first


def test_demo_meetings_link_actions_to_observations(demo_shared):
    linked = demo_shared.read(
        lambda session: session.scalar(select(func.count()).select_from(action_observation))
    )
    assert linked > 0


def test_seed_demo_refuses_a_database_that_is_not_empty(demo_copy):
    """The first `seed-demo` succeeded (fixtures_demo.py); the second, on a copy of its result, refuses
    (a writable copy: the command takes the write lock before it looks)."""
    result = demo_copy.app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code != 0
    assert "inte tom" in result.output


def test_demo_logins_cover_every_role():
    assert {login.role for login in demo_logins()} == set(Role)


def test_demo_is_believable(demo_shared):
    """Reporters and texts fit each subcategory, rises in this and last week, actions where they belong,
    promises in every status, and last year as a real base for this year's figures."""
    app = demo_shared.app
    with app.app_context():
        pairs = db.session.execute(
            select(Organisation.name, Category.code, Observation.description)
            .join(Observation.organisation)
            .join(Observation.category)
            .distinct()
        ).all()
        assert all(org in REPORTERS[code] for org, code, _ in pairs)
        assert all(text in DESCRIPTIONS[code] for _, code, text in pairs)
        guards = {code for org, code, _ in pairs if org == "Bevakningsbolaget Syd (demo)"}
        assert (
            "AKT.PATRULL" in guards and "AKT.TRAFIKINSATS" not in guards
        )  # rounds yes, traffic operations no
        assert len({text for _, _, text in pairs}) >= 100

        current = periods.period_containing(periods.today_local(), app.config["MEETING_WEEKDAY"])
        for period in (current, current.previous(1)):
            assert week_figures(db.session, period).flags, period.label

        for action in db.session.scalars(select(Action)):
            if action.meeting_id is not None:  # decided at a meeting: about a named place, in its area
                assert action.place is not None and action.area_id == action.place.area_id, action.title
            else:  # a safety walk's finding: a point on the walk, in the walk's area
                assert action.area_id is not None, action.title
            assert all(o.area_id == action.area_id for o in action.observations), action.title

        today = periods.today_local()
        statuses = {
            p.status for p in promise_progress(db.session, today.year - 1, date(today.year - 1, 12, 31))
        }
        statuses |= {p.status for p in promise_progress(db.session, today.year, today)}
        # Eslöv's eight promises in their kinds: counts reached last year and behind this year, the
        # milestone reached, processes followed on plan and deviating.
        assert {"uppnått", "efter", "enligt plan", "avviker"} <= statuses, statuses

        report = build_report(db.session, date(today.year - 1, 1, 1), date(today.year - 1, 12, 31))
        categories = report.tables["kategorier"].frame
        problems = categories[categories["Kod"].isin(["ORD", "SKG", "BRD", "NAR", "MIL"])]
        # A real base: no category against an empty previous year, no +900 %.
        assert (problems["Föregående period"] >= 50).all() and (problems["Förändring (%)"].abs() < 60).all()

"""The problembild, the analysis and the plan serve a built report again (lagesbild/report_cache.py), and
never once a figure has changed: every write to what the report reads shows on the next request."""

import re
from datetime import date

from sqlalchemy import event, select

from lagesbild import report_cache as cache
from lagesbild.extensions import db
from lagesbild.meeting.operations import set_action_status
from lagesbild.models import Action, ActionStatus, Base, Observation, ObservationStatus, User
from lagesbild.observations import operations
from lagesbild.problembild.report import build_report, plan_report_tables, underlag_report_tables
from lagesbild.report_cache import REPORT_TABLES, data_version

from .support import clean_at, data_context


def _tables_read(app, read) -> set[str]:
    """The tables named in the SQL that read(session) sends."""
    names, seen = sorted(Base.metadata.tables), set()

    def grab(conn, cursor, statement, *args):
        seen.update(name for name in names if re.search(rf"\b{name}\b", statement))

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", grab)
        try:
            read(db.session)
        finally:
            event.remove(db.engine, "before_cursor_execute", grab)
    return seen


def test_every_table_the_cached_builds_read_versions_the_cache(app, problembild_world):
    def builds(session):
        for public in (False, True):
            build_report(session, problembild_world.start, problembild_world.end, public=public)
        plan_report_tables(session, problembild_world.start, problembild_world.end)
        underlag_report_tables(session, problembild_world.start, problembild_world.end)

    read = _tables_read(app, builds)
    # A table read but not versioned would let a write to it leave a stale figure on the page.
    assert "observation" in read and "promise" in read
    # The meeting weekday only moves which days the roll-up answers and which the raw rows: the same sums.
    # The version itself is read by the promise count cached inside the build (promises/progress.py).
    assert read - {"group_settings", "report_data_version"} <= REPORT_TABLES


def _figures(client, world) -> tuple[int, int]:
    """The page's total and its count of actions with status Klar."""
    page = client.get(f"/problembild?{world.query}").get_data(as_text=True)
    total = re.search(r"<strong>([\d\u00a0 ]+)</strong> iakttagelser", page).group(1)
    actions = page[page.index('id="tabell-atgarder"') :]
    done = re.search(r'<th scope="row">Klar</th><td class="num">(\d+)</td>', actions).group(1)
    return int(re.sub(r"\D", "", total)), int(done)


def _first_ranked(client) -> tuple[str, int]:
    """The analysis page's top problem of 2025 and its count."""
    page = client.get("/analys?ar=2025").get_data(as_text=True)
    problem, n = re.search(r'<td>1</td><th scope="row">(.*?)</th><td class="num">(\d+)</td>', page).groups()
    return problem, int(n)


def test_the_problembild_page_shows_a_post_an_edit_a_withdrawal_and_an_action_change_at_once(
    app, problembild_world, login_as, db_read
):
    world = problembild_world
    client = login_as(world.coordinator)
    assert _figures(client, world) == (35, 3)
    problem, n = _first_ranked(client)

    statements = []
    with app.app_context():
        listener = lambda conn, cursor, statement, *args: statements.append(statement)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
    assert _figures(client, world) == (35, 3)
    with app.app_context():
        event.remove(db.engine, "before_cursor_execute", listener)
    # Served again: the year's observations were not read a second time.
    assert not [s for s in statements if re.search(r"FROM observation\b", s)]

    def write(change):
        with data_context(app) as session:
            change(session)
            session.commit()

    def some(session, status=ObservationStatus.ACTIVE) -> Observation:
        return session.scalar(
            select(Observation)
            .where(Observation.status == status, Observation.occurred_on == date(2025, 3, 14))
            .order_by(Observation.id)  # the first of the twelve at Stora torg: the top problem's cell
            .limit(1)
        )

    def post(session):
        observation = some(session)
        author = session.get(User, world.member.id)
        clean = clean_at(observation.place, date(2025, 10, 1), observation.category_id)
        operations.create_observation(session, clean, author, dedup_key=None)

    write(post)
    assert _figures(client, world) == (36, 3)
    assert _first_ranked(client) == (problem, n + 1)  # the analysis's ranking too

    def edit(session):  # moved out of the period
        observation = some(session)
        clean = clean_at(observation.place, date(2024, 10, 1), observation.category_id)
        assert operations.update_observation(session, observation, clean, session.get(User, world.member.id))

    write(edit)
    assert _figures(client, world) == (35, 3)

    write(
        lambda session: operations.withdraw_observation(
            session, some(session), session.get(User, world.member.id)
        )
    )
    assert _figures(client, world) == (34, 3)

    def finish(session):
        action = session.scalar(select(Action).where(Action.status == ActionStatus.OPPEN))
        set_action_status(action, ActionStatus.KLAR, session.get(User, world.chair.id))

    write(finish)
    assert _figures(client, world) == (34, 4)
    # Nothing built before the last write is kept (the report holds action titles a chair may correct).
    # (Of this database: an earlier test of the worker may have cached another's, the demo tests' copy.)
    version = db_read(data_version)
    database = db_read(lambda session: session.get_bind().url.render_as_string(hide_password=True))
    assert {key[2] for key in cache._ENTRIES if key[0] == database} == {version}


def test_the_version_table_stays_small_and_every_write_still_changes_the_key(
    app, reference, make_observation, db_read, monkeypatch
):
    monkeypatch.setattr(cache, "PRUNE_ONE_IN", 1)  # every writer prunes (one in 256 does in production)
    monkeypatch.setattr(cache, "KEEP", 2)
    keys = []
    for _ in range(5):
        make_observation()
        keys.append(db_read(data_version))
    assert len(set(keys)) == 5  # each post gave a key never seen before: no report built earlier is served
    assert all(count <= 4 for count, _ in keys)  # so the request reads a handful of rows, not one per write


def test_the_promise_count_reads_only_versioned_tables_and_is_served_again(
    app, make_promise, make_observation
):
    from lagesbild.periods import today_local
    from lagesbild.promises.progress import count_rules, done_in_windows

    today = today_local()
    make_promise("Minst fyra trygghetsvandringar", target=4, year=today.year)
    make_observation(category="AKT.TRYGGHETSVANDRING", place="Berga", occurred_on=today)

    def count(session):
        rules = count_rules(session, today.year)
        return [done_in_windows(session, today.year, today, rules, public) for public in (False, True)]

    cache.forget()
    read = _tables_read(app, count)
    # The count is cached (promises/progress.py): a table it read but not versioned would let a
    # write to it leave a stale count on the week page and /medborgarloften.
    assert "observation" in read
    assert read - {"report_data_version"} <= REPORT_TABLES
    # Served again: only the promises' own rules and the version are read, not the observations.
    assert "observation" not in _tables_read(app, count)

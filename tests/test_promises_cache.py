"""The promise counts are served again from the report cache (promises/progress.py::done_in_windows),
and never once a figure has changed: a post, an edit, a withdrawal and a promise change show on the
week page and on /medborgarloften at the very next request."""

import re

from sqlalchemy import event, select

from lagesbild import periods
from lagesbild.extensions import db
from lagesbild.models import Category, Observation, Promise, Role, User
from lagesbild.observations import operations

from .support import clean_at, data_context

# The promise count's one statement: a sum per window over the activity roll-up's months and/or the
# raw rows' days (promises/progress.py _done_in_windows).
COUNT_QUERY = re.compile(
    r"sum\(CASE WHEN \(observation(_activity_month\.month|\.occurred_on) BETWEEN", re.IGNORECASE
)
WALK = "Trygghetsvandring runt torget."


def test_the_week_page_and_medborgarloften_show_every_change_at_once_and_count_once_between(
    app, make_promise, make_observation, make_user, login_as
):
    today = periods.today_local()
    week = f"/vecka/{periods.period_containing(today).slug}"
    promise = make_promise("Minst fyra trygghetsvandringar", target=4, year=today.year)
    first = make_observation(category="AKT.TRYGGHETSVANDRING", place="Berga", occurred_on=today)
    coordinator = make_user(Role.COORDINATOR)
    client = login_as(coordinator)

    statements: list[str] = []
    with app.app_context():
        listener = lambda conn, cursor, statement, *args: statements.append(statement)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)

    def figures() -> tuple[str, str, int]:
        """The sidebar's figures, /medborgarloften's, and how many times the pages counted the year."""
        statements.clear()
        page = client.get(week).get_data(as_text=True)
        sidebar = page[page.index('id="promise-sidebar-heading"') :]
        on_week = re.search(r"(\d+) av (\d+)", sidebar).group(0)
        index = client.get("/medborgarloften").get_data(as_text=True)
        on_index = re.search(r"<strong>(\d+) av minst (\d+)</strong>", index).group(0)
        return on_week, on_index, len([s for s in statements if COUNT_QUERY.search(s)])

    try:
        # Counted once for both pages (the same year, the same day, the same rules) …
        assert figures() == ("1 av 4", "<strong>1 av minst 4</strong>", 1)
        # … and not again while nothing has been written.
        assert figures() == ("1 av 4", "<strong>1 av minst 4</strong>", 0)

        def write(change):
            with data_context(app) as session:
                change(session)
                session.commit()

        def walk_category(session) -> int:
            return session.scalar(select(Category.id).where(Category.code == "AKT.TRYGGHETSVANDRING"))

        def post(session):
            author = session.get(User, coordinator.id)
            like = session.get(Observation, first.id)
            clean = clean_at(like, like.occurred_on, walk_category(session), description=WALK)
            operations.create_observation(session, clean, author, dedup_key=None)

        write(post)
        assert figures() == ("2 av 4", "<strong>2 av minst 4</strong>", 1)

        def edit(session):  # the first one was a patrol, not a walk
            observation = session.get(Observation, first.id)
            patrol = session.scalar(select(Category.id).where(Category.code == "AKT.PATRULL"))
            author = session.get(User, coordinator.id)
            clean = clean_at(observation, observation.occurred_on, patrol, description=WALK)
            assert operations.update_observation(session, observation, clean, author)

        write(edit)
        assert figures() == ("1 av 4", "<strong>1 av minst 4</strong>", 1)

        def withdraw(session):
            posted = session.scalar(
                select(Observation).where(Observation.id != first.id).order_by(Observation.id.desc()).limit(1)
            )
            operations.withdraw_observation(session, posted, session.get(User, coordinator.id))

        write(withdraw)
        assert figures() == ("0 av 4", "<strong>0 av minst 4</strong>", 1)

        # The coordinator makes the promise count patrols too: the edited one counts again.
        with data_context(app) as session:
            current = session.get(Promise, promise.id)
            organisations = [str(o.id) for o in current.organisations]
            categories = [str(c.id) for c in current.categories]
            patrol = session.scalar(select(Category.id).where(Category.code == "AKT.PATRULL"))
        response = client.post(
            f"/medborgarloften/{promise.id}/andra",
            data={
                "year": str(today.year),
                "text": "Minst sex trygghetsvandringar eller patruller",
                "target": "6",
                "organisations": organisations,
                "categories": [*categories, str(patrol)],
                "area": "0",
            },
        )
        assert response.status_code == 302
        assert figures() == ("1 av 6", "<strong>1 av minst 6</strong>", 1)
    finally:
        with app.app_context():
            event.remove(db.engine, "before_cursor_execute", listener)

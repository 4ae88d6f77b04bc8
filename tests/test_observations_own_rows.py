"""A member's own rows at any volume: /mina-iakttagelser and the form's recent places read one range of
ix_observation_author (author, status, date) and stop where the page does (issue #12)."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from lagesbild.models import Observation, ObservationStatus, Place, Role
from lagesbild.observations import queries

from .support import request_plan


def _names(session, ids: list[int]) -> list[str]:
    names = dict(session.execute(select(Place.id, Place.name).where(Place.id.in_(ids))).all())
    return [names[i] for i in ids]


def _all_rows_recent_places(session, user) -> list[int]:
    """The form's recent places as they were chosen before issue #12: from every row of the member."""
    return list(
        session.scalars(
            select(Observation.place_id)
            .where(Observation.author_id == user.id, Observation.place_id.is_not(None))
            .group_by(Observation.place_id)
            .order_by(func.max(Observation.created_at).desc())
            .limit(5)
        )
    )


def test_the_form_offers_a_members_newest_places_first_as_before(make_user, make_observation, db_read):
    member, colleague = make_user(Role.MEMBER), make_user(Role.MEMBER)
    start = datetime(2026, 11, 2, 9, tzinfo=UTC)
    # (place, hours after start it was reported, withdrawn): reported order, not the date, decides.
    rows = [
        ("Stora torg", 1, False),
        ("Berga", 2, False),
        ("Stora torg", 3, False),
        ("Medborgarhuset", 4, True),  # withdrawn: still a place the member uses
        ("Eslövs station", 5, False),
        ("Stinstorget", 6, False),
        ("Berga", 7, False),
    ]
    for n, (place, hours, withdrawn) in enumerate(rows):
        make_observation(
            author=member,
            place=place,
            occurred_on=date(2026, 11, 1) - timedelta(days=n),  # older dates for newer reports
            created_at=start + timedelta(hours=hours),
            status=ObservationStatus.WITHDRAWN if withdrawn else ObservationStatus.ACTIVE,
        )
    make_observation(author=colleague, place="Hotel Stensson", created_at=start + timedelta(hours=9))

    def read(session):
        return queries.recent_place_ids(session, member), _all_rows_recent_places(session, member)

    recent, before = db_read(read)
    assert recent == before
    assert db_read(lambda s: _names(s, recent)) == [
        "Berga",
        "Stinstorget",
        "Eslövs station",
        "Medborgarhuset",
        "Stora torg",
    ]


def test_a_busy_reporters_recent_places_come_from_their_newest_rows_only(
    make_user, make_observation, db_read, monkeypatch
):
    """The window stops the query at the newest rows; an old report cannot pull its place forward."""
    member = make_user(Role.MEMBER)
    monkeypatch.setattr(queries, "RECENT_ROWS", 2)
    make_observation(author=member, place="Berga", occurred_on=date(2026, 10, 1))
    make_observation(author=member, place="Stora torg", occurred_on=date(2026, 11, 1))
    make_observation(author=member, place="Stinstorget", occurred_on=date(2026, 11, 2))
    recent = db_read(lambda s: _names(s, queries.recent_place_ids(s, member)))
    assert sorted(recent) == ["Stinstorget", "Stora torg"]


def test_the_own_list_and_the_form_read_one_index_range_of_the_members_rows(
    app, make_user, make_observation, login_as
):
    """At 5M a member with 217 000 rows waited about a second on each page: the member's active days
    and the places of every own row were read row by row from the table."""
    member = make_user(Role.MEMBER)
    make_observation(author=member, place="Berga", occurred_on=date(2026, 10, 1))
    client = login_as(member)

    def about_the_author(marker: str):
        return lambda statement: "observation.author_id" in statement and marker in statement

    days = request_plan(
        app, client, "/mina-iakttagelser", about_the_author("DISTINCT"), "ix_observation_author"
    )
    places = request_plan(
        app, client, "/iakttagelser/ny", about_the_author("UNION ALL"), "ix_observation_author"
    )
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        assert "COVERING INDEX ix_observation_author (author_id=? AND status=?)" in days, days
        assert places.count("INDEX ix_observation_author (author_id=? AND status=?)") == 2, places
        assert "SCAN observation" not in places, places
    else:
        # (author, status) is the index's search condition, not a filter over every own row.
        conditions = [line for line in days.splitlines() if "Index Cond" in line]
        assert "using ix_observation_author" in days and "status" in conditions[0], days
        assert places.count("Index Scan Backward using ix_observation_author") == 2, places
        conditions = [line for line in places.splitlines() if "Index Cond" in line]
        assert len(conditions) == 2 and all("status" in line for line in conditions), places

"""The group list read in two parts (the period's own rows, then the late ones) shows the same rows in the
same order with the same counts as the one statement it replaced (issue #12), and walks its index."""

from datetime import time, timedelta

from sqlalchemy import func, select

from lagesbild.models import Observation, ObservationStatus, OrganisationKind, Role, Sharing
from lagesbild.observations.queries import Filters, group_list
from lagesbild.observations.visibility import details_visible_clause
from lagesbild.periods import period_for_week

from .support import request_plan

PERIOD = period_for_week(2026, 47)  # Friday meetings: 13–19 November 2026


def _one_statement(session, viewer, filters: Filters, number: int, size: int):
    """The group list as one statement over `occurred in OR reported late`, as before issue #12."""
    base = [
        Observation.status == ObservationStatus.ACTIVE,
        Observation.in_period(PERIOD),
        *Observation.filtered(filters.category, filters.area_id, filters.organisation_kind),
    ]
    visible = details_visible_clause(viewer)
    total, late_total, hidden = session.execute(
        select(
            func.count(Observation.id).filter(visible),
            func.count(Observation.id).filter(visible, Observation.occurred_on < PERIOD.start),
            func.count(Observation.id).filter(~visible),
        ).where(*base)
    ).one()
    ids = session.scalars(
        select(Observation.id)
        .where(*base, visible)
        .order_by(Observation.occurred_on.desc(), Observation.time_of_day.desc(), Observation.id.desc())
        .offset((number - 1) * size)
        .limit(size)
    ).all()
    return list(ids), total, late_total, hidden


def test_the_two_part_list_matches_the_one_statement_on_mixed_data(
    make_org, make_user, make_observation, db_read
):
    housing = make_org("ebo", OrganisationKind.BOSTADSBOLAG)
    police = make_org("Polisen", OrganisationKind.POLIS)
    member = make_user(Role.MEMBER, organisation=housing)
    officer = make_user(Role.MEMBER, organisation=police)
    chair = make_user(Role.CHAIR, organisation=make_org("Kommunen", OrganisationKind.KOMMUNAL))
    late_at = PERIOD.reported_from + timedelta(days=2)
    rows = [
        # (author, day, time, late report (None: reported before the period), restricted, withdrawn, category)
        (member, PERIOD.end, time(22), False, False, False, "SKG.KLOTTER"),
        (officer, PERIOD.end, time(22), False, True, False, "SKG.KLOTTER"),  # same day and time: id decides
        (officer, PERIOD.end, None, False, False, False, "ORD.UNGDOMSGRUPP"),  # no time of day
        (member, PERIOD.start, time(8), False, False, True, "SKG.KLOTTER"),  # withdrawn
        (officer, PERIOD.start + timedelta(days=2), time(1), False, True, False, "ORD.UNGDOMSGRUPP"),
        (member, PERIOD.start + timedelta(days=3), time(13), False, True, False, "SKG.KLOTTER"),  # own org
        (member, PERIOD.start, time(9), False, False, False, "ORD.UNGDOMSGRUPP"),
        (officer, PERIOD.start - timedelta(days=3), time(20), True, False, False, "SKG.KLOTTER"),  # late
        (
            officer,
            PERIOD.start - timedelta(days=9),
            time(7),
            True,
            True,
            False,
            "ORD.UNGDOMSGRUPP",
        ),  # late, hidden
        (member, PERIOD.start - timedelta(days=1), None, True, False, False, "SKG.KLOTTER"),  # late
        (
            member,
            PERIOD.start - timedelta(days=5),
            time(3),
            True,
            False,
            True,
            "SKG.KLOTTER",
        ),  # late, withdrawn
        (
            member,
            PERIOD.start - timedelta(days=2),
            time(12),
            None,
            False,
            False,
            "SKG.KLOTTER",
        ),  # before: not shown
    ]
    for author, day, at, late, restricted, withdrawn, category in rows:
        make_observation(
            author=author,
            category=category,
            occurred_on=day,
            time_of_day=at,
            time_band="kvall" if at else None,
            created_at={True: late_at, False: PERIOD.reported_from + timedelta(hours=1)}.get(
                late, PERIOD.reported_from - timedelta(days=1)
            ),
            sharing=Sharing.BEGRANSAD if restricted else Sharing.GRUPPEN,
            status=ObservationStatus.WITHDRAWN if withdrawn else ObservationStatus.ACTIVE,
        )

    def compare(session):
        for viewer in (member, officer, chair):
            for filters in (
                Filters(),
                Filters(category="SKG"),
                Filters(organisation_kind=OrganisationKind.POLIS),
            ):
                # Pages of 3 cross from the own rows to the late ones at every offset; one of 50 holds all.
                for size, number in [(3, 1), (3, 2), (3, 3), (3, 4), (50, 1)]:
                    listed = group_list(session, viewer, PERIOD, filters, number, size)
                    ids, total, late_total, hidden = _one_statement(
                        session, viewer, filters, listed.page.number, size
                    )
                    case = (viewer.id, filters, size, number)
                    assert [o.id for o in listed.visible + listed.late] == ids, case
                    assert all(PERIOD.contains(o.occurred_on) for o in listed.visible), case
                    assert not any(PERIOD.contains(o.occurred_on) for o in listed.late), case
                    assert (listed.page.total, listed.late_total, listed.restricted_count) == (
                        total,
                        late_total,
                        hidden,
                    ), case
                    assert listed.visible_total == total - late_total, case

    db_read(compare)
    # What the member sees: 4 of the period's own rows and 2 late ones; 3 restricted rows of the police.
    listed = db_read(lambda s: group_list(s, member, PERIOD, Filters()))
    assert (listed.visible_total, listed.late_total, listed.restricted_count) == (4, 2, 3)


def test_the_group_list_reads_its_page_from_an_index_in_its_order(
    app, client, make_user, make_observation, login_as
):
    """At 5M one statement read and sorted every row of the week (22 638) to show 50: the period's own
    rows must come from ix_observation_list in the list's order, so the walk stops at the page."""
    member = make_user(Role.MEMBER)
    make_observation(author=member, occurred_on=PERIOD.start)
    login_as(member)
    plan = request_plan(
        app,
        client,
        "/iakttagelser?vecka=2026-47",
        lambda statement: "LIMIT" in statement and "observation.occurred_on BETWEEN" in statement,
        "ix_observation_list",
    )
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        assert "Index Scan Backward using ix_observation_list" in plan, plan
    else:
        assert "INDEX ix_observation_list (occurred_on>? AND occurred_on<?)" in plan, plan
        assert "TEMP B-TREE FOR ORDER BY" not in plan, plan

"""Fixtures for the weekly lägesbild: the period of v. 47 2026, a meeting factory and an action factory."""

from datetime import date

import pytest
from sqlalchemy import select

from lagesbild.extensions import db
from lagesbild.meeting import operations
from lagesbild.models import ActionStatus, Organisation
from lagesbild.periods import period_for_week

from .support import data_context


@pytest.fixture
def week47():
    """The meeting period of v. 47 2026 (Friday meetings): 13–19 November 2026."""
    return period_for_week(2026, 47, 5)


@pytest.fixture
def make_meeting(app):
    """make_meeting(chair, period=None, closed=False): open (and optionally close) a period's meeting."""

    def make(chair, period=None, closed: bool = False):
        with data_context(app):
            period = period or period_for_week(2026, 47, 5)
            meeting = operations.open_meeting(db.session, period, chair)
            if closed:  # a period still running needs a reason to close early; one is given
                operations.close_meeting(db.session, meeting, period, chair, reason="Avslutat i förväg.")
            db.session.commit()
        return meeting

    return make


@pytest.fixture
def make_action(app):
    """make_action(meeting, chair, title=..., status=ActionStatus.OPPEN, owner=None)."""

    def make(
        meeting,
        chair,
        title: str = "Trygghetsvandring i Berga",
        status=ActionStatus.OPPEN,
        owner=None,
        **fields,
    ):
        with data_context(app):
            owner = owner or db.session.scalar(select(Organisation).order_by(Organisation.id))
            fields.setdefault("due_on", date(2026, 12, 4))
            action = operations.add_action(
                db.session,
                meeting,
                chair,
                title=title,
                description=fields.pop("description", ""),
                area_id=fields.pop("area_id", None),
                place_id=fields.pop("place_id", None),
                owner_organisation_id=owner.id,
                status=status,
                observation_ids=fields.pop("observation_ids", []),
                **fields,
            )
            db.session.commit()
        return action

    return make

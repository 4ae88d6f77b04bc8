"""Who may do what with one observation: the object checks of this capability, in one place.

- The author edits and withdraws while the observation is active and not locked (locked_at is set
  when the chair closes the meeting that showed it), while the meeting of the period it happened in is
  not closed (a late report into a closed period included), and until that meeting day lies more than
  MEMBER_EDIT_WEEKS weeks back, even when no meeting was held.
- The chair and the coordinator correct or withdraw any observation at any time, giving a reason.
- Whoever may not see an observation's details (visibility.py) gets 404: they may not learn it exists.
"""

import functools
from datetime import date, timedelta

from flask import abort, current_app, g
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from lagesbild.extensions import db
from lagesbild.meeting_day import meeting_weekday
from lagesbild.models import Category, Meeting, MeetingStatus, Observation, Role, User
from lagesbild.periods import MeetingPeriod, period_containing, today_local

from .visibility import may_see_details


def is_open(observation: Observation) -> bool:
    return observation.is_active and observation.locked_at is None


def period_of(day: date) -> MeetingPeriod:
    return period_containing(day, meeting_weekday())


def period_closed_for_members(period: MeetingPeriod, today: date | None = None) -> bool:
    """Members' editing of a period has ended: its meeting is closed, or its day is too long ago.

    Remembered per request (a list of own observations asks once per period)."""
    today = today or today_local()
    if period.meeting_date < today - timedelta(weeks=current_app.config["MEMBER_EDIT_WEEKS"]):
        return True
    known = g.setdefault("closed_periods", {})
    if period.slug not in known:
        status = db.session.scalar(
            select(Meeting.status).where(
                Meeting.iso_year == period.iso_year, Meeting.iso_week == period.iso_week
            )
        )
        known[period.slug] = status is MeetingStatus.CLOSED
    return known[period.slug]


def may_edit_own(user: User, observation: Observation) -> bool:
    return (
        observation.author_id == user.id
        and is_open(observation)
        and not period_closed_for_members(period_of(observation.occurred_on))
    )


def may_correct(user: User) -> bool:
    return user.has_role(Role.CHAIR)


def may_change(user: User, observation: Observation) -> bool:
    return may_edit_own(user, observation) or may_correct(user)


@functools.cache
def _visible():
    """Built once per process, on first use (loader options at import would configure every mapper
    when the app starts): session.get with loader options built them and the statement's cache key on
    every request (~1 ms of each page of one observation: show, edit, correct, withdraw)."""
    return (
        select(Observation)
        .options(joinedload(Observation.category).joinedload(Category.parent), joinedload(Observation.place))
        .where(Observation.id == bindparam("observation_id"))
    )


def load_visible(user: User, observation_id: int) -> Observation:
    """Return the observation if the user may see its details, else 404."""
    observation = db.session.scalar(_visible(), {"observation_id": observation_id})
    if observation is None or not may_see_details(user, observation):
        abort(404)
    return observation


def load_changeable(user: User, observation_id: int) -> Observation:
    """Return the observation if the user may edit or correct it; 404 if hidden, 403 if only visible."""
    observation = load_visible(user, observation_id)
    if not may_change(user, observation):
        abort(403)
    return observation

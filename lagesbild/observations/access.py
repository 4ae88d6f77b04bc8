"""Who may do what with one observation: the object checks of this capability, in one place.

- The author edits and withdraws while the observation is active and not locked (locked_at is set
  when the chair closes the meeting that showed it).
- The chair and the coordinator correct or withdraw any observation at any time, giving a reason.
- Whoever may not see an observation's details (visibility.py) gets 404: they may not learn it exists.
"""

from flask import abort
from sqlalchemy.orm import joinedload

from lagesbild.extensions import db
from lagesbild.models import Category, Observation, Role, User

from .visibility import may_see_details


def is_open(observation: Observation) -> bool:
    return observation.is_active and observation.locked_at is None


def may_edit_own(user: User, observation: Observation) -> bool:
    return observation.author_id == user.id and is_open(observation)


def may_correct(user: User) -> bool:
    return user.has_role(Role.CHAIR)


def may_change(user: User, observation: Observation) -> bool:
    return may_edit_own(user, observation) or may_correct(user)


def load_visible(user: User, observation_id: int) -> Observation:
    """Return the observation if the user may see its details, else 404."""
    observation = db.session.get(
        Observation,
        observation_id,
        options=[joinedload(Observation.category).joinedload(Category.parent), joinedload(Observation.place)],
    )
    if observation is None or not may_see_details(user, observation):
        abort(404)
    return observation


def load_changeable(user: User, observation_id: int) -> Observation:
    """Return the observation if the user may edit or correct it; 404 if hidden, 403 if only visible."""
    observation = load_visible(user, observation_id)
    if not may_change(user, observation):
        abort(403)
    return observation

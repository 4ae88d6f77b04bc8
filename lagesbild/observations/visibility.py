"""Who sees an observation's details. Restricted (begränsad) observations show their text, exact point
and author only to the author's organisation, the chair and the coordinator; everyone else sees them
only as counts in the aggregates. Every list, map, export and JSON response filters with these."""

from sqlalchemy import or_
from sqlalchemy.sql.elements import ColumnElement

from lagesbild.models import Observation, Role, Sharing, User


def sees_all_details(user: User) -> bool:
    return user.has_role(Role.CHAIR)


def may_see_details(user: User, observation: Observation) -> bool:
    return (
        observation.sharing is Sharing.GRUPPEN
        or sees_all_details(user)
        or observation.organisation_id == user.organisation_id
    )


def details_visible_clause(user: User) -> ColumnElement[bool]:
    """SQL condition: observations whose details `user` may see."""
    if sees_all_details(user):
        return Observation.id.is_not(None)
    return or_(Observation.sharing == Sharing.GRUPPEN, Observation.organisation_id == user.organisation_id)

"""Who sees an observation's details. Restricted (begränsad) observations show their text, exact point
and author only to the author's organisation, the chair and the coordinator; everyone else sees them
only as counts in the aggregates. Every list, map, export and JSON response filters with these.

Two views belong to no one user: the *group view* (what every member may see, shown in presentation
mode on the meeting room's screen) and the *public observations* (all the public problembild counts,
its promise follow-up included).
"""

from sqlalchemy import and_, or_, true
from sqlalchemy.sql.elements import ColumnElement

from lagesbild.models import Observation, ObservationStatus, Role, Sharing, User


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
        # A constant, not a test of a column: the group list's counts are then answered from its index
        # alone (`id IS NOT NULL` made PostgreSQL read ≈ 17 800 table pages for the chair's counts at 5M).
        return true()
    return or_(Observation.sharing == Sharing.GRUPPEN, Observation.organisation_id == user.organisation_id)


def visibility_key(viewer: User | None) -> tuple:
    """Whom the details of the same observations are shown to, as a cache key: everyone with the same key
    gets the same rows from details_visible_clause (None: the group view, group_view_clause)."""
    if viewer is None:
        return ("group",)
    return ("all",) if sees_all_details(viewer) else ("organisation", viewer.organisation_id)


def group_view_clause() -> ColumnElement[bool]:
    """SQL condition: observations whose details every member of the group may see."""
    return Observation.sharing == Sharing.GRUPPEN


def public_clause() -> ColumnElement[bool]:
    """SQL condition: the observations the public problembild may count (active, shared with the group).

    Restricted observations are left out entirely, not only their details: a count that moves when one
    is added would tell the public that an organisation reported something it chose not to share.
    """
    return and_(Observation.status == ObservationStatus.ACTIVE, group_view_clause())


def is_public(status: ObservationStatus | str, sharing: Sharing | str) -> bool:
    """public_clause() for one observation's values, in Python: the roll-ups' flush listener counts with
    it (rollup/table.weights) and their rebuild with public_clause, so `rollup check` and
    tests/test_rollup_reads.py fail if the two ever disagree."""
    return ObservationStatus(status) is ObservationStatus.ACTIVE and Sharing(sharing) is Sharing.GRUPPEN

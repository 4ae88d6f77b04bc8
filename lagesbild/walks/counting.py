"""How held safety walks count toward the medborgarlöften (called from lagesbild/promises/progress.py).

A walk counts toward the promise it serves (chosen when it is planned) once it is marked held
(status genomförd), when the day it was held lies in the promise's year on or before `as_of`. It counts
by itself: nobody needs to report it as an activity observation as well (one that is reported as well
counts a second time, as any activity observation does). The public problembild counts activity
observations only (its promise figures must add up from its other tables).
"""

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lagesbild.models import Walk, WalkStatus


def held_walks_query(year: int, as_of: date):
    """SELECT promise_id, done: held walks per promise, held in `year` up to and including `as_of`."""
    end = min(as_of, date(year, 12, 31))
    return (
        select(Walk.promise_id.label("promise_id"), func.count(Walk.id).label("done"))
        .where(
            Walk.promise_id.is_not(None),
            Walk.status == WalkStatus.GENOMFORD,
            Walk.held_on.between(date(year, 1, 1), end),
        )
        .group_by(Walk.promise_id)
    )


def add_held_walks(session: Session, done: dict[int, int], year: int, as_of: date) -> None:
    """Add each promise's held walks to `done` (promise id -> count), as progress.py counts them."""
    for promise_id, n in session.execute(held_walks_query(year, as_of)):
        done[promise_id] = done.get(promise_id, 0) + int(n)


def held_walks_for(session: Session, promise_id: int, year: int, as_of: date) -> list[Walk]:
    """The held walks a promise counts (the rule above), the latest first: the follow-up lists them."""
    ids = (
        held_walks_query(year, as_of)
        .with_only_columns(Walk.id)
        .group_by(None)
        .where(Walk.promise_id == promise_id)
    )
    return list(session.scalars(select(Walk).where(Walk.id.in_(ids)).order_by(Walk.held_on.desc(), Walk.id)))

"""Reads for the agreement pages and for the promise form's focus-area choice."""

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from lagesbild.models import Agreement, FocusArea


def agreements(session: Session) -> list[Agreement]:
    """Every agreement, the newest period first."""
    return list(session.scalars(select(Agreement).order_by(Agreement.starts_on.desc(), Agreement.id.desc())))


def agreement_with_contents(session: Session, agreement_id: int) -> Agreement | None:
    return session.scalar(
        select(Agreement)
        .where(Agreement.id == agreement_id)
        .options(
            selectinload(Agreement.focus_areas).selectinload(FocusArea.activities),
            selectinload(Agreement.versions),
        )
    )


def focus_area_choices(session: Session) -> list[tuple[int, str]]:
    """Every agreement's focus areas, the newest agreement first, after "none".

    Not only the agreement in force: a promise often follows up an agreement that has just run out
    while the next one is being drafted.
    """
    rows = session.execute(
        select(FocusArea.id, FocusArea.name, Agreement.title)
        .join(Agreement, Agreement.id == FocusArea.agreement_id)
        .order_by(Agreement.starts_on.desc(), FocusArea.sort_order, FocusArea.id)
    ).all()
    return [(0, "Inget samverkansområde")] + [(id_, f"{name} ({title})") for id_, name, title in rows]

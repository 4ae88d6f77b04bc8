"""Writes: a gallring run, and the audit event of a disclosure file. Each adds its changes and its
audit event; the caller commits once."""

from dataclasses import asdict, replace
from datetime import date

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from lagesbild import audit
from lagesbild.models import Observation, Walk, WalkFinding, WalkPhoto, action_observation
from lagesbild.rollup import operations as rollup

from . import queries
from .retention import (
    Rules,
    blank,
    cutoff,
    free_text_columns,
    walk_photos_due,
    walk_text_due,
)


def gallra(session: Session, rules: Rules, today: date, actor=None) -> queries.Plan:
    """Remove what the rules say is due today and record the run (counts only, never the text).

    Free text is overwritten in place (SQLite's secure_delete zeroes the old bytes); observations past
    the longer limit are deleted with their links to actions. A run that finds nothing is recorded too,
    so the log shows that gallring was done.
    """
    done = queries.plan(session, rules, today)
    whole = queries.observations_due(rules, today)
    session.execute(
        update(Observation)
        .where(queries.free_text_due(rules, today))
        # Gallring is not an edit by a person: keep the time of the last real change.
        .values({**{c.name: blank(c) for c in free_text_columns()}, "updated_at": Observation.updated_at})
        .execution_options(synchronize_session=False)
    )
    tokens = _gallra_walks(session, cutoff(today, rules.free_text_years))
    expired = select(Observation.id).where(whole)
    session.execute(delete(action_observation).where(action_observation.c.observation_id.in_(expired)))
    rollup.remove(session, whole)  # past the longest limit they count nowhere any more
    session.execute(delete(Observation).where(whole).execution_options(synchronize_session=False))
    audit.record(
        queries.RUN_EVENT,
        actor=actor,
        detail={
            "rules": rules.as_dict(),
            "free_text_before": done.free_text_before.isoformat(),
            "observations_before": done.observations_before.isoformat(),
            "removed": [asdict(line) for line in done.lines],
        },
    )
    session.flush()
    return replace(done, photo_tokens=tokens)


def _gallra_walks(session: Session, day: date) -> list[str]:
    """Blank the free text of walks before `day` and of their findings, delete their photos' rows, and
    return the photos' tokens: the caller deletes the files once the run is committed (a failed commit
    then leaves every photo in place)."""
    due = select(Walk.id).where(walk_text_due(day))
    session.execute(
        update(WalkFinding)
        .where(WalkFinding.walk_id.in_(due))
        .values({c.name: blank(c) for c in free_text_columns(WalkFinding)})
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(Walk)
        .where(walk_text_due(day))
        .values({**{c.name: blank(c) for c in free_text_columns(Walk)}, "updated_at": Walk.updated_at})
        .execution_options(synchronize_session=False)
    )
    photos = walk_photos_due(day)
    tokens = list(session.scalars(photos.with_only_columns(WalkPhoto.token)))
    session.execute(
        delete(WalkPhoto)
        .where(WalkPhoto.id.in_(photos.with_only_columns(WalkPhoto.id)))
        .execution_options(synchronize_session=False)
    )
    return tokens


def record_disclosure(
    fmt: str, rows: int, *, observation: Observation | None = None, start: date | None = None, end=None
) -> None:
    """Audit a disclosure file: who made it (the signed-in coordinator), of what (one observation, or a
    period's first and last day), in which format and how many rows, and when (the event's time).
    Never the file's text: the observation is named by its number only."""
    detail = {"format": fmt, "rows": rows}
    if observation is not None:
        audit.record("disclosure.observation", obj=observation, detail=detail)
    else:
        audit.record(
            "disclosure.period", detail={"start": start.isoformat(), "end": end.isoformat(), **detail}
        )

"""Writes: post, edit, correct, withdraw. Each adds/flushes and records an audit event; the caller
commits once."""

import hashlib
from datetime import UTC, datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from lagesbild import audit
from lagesbild.models import (
    Extent,
    ImportBatch,
    Observation,
    ObservationSource,
    ObservationStatus,
    ReportedToPolice,
    Sharing,
    TimeBand,
    User,
)

from .validation import Clean

AUDITED = (
    "occurred_on",
    "time_of_day",
    "time_band",
    "place_id",
    "lat",
    "lon",
    "area_id",
    "category_id",
    "extent",
    "count",
    "description",
    "reported_to_police",
    "sharing",
    "status",
)


def snapshot(observation: Observation) -> dict:
    """The audited fields an event may keep (no description: that stays in the row alone)."""
    return audit.snapshot(observation, AUDITED)


def form_dedup_key(user: User, token: str) -> str:
    """The one-time form token, tied to its user, as stored in Observation.dedup_key."""
    return hashlib.sha256(f"form:{user.id}:{token}".encode()).hexdigest()


# Built once: every post reads it, and building the statement and its cache key cost more than
# running it (~0.5 ms of a post).
_BY_DEDUP_KEY = select(Observation).where(Observation.dedup_key == bindparam("dedup_key"))


def existing_for_key(session: Session, dedup_key: str) -> Observation | None:
    return session.scalar(_BY_DEDUP_KEY, {"dedup_key": dedup_key})


def _apply(observation: Observation, clean: Clean) -> None:
    observation.occurred_on = clean.occurred_on
    observation.time_of_day = clean.time_of_day
    observation.time_band = TimeBand(clean.time_band) if clean.time_band else None
    observation.place_id = clean.place_id
    observation.lat, observation.lon = clean.lat, clean.lon
    observation.area_id = clean.area_id
    observation.category_id = clean.category_id
    observation.extent = Extent(clean.extent)
    observation.count = clean.count
    observation.description = clean.description
    observation.reported_to_police = ReportedToPolice(clean.reported_to_police)
    observation.sharing = Sharing(clean.sharing)


def _new(
    clean: Clean,
    author: User,
    organisation_id: int,
    source: ObservationSource,
    dedup_key: str | None,
    import_batch_id: int | None,
) -> Observation:
    """An active observation from checked values: the form's and the import's alike."""
    observation = Observation(
        author_id=author.id,
        organisation_id=organisation_id,
        source=source,
        dedup_key=dedup_key,
        import_batch_id=import_batch_id,
        status=ObservationStatus.ACTIVE,
    )
    _apply(observation, clean)
    return observation


def create_observation(
    session: Session,
    clean: Clean,
    author: User,
    *,
    dedup_key: str | None,
    organisation_id: int | None = None,
    source: ObservationSource = ObservationSource.FORM,
    import_batch_id: int | None = None,
) -> Observation:
    observation = _new(
        clean, author, organisation_id or author.organisation_id, source, dedup_key, import_batch_id
    )
    session.add(observation)
    session.flush()
    audit.record("observation.create", actor=author, obj=observation, after=snapshot(observation))
    return observation


def update_observation(
    session: Session, observation: Observation, clean: Clean, actor: User, reason: str | None = None
) -> bool:
    """Edit (the author) or correct (chair/coordinator, with a reason). Returns False when unchanged.

    The event names the changed fields and keeps the other values; the old description is gone for
    good, which is what a correction that removes a name needs. The reason is kept on the row."""
    before = audit.values(observation, AUDITED)
    _apply(observation, clean)
    after = audit.values(observation, AUDITED)
    if before == after:
        return False
    observation.updated_at = datetime.now(UTC)
    if reason is not None:
        observation.correction_reason = reason
    action = "observation.update" if reason is None else "observation.correct"
    audit.record_change(action, actor=actor, obj=observation, before=before, after=after)
    session.flush()
    return True


def withdraw_observation(
    session: Session, observation: Observation, actor: User, reason: str | None = None
) -> None:
    """Take an observation out of every picture; the row keeps what it said and why it was withdrawn."""
    observation.status = ObservationStatus.WITHDRAWN
    observation.withdrawal_reason = reason
    observation.updated_at = datetime.now(UTC)
    audit.record(
        "observation.withdraw",
        actor=actor,
        obj=observation,
        before={"status": ObservationStatus.ACTIVE.value},
        after={"status": ObservationStatus.WITHDRAWN.value},
        detail={"fields": ["status"]},
    )
    session.flush()


def known_dedup_keys(session: Session, keys: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), 500):  # stay under every database's parameter limit
        chunk = keys[start : start + 500]
        found.update(session.scalars(select(Observation.dedup_key).where(Observation.dedup_key.in_(chunk))))
    return found


def import_rows(session: Session, upload, results, actor: User) -> ImportBatch:
    """Create the batch and one observation per new row. The caller checked that no row has problems
    and commits once, so the import is all or nothing."""
    batch = ImportBatch(
        filename=upload.filename,
        sha256=upload.sha256,
        row_count=0,
        created_by_id=actor.id,
        organisation_id=upload.organisation_id,
    )
    session.add(batch)
    session.flush()
    for result in results:
        if result.duplicate:
            continue
        observation = _new(
            result.clean, actor, upload.organisation_id, ObservationSource.IMPORT, result.dedup_key, batch.id
        )
        session.add(observation)
        batch.row_count += 1
    session.flush()
    audit.record(
        "observation.import",
        actor=actor,
        obj=batch,
        detail={"filename": upload.filename, "rows": batch.row_count, "sha256": upload.sha256},
    )
    return batch

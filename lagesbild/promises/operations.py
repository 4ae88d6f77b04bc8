"""Writes: promises (create, edit, deactivate) and the survey import. Each records an audit event;
the caller commits once."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from lagesbild import audit
from lagesbild.audit import record
from lagesbild.models import Area, Category, Organisation, Promise, SurveyValue

from .survey_import import SurveyRow


@dataclass(frozen=True)
class PromiseFields:
    year: int
    text: str
    target: int
    organisation_ids: list[int]
    category_ids: list[int]
    area_id: int | None


def _values(promise: Promise) -> dict:
    """The promise's audited values; its text is named in an event, never copied (audit.py)."""
    return {
        "year": promise.year,
        "text": promise.text,
        "target": promise.target,
        "area_id": promise.area_id,
        "organisation_ids": sorted(o.id for o in promise.organisations),
        "category_ids": sorted(c.id for c in promise.categories),
        "is_active": promise.is_active,
    }


def _apply(session: Session, promise: Promise, fields: PromiseFields) -> None:
    promise.year = fields.year
    promise.text = fields.text.strip()
    promise.target = fields.target
    promise.area_id = fields.area_id
    promise.organisations = list(
        session.scalars(select(Organisation).where(Organisation.id.in_(fields.organisation_ids)))
    )
    # Only activity subcategories can be counted; the form offers no others, this makes sure.
    promise.categories = list(
        session.scalars(
            select(Category).where(
                Category.id.in_(fields.category_ids),
                Category.is_activity.is_(True),
                Category.parent_id.is_not(None),
            )
        )
    )


def create_promise(session: Session, fields: PromiseFields, actor=None) -> Promise:
    promise = Promise(is_active=True)
    _apply(session, promise, fields)
    session.add(promise)
    session.flush()
    record("promise.create", actor=actor, obj=promise, after=audit.without_free_text(_values(promise)))
    return promise


def update_promise(session: Session, promise: Promise, fields: PromiseFields, actor=None) -> None:
    before = _values(promise)
    _apply(session, promise, fields)
    session.flush()
    audit.record_change("promise.update", actor=actor, obj=promise, before=before, after=_values(promise))


def set_promise_active(session: Session, promise: Promise, active: bool, actor=None) -> None:
    """Deactivate (or bring back) a promise; promises are never deleted, their history stays."""
    if promise.is_active == active:
        return
    promise.is_active = active
    session.flush()
    action = "promise.reactivate" if active else "promise.deactivate"
    record(action, actor=actor, obj=promise, before={"is_active": not active}, after={"is_active": active})


@dataclass(frozen=True)
class ImportOutcome:
    created: int
    updated: int
    unchanged: int


def import_survey(session: Session, rows: list[SurveyRow], filename: str, actor=None) -> ImportOutcome:
    """Insert new values and update the ones already stored (one value per year, area and indicator).

    The rows were all checked first; this either writes all of them or, if the caller rolls back, none.
    """
    area_ids = {name: id_ for id_, name in session.execute(select(Area.id, Area.name))}
    keys = [(row.year, area_ids[row.area], row.indicator) for row in rows]
    existing = {
        (value.year, value.area_id, value.indicator): value
        for value in session.scalars(
            select(SurveyValue).where(SurveyValue.year.in_({row.year for row in rows}))
        )
    }
    created = updated = unchanged = 0
    for row, key in zip(rows, keys, strict=True):
        value = existing.get(key)
        if value is None:
            session.add(
                SurveyValue(
                    year=row.year,
                    area_id=key[1],
                    indicator=row.indicator,
                    value=row.value,
                    source=row.source,
                    published=row.published,
                )
            )
            created += 1
        elif (value.value, value.source, value.published) != (row.value, row.source, row.published):
            value.value, value.source, value.published = row.value, row.source, row.published
            updated += 1
        else:
            unchanged += 1
    session.flush()
    outcome = ImportOutcome(created, updated, unchanged)
    record(
        "survey.import",
        actor=actor,
        detail={"filename": filename, "created": created, "updated": updated, "unchanged": unchanged},
    )
    return outcome

"""Writes: promises (create, edit, deactivate) and the survey import. Each records an audit event;
the caller commits once."""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from lagesbild import audit
from lagesbild.audit import record
from lagesbild.models import (
    Action,
    Area,
    Category,
    Organisation,
    ProcessState,
    Promise,
    PromiseGoal,
    PromiseKind,
    PromiseNote,
    PublishedKind,
    SurveyValue,
    User,
)

from .survey_import import SurveyRow


@dataclass(frozen=True)
class PromiseFields:
    year: int
    text: str
    target: int | None
    organisation_ids: list[int]
    category_ids: list[int]
    area_ids: list[int] = field(default_factory=list)
    kind: PromiseKind = PromiseKind.COUNT
    only_responsible: bool = False
    starts_on: date | None = None
    ends_on: date | None = None
    goal_id: int | None = None
    focus_area_id: int | None = None
    situation: str = ""
    measure: str = ""
    effect: str = ""
    follow_up: str = ""
    milestone_done_on: date | None = None
    milestone_reference: str = ""
    action_ids: list[int] = field(default_factory=list)


def _values(promise: Promise) -> dict:
    """The promise's audited values; its texts are named in an event, never copied (audit.py)."""
    return {
        "year": promise.year,
        "kind": promise.kind.value,
        "text": promise.text,
        "target": promise.target,
        "counts_only_responsible": promise.counts_only_responsible,
        "starts_on": promise.starts_on.isoformat() if promise.starts_on else None,
        "ends_on": promise.ends_on.isoformat() if promise.ends_on else None,
        "goal_id": promise.goal_id,
        "focus_area_id": promise.focus_area_id,
        "situation": promise.situation,
        "measure": promise.measure,
        "effect": promise.effect,
        "follow_up": promise.follow_up,
        "milestone_done_on": promise.milestone_done_on.isoformat() if promise.milestone_done_on else None,
        "milestone_reference": promise.milestone_reference,
        "area_ids": sorted(a.id for a in promise.areas),
        "organisation_ids": sorted(o.id for o in promise.organisations),
        "category_ids": sorted(c.id for c in promise.categories),
        "action_ids": sorted(a.id for a in promise.actions),
        "is_active": promise.is_active,
    }


def _apply(session: Session, promise: Promise, fields: PromiseFields) -> None:
    promise.year = fields.year
    promise.kind = fields.kind
    promise.text = fields.text.strip()
    # Only a count promise has a target; a milestone counts nothing.
    promise.target = fields.target if fields.kind is PromiseKind.COUNT else None
    counts = fields.kind is not PromiseKind.MILESTONE
    promise.counts_only_responsible = fields.only_responsible and counts
    promise.starts_on, promise.ends_on = fields.starts_on, fields.ends_on
    promise.goal_id = fields.goal_id
    promise.focus_area_id = fields.focus_area_id
    promise.situation = fields.situation.strip()
    promise.measure = fields.measure.strip()
    promise.effect = fields.effect.strip()
    promise.follow_up = fields.follow_up.strip()
    milestone = fields.kind is PromiseKind.MILESTONE
    promise.milestone_done_on = fields.milestone_done_on if milestone else None
    promise.milestone_reference = fields.milestone_reference.strip() if milestone else ""
    promise.areas = list(session.scalars(select(Area).where(Area.id.in_(fields.area_ids))))
    promise.organisations = list(
        session.scalars(select(Organisation).where(Organisation.id.in_(fields.organisation_ids)))
    )
    # Only activity subcategories can be counted; the form offers no others, this makes sure.
    promise.categories = (
        list(
            session.scalars(
                select(Category).where(
                    Category.id.in_(fields.category_ids),
                    Category.is_activity.is_(True),
                    Category.parent_id.is_not(None),
                )
            )
        )
        if counts
        else []
    )
    promise.actions = list(session.scalars(select(Action).where(Action.id.in_(fields.action_ids))))


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


def create_goal(session: Session, year: int, text: str, actor=None) -> PromiseGoal:
    goal = PromiseGoal(year=year, text=text.strip())
    session.add(goal)
    session.flush()
    record("promise_goal.create", actor=actor, obj=goal, after={"year": year})
    return goal


def add_note(
    session: Session, promise: Promise, noted_on: date, state: ProcessState, text: str, author: User
) -> PromiseNote:
    """A dated status note on a promise; notes are kept, never edited, so the follow-up has its history."""
    note = PromiseNote(promise=promise, noted_on=noted_on, state=state, text=text.strip(), author=author)
    session.add(note)
    session.flush()
    record(
        "promise.note",
        actor=author,
        obj=promise,
        detail={"note_id": note.id, "noted_on": noted_on.isoformat(), "state": state.value},
    )
    return note


@dataclass(frozen=True)
class ImportOutcome:
    created: int
    updated: int
    unchanged: int


def import_survey(
    session: Session,
    rows: list[SurveyRow],
    filename: str,
    actor=None,
    kind: PublishedKind = PublishedKind.SURVEY,
) -> ImportOutcome:
    """Insert new values and update the ones already stored (one value per year, area and indicator).

    The rows were all checked first; this either writes all of them or, if the caller rolls back, none.
    """
    area_ids = {name: id_ for id_, name in session.execute(select(Area.id, Area.name))}
    # An area's value is keyed by its area; a whole municipality's or town's by its name.
    keys = [
        (row.year, None, row.area, row.indicator)
        if row.whole
        else (row.year, area_ids[row.area], "", row.indicator)
        for row in rows
    ]
    existing = {
        (value.year, value.area_id, value.scope_name, value.indicator): value
        for value in session.scalars(
            select(SurveyValue).where(
                SurveyValue.year.in_({row.year for row in rows}), SurveyValue.kind == kind
            )
        )
    }
    created = updated = unchanged = 0
    for row, key in zip(rows, keys, strict=True):
        value = existing.get(key)
        if value is None:
            session.add(
                SurveyValue(
                    kind=kind,
                    year=row.year,
                    area_id=key[1],
                    scope_name=key[2],
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
        "survey.import" if kind is PublishedKind.SURVEY else "police_statistics.import",
        actor=actor,
        detail={"filename": filename, "created": created, "updated": updated, "unchanged": unchanged},
    )
    return outcome

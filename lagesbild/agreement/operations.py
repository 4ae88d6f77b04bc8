"""Writes for the agreement: each adds, flushes and records an audit event; the caller commits once."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lagesbild.audit import record, record_change, values
from lagesbild.models import Agreement, AgreementActivity, AgreementVersion, FocusArea, User


@dataclass(frozen=True)
class AgreementFields:
    title: str
    parties: str
    starts_on: date
    ends_on: date
    signed_on: date | None
    decided_by: str
    forums: str = ""
    follow_up_by: str = ""


def create_agreement(session: Session, fields: AgreementFields, actor: User) -> Agreement:
    """A new agreement, with its signed text as version 1 (decided on the signing day, else its first)."""
    agreement = Agreement(
        title=fields.title.strip(),
        parties=fields.parties.strip(),
        starts_on=fields.starts_on,
        ends_on=fields.ends_on,
        signed_on=fields.signed_on,
        forums=fields.forums.strip(),
        follow_up_by=fields.follow_up_by.strip(),
    )
    session.add(agreement)
    session.flush()
    record(
        "agreement.create",
        actor=actor,
        obj=agreement,
        after={"starts_on": fields.starts_on.isoformat(), "ends_on": fields.ends_on.isoformat()},
    )
    add_version(
        session,
        agreement,
        fields.signed_on or fields.starts_on,
        fields.decided_by,
        "Överenskommelsen tecknas.",
        actor,
    )
    return agreement


AGREEMENT_FIELDS = ("title", "parties", "starts_on", "ends_on", "signed_on", "forums", "follow_up_by")


def update_agreement(
    session: Session,
    agreement: Agreement,
    fields: AgreementFields,
    decided_on: date,
    changes: str,
    actor: User,
) -> AgreementVersion | None:
    """Change the agreement's facts and record the decision as its next version; None if nothing changed.

    The audit event names the changed fields and keeps the changed dates (the texts are free text).
    """
    before = values(agreement, AGREEMENT_FIELDS)
    agreement.title = fields.title.strip()
    agreement.parties = fields.parties.strip()
    agreement.starts_on, agreement.ends_on, agreement.signed_on = (
        fields.starts_on,
        fields.ends_on,
        fields.signed_on,
    )
    agreement.forums = fields.forums.strip()
    agreement.follow_up_by = fields.follow_up_by.strip()
    after = values(agreement, AGREEMENT_FIELDS)
    if record_change("agreement.update", before=before, after=after, actor=actor, obj=agreement) is None:
        return None
    return add_version(session, agreement, decided_on, fields.decided_by, changes, actor)


def add_focus_area(session: Session, agreement: Agreement, name: str, actor: User) -> FocusArea:
    order = session.scalar(select(func.count(FocusArea.id)).where(FocusArea.agreement_id == agreement.id))
    area = FocusArea(agreement=agreement, name=name.strip(), sort_order=order)
    session.add(area)
    session.flush()
    record("agreement.focus_area", actor=actor, obj=agreement, detail={"focus_area_id": area.id})
    return area


def add_activity(
    session: Session, focus_area: FocusArea, name: str, effect_goal: str, responsible: str, actor: User
) -> AgreementActivity:
    activity = AgreementActivity(
        focus_area=focus_area,
        name=name.strip(),
        effect_goal=effect_goal.strip(),
        responsible=responsible.strip(),
    )
    session.add(activity)
    session.flush()
    record(
        "agreement.activity",
        actor=actor,
        obj=focus_area.agreement,
        detail={"focus_area_id": focus_area.id, "activity_id": activity.id},
    )
    return activity


def add_version(
    session: Session, agreement: Agreement, decided_on: date, decided_by: str, changes: str, actor: User
) -> AgreementVersion:
    """A decided revision, numbered after the last; versions are kept, never edited."""
    last = session.scalar(
        select(func.max(AgreementVersion.number)).where(AgreementVersion.agreement_id == agreement.id)
    )
    version = AgreementVersion(
        agreement=agreement,
        number=(last or 0) + 1,
        decided_on=decided_on,
        decided_by=decided_by.strip(),
        changes=changes.strip(),
        recorded_by=actor,
    )
    session.add(version)
    session.flush()
    record(
        "agreement.version",
        actor=actor,
        obj=agreement,
        detail={"number": version.number, "decided_on": decided_on.isoformat()},
    )
    return version

"""Writes of the meeting: open, attendance, notes, actions, close. Each records an audit event; the
caller commits once."""

import json
from datetime import UTC, date, datetime

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from lagesbild import audit, formats
from lagesbild.audit import record
from lagesbild.mail import messages as mail
from lagesbild.models import (
    Action,
    ActionStatus,
    AgendaItem,
    AgendaKind,
    Meeting,
    MeetingRecordVersion,
    MeetingStatus,
    Observation,
    Organisation,
    User,
)
from lagesbild.periods import MeetingPeriod, local_date

from . import meeting_queries
from .snapshot import build_snapshot, personal_data_problem, week_figures

# What an action event keeps: the non-text values by id; title and description by name only.
ACTION_AUDITED = ("title", "description", "area_id", "place_id", "owner_organisation_id", "due_on", "status")


def _links(action: Action) -> dict:
    return {"observation_ids": sorted(o.id for o in action.observations)}


class MeetingClosed(Exception):
    """The meeting is closed; its record is frozen."""


class NotesConflict(Exception):
    """Someone saved the meeting's notes since the chair's page loaded; nothing was written.

    `saved` holds, for each agenda item whose saved notes differ from what the chair sent, the saved text.
    """

    def __init__(self, saved: dict[int, str]):
        super().__init__(sorted(saved))
        self.saved = saved


class ReasonRequired(Exception):
    """Closing before the meeting day needs a reason."""


class ReopenRefused(Exception):
    """Only a meeting closed today can be opened again; the message says why, in Swedish."""


class PersonalDataInRecord(Exception):
    """Text that would be frozen into the meeting record fails the personal-data guard."""


def build_agenda(session: Session, period: MeetingPeriod) -> list[tuple[AgendaKind, str, int | None]]:
    """Agenda from the flags, the areas with observations (most first), the open actions and övrigt."""
    figures = week_figures(session, period)
    items: list[tuple[AgendaKind, str, int | None]] = []
    if figures.flags:
        items.append((AgendaKind.FLAGS, "Ökningar: " + "; ".join(f.text for f in figures.flags)[:190], None))
    else:
        items.append((AgendaKind.FLAGS, "Ökningar: inga över det normala", None))
    for row in sorted(figures.rows, key=lambda r: -r.total):
        if row.total:
            counted = formats.antal(row.total, "iakttagelse", "iakttagelser")
            items.append((AgendaKind.AREA, f"{row.name} ({counted})", row.area_id))
    count = len(meeting_queries.open_actions(session))
    items.append((AgendaKind.ACTIONS, f"Öppna åtgärder ({count})", None))
    items.append((AgendaKind.OVRIGT, "Övrigt", None))
    return items


def open_meeting(session: Session, period: MeetingPeriod, user: User) -> Meeting:
    """Open the meeting of `period` (or return the one already opened)."""
    meeting = meeting_queries.meeting_for(session, period)
    if meeting is not None:
        return meeting
    meeting = Meeting(
        iso_year=period.iso_year,
        iso_week=period.iso_week,
        meeting_date=period.meeting_date,
        period_start=period.start,
        period_end=period.end,
        status=MeetingStatus.OPEN,
        opened_by_id=user.id,
    )
    for order, (kind, title, area_id) in enumerate(build_agenda(session, period)):
        meeting.agenda_items.append(
            AgendaItem(kind=kind, title=title, notes="", sort_order=order, area_id=area_id)
        )
    session.add(meeting)
    session.flush()
    record("meeting.open", actor=user, obj=meeting, after={"week": period.slug})
    return meeting


def _require_open(meeting: Meeting) -> None:
    if meeting.status is MeetingStatus.CLOSED:
        raise MeetingClosed(meeting.label)


def set_attendance(session: Session, meeting: Meeting, organisation_ids: list[int], user: User) -> None:
    _require_open(meeting)
    before = sorted(org.id for org in meeting.attendees)
    orgs = session.scalars(select(Organisation).where(Organisation.id.in_(organisation_ids))).all()
    meeting.attendees = list(orgs)
    record(
        "meeting.attendance",
        actor=user,
        obj=meeting,
        before={"organisations": before},
        after={"organisations": sorted(org.id for org in orgs)},
    )


def save_notes(
    session: Session, meeting: Meeting, notes: dict[int, str], started_from: int | None, user: User
) -> int:
    """Save the notes of every agenda item in `notes` together; return the meeting's new notes version.

    Optimistic version check: `started_from` is the notes version the chair's page was loaded with. When
    someone saved since and any item's saved text differs from what this chair sent, NotesConflict is
    raised and nothing is written, so neither text is lost. The version is bumped by a conditional UPDATE,
    so two saves racing from the same version cannot both pass.
    """
    _require_open(meeting)
    texts = {item.id: notes[item.id].strip() for item in meeting.agenda_items if item.id in notes}
    changed = [item for item in meeting.agenda_items if item.id in texts and texts[item.id] != item.notes]
    if not changed:
        return meeting.notes_version
    if started_from != meeting.notes_version:
        raise NotesConflict({item.id: item.notes for item in changed})
    bumped = session.execute(
        update(Meeting)
        .where(Meeting.id == meeting.id, Meeting.notes_version == started_from)
        .values(notes_version=Meeting.notes_version + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    if bumped != 1:  # another save won the race since this request read the meeting
        session.refresh(meeting)
        raise NotesConflict({item.id: item.notes for item in changed})
    for item in changed:
        before = audit.values(item, ["notes"])
        item.notes = texts[item.id]
        # The notes themselves stay in the agenda item (and the frozen record); the event says they changed.
        audit.record_change(
            "meeting.notes",
            actor=user,
            obj=item,
            before=before,
            after=audit.values(item, ["notes"]),
            detail={"meeting_id": meeting.id},
        )
    meeting.notes_version = started_from + 1
    return meeting.notes_version


def add_action(
    session: Session,
    meeting: Meeting | None,
    user: User,
    *,
    title: str,
    description: str,
    area_id: int | None,
    place_id: int | None,
    owner_organisation_id: int,
    due_on: date | None,
    status: ActionStatus,
    observation_ids: list[int],
) -> Action:
    """A new action, decided at `meeting` (open) or, created from an observation between meetings, none."""
    if meeting is not None:
        _require_open(meeting)
    observations = (
        session.scalars(select(Observation).where(Observation.id.in_(observation_ids))).all()
        if observation_ids
        else []
    )
    action = Action(
        title=title.strip(),
        description=(description or "").strip(),
        area_id=area_id,
        place_id=place_id,
        owner_organisation_id=owner_organisation_id,
        due_on=due_on,
        status=status,
        meeting=meeting,
        created_by_id=user.id,
        closed_at=None if status.is_open else datetime.now(UTC),
        observations=list(observations),
    )
    session.add(action)
    session.flush()
    record(
        "action.create", actor=user, obj=action, after=audit.snapshot(action, ACTION_AUDITED) | _links(action)
    )
    mail.action_created(session, action)  # in this transaction: the message exists iff the action does
    return action


def update_action(
    session: Session, action: Action, user: User, *, observation_ids: list[int], **fields
) -> None:
    """Change what an action says (what, where, who, when, status, linked observations); audited."""
    before = audit.values(action, ACTION_AUDITED) | _links(action)
    status = fields.pop("status")
    for name, value in fields.items():
        setattr(action, name, value.strip() if isinstance(value, str) else value)
    action.status = status
    action.closed_at = None if status.is_open else (action.closed_at or datetime.now(UTC))
    action.observations = list(
        session.scalars(select(Observation).where(Observation.id.in_(observation_ids)))
    )
    session.flush()
    after = audit.values(action, ACTION_AUDITED) | _links(action)
    audit.record_change("action.update", actor=user, obj=action, before=before, after=after)
    if (before["title"], before["description"]) != (after["title"], after["description"]):
        _restate_in_frozen_records(session, action)


def _restate_in_frozen_records(session: Session, action: Action) -> None:
    """Give the frozen records that list `action` its corrected wording.

    A chair edits an action's text to fix it, often to take out a name; a frozen copy of the old text
    would keep what the correction removed. Everything the meeting decided (owner, place, due date,
    status at closing) stays as frozen, and the record says the text was corrected afterwards.
    """
    meetings = session.scalars(
        select(Meeting).where(Meeting.status == MeetingStatus.CLOSED, Meeting.closed_at >= action.created_at)
    )
    # Records replaced by a reopening are kept, so they get the corrected wording too.
    replaced = session.scalars(
        select(MeetingRecordVersion).where(MeetingRecordVersion.closed_at >= action.created_at)
    )
    for frozen in [*meetings, *replaced]:
        snap = json.loads(frozen.snapshot_json or "{}")
        entries = [entry for entry in snap.get("actions", []) if entry.get("id") == action.id]
        for entry in entries:
            entry.update(title=action.title, description=action.description, text_corrected=True)
        if entries:
            frozen.snapshot_json = json.dumps(snap, ensure_ascii=False)


def set_action_status(action: Action, status: ActionStatus, user: User) -> None:
    before = action.status.value
    action.status = status
    action.closed_at = None if status.is_open else (action.closed_at or datetime.now(UTC))
    record("action.status", actor=user, obj=action, before={"status": before}, after={"status": status.value})


def close_meeting(
    session: Session,
    meeting: Meeting,
    period: MeetingPeriod,
    user: User,
    now: datetime | None = None,
    reason: str | None = None,
) -> int:
    """Lock the period's observations and freeze the snapshot; return how many observations were locked.

    Locked: those that occurred in the period and those reported in it about earlier dates. The snapshot
    lists the open actions, those decided at this meeting and those closed while it was open. Every free
    text in it must pass the personal-data guard (text saved before the guard covered it may not), else
    PersonalDataInRecord is raised before anything is written. Before the meeting day (Europe/Stockholm)
    a reason is required (ReasonRequired); it is kept on the meeting and in the record, never in events.
    """
    _require_open(meeting)
    now = now or datetime.now(UTC)
    reason = (reason or "").strip() or None
    early = local_date(now) < meeting.meeting_date
    if early and reason is None:
        raise ReasonRequired(meeting.label)
    actions = meeting_queries.open_actions(session)
    decided_or_closed_here = session.scalars(
        select(Action).where(or_(Action.meeting_id == meeting.id, Action.closed_at >= meeting.opened_at))
    ).all()
    shown = {a.id: a for a in [*actions, *decided_or_closed_here]}
    snapshot = build_snapshot(
        session, meeting, period, sorted(shown.values(), key=lambda a: a.id), now, user.display_name
    )
    snapshot["close_reason"] = reason if early else None
    snapshot["record_version"] = meeting.record_version
    if problem := personal_data_problem(snapshot):
        raise PersonalDataInRecord(problem)
    locked = session.execute(
        update(Observation)
        .where(Observation.in_period(period), Observation.locked_at.is_(None))
        .values(locked_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    meeting.snapshot_json = json.dumps(snapshot, ensure_ascii=False)
    meeting.status = MeetingStatus.CLOSED
    meeting.closed_at = now
    meeting.closed_by_id = user.id
    meeting.close_reason = reason if early else None
    record(
        "meeting.close",
        actor=user,
        obj=meeting,
        detail={
            "week": period.slug,
            "locked_observations": locked,
            "before_meeting_day": early,
            "record_version": meeting.record_version,
        },
    )
    mail.meeting_closed(session, meeting)  # the summary, in the closing transaction
    return locked


def reopen_meeting(session: Session, meeting: Meeting, user: User, now: datetime | None = None) -> int:
    """Open a meeting closed today again; return how many observations its close had locked (unlocked now).

    The frozen record is kept as a replaced version (MeetingRecordVersion); closing again freezes the
    next version. The same day only (Europe/Stockholm): later, members have relied on the closed record.
    """
    now = now or datetime.now(UTC)
    if meeting.status is not MeetingStatus.CLOSED or meeting.closed_at is None:
        raise ReopenRefused(f"Mötet {meeting.label} är inte avslutat.")
    if local_date(meeting.closed_at) != local_date(now):
        raise ReopenRefused(
            f"Mötet {meeting.label} avslutades en tidigare dag och kan inte öppnas igen; "
            "rättelser görs i iakttagelserna och åtgärderna."
        )
    replaced = meeting.record_version
    meeting.record_versions.append(
        MeetingRecordVersion(
            version=replaced,
            snapshot_json=meeting.snapshot_json or "{}",
            closed_at=meeting.closed_at,
            closed_by_id=meeting.closed_by_id,
            reopened_at=now,
            reopened_by_id=user.id,
        )
    )
    # What this close locked (the one timestamp it wrote) opens again with the meeting.
    unlocked = session.execute(
        update(Observation)
        .where(Observation.locked_at == meeting.closed_at)
        .values(locked_at=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    meeting.status = MeetingStatus.OPEN
    meeting.snapshot_json = None
    meeting.closed_at = None
    meeting.closed_by_id = None
    meeting.close_reason = None
    session.flush()
    record(
        "meeting.reopen",
        actor=user,
        obj=meeting,
        detail={
            "week": meeting_week(meeting),
            "replaced_version": replaced,
            "unlocked_observations": unlocked,
        },
    )
    return unlocked


def meeting_week(meeting: Meeting) -> str:
    return f"{meeting.iso_year}-{meeting.iso_week:02d}"

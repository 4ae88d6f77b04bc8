"""What is sent, and to whom: one function per event, each queueing in the caller's transaction.

No message carries free text people wrote: not an observation's description, not meeting notes, not
an action's title or description (a chair may have typed a name there; mail leaves the group's
system and cannot be corrected afterwards). Actions are named by number, owner, area and due date;
the link leads to the details behind the sign-in. Restricted observations appear only as counts. A
safety walk is named by number, area and day (its title is typed text), its findings only counted.
"""

import hashlib
import json
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lagesbild.models import (
    Action,
    AuditEvent,
    MailKind,
    Meeting,
    Organisation,
    Role,
    TokenPurpose,
    User,
    Walk,
)
from lagesbild.periods import MeetingPeriod, format_date

from . import links
from .outbox import enqueue


def active_users(session: Session, *conditions) -> list[User]:
    """Active accounts of active organisations (with a password or not: an invited member counts)."""
    return list(
        session.scalars(
            select(User)
            .join(User.organisation)
            # The styrgrupp gets no group mail: reminders and summaries carry the week's observations.
            .where(User.is_active, Organisation.is_active, User.role != Role.STYRGRUPP, *conditions)
            .order_by(User.id)
        )
    )


def _action_context(action: Action) -> dict:
    return {
        "number": action.id,
        "owner": action.owner.name,
        "area": action.area.name if action.area else None,
        "due_text": format_date(action.due_on) if action.due_on else None,
        "decided_at": action.meeting.label if action.meeting else None,
        "url": _action_url(action),
    }


def _action_url(action: Action) -> str:
    if action.meeting_id is not None:
        return links.link("meeting.meeting_page", meeting_id=action.meeting_id) + "#atgarder"
    return links.link("meeting.current_week") + "#atgarder"


def action_created(session: Session, action: Action) -> int:
    """Tell the owner organisation's members that the action is theirs."""
    users = active_users(session, User.organisation_id == action.owner_organisation_id)
    context = _action_context(action)
    return enqueue(
        session,
        MailKind.ACTION_NEW,
        f"action_new:{action.id}",
        users,
        f"Ny åtgärd för {context['owner']} (nr {action.id})",
        action=context,
    )


def action_due_soon(session: Session, action: Action, now: datetime) -> int:
    """Three days before the due date (once per due date: a new date gets its own reminder)."""
    users = active_users(session, User.organisation_id == action.owner_organisation_id)
    context = _action_context(action)
    return enqueue(
        session,
        MailKind.ACTION_DUE,
        f"action_due:{action.id}:{action.due_on.isoformat()}",
        users,
        f"Åtgärd nr {action.id} ska vara klar {context['due_text']}",
        action=context,
        now=now,
    )


def action_overdue(session: Session, action: Action, today: date, now: datetime) -> int:
    """Once on the first day after the due date, then once a week while the action stays open."""
    users = active_users(session, User.organisation_id == action.owner_organisation_id)
    context = _action_context(action)
    weeks = (today - action.due_on).days // 7
    return enqueue(
        session,
        MailKind.ACTION_OVERDUE,
        f"action_overdue:{action.id}:{action.due_on.isoformat()}:{weeks}",
        users,
        f"Åtgärd nr {action.id} är försenad",
        action=context,
        days_late=(today - action.due_on).days,
        now=now,
    )


def reminder(session: Session, period: MeetingPeriod, silent: list[Organisation], now: datetime) -> int:
    """To the members of organisations with no observation in the period."""
    ids = [org.id for org in silent]
    if not ids:
        return 0
    users = active_users(session, User.organisation_id.in_(ids))
    meeting_text = format_date(period.meeting_date)
    return enqueue(
        session,
        MailKind.REMINDER,
        f"reminder:{period.slug}",
        users,
        f"Inget rapporterat ännu inför mötet {meeting_text}",
        meeting_text=meeting_text,
        period_text=f"{format_date(period.start)} – {format_date(period.end)}",
        url=links.link("observations.new"),
        now=now,
    )


def meeting_closed(session: Session, meeting: Meeting) -> int:
    """The frozen record in figures to every member: counts and names of reference data only."""
    snap = json.loads(meeting.snapshot_json or "{}")
    decided = [a for a in snap.get("actions", []) if a.get("decided_at") == meeting.label]
    changed = session.scalar(
        select(func.count(func.distinct(AuditEvent.object_id))).where(
            AuditEvent.object_type == "action",
            AuditEvent.action.in_(["action.update", "action.status"]),
            AuditEvent.at >= meeting.opened_at,
            AuditEvent.object_id.not_in([a["id"] for a in decided] or [0]),
        )
    )
    figures = snap.get("figures", {})
    summary = {
        "label": meeting.label,
        "total": figures.get("total", 0),
        "rises": [
            {"area": flag["area"], "category": flag["category"], "count": flag["count"]}
            for flag in figures.get("flags", [])
        ],
        "new_actions": len(decided),
        "changed_actions": changed or 0,
        "open_actions": sum(1 for a in snap.get("actions", []) if a.get("status") in ("oppen", "pagar")),
        "attendance": snap.get("attendance", []),
        "url": links.link("meeting.meeting_page", meeting_id=meeting.id),
    }
    return enqueue(
        session,
        MailKind.SUMMARY,
        f"summary:{meeting.id}",
        active_users(session),
        f"Lägesbild {meeting.label}: mötet är avslutat",
        summary=summary,
    )


def weekly_note(session: Session, iso_year: int, iso_week: int, facts: dict, now: datetime) -> int:
    """The coordinator's Monday note: promises that changed and mail that failed."""
    coordinators = active_users(session, User.role == Role.COORDINATOR)
    return enqueue(
        session,
        MailKind.WEEKLY,
        f"weekly:{iso_year}-{iso_week:02d}",
        coordinators,
        f"Veckobrev v. {iso_week}: löften och utskick",
        facts=facts,
        week_text=f"v. {iso_week} {iso_year}",
        outbox_url=links.link("mail.outbox"),
        promises_url=links.link("promises.index"),
        now=now,
    )


def account_link(session: Session, user: User, url: str, purpose: TokenPurpose) -> int:
    """The invite or reset link by mail (only when a mail server is configured; the screen shows it too)."""
    subject = "Inbjudan till Lägesbild" if purpose is TokenPurpose.INVITE else "Nytt lösenord till Lägesbild"
    return enqueue(
        session,
        MailKind.ACCOUNT,
        # One event per link; the key holds a hash of it, never the link itself.
        f"account:{hashlib.sha256(url.encode()).hexdigest()[:40]}",
        [user],
        subject,
        link_url=url,
        purpose=purpose.value,
    )


def walk_report_key(walk_id: int) -> str:
    return f"walk_report:{walk_id}"


def walk_report(session: Session, walk: Walk) -> int:
    """The held walk's report to the members of its organisers' and invited organisations: the walk's
    number, area and day, how many findings and follow-up items, a link to the report behind the sign-in.

    Never a finding's text, a photo, the walk's title or an action's title (typed text). One event per
    walk: sending again queues only for people who have no message about it yet.
    """
    organisation_ids = {o.id for o in walk.organisers} | {o.id for o in walk.invited}
    if not organisation_ids:
        return 0
    users = active_users(session, User.organisation_id.in_(organisation_ids))
    day_text = format_date(walk.held_on)
    report = {
        "number": walk.id,
        "area": walk.area.name,
        "day_text": day_text,
        "residents": walk.residents_count or 0,
        "findings": len(walk.findings),
        "actions": sum(1 for finding in walk.findings if finding.action_id is not None),
        "url": links.link("walks.report", walk_id=walk.id),
    }
    return enqueue(
        session,
        MailKind.WALK_REPORT,
        walk_report_key(walk.id),
        users,
        f"Rapport från trygghetsvandringen i {walk.area.name} {day_text}",
        report=report,
    )

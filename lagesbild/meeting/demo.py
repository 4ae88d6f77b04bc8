"""Demo meetings: the last eight weeks closed, with attendance, notes and actions (seed-demo hook)."""

import random
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from lagesbild import periods
from lagesbild.meeting_day import meeting_weekday
from lagesbild.models import ActionStatus, AgendaKind, Observation, Organisation, Place, Role, User

from . import operations

WEEKS = 8
SEED = 47

# (title, the place it concerns, owner, description): the action lands in that place's area.
ACTIONS = [
    (
        "Trygghetsvandring kvällstid",
        "Stora torg",
        "Polisen LPO Eslöv",
        "Gemensam vandring med boende och fastighetsägare.",
    ),
    (
        "Sanera klotter i gångtunneln",
        "Gångtunneln under bangården (stationen–Stinstorget)",
        "Eslövs kommun, gata/park",
        "Sanering inom 48 timmar enligt avtal.",
    ),
    (
        "Byt trasig belysning vid gångstråket",
        "Rönneberga",
        "Eslövs kommun, gata/park",
        "Felanmält, entreprenören beställd.",
    ),
    ("Fältare på plats fredagskvällar", "Stora torg", "Fältsekreterarna", "Fyra fredagar framåt, 19–23."),
    (
        "Ta bort brännbart material i soprum",
        "Berga",
        "Eslövs Bostads AB (ebo)",
        "Informera boende med lapp i trapphusen.",
    ),
    (
        "Riktad trafikkontroll på bostadsgatan",
        "Bäckdala",
        "Polisen LPO Eslöv",
        "Hastighetskontroll två kvällar.",
    ),
    (
        "Extra rondering vid stationen",
        "Eslövs station",
        "Bevakningsbolaget Syd (demo)",
        "Rondering 22–02 under helgerna.",
    ),
    (
        "Röj buskage vid tunnelmynningen",
        "Stinstorget",
        "Eslövs kommun, gata/park",
        "Öka sikten, minska skymda platser.",
    ),
]

NOTES = [
    "Polisen bekräftar bilden. Fortsatt fokus kvällstid, samverkan med fältarna.",
    "Fastighetsägaren har sanerat. Följs upp nästa vecka.",
    "Lugnare än förra veckan. Inget nytt beslut.",
    "Räddningstjänsten påminner om brännbart material i soprum.",
]


def _by_name_prefix(items: dict[str, object], prefix: str):
    for name, item in items.items():
        if name.startswith(prefix.split(" (")[0]):
            return item
    return next(iter(items.values()))


def _linked_observations(session: Session, period, area_id: int | None) -> list[int]:
    """Return up to two of the period's observations in the action's area, as the chair would link."""
    if area_id is None:
        return []
    return list(
        session.scalars(
            select(Observation.id)
            .where(Observation.area_id == area_id, Observation.occurred_in(period))
            .order_by(Observation.id)
            .limit(2)
        )
    )


def add_demo_meetings(session: Session) -> None:
    """Close the meetings of the eight periods before the current one, oldest first."""
    rng = random.Random(SEED)
    chair = session.scalar(select(User).where(User.is_demo, User.role == Role.CHAIR))
    if chair is None:
        return
    # In id order: the random draws go through them (see seed/demo.py generate_observations).
    orgs = {
        o.name: o
        for o in session.scalars(select(Organisation).where(Organisation.is_active).order_by(Organisation.id))
    }
    places = {p.name: p for p in session.scalars(select(Place).order_by(Place.id))}
    session.flush()
    current = periods.period_containing(periods.today_local(), meeting_weekday(session))
    created = []
    for n in range(WEEKS, 0, -1):
        period = current.previous(n)
        # The meeting ran on its own day, 09:00–10:30 local time.
        opened = datetime.combine(period.meeting_date, time(9), tzinfo=periods.LOCAL_TZ).astimezone(UTC)
        meeting = operations.open_meeting(session, period, chair)
        present = [o.id for o in orgs.values() if rng.random() < 0.75]
        operations.set_attendance(session, meeting, present, chair)
        notes = {}
        for item in meeting.agenda_items:
            if item.kind in (AgendaKind.FLAGS, AgendaKind.AREA) and rng.random() < 0.7:
                notes[item.id] = rng.choice(NOTES)
            elif item.kind is AgendaKind.OVRIGT:
                notes[item.id] = "Nästa möte som vanligt."
        operations.save_notes(session, meeting, notes, meeting.notes_version, chair)
        # Earlier actions progress: some are done, some still going.
        for action in created:
            if action.status.is_open and rng.random() < 0.35:
                operations.set_action_status(
                    action, rng.choice([ActionStatus.KLAR, ActionStatus.PAGAR]), chair
                )
                if action.closed_at is not None:
                    action.closed_at = opened + timedelta(minutes=30)
        title, place_name, owner, description = ACTIONS[(WEEKS - n) % len(ACTIONS)]
        place = places.get(place_name)
        area_id = place.area_id if place else None
        created.append(
            operations.add_action(
                session,
                meeting,
                chair,
                title=title,
                description=description,
                area_id=area_id,
                place_id=place.id if place else None,
                owner_organisation_id=_by_name_prefix(orgs, owner).id,
                due_on=period.meeting_date + timedelta(weeks=rng.choice([1, 2, 4])),
                status=ActionStatus.OPPEN,
                observation_ids=_linked_observations(session, period, area_id),
            )
        )
        meeting.opened_at = opened
        for action in created[-1:]:
            action.created_at = action.updated_at = opened + timedelta(minutes=40)
        operations.close_meeting(session, meeting, period, chair, now=opened + timedelta(minutes=90))
    session.flush()

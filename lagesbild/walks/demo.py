"""Demo safety walks (seed-demo hook): a held evening walk round the station with findings, two of them
made actions, its re-walk, and a walk planned in Berga. Written through the operations, so the audit
trail and the promise count behave as with real walks. No photos: the demo writes no files."""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from lagesbild import periods
from lagesbild.models import (
    Area,
    FindingCategory,
    FindingOutcome,
    Organisation,
    Place,
    Promise,
    Role,
    User,
    Walk,
)

from . import operations

ROUTE_PLACES = ["Stora torg", "Stinstorget", "Eslövs station"]
# (category, text, metres north, metres east of the station, action owner, action title)
FINDINGS = [
    (FindingCategory.BELYSNING, "Två lampor trasiga i gångtunneln, mörkt i mitten.", 0, 40,
     "Eslövs kommun, gata/park", "Byt lamporna i gångtunneln"),
    (FindingCategory.VEGETATION, "Buskarna vid cykelstället skymmer sikten mot perrongen.", 30, -20,
     "Eslövs kommun, gata/park", "Beskär buskarna vid cykelstället"),
    (FindingCategory.KLOTTER, "Klotter på tunnelns östra vägg.", -10, 70, None, None),
    (FindingCategory.OTRYGGT, "Känns otryggt, ingen annan går här efter klockan 21.", 60, 10, None, None),
]  # fmt: skip
METRE_LAT, METRE_LON = 1 / 111_000, 1 / 62_500  # near 55.8° N


def _local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=periods.LOCAL_TZ).astimezone(UTC)


def add_demo_walks(session: Session) -> None:
    """Demo hook for `flask seed-demo`, after the promises (a held walk counts toward this year's)."""
    today = periods.today_local()
    coordinator = session.scalar(
        select(User).where(User.role == Role.COORDINATOR, User.is_demo).order_by(User.id)
    )
    member = session.scalar(select(User).where(User.role == Role.MEMBER, User.is_demo).order_by(User.id))
    if coordinator is None or member is None:
        return
    organisations = {o.name: o for o in session.scalars(select(Organisation))}
    areas = {a.name: a for a in session.scalars(select(Area))}
    places = {p.name: p for p in session.scalars(select(Place).where(Place.name.in_(ROUTE_PLACES)))}
    if "Eslövs centrum" not in areas or len(places) < len(ROUTE_PLACES):
        return
    promise = session.scalar(
        select(Promise).where(Promise.year == today.year, Promise.text.like("%trygghetsvandringar%"))
    )
    organisers = [
        o for name, o in organisations.items() if name in ("Polisen LPO Eslöv", coordinator.organisation.name)
    ]
    invited = [
        o for name, o in organisations.items() if name in ("Eslövs Bostads AB (ebo)", "Stadskärneföreningen")
    ]
    route = [[places[name].lon, places[name].lat] for name in ROUTE_PLACES]
    stops = "Stora torg\nGångtunneln under bangården\nStinstorget\nEslövs station"
    invitation = (
        "Välkommen på trygghetsvandring! Vi går tillsammans genom centrum och stationsområdet och "
        "noterar vad som känns tryggt och otryggt. Vandringen tar ungefär en och en halv timme."
    )

    def plan(title: str, area: Area, day: date, route, stops: str, previous: Walk | None = None) -> Walk:
        fields = operations.WalkFields(
            title=title,
            area_id=area.id,
            starts_at=_local(day, 18, 30),
            meeting_point=stops.splitlines()[0],
            route=route,
            stops=stops,
            organiser_ids=[o.id for o in organisers],
            invited_ids=[o.id for o in invited],
            promise_id=promise.id if promise and day.year == promise.year else None,
            invitation_text=invitation,
        )
        return operations.create_walk(session, fields, coordinator, previous=previous)

    held_on = today - timedelta(days=70)
    centrum = areas["Eslövs centrum"]
    first = plan("Kvällsvandring runt stationen", centrum, held_on, route, stops)
    station = places["Eslövs station"]
    for n, (category, text, north, east, owner, action_title) in enumerate(FINDINGS):
        fields = operations.FindingFields(
            client_key=f"demo-{first.id}-{n}",
            lat=round(station.lat + north * METRE_LAT, 6),
            lon=round(station.lon + east * METRE_LON, 6),
            category=category,
            text=text,
        )
        finding = operations.record_finding(session, first, fields, [], member)
        if owner in organisations:
            operations.action_from_finding(
                session,
                finding,
                action_title,
                organisations[owner].id,
                held_on + timedelta(days=30),
                coordinator,
            )
    operations.mark_held(session, first, held_on, 14, coordinator)

    rewalk_on = today - timedelta(days=7)
    again = plan(f"Återbesök: {first.title}", centrum, rewalk_on, route, stops, previous=first)
    for n, outcome in enumerate([FindingOutcome.ATGARDAT, FindingOutcome.DELVIS]):
        earlier = first.findings[n]
        fields = operations.FindingFields(
            client_key=f"demo-{again.id}-{n}",
            lat=earlier.lat,
            lon=earlier.lon,
            category=earlier.category,
            text="Åtgärdat, nya lampor." if outcome is FindingOutcome.ATGARDAT else "Delvis beskuret.",
            earlier_finding_id=earlier.id,
            outcome=outcome,
        )
        operations.record_finding(session, again, fields, [], member)
    operations.mark_held(session, again, rewalk_on, 9, coordinator)

    if "Berga" in areas:
        berga_stops = "Berga torg\nGångvägen mot skolan\nLekplatsen"
        plan("Trygghetsvandring i Berga", areas["Berga"], today + timedelta(days=10), None, berga_stops)
    session.flush()

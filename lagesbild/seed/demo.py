"""The demo data set: Örat mot marken's organisations and users, and observations from 1 January two
years back until today, so every comparison (week against last year, year against the year before)
has a real base.

Generated with a fixed seed so every install shows the same picture. The patterns are made up but
believable: hot spots (Stora torg, the station tunnel, Berga), seasons (fires and fireworks around New
Year, summer-evening disturbances, dark-season lighting complaints), weekday and time-of-day profiles,
each subcategory reported by the organisations that typically see it and described in its own words
(demo_reporting.py), the activities the demo promises count at a pace that puts them ahead, on track
and behind, and a clear rise in the current and in the previous week (by the trend rule in
lagesbild/meeting/trends.py). Every demo record has is_demo set.
"""

import math
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from lagesbild import periods
from lagesbild.auth.passwords import hash_password
from lagesbild.models import (
    Category,
    Observation,
    ObservationSource,
    Organisation,
    OrganisationKind,
    Place,
    Role,
    User,
)
from lagesbild.rollup import operations as rollup

from .demo_reporting import DESCRIPTIONS, REPORTERS

SEED = 20261122
# With --weeks the demo ends today and starts that many weeks back; by default it starts on 1 January
# of the year before last.
FULL_YEARS_BACK = 2
DEMO_DOMAIN = "demo.example.com"

# (organisation, kind, users: (local part, display name, role, password))
ORGANISATIONS = [
    (
        "Eslövs kommun, trygghetssamordning",
        OrganisationKind.KOMMUNAL,
        [
            ("samordnare", "Sara Samordnare", Role.COORDINATOR, "samordnare-demo-2026"),
            # The steering group's read-only account (kommunstyrelsens ordförande in the demo).
            ("styrgrupp", "Stefan Styrgrupp", Role.STYRGRUPP, "styrgrupp-demo-2026"),
        ],
    ),
    (
        "Polisen LPO Eslöv",
        OrganisationKind.POLIS,
        [
            ("ordforande", "Olle Ordförande", Role.CHAIR, "ordforande-demo-2026"),
            ("polis", "Pia Polis", Role.MEMBER, "medlem-demo-2026"),
        ],
    ),
    (
        "Räddningstjänsten Syd",
        OrganisationKind.RADDNINGSTJANST,
        [("raddning", "Rasmus Räddning", Role.MEMBER, "medlem-demo-2026")],
    ),
    (
        "Eslövs Bostads AB (ebo)",
        OrganisationKind.BOSTADSBOLAG,
        [("ebo", "Erik Ebo", Role.MEMBER, "medlem-demo-2026")],
    ),
    ("HSB", OrganisationKind.BOSTADSBOLAG, [("hsb", "Hanna HSB", Role.MEMBER, "medlem-demo-2026")]),
    (
        "Brinova",
        OrganisationKind.FASTIGHETSAGARE,
        [("brinova", "Bo Brinova", Role.MEMBER, "medlem-demo-2026")],
    ),
    (
        "Bevakningsbolaget Syd (demo)",
        OrganisationKind.BEVAKNINGSBOLAG,
        [("bevakning", "Vera Väktare", Role.MEMBER, "medlem-demo-2026")],
    ),
    (
        "Stadskärneföreningen",
        OrganisationKind.FORENING,
        [("stadskarnan", "Stina Stadskärna", Role.MEMBER, "medlem-demo-2026")],
    ),
    (
        "Fältsekreterarna",
        OrganisationKind.KOMMUNAL,
        [("falt", "Felix Fält", Role.MEMBER, "medlem-demo-2026")],
    ),
    (
        "Mötesplatsen Gasverket",
        OrganisationKind.KOMMUNAL,
        [("gasverket", "Gustav Gasverket", Role.MEMBER, "medlem-demo-2026")],
    ),
    (
        "Eslövs kommun, gata/park",
        OrganisationKind.KOMMUNAL,
        [("gatapark", "Greta Gatapark", Role.MEMBER, "medlem-demo-2026")],
    ),
]

# Hot spots: (place, subcategory codes, weekly rate). Background spreads the rest over all places.
HOT_SPOTS = [
    (
        "Stora torg",
        ["ORD.UNGDOMSGRUPP", "ORD.BERUSAD", "NAR.PAVERKAD", "SKG.KLOTTER", "ORD.SAMLINGSPLATS"],
        4.0,
    ),
    (
        "Gångtunneln under bangården (stationen–Stinstorget)",
        ["SKG.KLOTTER", "MIL.OTRYGG_PLATS", "NAR.FYND", "MIL.BELYSNING"],
        2.5,
    ),
    ("Eslövs station", ["ORD.BERUSAD", "NAR.PAVERKAD", "BRO.STOLD_FORDON", "SKG.ALLMAN_PLATS"], 1.8),
    ("Berga", ["BRD.AVFALL", "SKG.FASTIGHET", "TRF.BUSKORNING", "ORD.INTRANG", "UNG.RISKMILJO"], 4.0),
    ("Källebergsskolan", ["UNG.SKOLOMRADE", "SKG.SKOLA", "BRD.SKOLA"], 0.8),
    ("Rönneberga", ["ORD.INTRANG", "SKG.FASTIGHET", "BRD.AVFALL", "MIL.NEDSKRAPNING"], 1.5),
    ("Galleria Köpmannen", ["BRO.BUTIK", "ORD.HOT_PERSONAL", "ORD.UNGDOMSGRUPP"], 1.0),
    ("Stadsparken", ["NAR.FYND", "ORD.SAMLINGSPLATS", "MIL.BELYSNING"], 0.8),
]
BACKGROUND_RATE = 9.0

# Seasonal multipliers by subcategory: (peak day of year, width in days, height).
SEASONS = {
    "BRD": [(1, 12, 3.0), (365, 12, 3.0)],
    "ORD.PYROTEKNIK": [(1, 8, 12.0), (365, 8, 12.0)],
    "ORD.UNGDOMSGRUPP": [(196, 40, 1.8)],
    "ORD.BERUSAD": [(190, 45, 1.6)],
    "TRF.BUSKORNING": [(150, 50, 1.8)],
    "TRF.FORTKORNING": [(160, 60, 1.5)],
    "MIL.BELYSNING": [(355, 50, 2.5), (10, 40, 2.0)],
    "MIL.VEGETATION": [(200, 35, 2.5)],
}

# (subcategory, occurrences a year). A subcategory a demo promise counts is scheduled instead (below),
# and drawn here only outside the promise's area.
ACTIVITIES = [
    ("AKT.PATRULL", 60),
    ("AKT.TRYGGHETSVANDRING", 4),
    ("AKT.MEDBORGARDIALOG", 3),
    ("AKT.SKOLBESOK", 12),
    ("AKT.TRAFIKINSATS", 8),
    ("AKT.FYSISK_ATGARD", 10),
]

# Clear rises (weeks back from the newest period, place, subcategory, extra that week). The current
# and the previous week's rises are in cells that are otherwise nearly empty, so the trend rule flags
# them whatever today is (seven against a floor of 0.5 is far below p = 0.01).
SURGES = [
    (14, "Berga", "SKG.KLOTTER", 8),
    (6, "Rönneberga", "BRD.AVFALL", 6),
    (1, "Eslövs station", "NAR.FYND", 6),
    (1, "Sundelius park (Marieholm)", "ORD.UNGDOMSGRUPP", 7),
    (0, "Stora torg", "ORD.UNGDOMSGRUPP", 6),
    (0, "Gamla torget (Löberöd)", "SKG.KLOTTER", 7),
]

WEEKDAY_WEIGHT = {1: 0.8, 2: 0.8, 3: 0.9, 4: 1.0, 5: 1.4, 6: 1.6, 7: 1.0}
# Hour weights (0–23): problems lean to evenings and nights; activities are daytime or evening.
PROBLEM_HOURS = [3, 2, 2, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 4, 5, 6, 7, 8, 9, 9, 7, 5]
ACTIVITY_HOURS = [0, 0, 0, 0, 0, 0, 0, 1, 2, 4, 5, 5, 4, 4, 5, 5, 4, 3, 4, 5, 5, 3, 2, 1]


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    role: Role
    organisation: str


def demo_logins() -> list[DemoLogin]:
    return [
        DemoLogin(f"{local}@{DEMO_DOMAIN}", password, role, org)
        for org, _kind, users in ORGANISATIONS
        for local, _name, role, password in users
    ]


def create_organisations_and_users(session: Session) -> dict[str, Organisation]:
    organisations = {}
    for name, kind, users in ORGANISATIONS:
        organisation = Organisation(name=name, kind=kind, is_demo=True)
        session.add(organisation)
        organisations[name] = organisation
        for local, display_name, role, password in users:
            session.add(
                User(
                    email=f"{local}@{DEMO_DOMAIN}",
                    display_name=display_name,
                    organisation=organisation,
                    role=role,
                    password_hash=hash_password(password),
                    password_changed_at=datetime.now(UTC),
                    is_demo=True,
                )
            )
    session.flush()
    return organisations


def _season_factor(code: str, day: date) -> float:
    factor = 1.0
    day_of_year = day.timetuple().tm_yday
    for key in (code, code.split(".")[0]):
        for peak, width, height in SEASONS.get(key, []):
            distance = min(abs(day_of_year - peak), 365 - abs(day_of_year - peak))
            factor += (height - 1) * math.exp(-((distance / width) ** 2))
    return factor


def _poisson(rng: random.Random, lam: float) -> int:
    # Knuth's method is fine for the small rates used here.
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def first_day(today: date, weeks: int | None) -> date:
    """The demo's first day: `weeks` weeks back, or 1 January of the year before last."""
    if weeks:
        return today - timedelta(weeks=weeks) + timedelta(days=1)
    return date(today.year - FULL_YEARS_BACK, 1, 1)


def generate_observations(
    session: Session, today: date, weeks: int | None = None, seed: int = SEED, weekday: int = 5
) -> int:
    """Insert demo observations from first_day() until today; return how many."""
    rng = random.Random(seed)
    # In id order: the random draws below go through these lists, and a database returns rows without
    # ORDER BY in whatever order its pages hold them (PostgreSQL's differ after deletes), which made the
    # same seed give another demo.
    places = {p.name: p for p in session.scalars(select(Place).where(Place.is_active).order_by(Place.id))}
    categories = {
        c.code: c for c in session.scalars(select(Category).order_by(Category.id)) if c.parent_id is not None
    }
    problem_codes = [code for code, c in categories.items() if not c.is_activity]
    organisations = {o.name: o for o in session.scalars(select(Organisation))}
    authors = {}
    demo_users = select(User).where(User.is_demo, User.role != Role.STYRGRUPP).order_by(User.id)
    for user in session.scalars(demo_users):
        authors.setdefault(user.organisation_id, user)  # the styrgrupp reports nothing

    start = first_day(today, weeks)
    newest = periods.period_containing(today, weekday)
    by_day: dict[date, list[tuple[Place, str]]] = {}
    for weeks_back, place, code, extra in SURGES:
        period = newest.previous(weeks_back) if weeks_back else newest
        days = (min(period.end, today) - period.start).days + 1
        for _i in range(extra):
            if days > 0:
                day = period.start + timedelta(days=rng.randrange(days))
                by_day.setdefault(day, []).append((places[place], code))

    rows: list[dict] = []

    def add(day: date, place: Place, code: str, hours: list[int]):
        category = categories[code]
        reporters = REPORTERS[code]
        # The most typical reporter is the most likely one.
        name = rng.choices(reporters, weights=range(len(reporters) + 1, 1, -1))[0]
        organisation = organisations[name]
        hour = rng.choices(range(24), weights=hours)[0]
        timed = rng.random() < 0.7
        moment = time(hour, rng.choice((0, 15, 30, 45)))
        reported = datetime.combine(day, time(hour), tzinfo=periods.LOCAL_TZ) + timedelta(
            hours=rng.choice((2, 6, 20, 30, 50, 120 if rng.random() < 0.15 else 8))
        )
        created = min(reported.astimezone(UTC), datetime.now(UTC))
        jitter = 0.0 if place.kind == "tätort" else 0.0012
        rows.append(
            {
                "occurred_on": day,
                "time_of_day": moment if timed else None,
                "time_band": periods.time_band_for(moment),
                "place_id": place.id,
                "lat": place.lat + rng.uniform(-jitter, jitter) * 0.6,
                "lon": place.lon + rng.uniform(-jitter, jitter),
                "area_id": place.area_id,
                "category_id": category.id,
                "extent": rng.choices(["enstaka", "aterkommande", "omfattande"], weights=[6, 3, 1])[0],
                "count": rng.choice([None, None, 1, 2, 3, 5]),
                "description": rng.choice(DESCRIPTIONS[code]),
                "reported_to_police": rng.choices(["ja", "nej", "vet_ej"], weights=[4, 4, 2])[0],
                "sharing": "begransad" if rng.random() < 0.08 else "gruppen",
                "organisation_id": organisation.id,
                "author_id": authors[organisation.id].id,
                "status": "withdrawn" if rng.random() < 0.01 else "active",
                "source": ObservationSource.DEMO.value,
                "is_demo": True,
                "created_at": created,
                "updated_at": created,
            }
        )

    place_list = list(places.values())
    day = start
    while day <= today:
        weight = WEEKDAY_WEIGHT[day.isoweekday()]
        for place_name, codes, weekly in HOT_SPOTS:
            for _ in range(_poisson(rng, weekly / 7 * weight)):
                code = rng.choice(codes)
                if rng.random() < min(1.0, 0.7 * _season_factor(code, day)):
                    add(day, places[place_name], code, PROBLEM_HOURS)
        for _ in range(_poisson(rng, BACKGROUND_RATE / 7 * weight)):
            code = rng.choice(problem_codes)
            if rng.random() < min(1.0, 0.5 * _season_factor(code, day) + 0.2):
                add(day, rng.choice(place_list), code, PROBLEM_HOURS)
        for code, per_year in ACTIVITIES:
            for _ in range(_poisson(rng, per_year / 365)):
                place = rng.choice(place_list[:25])
                add(day, place, code, ACTIVITY_HOURS)
        for place, code in by_day.get(day, []):
            add(day, place, code, PROBLEM_HOURS)
        day += timedelta(days=1)
    if not any(row["occurred_on"] == start for row in rows):
        # The first day is drawn like any other and may stay empty; one report on it makes the demo
        # span its whole first year, so every comparison with that year has a base from 1 January.
        # Added last, so the draws above (and the demo of every other day) stay as they are.
        place_name, codes, _weekly = HOT_SPOTS[0]
        add(start, places[place_name], codes[0], PROBLEM_HOURS)

    for chunk in range(0, len(rows), 1000):
        session.execute(insert(Observation), rows[chunk : chunk + 1000])
    rollup.added(session, rows)  # a bulk insert passes the roll-up's flush listener by
    return len(rows)

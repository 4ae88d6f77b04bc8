"""Demo promises: Eslöv's eight medborgarlöften of 2022, in their kinds, for this year and last year.

The wording, kinds, targets and responsible parties follow Eslöv's published 2022 promises
(docs: ../shared/domain/medborgarloften-2022.csv); they are recorded for the demo's years so the demo's
observations can follow them. Beside them the demo reports the activities the promises count: police
traffic operations and the municipality's own traffic measures, police foot patrols *and the guard
company's rounds* in Eslövs centrum, so counting only the responsible organisation's reports visibly
differs from counting everyone's. Status notes, a milestone and linked actions complete the picture.

The survey values are invented and say so in their source, so nobody mistakes them for the police's
published figures.
"""

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from lagesbild import periods
from lagesbild.models import (
    Action,
    Area,
    Category,
    FocusArea,
    Observation,
    ObservationSource,
    Organisation,
    Place,
    ProcessState,
    Promise,
    PromiseGoal,
    PromiseKind,
    PromiseNote,
    Role,
    SurveyValue,
    User,
)
from lagesbild.rollup import operations as rollup

DEMO_SOURCE = "Demo – inte verkliga värden"
POLICE = "Polisen LPO Eslöv"
MUNICIPALITY = "Eslövs kommun, trygghetssamordning"
STREETS = "Eslövs kommun, gata/park"
GUARDS = "Bevakningsbolaget Syd (demo)"
CENTRE = "Eslövs centrum"

GOALS = (
    "Alla som bor, verkar eller vistas i Eslövs kommun ska känna sig trygga ute på kvällen",
    "Ungdomsvåldet ska minska",
)


@dataclass(frozen=True)
class DemoPromise:
    text: str
    kind: PromiseKind
    goal: int  # index in GOALS
    responsible: tuple[str, ...]
    codes: tuple[str, ...] = ()
    target: int | None = None
    areas: tuple[str, ...] = ()
    only_responsible: bool = False
    situation: str = ""
    measure: str = ""
    effect: str = ""
    follow_up: str = ""
    focus: str = "Trygghet i offentlig miljö"  # the agreement's focus area (agreement/demo.py)
    notes_until: int = 12  # status notes up to this month: a process followed to a different point


PROMISES = (
    DemoPromise(
        "Vi ska utveckla lokal grannsamverkan i kommunens bostadsområden tillsammans med bostadsbolagen",
        PromiseKind.PROCESS,
        0,
        (POLICE, MUNICIPALITY, "Eslövs Bostads AB (ebo)", "HSB", "Brinova"),
        situation="Boende i flera bostadsområden uppger i trygghetsmätningen att de känner sig otrygga.",
        measure="Grannsamverkan startas område för område tillsammans med bostadsbolagen.",
        effect="Fler boende känner sina grannar och hör av sig när något händer.",
        follow_up="Lägesanteckningar per bostadsområde vid varje tertial.",
    ),
    DemoPromise(
        "Polisen ska genomföra minst 40 riktade insatser per år mot trafikrelaterade problem",
        PromiseKind.COUNT,
        0,
        (POLICE,),
        codes=("AKT.TRAFIKINSATS",),
        target=40,
        only_responsible=True,
        situation="Buskörning och höga hastigheter på bostadsgator och i centrum.",
        measure="Riktade trafikkontroller där lägesbilden visar problem.",
        effect="Färre klagomål på buskörning och fortkörning.",
        follow_up="Polisens rapporterade trafikinsatser räknas; kommunens egna åtgärder räknas inte.",
    ),
    DemoPromise(
        "Vi ska genomföra minst två trygghetsvandringar på prioriterade orter och platser",
        PromiseKind.COUNT,
        0,
        (MUNICIPALITY, POLICE),
        codes=("AKT.TRYGGHETSVANDRING",),
        target=2,
        areas=("Berga", CENTRE),
        situation="Trygghetsmätningen 2021 pekar ut Berga och centrum som otrygga kvällstid.",
        measure="Trygghetsvandringar med boende, fastighetsägare och kommunen.",
        effect="Fysiska brister åtgärdas och platserna upplevs tryggare.",
    ),
    DemoPromise(
        "Vi ska arbeta uppsökande och kontaktskapande med barn och unga, bland annat med riskzonssamtal och "
        "tillsammans med fritidsgården Gasverket",
        PromiseKind.PROCESS,
        1,
        (POLICE, "Fältsekreterarna", "Mötesplatsen Gasverket"),
        codes=("AKT.SKOLBESOK",),
        focus="Tidig upptäckt av barn och unga vuxna i riskmiljöer",
        situation="Yngre barn är ute sent utan vuxna och dras till grupper som stör.",
        measure="Fältsekreterare och polis besöker skolor och fritidsgården och för riskzonssamtal.",
        effect="Färre unga i riskmiljöer.",
    ),
    DemoPromise(
        "Vi ska utveckla samverkan i det drogförebyggande arbetet med fokus på nya brukare under 18 år",
        PromiseKind.PROCESS,
        1,
        (POLICE, MUNICIPALITY),
        notes_until=6,  # followed up until the summer, on plan
        focus="Alkohol- och drogförebyggande arbete",
        situation="Fynd av narkotika vid skolor och i parker.",
        measure="Gemensamma rutiner mellan socialtjänst och polis när unga påträffas påverkade.",
    ),
    DemoPromise(
        "Vi ska fortsätta arbeta med och utveckla den gemensamma lokala lägesbilden genom Örat mot marken",
        PromiseKind.PROCESS,
        0,
        (MUNICIPALITY, POLICE),
        measure="Veckomöten med iakttagelser, åtgärder och uppföljning.",
        follow_up="Hållna möten och beslutade åtgärder är underlaget.",
    ),
    DemoPromise(
        "Polisen ska vara synlig och uniformerad i stadskärnan och arbeta kontaktskapande",
        PromiseKind.PROCESS,
        0,
        (POLICE,),
        codes=("AKT.PATRULL",),
        areas=(CENTRE,),
        only_responsible=True,
        situation="Otrygghet kvällstid kring Stora torg och stationen.",
        measure="Fotpatruller i centrum; väktarnas ronder räknas inte till löftet.",
    ),
    DemoPromise(
        "Vi ska ansöka om permanent kameraövervakning i centrala Eslöv",
        PromiseKind.MILESTONE,
        0,
        (POLICE, "Eslövs kommun, trygghetssamordning"),
        situation="Återkommande ordningsstörningar vid Stora torg och stationen.",
        measure="Polisen ansöker om kameraövervakning; kommunen bidrar med underlag.",
    ),
)
MILESTONE_DONE = (5, 16)  # month, day the camera application is sent in the demo
MILESTONE_REFERENCE = "Ansökan om kameraövervakning, demoärende"

NOTES = (
    ((3, 15), ProcessState.ENLIGT_PLAN, "Arbetet har startat; första träffarna är genomförda."),
    ((6, 15), ProcessState.ENLIGT_PLAN, "Fortsatt enligt plan. Nästa steg är bestämt i samverkansgruppen."),
    ((9, 15), ProcessState.AVVIKER, "Försenat under sommaren; ny tidplan tas fram till nästa möte."),
)

# The survey's sub-areas in Eslöv and two made-up indicators with a plausible level per area.
SURVEY_AREAS = {
    "Eslövs centrum": (2.4, 31),
    "Berga": (2.9, 38),
    "Rönneberga": (2.6, 33),
    "Sallerup": (1.6, 19),
    "Eslövs tätort (övrigt)": (1.9, 24),
    "Landsbygden": (1.3, 15),
}
INDICATORS = ("Problemindex (ordningsstörningar)", "Andel otrygga ute sent på kvällen (%)")

# The activities the promises count (subcategory, organisation, place, description, hour), by weekday.
WEEKLY_ACTIVITIES = {
    2: ("AKT.TRAFIKINSATS", POLICE, "Berga", "Riktad trafikkontroll genomförd.", 16),
    5: ("AKT.PATRULL", POLICE, "Stora torg", "Fotpatrull i centrum, samtal med ungdomar.", 20),
    6: ("AKT.PATRULL", GUARDS, "Stora torg", "Väktarrond i centrum.", 22),
}
SUMMER_WEEKS = range(27, 33)  # no traffic operations during the police's summer leave
MONTHLY_STREET_MEASURE = ("AKT.TRAFIKINSATS", STREETS, "Berga", "Farthinder och skyltning åtgärdade.", 10)
WALKS = (((4, 20), "Berga"), ((10, 5), "Stora torg"))


def seed_demo_promises(session: Session) -> None:
    """Demo hook for `flask seed-demo`: Eslöv's promises for this and last year, their activities and
    notes, and made-up survey values."""
    today = periods.today_local()
    organisations = {o.name: o for o in session.scalars(select(Organisation))}
    categories = {c.code: c for c in session.scalars(select(Category).where(Category.is_activity))}
    areas = {a.name: a for a in session.scalars(select(Area))}
    coordinator = session.scalar(select(User).where(User.is_demo, User.role == Role.COORDINATOR))
    actions = list(session.scalars(select(Action).order_by(Action.id).limit(3)))
    focus_areas = {f.name: f for f in session.scalars(select(FocusArea).order_by(FocusArea.id))}
    for year in (today.year - 1, today.year):
        goals = [PromiseGoal(year=year, text=text) for text in GOALS]
        session.add_all(goals)
        for spec in PROMISES:
            promise = Promise(
                year=year,
                kind=spec.kind,
                text=spec.text,
                target=spec.target,
                goal=goals[spec.goal],
                focus_area=focus_areas.get(spec.focus),
                counts_only_responsible=spec.only_responsible,
                areas=[areas[name] for name in spec.areas if name in areas],
                organisations=[organisations[name] for name in spec.responsible if name in organisations],
                categories=[categories[code] for code in spec.codes if code in categories],
                situation=spec.situation,
                measure=spec.measure,
                effect=spec.effect,
                follow_up=spec.follow_up,
                is_active=True,
            )
            if spec.kind is PromiseKind.MILESTONE:
                done_on = date(year, *MILESTONE_DONE)
                if done_on <= today:
                    promise.milestone_done_on, promise.milestone_reference = done_on, MILESTONE_REFERENCE
            session.add(promise)
            if spec.kind is PromiseKind.PROCESS and coordinator is not None:
                for (month, day), state, text in NOTES:
                    if date(year, month, day) <= today and month <= spec.notes_until:
                        note = PromiseNote(noted_on=date(year, month, day), state=state, text=text)
                        note.author = coordinator
                        promise.notes.append(note)
            if "Örat mot marken" in spec.text and year == today.year:
                promise.actions = actions
    _add_activities(session, today)
    _add_survey_values(session, today, areas)
    session.flush()


def _add_activities(session: Session, today: date) -> None:
    """The activity reports the promises count, over the demo's year (see the module docstring)."""
    places = {p.name: p for p in session.scalars(select(Place))}
    organisations = {o.name: o for o in session.scalars(select(Organisation))}
    categories = {c.code: c for c in session.scalars(select(Category).where(Category.is_activity))}
    authors: dict[int, User] = {}
    for user in session.scalars(select(User).where(User.is_demo).order_by(User.id)):
        authors.setdefault(user.organisation_id, user)
    rows = []

    def add(day: date, spec: tuple) -> None:
        code, organisation_name, place_name, description, hour = spec
        organisation, place = organisations.get(organisation_name), places.get(place_name)
        if organisation is None or place is None or organisation.id not in authors or code not in categories:
            return  # a partial demo set (tests) lacks some of them
        moment = time(hour, 0)
        created = min(
            (datetime.combine(day, moment, tzinfo=periods.LOCAL_TZ) + timedelta(hours=2)).astimezone(UTC),
            datetime.now(UTC),
        )
        rows.append(
            {
                "occurred_on": day,
                "time_of_day": moment,
                "time_band": periods.time_band_for(moment),
                "place_id": place.id,
                "lat": place.lat,
                "lon": place.lon,
                "area_id": place.area_id,
                "category_id": categories[code].id,
                "extent": "enstaka",
                "count": None,
                "description": description,
                "reported_to_police": "vet_ej",
                "sharing": "gruppen",
                "organisation_id": organisation.id,
                "author_id": authors[organisation.id].id,
                "status": "active",
                "source": ObservationSource.DEMO.value,
                "is_demo": True,
                "created_at": created,
                "updated_at": created,
            }
        )

    day = date(today.year - 1, 1, 1)  # both promise years, up to today
    while day <= today:
        spec = WEEKLY_ACTIVITIES.get(day.isoweekday())
        summer = day.isocalendar()[1] in SUMMER_WEEKS
        # This year the police also skip the first Tuesday of every month (a planning day), so the
        # traffic promise is behind its pace while last year's was reached: the follow-up shows both.
        planning_day = day.year == today.year and day.day <= 7
        if spec and not (spec[0] == "AKT.TRAFIKINSATS" and (summer or planning_day)):
            add(day, spec)
        if day.day <= 7 and day.isoweekday() == 1:
            add(day, MONTHLY_STREET_MEASURE)
        if (day.month, day.day) in {walk for walk, _ in WALKS}:
            place = dict(WALKS)[(day.month, day.day)]
            add(day, ("AKT.TRYGGHETSVANDRING", MUNICIPALITY, place, "Trygghetsvandring med boende.", 18))
        day += timedelta(days=1)
    if rows:
        session.execute(insert(Observation), rows)
        rollup.added(session, rows)  # a bulk insert passes the roll-up's flush listener by


def _add_survey_values(session: Session, today: date, areas: dict[str, Area]) -> None:
    rng = random.Random(2026)
    for year in range(today.year - 2, today.year + 1):
        published = date(year, 10, 15)
        if published > today:
            continue  # this year's survey is not out yet
        for name, (index, share) in SURVEY_AREAS.items():
            if name not in areas:
                continue
            drift = (year - today.year) * -0.1
            for indicator, level in zip(INDICATORS, (index + drift, share + 3 * drift), strict=True):
                value = (
                    round(level + rng.uniform(-0.2, 0.2), 1)
                    if level < 10
                    else round(level + rng.uniform(-3, 3))
                )
                session.add(
                    SurveyValue(
                        year=year,
                        area=areas[name],
                        indicator=indicator,
                        value=value,
                        source=DEMO_SOURCE,
                        published=published,
                    )
                )

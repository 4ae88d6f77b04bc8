"""Demo agreement: Eslöv's samverkansöverenskommelse 2021–2022, its focus areas and activities.

The facts (parties, period, forums, who follows it up, focus areas, activities with effect goals and
responsible units) follow the agreement signed on 18 June 2021 between lokalpolisområde Eslöv and Eslövs
kommun; a demo revision shows how a decided change is kept as a version.
"""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from lagesbild.models import Agreement, AgreementActivity, AgreementVersion, FocusArea, Role, User

TITLE = "Samverkansöverenskommelse Eslöv 2021–2022"
PARTIES = (
    "Eslövs kommun (beslutad av kommunstyrelsen) och lokalpolisområde Eslöv (beslutad av "
    "lokalpolisområdeschefen)"
)
FORUMS = (
    "Örat mot marken (varje vecka); SSPE (skola, socialtjänst, polis, Eslövs Bostads AB); lagstadgad "
    "tillsyn i samverkan"
)
FOLLOW_UP_BY = (
    "Kommunpolisen och kommunens trygghetssamordnare; var och en tar dokumentet till sin beslutsfattare"
)

GATA = "Gata, trafik, park (Miljö och Samhällsbyggnad)"
TILLVAXT = "Tillväxtavdelningen (kommunledningskontoret)"
RESURS = "Resursavdelningen (Barn och Utbildning)"
# (focus area, [(activity, effect goal, responsible)])
FOCUS_AREAS = [
    (
        "Trygghet i offentlig miljö",
        [
            (
                "Tryggare gångtunnlar och liknande miljöer",
                "Gångtunnlar upplevs tryggare än att korsa en trafikerad väg",
                GATA,
            ),
            ("30 km/h i bostadsområden", "En självförklarande trafikmiljö med låga hastigheter", GATA),
            (
                "Större kulturutbud i ytterområden",
                "Kulturutbudet fördelat över hela kommunen",
                "Kultur och Fritid",
            ),
            ("Trygghetsvandringar", "En tryggare utemiljö för alla", TILLVAXT),
            ("Örat mot marken (veckovis lägesbild)", "Eslöv förblir en trygg plats att leva på", TILLVAXT),
            (
                "Mänskliga rättigheter i trygghetsarbetet",
                "Alla upplever sig välkomna i den offentliga miljön",
                TILLVAXT,
            ),
        ],
    ),
    (
        "Tidig upptäckt av barn och unga vuxna i riskmiljöer",
        [
            (
                "SSPE (skola, socialtjänst, polis, Eslövs Bostads AB)",
                "Ungdomar får en tryggad vardag och stöd till ett aktivt liv",
                RESURS,
            ),
            (
                "Sociala insatsgrupper",
                "Färre rekryteras till en kriminell livsstil; lättare att lämna den",
                RESURS,
            ),
            ("Socialsekreterare hos polisen", "Ingen ungdom faller mellan socialtjänst och polis", RESURS),
            (
                "Läger för nya sjundeklassare",
                "Ungdomar känner trygghet och tillhörighet",
                "Resursavdelningen och Grundskolan (Barn och Utbildning)",
            ),
        ],
    ),
    (
        "Våld i nära relationer",
        [
            (
                "Arbete mot hedersrelaterat våld och förtryck",
                "Fler utsatta barn uppmärksammas och får hjälp",
                RESURS,
            ),
            (
                "Stöd till barn som bevittnat våld",
                "Färre barn bevittnar våld i hemmet",
                "Socialtjänst över 18 år (Vård och Omsorg); Polisen",
            ),
        ],
    ),
    (
        "Våldsbejakande extremism",
        [
            (
                "Förhindra rekrytering till våldsbejakande extremism",
                "Färre unga ansluter sig till våldsbejakande grupper",
                "Skolan; Polisen",
            )
        ],
    ),
    (
        "Alkohol- och drogförebyggande arbete",
        [
            (
                "Samordnade ANDT-insatser (föräldrakampanj, ansvarsfull alkoholservering, "
                "krogar mot narkotika, tillsyn, dopningsfri träning)",
                "Insatserna samordnas effektivt och upprätthålls för nya generationer",
                "Socialtjänst över 18 år (Vård och Omsorg)",
            )
        ],
    ),
]


def seed_demo_agreement(session: Session) -> Agreement | None:
    """Demo hook for `flask seed-demo`: the 2021–2022 agreement with two versions (needs the coordinator)."""
    coordinator = session.scalar(select(User).where(User.is_demo, User.role == Role.COORDINATOR))
    if coordinator is None:
        return None
    agreement = Agreement(
        title=TITLE,
        parties=PARTIES,
        starts_on=date(2021, 5, 1),
        ends_on=date(2022, 12, 31),
        signed_on=date(2021, 6, 18),
        forums=FORUMS,
        follow_up_by=FOLLOW_UP_BY,
    )
    for order, (name, activities) in enumerate(FOCUS_AREAS):
        area = FocusArea(name=name, sort_order=order)
        area.activities = [AgreementActivity(name=a, effect_goal=g, responsible=r) for a, g, r in activities]
        agreement.focus_areas.append(area)
    agreement.versions = [
        AgreementVersion(
            number=1,
            decided_on=date(2021, 6, 18),
            decided_by="Kommunstyrelsen och lokalpolisområdeschefen",
            changes="Överenskommelsen tecknas.",
            recorded_by=coordinator,
        ),
        AgreementVersion(
            number=2,
            decided_on=date(2022, 3, 2),
            decided_by="Kommunstyrelsen och lokalpolisområdeschefen (demo)",
            changes=(
                "Årlig uppföljning: alkohol- och drogförebyggande arbete läggs till som samverkansområde."
            ),
            recorded_by=coordinator,
        ),
    ]
    session.add(agreement)
    session.flush()
    return agreement

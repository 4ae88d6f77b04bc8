"""Demo promises (this year's and last year's) and made-up safety-survey values for Eslöv's areas.

The promises resemble Eslöv's real medborgarlöften; the survey values are invented and say so in their
source, so nobody mistakes them for the police's published figures.
"""

import random
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from lagesbild import periods
from lagesbild.models import Area, Category, Organisation, Promise, SurveyValue

DEMO_SOURCE = "Demo – inte verkliga värden"
POLICE = "Polisen LPO Eslöv"
MUNICIPALITY = "Eslövs kommun, trygghetssamordning"

# (text, counted subcategories, target, area or None, responsible organisations)
PROMISES = [
    (
        "Minst fyra trygghetsvandringar under året",
        ["AKT.TRYGGHETSVANDRING"],
        4,
        None,
        [MUNICIPALITY, POLICE, "Eslövs Bostads AB (ebo)"],
    ),
    (
        "Riktade trafikinsatser i Berga och på landsbygden",
        ["AKT.TRAFIKINSATS"],
        8,
        None,
        [POLICE, "Eslövs kommun, gata/park"],
    ),
    (
        "Synlig polis och väktare i centrum",
        ["AKT.PATRULL"],
        30,
        "Eslövs centrum",
        [POLICE, "Bevakningsbolaget Syd (demo)", "Stadskärneföreningen"],
    ),
    ("Medborgardialoger", ["AKT.MEDBORGARDIALOG"], 3, None, [POLICE, MUNICIPALITY]),
]

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


def seed_demo_promises(session: Session) -> None:
    """Demo hook for `flask seed-demo`: promises for this year and last year, survey values."""
    today = periods.today_local()
    organisations = {o.name: o for o in session.scalars(select(Organisation))}
    categories = {c.code: c for c in session.scalars(select(Category).where(Category.is_activity))}
    areas = {a.name: a for a in session.scalars(select(Area))}
    for year in (today.year - 1, today.year):
        for text, codes, target, area, responsible in PROMISES:
            session.add(
                Promise(
                    year=year,
                    text=text,
                    target=target,
                    area=areas.get(area) if area else None,
                    organisations=[organisations[name] for name in responsible if name in organisations],
                    categories=[categories[code] for code in codes if code in categories],
                    is_active=True,
                )
            )
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
    session.flush()

"""Demo analysis and åtgärdsplan for this year: two prioritised problems from the demo's own Underlag
ranking, with causes, and three measures against them — so the demo goes from the problembild through
the analysis to a plan that downloads as DOCX."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from lagesbild import periods
from lagesbild.analysis.content import Content, Problem
from lagesbild.analysis.operations import save_draft
from lagesbild.analysis.queries import underlag
from lagesbild.models import Horizon, MeasureKind, Organisation, Promise, Role, User

from .operations import MeasureFields, add_measure

SECTIONS = {
    "kartlaggning": "Skadegörelse och ordningsstörningar dominerar; klotter ökar i Berga under våren.",
    "annan_information": "Trygghetsmätningen visar störst oro i Berga och centrum kvällstid (demovärden).",
    "utelamnat": "Bostadsinbrott lämnas åt polisens eget arbete; gruppen ser dem sällan.",
    "konsekvenser": "Boende undviker gångstråk och torg kvällstid; butiker i centrum drabbas.",
}
CAUSES = (
    ("Mörka passager och dålig insyn", "Boende och fastighetsägare", "Grupper av unga kvällstid"),
    ("Samlingsplatser utan vuxna", "Förbipasserande och butikspersonal", "Berusade vuxna sena helgkvällar"),
)
MEASURES = (
    (
        "Bättre belysning och röjning i gångstråken",
        "Eslövs kommun, gata/park",
        Horizon.SHORT,
        MeasureKind.SITUATIONAL,
    ),
    ("Fältsekreterare ute fredagskvällar", "Fältsekreterarna", Horizon.LONG, MeasureKind.SOCIAL),
    ("Fotpatrull vid torget helgkvällar", "Polisen LPO Eslöv", Horizon.SHORT, MeasureKind.SITUATIONAL),
)


def seed_demo_plan(session: Session) -> None:
    """Demo hook for `flask seed-demo` (after the promises): this year's analysis and measures."""
    coordinator = session.scalar(select(User).where(User.is_demo, User.role == Role.COORDINATOR))
    organisations = {o.name: o for o in session.scalars(select(Organisation))}
    if coordinator is None:
        return
    year = periods.today_local().year
    ranked = underlag(session, year)[:2]
    problems = tuple(
        Problem(i, r.category, r.area, r.n, r.change, "Flest iakttagelser i underlaget.", *CAUSES[i - 1])
        for i, r in enumerate(ranked, start=1)
    )
    save_draft(session, year, Content(dict(SECTIONS), problems), coordinator)
    promise = session.scalar(select(Promise).where(Promise.year == year).order_by(Promise.id).limit(1))
    for index, (what, organisation, horizon, kind) in enumerate(MEASURES):
        if organisation not in organisations:
            continue
        add_measure(
            session,
            MeasureFields(
                year=year,
                what=what,
                organisation_id=organisations[organisation].id,
                horizon=horizon,
                kind=kind,
                problem=problems[index % len(problems)].label if problems else "",
                effect_goal="Färre iakttagelser och tryggare kvällar",
                indicator="Antal iakttagelser i området jämfört med förra året",
                follow_up_on=date(year, 12, 15),
                promise_id=promise.id if promise and index == 2 else None,
            ),
            coordinator,
        )

"""Demo follow-up of last year: Eslöv's eight promises (recorded for the demo's last year, promises/demo.py)
and two measures followed up with believable evaluations, so the demo shows the whole yearly cycle and
this year's problembild shows what last year's measures changed. One measure is left unevaluated after
its follow-up date, so the follow-up shows an overdue measure too."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from lagesbild import periods
from lagesbild.analysis.content import Content, Problem
from lagesbild.analysis.operations import save_draft
from lagesbild.analysis.queries import underlag
from lagesbild.models import (
    Horizon,
    MeasureKind,
    MeasureOutcome,
    Organisation,
    Promise,
    PromiseKind,
    Role,
    User,
)
from lagesbild.plan.operations import MeasureFields, add_measure
from lagesbild.promises.progress import promise_progress

from .operations import save_evaluation

REACHED = (
    "Målet nåddes: {done} av {target}. Insatserna lades där lägesbilden visade problem, och klagomålen "
    "minskade enligt kommunens kundtjänst. Löftet behålls nästa år med samma mål."
)
BEHIND = (
    "Målet nåddes inte: {done} av {target}. Planeringsdagar och sjukfrånvaro tog tid från insatserna under "
    "hösten. Nästa år planeras insatserna månad för månad och följs upp på varje möte."
)
PROCESS = (
    "Arbetet gick enligt plan med regelbundna lägesanteckningar. Samverkan i trygghetsgruppen höll ihop "
    "insatserna; nästa år behöver effekterna mätas tydligare, till exempel i trygghetsmätningen."
)
MILESTONE = (
    "Milstolpen nåddes: ansökan lämnades in och beslutet följs upp av kommunen. Erfarenheterna tas med när "
    "fler platser prövas."
)
MEASURES = (
    (
        "Röjning och ny belysning i gångstråken",
        "Eslövs kommun, gata/park",
        MeasureKind.SITUATIONAL,
        MeasureOutcome.ENLIGT_PLAN,
        "Belysningen byttes i april och buskagen röjdes i maj. Antalet iakttagelser i området minskade "
        "inte hela året, men boende beskrev stråken som tryggare kvällstid.",
    ),
    (
        "Fältsekreterare ute fredagskvällar",
        "Fältsekreterarna",
        MeasureKind.SOCIAL,
        None,  # not evaluated: overdue in the demo's follow-up
        "",
    ),
)


def seed_demo_followup(session: Session) -> None:
    """Demo hook for `flask seed-demo` (after the promises and the plan): last year's follow-up."""
    coordinator = session.scalar(select(User).where(User.is_demo, User.role == Role.COORDINATOR))
    if coordinator is None:
        return
    year = periods.today_local().year - 1
    organisations = {o.name: o for o in session.scalars(select(Organisation))}
    ranked = underlag(session, year)[:2]
    problems = tuple(
        Problem(i, r.category, r.area, r.n, r.change, "Flest iakttagelser i underlaget.")
        for i, r in enumerate(ranked, start=1)
    ) or (Problem(1, "Skadegörelse", "Berga", 0, 0, "Återkommande i gruppens lägesbilder."),)
    # (a short demo, `--weeks`, has no observations last year to rank: the demo's usual problem then)
    save_draft(
        session, year, Content({"kartlaggning": "Demo: förra årets analys i korthet."}, problems), coordinator
    )
    for index, (what, organisation, kind, outcome, text) in enumerate(MEASURES):
        if organisation not in organisations:
            continue
        measure = add_measure(
            session,
            MeasureFields(
                year=year,
                what=what,
                organisation_id=organisations[organisation].id,
                horizon=Horizon.SHORT,
                kind=kind,
                problem=problems[index % len(problems)].label if problems else "",
                effect_goal="Färre iakttagelser och tryggare kvällar",
                indicator="Antal iakttagelser i området jämfört med året före",
                follow_up_on=date(year, 11, 30),
            ),
            coordinator,
        )
        if outcome is not None:
            save_evaluation(session, measure, text, coordinator, outcome)
    promises = {p.id: p for p in session.scalars(select(Promise).where(Promise.year == year))}
    for progress in promise_progress(session, year, date(year, 12, 31)):
        if progress.kind is PromiseKind.COUNT:
            template = REACHED if progress.status == "uppnått" else BEHIND
        else:
            template = MILESTONE if progress.kind is PromiseKind.MILESTONE else PROCESS
        text = template.format(done=progress.done, target=progress.target)
        save_evaluation(session, promises[progress.promise_id], text, coordinator)

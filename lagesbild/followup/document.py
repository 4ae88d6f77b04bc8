"""The year's follow-up as one document: per promise (count: done against target; milestone: done or not,
with date and reference; process: the status notes and the evidence, "enligt plan" or not) and per measure
(carried out as planned or not, the indicator before and after at its place, overdue if its follow-up date
has passed without an evaluation), each with the coordinator's written evaluation. Screen, printable HTML
and DOCX all render this one object, so they show the same numbers.

The public variant (for the styrgrupp, outside the group) counts public observations only, in the promises
(as the public problembild does) and in the indicators, and shows a count of 1 … min_count-1 as "<3".
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from lagesbild import formats
from lagesbild.models import Measure, PromiseKind
from lagesbild.plan.document import DocSection, DocTable, measures
from lagesbild.promises.progress import promise_progress

from . import queries

TITLES = ("Medborgarlöften", "Åtgärder", "Försenade uppföljningar")
NO_EVALUATION = "Ingen utvärdering skriven ännu."
# A process promise by its latest status note: "enligt plan" or not (none yet: not followed up).
PROCESS_OUTCOME = {"enligt plan": "Enligt plan", "uppnått": "Genomfört", "avviker": "Inte enligt plan"}


@dataclass
class FollowUpDocument:
    year: int
    public: bool
    as_of: date
    sections: list[DocSection]
    overdue: list[int]  # ids of the measures whose follow-up is overdue

    @property
    def title(self) -> str:
        return f"Uppföljning {self.year}" + (" (offentlig version)" if self.public else "")


def _number(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:g}".replace(".", ",").replace("-", "−")


def shown(count: int, public: bool, min_count: int) -> str:
    """A count as published: small ones hidden in the public variant."""
    return f"<{min_count}" if public and 0 < count < min_count else str(count)


def change(before: int, after: int, public: bool, min_count: int) -> str:
    if public and (0 < before < min_count or 0 < after < min_count):
        return ".."  # a difference would tell a hidden small count
    difference = after - before
    return f"+{difference}" if difference > 0 else str(difference).replace("-", "−")


def is_overdue(measure: Measure, evaluated: bool, as_of: date) -> bool:
    """The follow-up date has passed and nobody has evaluated the measure."""
    return measure.follow_up_on < as_of and not evaluated


def build_followup(
    session: Session, year: int, as_of: date, public: bool = False, min_count: int = 3
) -> FollowUpDocument:
    period = queries.year_period(year, as_of)
    before = queries.year_before(period)
    end = period[1]
    by_promise, by_measure = queries.evaluations(session, year)

    promise_section = DocSection(1, TITLES[0])
    progress = promise_progress(session, year, end, public=public)
    processes = queries.process_promises(session, year)
    rows = []
    for number, p in enumerate(progress, start=1):
        if p.kind is PromiseKind.COUNT:
            outcome = f"{p.done} av {p.target or 0}"
        elif p.kind is PromiseKind.MILESTONE:
            outcome = (
                f"Genomfört {formats.datum(p.milestone_done_on)}"
                + (f" ({p.milestone_reference})" if p.milestone_reference else "")
                if p.status == "uppnått"
                else "Inte genomfört"
            )
        else:
            outcome = PROCESS_OUTCOME.get(p.status, "Inte uppföljt")
        rows.append([f"{number}. {p.text}", p.kind.label.split(" (")[0], outcome, p.status_label])
    promise_section.tables.append(
        DocTable(f"Medborgarlöften {year}", ["Medborgarlöfte", "Slag", "Utfall", "Status"], rows)
    )
    if not progress:
        promise_section.paragraphs.append(("", f"Inga medborgarlöften är registrerade för {year}."))
    for number, p in enumerate(progress, start=1):
        promise_section.paragraphs.append(
            (f"{number}. {p.text}", f"{rows[number - 1][2]} – {p.status_label}.")
        )
        if p.kind is PromiseKind.PROCESS and p.promise_id in processes:
            promise = processes[p.promise_id]
            for note in sorted(promise.notes, key=lambda n: (n.noted_on, n.id)):
                if note.noted_on <= end:
                    promise_section.paragraphs.append(
                        ("", f"{formats.datum(note.noted_on)} – {note.state.label}: {note.text}")
                    )
            held = queries.meetings_held(session, p.window or period, end)
            evidence = [f"{held} möten hållna i gruppen under löftets period"]
            if p.categories:
                evidence.append(f"{p.done} rapporterade aktiviteter")
            if promise.actions:
                evidence.append(f"{len(promise.actions)} kopplade åtgärder från mötena")
            promise_section.paragraphs.append(("", "Underlag: " + ", ".join(evidence) + "."))
        evaluation = by_promise.get(p.promise_id)
        promise_section.paragraphs.append(
            ("", "Utvärdering: " + (evaluation.text if evaluation else NO_EVALUATION))
        )

    planned = measures(session, year)
    found = queries.problems(session, year)
    measure_section = DocSection(2, TITLES[1])
    overview, indicators, overdue = [], [], []
    for m in planned:
        evaluation = by_measure.get(m.id)
        late = is_overdue(m, evaluation is not None, as_of)
        if late:
            overdue.append(m)
        state = "Försenad" if late else ("Utvärderad" if evaluation else "Inte dags ännu")
        overview.append(
            [
                m.what,
                m.organisation.name,
                formats.datum(m.follow_up_on),
                evaluation.outcome.label if evaluation and evaluation.outcome else "Inte bedömd",
                state,
            ]
        )
        problem = found.get(m.problem)
        if problem is None:
            continue
        n_before, n_after = queries.observation_counts(session, problem, before, period, public)
        indicators.append(
            [
                m.what,
                problem.area,
                f"Iakttagelser: {problem.category}",
                shown(n_before, public, min_count),
                shown(n_after, public, min_count),
                change(n_before, n_after, public, min_count),
            ]
        )
        for value in queries.published_values(session, problem.area, year):
            difference = (
                _number(round(value.after - value.before, 2))
                if value.before is not None and value.after is not None
                else "–"
            )
            indicators.append(
                [
                    m.what,
                    problem.area,
                    f"{value.kind}: {value.indicator}",
                    _number(value.before),
                    _number(value.after),
                    difference,
                ]
            )
    measure_section.tables.append(
        DocTable(
            f"Åtgärder {year}",
            ["Åtgärd", "Ansvarig", "Följs upp", "Genomförd", "Uppföljning"],
            overview,
        )
    )
    measure_section.tables.append(
        DocTable(
            f"Indikatorn före och efter ({formats.datum(before[0])}–{formats.datum(before[1])} "
            f"och {formats.datum(period[0])}–{formats.datum(period[1])})",
            ["Åtgärd", "Område", "Mått", "Före", "Efter", "Förändring"],
            indicators,
        )
    )
    if not planned:
        measure_section.paragraphs.append(("", f"Inga åtgärder är beslutade för {year}."))
    for m in planned:
        evaluation = by_measure.get(m.id)
        measure_section.paragraphs.append(
            (m.what, "Utvärdering: " + (evaluation.text if evaluation else NO_EVALUATION))
        )

    overdue_section = DocSection(3, TITLES[2])
    overdue_section.paragraphs.extend(
        ("", f"{m.what} (skulle följas upp {formats.datum(m.follow_up_on)}, {m.organisation.name})")
        for m in overdue
    )
    if not overdue:
        overdue_section.paragraphs.append(
            ("", "Inga åtgärder har passerat sitt uppföljningsdatum utan utvärdering.")
        )
    return FollowUpDocument(
        year, public, end, [promise_section, measure_section, overdue_section], [m.id for m in overdue]
    )

"""The åtgärdsplan as one document in the order of lag 2023:196: kartläggning, analys, prioriterade
problem, åtgärder, uppföljning. Screen, printable HTML and DOCX all render this one object, so they show
the same numbers.

The kartläggning's and the follow-up's numbers are the problembild's tables for the year (Europe/Stockholm
dates, 1 January to the year's end or today): in the public variant they are the public problembild's,
with the same suppression ("<3", ".."); the prioritised problems' counts (taken from the internal
ranking) are left out there.
"""

from dataclasses import dataclass, field
from datetime import date
from numbers import Number

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from lagesbild import formats
from lagesbild.analysis.content import SECTIONS, from_json
from lagesbild.models import AnalysisDraft, Measure

TITLES = ("Kartläggning", "Analys", "Prioriterade problem", "Åtgärder", "Uppföljning")
MEASURE_COLUMNS = [
    "Åtgärd",
    "Ansvarig",
    "Sikt",
    "Slag",
    "Problem",
    "Effektmål",
    "Indikator",
    "Följs upp",
    "Medborgarlöfte",
    "Aktivitet i överenskommelsen",
]


@dataclass
class DocTable:
    caption: str
    columns: list[str]
    rows: list[list[str]]


@dataclass
class DocSection:
    number: int
    title: str
    paragraphs: list[tuple[str, str]] = field(default_factory=list)  # (subheading or "", text)
    tables: list[DocTable] = field(default_factory=list)


@dataclass
class PlanDocument:
    year: int
    public: bool
    as_of: date
    sections: list[DocSection]

    @property
    def title(self) -> str:
        return f"Åtgärdsplan {self.year}" + (" (offentlig version)" if self.public else "")


def _cell(value) -> str:
    # Read by people (screen, print, DOCX): numbers and dates in Swedish, like every page.
    if value is None:
        return ""
    if isinstance(value, date):
        return formats.datum(value)
    if isinstance(value, Number) and not isinstance(value, bool):
        return formats.tal(value)
    return str(value)


def _table(table, columns: list[str] | None = None) -> DocTable:
    frame = table.frame[columns] if columns else table.frame
    return DocTable(table.title, list(frame.columns), [[_cell(v) for v in row] for row in frame.to_numpy()])


def measures(session: Session, year: int) -> list[Measure]:
    return list(
        session.scalars(
            select(Measure)
            .where(Measure.year == year, Measure.is_active.is_(True))
            .options(
                selectinload(Measure.organisation),
                selectinload(Measure.promise),
                selectinload(Measure.activity),
            )
            .order_by(Measure.follow_up_on, Measure.id)
        )
    )


def measure_row(measure: Measure) -> list[str]:
    return [
        measure.what,
        measure.organisation.name,
        measure.horizon.label,
        measure.kind.label,
        measure.problem or "–",
        measure.effect_goal,
        measure.indicator,
        formats.datum(measure.follow_up_on),
        measure.promise.text if measure.promise else "–",
        measure.activity.name if measure.activity else "–",
    ]


def build_plan(
    session: Session, year: int, as_of: date, public: bool = False, min_count: int = 3
) -> PlanDocument:
    """Assemble the year's plan on `as_of` (the problembild's tables up to then)."""
    start, end = date(year, 1, 1), min(date(year, 12, 31), max(as_of, date(year, 1, 1)))
    # pandas: loaded when a plan is built. The internal plan reads only the two tables it shows; the
    # public one needs the whole report, whose suppression spans every table (public.py).
    # Both are kept while no figure they read changes (lagesbild/report_cache.py): the promise follow-up
    # and the public report read every counted observation of the year.
    from lagesbild.problembild.report import build_report, plan_report_tables
    from lagesbild.report_cache import cached

    if public:
        key = ("report", start, end, True, min_count)
        tables = cached(session, key, lambda: build_report(session, start, end, True, min_count)).tables
    else:
        key = ("plan", start, end, min_count)
        tables = cached(session, key, lambda: plan_report_tables(session, start, end, min_count=min_count))
    draft = session.scalar(
        select(AnalysisDraft).where(AnalysisDraft.year == year).order_by(AnalysisDraft.number.desc()).limit(1)
    )
    content = from_json(draft.content) if draft else None

    mapping = DocSection(1, TITLES[0])
    span = f"{formats.datum(start)} – {formats.datum(end)}"
    mapping.paragraphs.append(("", f"Gruppens iakttagelser {span}, jämfört med perioden före."))
    mapping.tables.append(
        _table(tables["kategorier"], ["Kategori", "Antal", "Föregående period", "Förändring"])
    )

    analysis = DocSection(2, TITLES[1])
    for key, label in SECTIONS:
        text = content.sections.get(key, "") if content else ""
        analysis.paragraphs.append((label, text or "Inget skrivet."))

    prioritised = DocSection(3, TITLES[2])
    for problem in content.problems if content else ():
        counted = formats.antal(problem.n, "iakttagelse", "iakttagelser")
        figures = "" if public else f" ({counted} när problemet valdes)"
        prioritised.paragraphs.append((f"{problem.rank}. {problem.label}{figures}", problem.reasoning or "–"))
        for label, text in (
            ("Orsaker – platsen", problem.place),
            ("Orsaker – de utsatta", problem.victims),
            ("Orsaker – gärningspersonerna", problem.offenders),
        ):
            prioritised.paragraphs.append((label, text or "–"))
    if not prioritised.paragraphs:
        prioritised.paragraphs.append(("", "Inga problem är prioriterade ännu."))

    planned = measures(session, year)
    actions = DocSection(4, TITLES[3])
    actions.tables.append(DocTable(f"Åtgärder {year}", MEASURE_COLUMNS, [measure_row(m) for m in planned]))
    if not planned:
        actions.paragraphs.append(("", "Inga åtgärder är beslutade ännu."))

    follow_up = DocSection(5, TITLES[4])
    follow_up.paragraphs.append(
        (
            "",
            "Medborgarlöftena följs upp med gruppens aktivitetsrapporter; "
            "varje åtgärd följs upp på sitt datum.",
        )
    )
    follow_up.tables.append(_table(tables["medborgarloften"]))
    follow_up.tables.append(
        DocTable(
            "Uppföljning av åtgärderna",
            ["Åtgärd", "Indikator", "Följs upp"],
            [[m.what, m.indicator, formats.datum(m.follow_up_on)] for m in planned],
        )
    )
    return PlanDocument(year, public, end, [mapping, analysis, prioritised, actions, follow_up])

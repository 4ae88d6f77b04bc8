"""The survey page's table: published values per area and year beside our own counts."""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lagesbild.inputs import ascii_int
from lagesbild.models import Area, PublishedKind, SurveyValue
from lagesbild.text import swedish_key

from .queries import observation_counts_by_area
from .survey import survey_values
from .survey_import import WHOLE_MUNICIPALITY

MAX_SPAN = 15


def survey_years(args, this_year: int) -> tuple[int, int]:
    """The years asked for (?fran=&till=), three years up to this one by default, at most 15 years."""
    year_to = ascii_int(args.get("till")) or this_year
    year_from = ascii_int(args.get("fran")) or year_to - 2
    year_from, year_to = sorted((max(1990, min(year_from, 2100)), max(1990, min(year_to, 2100))))
    return max(year_from, year_to - MAX_SPAN + 1), year_to


def format_value(value: float) -> str:
    """A published value as published, with a Swedish decimal comma (72.5 → "72,5")."""
    return f"{value:g}".replace(".", ",").replace("-", "−")


@dataclass(frozen=True)
class SurveyRowView:
    area: str
    year: int
    values: list[str | None]  # one per indicator, None when not measured
    problems: int | None  # None: a whole town, which our areas do not add up to
    activities: int | None


def survey_page_context(
    session: Session, year_from: int, year_to: int, kind: PublishedKind = PublishedKind.SURVEY
) -> dict:
    frame = survey_values(session, year_from, year_to, kind)
    known = set(session.scalars(select(Area.name))) | {WHOLE_MUNICIPALITY}
    counts = observation_counts_by_area(session, year_from, year_to)
    indicators = sorted(set(frame["indicator"]), key=swedish_key)
    values = {
        (row.area, row.year, row.indicator): format_value(row.value) for row in frame.itertuples(index=False)
    }
    years = list(range(year_from, year_to + 1))
    for year in years:  # the whole municipality is every area
        cells = [cell for (_, y), cell in counts.items() if y == year]
        counts[(WHOLE_MUNICIPALITY, year)] = {
            "problems": sum(cell["problems"] for cell in cells),
            "activities": sum(cell["activities"] for cell in cells),
        }
    surveyed = sorted(set(frame["area"]), key=swedish_key)
    whole = {WHOLE_MUNICIPALITY}
    # Areas the survey covers get the full comparison; the others only our counts, in a small table.
    groups = [
        (
            area,
            [
                SurveyRowView(
                    area=area,
                    year=year,
                    values=[values.get((area, year, indicator)) for indicator in indicators],
                    problems=counts.get((area, year), {}).get("problems", 0 if area in known else None),
                    activities=counts.get((area, year), {}).get("activities", 0 if area in known else None),
                )
                for year in years
            ],
        )
        for area in surveyed
    ]
    others = [
        (area, [counts.get((area, year), {}).get("problems", 0) for year in years])
        for area in sorted({area for area, _ in counts} - set(surveyed) - whole, key=swedish_key)
    ]
    sources: dict[tuple[str, object], set[int]] = {}
    for row in frame.itertuples(index=False):
        sources.setdefault((row.source, row.published), set()).add(row.year)
    first_year = (
        session.scalar(select(func.min(SurveyValue.year)).where(SurveyValue.kind == kind)) or year_to - 2
    )
    return {
        "year_from": year_from,
        "year_to": year_to,
        "year_options": list(range(min(first_year, year_from, year_to - 10), max(year_to, first_year) + 1)),
        "indicators": indicators,
        "years": years,
        "groups": groups,
        "others": others,
        "sources": [
            {"source": source, "published": published, "years": sorted(years_)}
            for (source, published), years_ in sorted(
                sources.items(), key=lambda item: swedish_key(item[0][0])
            )
        ],
        "has_values": not frame.empty,
    }

"""Reading the published values (the trygghetsmätning's, the police's statistics). Shown as published,
never recomputed."""

from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lagesbild.models import Area, PublishedKind, SurveyValue
from lagesbild.text import swedish_key

if TYPE_CHECKING:  # pandas is imported by the call, not when the app starts
    import pandas as pd

SURVEY_COLUMNS = ["year", "area", "indicator", "value", "source", "published"]


def survey_values(
    session: Session, year_from: int, year_to: int, kind: PublishedKind = PublishedKind.SURVEY
) -> "pd.DataFrame":
    """Return the values of the years `year_from`–`year_to` (inclusive), one row per value.

    Columns: year, area, indicator, value, source, published (a date or None); sorted by area in
    Swedish order, then indicator, then year.
    """
    rows = session.execute(
        select(
            SurveyValue.year,
            # A whole municipality's or town's value has its own name instead of an area.
            func.coalesce(Area.name, SurveyValue.scope_name),
            SurveyValue.indicator,
            SurveyValue.value,
            SurveyValue.source,
            SurveyValue.published,
        )
        .outerjoin(Area, Area.id == SurveyValue.area_id)
        .where(SurveyValue.year.between(year_from, year_to), SurveyValue.kind == kind)
    ).all()
    rows = sorted(rows, key=lambda row: (swedish_key(row[1]), swedish_key(row[2]), row[0]))
    import pandas as pd

    frame = pd.DataFrame([tuple(row) for row in rows], columns=SURVEY_COLUMNS)
    return frame.astype({"year": "int64", "value": "float64"}) if len(frame) else frame

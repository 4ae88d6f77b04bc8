"""Everything the week page and presentation mode show, gathered in a constant number of queries."""

from dataclasses import dataclass

from flask import current_app
from sqlalchemy.orm import Session

from lagesbild import periods
from lagesbild.maps import MapParts
from lagesbild.models import Action, Meeting, Organisation, User

from . import queries
from .aggregate import WeekFigures, build_figures
from .mapping import build_week_map
from .queries import Reference, WeekFilters


@dataclass
class WeekPage:
    period: periods.MeetingPeriod
    filters: WeekFilters
    ref: Reference
    figures: WeekFigures
    map_parts: MapParts
    points: list  # newest visible observations in the period (map cap)
    list_points: list  # the part of `points` listed below the map
    late: list
    late_total: int
    visible_total: int  # capped at the map cap + 1 to tell when the list is capped
    silent: list[Organisation]
    actions: list[Action]
    meeting: Meeting | None

    @property
    def capped(self) -> bool:
        return len(self.points) > len(self.list_points)

    @property
    def hidden_count(self) -> int:
        """Observations counted in the figures whose details the viewer may not see."""
        return max(self.figures.total - len(self.points), 0) if len(self.points) < queries.MAP_POINTS else 0


def meeting_weekday() -> int:
    return current_app.config["MEETING_WEEKDAY"]


def current_period() -> periods.MeetingPeriod:
    return periods.period_containing(periods.today_local(), meeting_weekday())


def period_from_slug(slug: str) -> periods.MeetingPeriod | None:
    parsed = periods.parse_week_slug(slug)
    if parsed is None or slug != periods.week_slug(*parsed):
        return None
    return periods.period_for_week(*parsed, meeting_weekday())


def build(
    session: Session, period: periods.MeetingPeriod, filters: WeekFilters, user: User, ref: Reference
) -> WeekPage:
    counts = queries.cell_counts(session, period, filters, ref.top_of)
    current, previous, last_year = counts[0], counts[1:-1], counts[-1]
    figures = build_figures(current, previous, last_year, ref.area_names, ref.category_names)
    points = queries.period_points(session, period, user, filters)
    late = queries.late_points(session, period, user, filters)
    return WeekPage(
        period=period,
        filters=filters,
        ref=ref,
        figures=figures,
        map_parts=build_week_map(figures, ref, points, late),
        points=points,
        list_points=points[: queries.LIST_POINTS],
        late=late,
        late_total=queries.late_count(session, period, filters),
        visible_total=len(points),
        silent=queries.silent_organisations(session, period),
        actions=queries.open_actions(session),
        meeting=queries.meeting_for(session, period),
    )

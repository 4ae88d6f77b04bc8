"""Everything the week page and presentation mode show, gathered in a constant number of queries."""

from dataclasses import dataclass

from flask import current_app
from sqlalchemy.orm import Session

from lagesbild import periods, report_cache
from lagesbild.meeting_day import meeting_weekday
from lagesbild.models import Action, Meeting, Organisation, User
from lagesbild.observations.visibility import visibility_key

from . import meeting_queries, queries
from .aggregate import WeekFigures, build_figures
from .mapping import map_document
from .queries import Reference, WeekFilters
from .snapshot import period_of


@dataclass
class WeekPage:
    period: periods.MeetingPeriod
    filters: WeekFilters
    ref: Reference
    figures: WeekFigures
    list_points: list  # the newest visible observations of the period (LIST_POINTS)
    more_points: bool  # there are more than the list shows
    late_total: int
    silent: list[Organisation]
    actions: list[Action]
    meeting: Meeting | None


def current_period() -> periods.MeetingPeriod:
    return periods.period_containing(periods.today_local(), meeting_weekday())


def period_from_slug(slug: str, session: Session | None = None) -> periods.MeetingPeriod | None:
    """The period of a week slug; with a session, its late reports start at an early previous close.

    With a session, a week whose meeting was opened keeps the days stored on that meeting: changing the
    meeting weekday moves the weeks to come, never a meeting already held (lagesbild/meeting_day.py)."""
    parsed = periods.parse_week_slug(slug)
    if parsed is None or slug != periods.week_slug(*parsed):
        return None
    period = periods.period_for_week(*parsed, meeting_weekday())
    if session is None:
        return period
    held = meeting_queries.meeting_for(session, period)
    if held is not None:
        period = period_of(held, period.weekday)
    return meeting_queries.with_late_window(session, period)


def build(
    session: Session, period: periods.MeetingPeriod, filters: WeekFilters, user: User | None, ref: Reference
) -> WeekPage:
    """The week page from grouped counts and short capped lists; the map's points load separately.

    `user` None builds the group view for presentation mode: its lists hold only what every member may
    see, whoever is signed in, because the meeting room sees the screen."""
    figures = _figures(session, period, filters, ref)
    late_total = queries.late_count(session, period, filters)
    points = queries.period_points(session, period, user, filters, limit=queries.LIST_POINTS + 1)
    return WeekPage(
        period=period,
        filters=filters,
        ref=ref,
        figures=figures,
        list_points=points[: queries.LIST_POINTS],
        more_points=len(points) > queries.LIST_POINTS,
        late_total=late_total,
        silent=queries.silent_organisations(session, period),
        actions=meeting_queries.open_actions(session),
        meeting=meeting_queries.meeting_for(session, period),
    )


# The week page and its karta.json, fetched right after it, show the same figures: built once and
# kept while no report table is written (report_cache.py: a write anywhere changes the key), in entries
# of their own so a meeting's filters never push the year's problembild out.
_FIGURES = report_cache.new_store()
FIGURES_KEPT = 32


def _figures(
    session: Session, period: periods.MeetingPeriod, filters: WeekFilters, ref: Reference
) -> WeekFigures:
    """The week's figures (aggregate.build_figures), built or as built for the same arguments.

    Kept figures are shared between requests: read them, never change them."""
    area_names, category_names = ref.area_names, ref.category_names

    def build() -> WeekFigures:
        counts = queries.cell_counts(session, period, filters, ref.top_of)
        current, previous, last_year = counts[0], counts[1:-1], counts[-1]
        return build_figures(current, previous, last_year, area_names, category_names)

    # Everything the figures are built from that the data version may not cover: the names as this
    # request read them (on PostgreSQL a write can commit between that read and the version's), the
    # category tree and the meeting weekday (group_settings, which decides whether the roll-up answers).
    key = (
        "week_figures",
        period,
        filters,
        meeting_weekday(session),
        tuple(area_names.items()),
        tuple(category_names.items()),
        tuple(ref.top_of.items()),
    )
    return report_cache.cached(session, key, build, entries=_FIGURES, size=FIGURES_KEPT)


def map_data(
    session: Session, period: periods.MeetingPeriod, filters: WeekFilters, user: User | None, ref: Reference
) -> dict:
    """The map's JSON document (mapping.py): the week's figures and the points `user` may see.

    `user` None is the group view, as in build()."""
    points = queries.map_points(session, period, user, filters)
    late = queries.map_late_points(session, period, user, filters)
    return map_document(
        _figures(session, period, filters, ref), ref, points, late, _heat(session, period, filters, user)
    )


# The heat grid counts every observation of the period the viewer may see: unlike the capped points, its
# cost grows with the week (≈ 3 800 rows read from the table at 1M skewed, 10 ms on SQLite). Kept like
# the figures, per visibility (everyone who sees the same rows gets the same grid).
_HEAT = report_cache.new_store()
HEAT_KEPT = 64


def _heat(session: Session, period: periods.MeetingPeriod, filters: WeekFilters, user: User | None) -> list:
    """queries.heat_cells() for the map, built or as built for the same period, filters and visibility."""
    centre_lat = current_app.config["MAP_CENTER"][0]
    key = ("week_heat", period, filters, visibility_key(user), centre_lat)
    return report_cache.cached(
        session,
        key,
        lambda: queries.heat_cells(session, period, user, filters, centre_lat),
        entries=_HEAT,
        size=HEAT_KEPT,
    )

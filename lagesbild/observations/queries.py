"""Reads for the observation pages: reference choices, a member's own list, the group's list."""

from dataclasses import dataclass

from sqlalchemy import bindparam, func, select, union_all
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from lagesbild import report_cache
from lagesbild.models import (
    Area,
    Category,
    Observation,
    ObservationStatus,
    OrganisationKind,
    Place,
    User,
    organisation_category,
)
from lagesbild.paging import Page, clamp, paginate
from lagesbild.periods import MeetingPeriod, period_containing, today_local
from lagesbild.text import swedish_key

from .validation import Context
from .visibility import details_visible_clause


def active_places(session: Session, areas: list[Area] | None = None) -> list[Place]:
    """Active places in Swedish order, each with its area loaded.

    Given the active `areas` already read, a place's area is taken from them rather than joined in
    again (the join cost more than the rest of the read); a place in an area that is no longer active
    loads its area when it is first read.
    """
    statement = select(Place).where(Place.is_active.is_(True))
    places = session.scalars(statement if areas else statement.options(joinedload(Place.area))).all()
    if areas:
        by_id = {area.id: area for area in areas}
        for place in places:
            if place.area_id in by_id:
                set_committed_value(place, "area", by_id[place.area_id])
    return sorted(places, key=lambda place: swedish_key(place.name))


# How many of a member's newest rows (per status) the form's recent places are chosen from: a member's
# usual places are among the last few hundred reports, and the window keeps the query from reading every
# row of someone who has reported 200 000 (issue #12).
RECENT_ROWS = 300


def _recent_place_ids_statement():
    """Built once per process: building it (three windows, their union, its columns) cost more than
    running it, on every form page."""
    windows = [
        select(Observation.place_id, Observation.created_at)
        .where(
            Observation.author_id == bindparam("author_id"),
            Observation.status == status,
            Observation.place_id.is_not(None),
        )
        .order_by(Observation.occurred_on.desc())
        .limit(bindparam("window"))
        .subquery()
        for status in ObservationStatus
    ]
    newest = union_all(*(select(w.c.place_id, w.c.created_at) for w in windows)).subquery()
    return (
        select(newest.c.place_id)
        .group_by(newest.c.place_id)
        .order_by(func.max(newest.c.created_at).desc())
        .limit(bindparam("limit"))
    )


_RECENT_PLACE_IDS = _recent_place_ids_statement()


def recent_place_ids(session: Session, user: User, limit: int = 5) -> list[int]:
    """The named places of the user's newest observations, newest first (offered first on the form).

    Chosen from the user's RECENT_ROWS latest-dated rows with a place of each status (active and
    withdrawn, as before), each a backwards walk of ix_observation_author that stops there, so a member
    with fewer rows than that gets exactly the places of all of them."""
    values = {"author_id": user.id, "window": RECENT_ROWS, "limit": limit}
    return list(session.scalars(_RECENT_PLACE_IDS, values))


# Only the ids: the relationship's lazy load read whole Category rows on every post-form request
# (~0.7 ms of a refused post) to take their ids.
_USUAL_CATEGORY_IDS = select(organisation_category.c.category_id).where(
    organisation_category.c.organisation_id == bindparam("organisation_id")
)


def usual_category_ids(session: Session, organisation_id: int) -> set[int]:
    """The ids of Organisation.usual_categories (its members' category list shows them first)."""
    return set(session.scalars(_USUAL_CATEGORY_IDS, {"organisation_id": organisation_id}))


def active_areas(session: Session) -> list[Area]:
    return list(session.scalars(select(Area).where(Area.is_active.is_(True)).order_by(Area.sort_order)))


def category_tree(session: Session) -> list[tuple[Category, list[Category]]]:
    """Active top categories with their active subcategories, in the taxonomy's order."""
    categories = session.scalars(
        select(Category).where(Category.is_active.is_(True)).order_by(Category.sort_order, Category.code)
    ).all()
    subs: dict[int, list[Category]] = {}
    for category in categories:
        if category.parent_id is not None:
            subs.setdefault(category.parent_id, []).append(category)
    tree = [(c, subs.get(c.id, [])) for c in categories if c.parent_id is None]
    for top, children in tree:
        for sub in children:
            # The parent is right here: `full_name` (the form's lookup, the lists) reads it without a
            # lazy load per subcategory (about fifty a request on the observation form).
            set_committed_value(sub, "parent", top)
    return tree


# The reference rows a post, an import row or the post form needs, read as plain values rather than
# ORM objects: building ~130 objects (identity map, instance state) was most of what the three reads
# cost on every post and every refused form (2.6 -> 0.9 ms). Read-only: nothing writes through them,
# and what they need of the models' rules (alias_list, full_name) is the models' own property.


@dataclass(frozen=True, slots=True)
class AreaRow:
    id: int
    name: str
    geojson: str | None
    centre_lat: float
    centre_lon: float
    sort_order: int
    boundary_is_approximate: bool


@dataclass(frozen=True, slots=True)
class PlaceRow:
    id: int
    name: str
    aliases: str
    lat: float
    lon: float
    area_id: int
    area: AreaRow

    alias_list = property(Place.alias_list.fget)


@dataclass(frozen=True, slots=True)
class CategoryRow:
    id: int
    code: str
    name: str
    parent: "CategoryRow | None"

    full_name = property(Category.full_name.fget)


_AREA_COLUMNS = (
    Area.id,
    Area.name,
    Area.geojson,
    Area.centre_lat,
    Area.centre_lon,
    Area.sort_order,
    Area.boundary_is_approximate,
)
_ACTIVE_AREA_ROWS = select(*_AREA_COLUMNS).where(Area.is_active.is_(True)).order_by(Area.sort_order)
_ACTIVE_PLACE_ROWS = select(Place.id, Place.name, Place.aliases, Place.lat, Place.lon, Place.area_id).where(
    Place.is_active.is_(True)
)
_ACTIVE_CATEGORY_ROWS = (
    select(Category.id, Category.code, Category.name, Category.parent_id)
    .where(Category.is_active.is_(True))
    .order_by(Category.sort_order, Category.code)
)


def _reference_rows(session: Session):
    """active_areas, active_places and category_tree, as plain rows (same order, same members)."""
    areas = [AreaRow(*row) for row in session.execute(_ACTIVE_AREA_ROWS)]
    by_id = {area.id: area for area in areas}
    place_rows = session.execute(_ACTIVE_PLACE_ROWS).all()
    missing = {row.area_id for row in place_rows} - by_id.keys()
    if missing:  # a place in an area no longer active still shows its area's name
        by_id |= {
            row.id: AreaRow(*row)
            for row in session.execute(select(*_AREA_COLUMNS).where(Area.id.in_(missing)))
        }
    places = sorted(
        (PlaceRow(*row, area=by_id[row.area_id]) for row in place_rows),
        key=lambda place: swedish_key(place.name),
    )
    rows = session.execute(_ACTIVE_CATEGORY_ROWS).all()
    tops = {row.id: CategoryRow(row.id, row.code, row.name, None) for row in rows if row.parent_id is None}
    subs: dict[int, list[CategoryRow]] = {}
    for row in rows:
        if row.parent_id in tops:
            subs.setdefault(row.parent_id, []).append(
                CategoryRow(row.id, row.code, row.name, tops[row.parent_id])
            )
    tree = [(top, subs.get(top.id, [])) for top in tops.values()]
    return areas, places, tree


# Every post, correction and import preview validates against the same reference rows, and they change
# only when the reference admin, `setup` or the reference import writes them: reading the three lists
# and building the look-ups cost about a fifth of a refused post. They are kept per process in the
# report cache, keyed by its version, which every committed write to area, place or category (in any
# worker or server on the database) changes; see lagesbild/report_cache.py.
_CONTEXTS = report_cache.new_store()


def _build_context(session: Session, today) -> Context:
    areas, places, tree = _reference_rows(session)
    context = Context(
        places=places,
        areas=areas,
        categories=[sub for _top, subs in tree for sub in subs],
        today=today,
    )
    context.tree = tree  # the form page shows the same categories it validates against
    return context


def validation_context(session: Session) -> Context:
    """The reference rows a validation needs. Shared by requests while no reference row changes:
    read it, never change it (its rows are frozen)."""
    today = today_local()
    if report_cache.written_in_transaction(session):  # its own uncommitted changes must show
        return _build_context(session, today)
    return report_cache.cached(
        session,
        ("validation_context", today),
        lambda: _build_context(session, today),
        entries=_CONTEXTS,
        size=4,
    )


def _with_relations(statement):
    return statement.options(
        joinedload(Observation.place),
        joinedload(Observation.area),
        joinedload(Observation.category).joinedload(Category.parent),
        joinedload(Observation.organisation),
        joinedload(Observation.author),
    )


@dataclass
class OwnPeriod:
    """One meeting period of a member's own list, labelled as the lägesbild is ("Lägesbild v. 49 2026")."""

    period: MeetingPeriod
    page: Page  # one page of the period's observations, newest first

    @property
    def observations(self) -> list[Observation]:
        return self.page.items

    @property
    def label(self) -> str:
        return f"Lägesbild {self.period.label}"


OWN_PERIODS_PER_PAGE = 4  # older periods with observations per page, after the current one


def own_observations_by_period(
    session: Session,
    user: User,
    current: MeetingPeriod,
    page: int = 1,
    size: int = 50,
    only: MeetingPeriod | None = None,
) -> tuple[list[OwnPeriod], bool]:
    """The user's active observations grouped by meeting period, newest first, one page of periods.

    Page 1 opens on `current` (shown even when empty) followed by the most recent earlier periods that
    hold observations; later pages go further back. A period is the one whose days hold the observation's
    date (periods.period_containing, the meeting weekday of `current`). Each period shows its first
    `size` observations; `only` shows that one period alone, its observations paged by `page`. Returns the
    periods and whether older ones follow. One query for the distinct dates, then two (count and page)
    per period shown, so the cost does not grow with how much the member has reported.
    """
    mine = (Observation.author_id == user.id, Observation.status == ObservationStatus.ACTIVE)
    if only is not None:
        return [_own_period(session, mine, only, page, size)], False
    days = session.scalars(select(Observation.occurred_on).where(*mine).distinct()).all()
    weekday = current.weekday
    older = sorted(
        {period_containing(day, weekday) for day in days if day < current.start},
        key=lambda p: p.meeting_date,
        reverse=True,
    )
    per_page = OWN_PERIODS_PER_PAGE
    shown = older[(page - 1) * per_page : page * per_page]
    periods = ([current] if page == 1 else []) + shown
    groups = [_own_period(session, mine, period, 1, size) for period in periods]
    return groups, len(older) > page * per_page


def _own_period(session: Session, mine, period: MeetingPeriod, number: int, size: int) -> OwnPeriod:
    statement = _with_relations(
        select(Observation)
        .where(*mine, Observation.occurred_on.between(period.start, period.end))
        .order_by(Observation.occurred_on.desc(), Observation.created_at.desc(), Observation.id.desc())
    )
    return OwnPeriod(period, paginate(session, statement, number, size))


@dataclass
class Filters:
    category: str | None = None  # a top code ("SKG") or a subcategory code ("SKG.KLOTTER")
    area_id: int | None = None
    organisation_kind: OrganisationKind | None = None


@dataclass
class GroupList:
    visible: list[Observation]  # this page's rows that occurred in the period
    late: list[Observation]  # this page's rows reported late, about earlier dates ("sent inrapporterat")
    restricted_count: int  # restricted observations whose details the viewer may not see
    page: Page  # the page of the whole list (visible first, then late), with its figures
    visible_total: int = 0  # in the whole list, not only on this page
    late_total: int = 0


def group_list(
    session: Session, viewer: User, period: MeetingPeriod, filters: Filters, number: int = 1, size: int = 50
) -> GroupList:
    """One page of the period's active observations the viewer may see in detail, plus a count of the
    others. Newest date first, so the period's own observations come before the late ones (their dates
    lie before the period).

    The two parts are read apart (issue #12: one `occurred in OR reported late` statement read and
    sorted every row of the week to return 50): the period's own rows walk ix_observation_list in the
    list's order and stop at the page, the late ones are a range of ix_observation_late, and each
    part's counts read its index alone (both hold the sharing and the organisation that decide
    visibility). Three statements however long the list, four when a page spans both parts."""
    status = Observation.status == ObservationStatus.ACTIVE
    filtered = Observation.filtered(filters.category, filters.area_id, filters.organisation_kind)
    own = [status, Observation.occurred_in(period), *filtered]
    late = [status, Observation.reported_late_in(period), *filtered]
    visible_clause = details_visible_clause(viewer)

    def counts(where) -> tuple[int, int]:
        shown, hidden = session.execute(
            select(func.count().filter(visible_clause), func.count().filter(~visible_clause)).where(*where)
        ).one()
        return shown or 0, hidden or 0

    own_total, own_hidden = counts(own)
    late_total, late_hidden = counts(late)
    total = own_total + late_total
    number = clamp(number, total, size)
    offset = (number - 1) * size
    order = (Observation.occurred_on.desc(), Observation.time_of_day.desc(), Observation.id.desc())

    def part(where, part_offset: int, limit: int) -> list[Observation]:
        if limit <= 0:
            return []
        statement = select(Observation).where(*where, visible_clause).order_by(*order)
        return list(session.scalars(_with_relations(statement.offset(part_offset).limit(limit))).all())

    visible = part(own, offset, min(size, own_total - offset))
    late_rows = part(late, max(0, offset - own_total), size - len(visible))
    return GroupList(
        visible=visible,
        late=late_rows,
        restricted_count=own_hidden + late_hidden,
        page=Page(visible + late_rows, number, size, total),
        visible_total=own_total,
        late_total=late_total,
    )


def area_for_point(session: Session, lat_text: str, lon_text: str) -> Area | None:
    """The area a point falls in (the same rule as saving), None when it is not a point in the
    municipality."""
    context = validation_context(session)
    clean, errors = validate_point(context, lat_text, lon_text)
    return None if errors else session.get(Area, clean)


def validate_point(context: Context, lat_text: str, lon_text: str):
    from .validation import resolve_place

    problems = []
    _, _, _, area_id = resolve_place(
        {"plats": "", "lat": lat_text, "lon": lon_text}, context, lambda *a: problems.append(a)
    )
    return area_id, problems


def history(session: Session, observation: Observation) -> list:
    """The audit events about one observation, oldest first (for the chair and the coordinator)."""
    from lagesbild.models import AuditEvent

    return list(
        session.scalars(
            select(AuditEvent)
            .options(joinedload(AuditEvent.actor))
            .where(AuditEvent.object_type == "observation", AuditEvent.object_id == observation.id)
            .order_by(AuditEvent.at, AuditEvent.id)
        )
    )

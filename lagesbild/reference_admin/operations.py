"""Writes for the coordinator's reference data: categories, places, areas, organisations' usual categories.

Each operation adds or changes rows, flushes and records one audit event (names, codes, ids, counts and
coordinates: never free text); the view commits once. Nothing is deleted: a category or place is
deactivated, or merged into another, which deactivates it and moves its observations (and actions) to
the one it was merged into while each observation keeps what it was posted under (PostedUnder).
"""

import re

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from lagesbild.audit import record, snapshot
from lagesbild.models import (
    Action,
    Area,
    Category,
    Observation,
    Organisation,
    Place,
    PostedUnder,
    organisation_category,
    promise_category,
)
from lagesbild.observations.geo import assign_area
from lagesbild.refusals import RefusedChange
from lagesbild.rollup import operations as rollup

CATEGORY_FIELDS = ("code", "name", "description", "parent_id", "sort_order", "is_active")
PLACE_FIELDS = ("name", "kind", "lat", "lon", "area_id", "aliases", "is_active")
AREA_FIELDS = ("name", "sort_order", "centre_lat", "centre_lon", "boundary_is_approximate", "is_active")


def _code_part(name: str) -> str:
    """An ASCII code part from a Swedish name: "Klotter på skolor" -> "KLOTTER_PA_SKOLOR"."""
    folded = name.upper().translate(str.maketrans("ÅÄÖÉÜ", "AAOEU"))
    return re.sub(r"[^A-Z0-9]+", "_", folded).strip("_")[:30] or "KATEGORI"


def _free_code(session: Session, wanted: str) -> str:
    taken = set(session.scalars(select(Category.code).where(Category.code.like(wanted + "%"))))
    code, n = wanted, 2
    while code in taken:
        code, n = f"{wanted}_{n}", n + 1
    return code


def _unique_name(session: Session, model, name: str, obj=None, field: str = "name") -> str:
    name = " ".join(name.split())
    found = session.scalar(select(model).where(func.lower(model.name) == name.lower()))
    if found is not None and found is not obj:
        raise RefusedChange("Det namnet finns redan.", field)
    return name


def _set_active(obj, active: bool, event: str, fields: tuple[str, ...]) -> None:
    """Deactivate or reactivate a reference row (never delete it), audited as event.(re|de)activate."""
    before = snapshot(obj, fields)
    obj.is_active = active
    record(
        f"{event}.reactivate" if active else f"{event}.deactivate",
        obj=obj,
        before=before,
        after=snapshot(obj, fields),
    )


def _retire_merged(session: Session, source, event: str, fields, into: dict, target, moved: int) -> None:
    """A merged row is deactivated (never deleted), audited as event.merge with where it went."""
    before = snapshot(source, fields)
    source.is_active = False
    session.flush()
    record(
        f"{event}.merge",
        obj=source,
        before=before,
        after=snapshot(source, fields),
        detail={"into_id": target.id, **into, "observations_moved": moved},
    )


# --- categories ---------------------------------------------------------------------------------


def create_category(session: Session, name: str, description: str, parent: Category | None) -> Category:
    """A top category (parent None) or a subcategory at the end of its parent's list."""
    name = " ".join(name.split())
    siblings = select(func.max(Category.sort_order)).where(
        Category.parent_id == parent.id if parent else Category.parent_id.is_(None)
    )
    prefix = f"{parent.code}." if parent else ""
    category = Category(
        code=_free_code(session, prefix + _code_part(name)),
        name=name,
        description=description.strip(),
        parent=parent,
        colour=parent.colour if parent else "#555555",
        is_activity=parent.is_activity if parent else False,
        sort_order=(session.scalar(siblings) or 0) + 1,
    )
    session.add(category)
    session.flush()
    record("category.create", obj=category, after=snapshot(category, CATEGORY_FIELDS))
    return category


def update_category(
    session: Session,
    category: Category,
    name: str,
    description: str,
    sort_order: int,
    parent: Category | None,
) -> None:
    """Rename, describe, reorder; a subcategory given a new parent moves there (its code follows, so
    code filters such as "SKG" keep meaning the category and its subcategories)."""
    before = snapshot(category, CATEGORY_FIELDS)
    category.name = " ".join(name.split())
    category.description = description.strip()
    category.sort_order = sort_order
    if category.parent is not None and parent is not None and parent.id != category.parent_id:
        suffix = category.code.split(".", 1)[1]
        category.code = _free_code(session, f"{parent.code}.{suffix}")
        category.parent = parent
        category.colour = parent.colour
        category.is_activity = parent.is_activity
    session.flush()
    after = snapshot(category, CATEGORY_FIELDS)
    if after != before:
        action = "category.move" if after["parent_id"] != before["parent_id"] else "category.update"
        record(action, obj=category, before=before, after=after)


def set_category_active(session: Session, category: Category, active: bool) -> None:
    if not active and category.parent is None and any(child.is_active for child in category.children):
        raise RefusedChange("Inaktivera eller flytta först underkategorierna.")
    if active and category.parent is not None and not category.parent.is_active:
        raise RefusedChange("Återaktivera först överkategorin.")
    _set_active(category, active, "category", CATEGORY_FIELDS)


def merge_category(session: Session, source: Category, target: Category) -> int:
    """Merge subcategory `source` into `target`: its observations count under `target` from now on,
    each keeping what it was posted under; promises and organisations that listed `source` list
    `target`; `source` is deactivated. Returns how many observations moved."""
    if source.parent is None or target.parent is None:
        raise RefusedChange("Bara underkategorier kan slås ihop.", "target")
    if source.id == target.id:
        raise RefusedChange("Välj en annan kategori att slå ihop med.", "target")
    moved = _keep_posted_under(session, Observation.category_id == source.id)
    rollup.move(session, Observation.category_id == source.id, category_id=target.id)
    session.execute(
        update(Observation).where(Observation.category_id == source.id).values(category_id=target.id)
    )
    for table in (promise_category, organisation_category):
        owner = next(column for column in table.primary_key.columns if column.name != "category_id")
        with_target = select(owner).where(table.c.category_id == target.id)
        session.execute(
            insert(table).from_select(
                [owner.name, "category_id"],
                select(owner, target.id).where(table.c.category_id == source.id, owner.not_in(with_target)),
            )
        )
        session.execute(table.delete().where(table.c.category_id == source.id))
    _retire_merged(session, source, "category", CATEGORY_FIELDS, {"into_code": target.code}, target, moved)
    return moved


def _keep_posted_under(session: Session, where) -> int:
    """Record what the matching observations were posted under, unless a merge already did."""
    already = select(PostedUnder.observation_id)
    rows = select(Observation.id, Observation.category_id, Observation.place_id).where(
        where, Observation.id.not_in(already)
    )
    session.execute(insert(PostedUnder).from_select(["observation_id", "category_id", "place_id"], rows))
    return session.scalar(select(func.count()).select_from(Observation).where(where))


# --- places -------------------------------------------------------------------------------------


def _area_for(session: Session, lat: float, lon: float) -> int | None:
    areas = session.scalars(select(Area).where(Area.is_active)).all()
    places = session.scalars(select(Place).where(Place.is_active)).all()
    return assign_area(lat, lon, areas, places)


def _clean_aliases(aliases: str) -> str:
    return ";".join(dict.fromkeys(" ".join(a.split()) for a in aliases.split(";") if a.strip()))


def create_place(session: Session, name: str, kind: str, lat: float, lon: float, aliases: str) -> Place:
    """A place at a point; its area is the one whose boundary holds the point (else the nearest)."""
    name = _unique_name(session, Place, name)
    area_id = _area_for(session, lat, lon)
    if area_id is None:
        raise RefusedChange("Lägg först till ett område: en plats hör alltid till ett område.", "lat")
    place = Place(
        name=name, kind=kind.strip(), lat=lat, lon=lon, area_id=area_id, aliases=_clean_aliases(aliases)
    )
    session.add(place)
    session.flush()
    record("place.create", obj=place, after=snapshot(place, PLACE_FIELDS))
    return place


def update_place(
    session: Session, place: Place, name: str, kind: str, lat: float, lon: float, aliases: str
) -> None:
    """Rename, move (its area follows the point), change aliases. Observations keep their own point."""
    before = snapshot(place, PLACE_FIELDS)
    place.name = _unique_name(session, Place, name, place)
    place.kind, place.aliases = kind.strip(), _clean_aliases(aliases)
    if (lat, lon) != (place.lat, place.lon):
        place.lat, place.lon = lat, lon
        place.approximate = False  # placed by the coordinator
        place.area_id = _area_for(session, lat, lon) or place.area_id
    session.flush()
    after = snapshot(place, PLACE_FIELDS)
    if after != before:
        record("place.update", obj=place, before=before, after=after)


def set_place_active(session: Session, place: Place, active: bool) -> None:
    _set_active(place, active, "place", PLACE_FIELDS)


def merge_place(session: Session, source: Place, target: Place) -> int:
    """Merge duplicate `source` into `target`: its observations and actions follow to `target` (its
    point and area), each observation keeping what it was posted under; `source` is deactivated and
    its name becomes an alias of `target`. Returns how many observations moved."""
    if source.id == target.id:
        raise RefusedChange("Välj en annan plats att slå ihop med.", "target")
    moved = _keep_posted_under(session, Observation.place_id == source.id)
    rollup.move(session, Observation.place_id == source.id, place_id=target.id, area_id=target.area_id)
    session.execute(
        update(Observation)
        .where(Observation.place_id == source.id)
        .values(place_id=target.id, lat=target.lat, lon=target.lon, area_id=target.area_id)
    )
    session.execute(
        update(Action).where(Action.place_id == source.id).values(place_id=target.id, area_id=target.area_id)
    )
    before_target = snapshot(target, PLACE_FIELDS)
    target.aliases = _clean_aliases(f"{target.aliases};{source.name};{source.aliases}")[:400]
    _retire_merged(session, source, "place", PLACE_FIELDS, {"into_name": target.name}, target, moved)
    record("place.update", obj=target, before=before_target, after=snapshot(target, PLACE_FIELDS))
    return moved


# --- areas --------------------------------------------------------------------------------------


def create_area(session: Session, name: str, sort_order: int, boundary: str | None, centre) -> Area:
    """An area; with a boundary (lon/lat GeoJSON, already validated) its centre is a point inside it."""
    name = _unique_name(session, Area, name)
    area = Area(name=name, sort_order=sort_order, centre_lat=centre[0], centre_lon=centre[1])
    session.add(area)
    session.flush()
    record("area.create", obj=area, after=snapshot(area, AREA_FIELDS))
    if boundary:
        set_boundary(session, area, boundary, centre)
    return area


def update_area(session: Session, area: Area, name: str, sort_order: int) -> None:
    before = snapshot(area, AREA_FIELDS)
    area.name = _unique_name(session, Area, name, area)
    area.sort_order = sort_order
    after = snapshot(area, AREA_FIELDS)
    if after != before:
        record("area.update", obj=area, before=before, after=after)


def set_boundary(session: Session, area: Area, boundary: str, centre) -> int:
    """Save a surveyed boundary: no longer approximate; the places inside it now belong to the area.

    Observations keep the area they were posted in. Returns how many places changed area.
    """
    before = snapshot(area, AREA_FIELDS)
    area.geojson = boundary
    area.boundary_is_approximate = False
    area.centre_lat, area.centre_lon = centre
    session.flush()
    areas = session.scalars(select(Area).where(Area.is_active)).all()
    places = session.scalars(select(Place).where(Place.is_active)).all()
    moved = 0
    for place in places:
        if place.area_id != area.id and assign_area(place.lat, place.lon, areas, places) == area.id:
            place.area_id = area.id
            moved += 1
    record(
        "area.boundary",
        obj=area,
        before=before,
        after=snapshot(area, AREA_FIELDS),
        detail={"places_moved": moved},
    )
    return moved


def save_pending_area(session: Session, pending: dict) -> Area:
    """Save a previewed boundary: a new area, or an existing one's new name, order and boundary."""
    centre = tuple(pending["centre"])
    if pending["area_id"] is None:
        return create_area(session, pending["name"], pending["sort_order"], pending["geojson"], centre)
    area = session.get(Area, pending["area_id"])
    if area is None:
        raise RefusedChange("Området finns inte längre.")
    update_area(session, area, pending["name"], pending["sort_order"])
    set_boundary(session, area, pending["geojson"], centre)
    return area


def set_area_active(session: Session, area: Area, active: bool) -> None:
    if not active and session.scalar(select(func.count()).where(Place.area_id == area.id, Place.is_active)):
        raise RefusedChange("Området har aktiva platser. Flytta eller inaktivera dem först.")
    _set_active(area, active, "area", AREA_FIELDS)


# --- organisations ------------------------------------------------------------------------------


def set_usual_categories(session: Session, organisation: Organisation, categories: list[Category]) -> None:
    """The subcategories the organisation usually reports: first in its members' category list."""
    before = [category.code for category in organisation.usual_categories]
    organisation.usual_categories = categories
    after = [category.code for category in categories]
    if before != after:
        record(
            "organisation.usual_categories",
            obj=organisation,
            before={"codes": before},
            after={"codes": after},
        )

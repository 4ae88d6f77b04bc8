"""Load a parsed reference set into the database: `setup`, `reference import` and the admin upload.

Rows are matched by code (categories) or name (a place also by an alias), else by their key in the set
they were loaded from (`source_key`: the code or name the set gave them), so a row the group renamed or
moved is found again and not added a second time. A missing row is added;
with `update`, an existing row whose values differ is changed (setup never changes what the group has
already edited). Nothing is deleted: a row the files leave out stays as it is. Each added or changed row
is audited with its values (names, codes, coordinates: no free text). The caller commits, or rolls back
for a dry run, so the dry run lists exactly what the real run would do.
"""

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from lagesbild.audit import record, snapshot
from lagesbild.meeting_day import describe, meeting_day, set_meeting_day
from lagesbild.models import Area, Category, Organisation, Place

from .sets import MeetingRow, ReferenceSet

AREA_FIELDS = (
    "name",
    "centre_lat",
    "centre_lon",
    "sort_order",
    "source",
    "boundary_is_approximate",
    "geojson",
    "is_active",
)
PLACE_FIELDS = ("name", "kind", "lat", "lon", "approximate", "source", "aliases", "is_active")
CATEGORY_FIELDS = ("code", "name", "description", "colour", "is_activity", "sort_order", "is_active")
ORGANISATION_FIELDS = ("name", "kind", "is_active")

KINDS = (
    ("areas", "område", "områden"),
    ("places", "plats", "platser"),
    ("categories", "kategori", "kategorier"),
    ("organisations", "organisation", "organisationer"),
)


@dataclass
class Changes:
    added: dict[str, list[str]] = field(default_factory=lambda: {kind: [] for kind, *_ in KINDS})
    changed: dict[str, list[str]] = field(default_factory=lambda: {kind: [] for kind, *_ in KINDS})
    unchanged: dict[str, int] = field(default_factory=lambda: {kind: 0 for kind, *_ in KINDS})
    audit: bool = True
    meeting: str | None = None  # the new meeting day ("fredag kl. 13.00") when the set changed it

    def summary(self) -> list[str]:
        """Swedish lines: what was added, changed and already there, per kind."""

        def counted(n: int, one: str, many: str) -> str:
            return f"{n} {one if n == 1 else many}"

        lines = []
        for verb, changes in (("Lade till", self.added), ("Ändrade", self.changed)):
            parts = [counted(len(changes[kind]), one, many) for kind, one, many in KINDS if changes[kind]]
            if parts:
                lines.append(f"{verb} {', '.join(parts)}.")
        if self.meeting:
            lines.append(f"Satte mötesdagen till {self.meeting}.")
        if not lines:
            lines.append("Ingenting att lägga till: allt fanns redan.")
        kept = [counted(self.unchanged[kind], one, many) for kind, one, many in KINDS if self.unchanged[kind]]
        if kept:
            lines.append(f"Fanns redan (lämnades orörda): {', '.join(kept)}.")
        return lines

    def details(self) -> list[str]:
        """One Swedish line per added or changed row (the dry run lists them)."""
        lines = []
        for verb, changes in (("ny", self.added), ("ändras", self.changed)):
            for kind, one, _many in KINDS:
                lines.extend(f"  {one} {verb}: {name}" for name in changes[kind])
        return lines


def _put(session: Session, changes: Changes, kind: str, obj, existing: bool, values: dict, names, label):
    """Set `values` on obj (new or existing); note and audit what happened."""
    before = snapshot(obj, names) if existing else {}
    differs = {name: value for name, value in values.items() if getattr(obj, name, None) != value}
    if existing and not differs:
        changes.unchanged[kind] += 1
        return
    for name, value in values.items():
        setattr(obj, name, value)
    session.add(obj)
    (changes.changed if existing else changes.added)[kind].append(label)
    if changes.audit:
        session.flush()  # the event names the row's id
        action = f"{type(obj).__name__.lower()}.{'update' if existing else 'create'}"
        after = snapshot(obj, names)
        record(action, obj=obj, before=before or None, after=after, detail={"via": "reference"})


class _Stored:
    """The stored rows of one kind, found by name (code), else by their key in the set (`source_key`).

    A row the group renamed keeps its source_key, so the set's row still finds it and is not added
    again; rows stored before keys existed are found by name (a place also by one of its aliases).
    """

    def __init__(self, rows, name_of, aliases_of=None):
        self.by_key, self.by_name = {}, {}
        self.found = {}  # the set's rows' keys: the stored row each found, or the new one
        for obj in rows:
            if obj.source_key:
                self.by_key.setdefault(obj.source_key, obj)
            self.by_name[name_of(obj)] = obj
            for alias in aliases_of(obj) if aliases_of else ():
                self.by_name.setdefault(alias, obj)

    def find(self, key: str):
        # By name first: a row the group has since named like the set's row is that row (changing
        # another row's name to it would break the names' uniqueness); then the renamed one by its key.
        obj = self.by_name.get(key) or self.by_key.get(key)
        if obj is not None and not obj.source_key:
            obj.source_key = key  # from now on a rename does not lose it (not a change the group sees)
        if obj is not None:
            self.found[key] = obj
        return obj

    def new(self, model, key: str):
        obj = model(source_key=key)
        self.by_key[key] = obj
        self.found[key] = obj
        return obj

    def get(self, key: str):
        """The row a later kind refers to by this key: the set's (stored or new), else a stored one."""
        return self.found.get(key) or self.by_name[key]


def _to_put(changes: Changes, kind: str, model, stored: _Stored, rows, key: str, update: bool):
    """The set's rows of one kind that are to be written: each with its stored row (None when it is new)
    and the row to write; a stored row is left as it is (counted unchanged) unless `update`."""
    for row in rows:
        existing = stored.find(getattr(row, key))
        if existing is not None and not update:
            changes.unchanged[kind] += 1
            continue
        yield row, existing, existing or stored.new(model, getattr(row, key))


def load_set(session: Session, reference: ReferenceSet, *, update: bool, audit: bool = True) -> Changes:
    """Add the set's missing rows (and, with `update`, change the rows that differ); see the docstring.

    `audit=False` only for the demo seed and the tests' fixture, which no person changes.
    """
    changes = Changes(audit=audit)
    areas = _Stored(session.scalars(select(Area)), lambda area: area.name)
    for row, area, new in _to_put(changes, "areas", Area, areas, reference.areas, "name", update):
        values = {name: getattr(row, name) for name in AREA_FIELDS}
        _put(session, changes, "areas", new, area is not None, values, AREA_FIELDS, row.name)

    categories = _Stored(session.scalars(select(Category)), lambda category: category.code)
    # Parents come first in the file, so a subcategory's parent is already found or new.
    for row, category, new in _to_put(
        changes, "categories", Category, categories, reference.categories, "code", update
    ):
        values = {name: getattr(row, name) for name in CATEGORY_FIELDS}
        values["parent"] = categories.get(row.parent_code) if row.parent_code else None
        _put(session, changes, "categories", new, category is not None, values, CATEGORY_FIELDS, row.code)

    places = _Stored(session.scalars(select(Place)), lambda place: place.name, lambda place: place.alias_list)
    for row, place, new in _to_put(changes, "places", Place, places, reference.places, "name", update):
        values = {name: getattr(row, name) for name in PLACE_FIELDS}
        values["area"] = areas.get(row.area)
        _put(session, changes, "places", new, place is not None, values, (*PLACE_FIELDS, "area_id"), row.name)

    organisations = _Stored(session.scalars(select(Organisation)), lambda org: org.name)
    for row, org, new in _to_put(
        changes, "organisations", Organisation, organisations, reference.organisations, "name", update
    ):
        values = {"name": row.name, "kind": row.kind, "is_active": row.is_active}
        usual_before = [category.code for category in new.usual_categories] if org is not None else []
        _put(session, changes, "organisations", new, org is not None, values, ORGANISATION_FIELDS, row.name)
        if usual_before != row.usual_categories:
            new.usual_categories = [categories.get(code) for code in row.usual_categories]
            if org is not None:
                if row.name not in changes.changed["organisations"]:
                    changes.unchanged["organisations"] -= 1
                    changes.changed["organisations"].append(row.name)
                if audit:
                    detail = {"via": "reference", "usual_categories": row.usual_categories}
                    record("organisation.update", obj=org, detail=detail)
    if reference.meeting is not None:
        _meeting(session, changes, reference.meeting, update)
    session.flush()
    return changes


def _meeting(session: Session, changes: Changes, row: MeetingRow, update: bool) -> None:
    """The set's meeting day: stored when the database has none; with `update`, also when it differs."""
    if not update and meeting_day(session).stored:
        return  # setup never overrides the day the group chose
    if set_meeting_day(session, row.weekday, row.starts, via="reference", audit=changes.audit):
        changes.meeting = describe(row.weekday, row.starts)

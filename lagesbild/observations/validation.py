"""One validation for every way an observation comes in: the post form, corrections and the CSV import.

`validate(values, context)` takes raw strings keyed by the field names below and returns either clean
data or Swedish messages per field. The form and the import both call it, so a row that the import
accepts is exactly a row the form would accept, personal-data guard included.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, time

from lagesbild.inputs import decimal_number, parse_day, parse_time
from lagesbild.models import DESCRIPTION_MAX
from lagesbild.periods import time_band_for
from lagesbild.privacy import check_text

from .fields import CHOICE_MESSAGES, CHOICES, DEFAULTS, EARLIEST, FIELDS, MAX_COUNT, PLACE_MAX


@dataclass
class Context:
    """The reference data a validation needs, loaded once per request or import."""

    places: list  # active Place objects
    areas: list  # active Area objects
    categories: list  # active subcategories (Category objects with a parent)
    today: date
    bounds: tuple[float, float, float, float] = field(init=False)  # lat/lon box the points must be in
    tree: list = field(default_factory=list)  # (top category, subcategories) for the form page

    def __post_init__(self):
        lats = [p.lat for p in self.places] + [a.centre_lat for a in self.areas] or [0.0]
        lons = [p.lon for p in self.places] + [a.centre_lon for a in self.areas] or [0.0]
        margin = 0.15  # about 15 km: the municipality reaches beyond its outermost named place
        self.bounds = (min(lats) - margin, max(lats) + margin, min(lons) - margin, max(lons) + margin)
        self._places = {_fold(p.name): p for p in self.places}
        for place in self.places:  # another name members use ("Stinsen") finds the place too
            for alias in getattr(place, "alias_list", []):
                self._places.setdefault(_fold(alias), place)
        self._categories = {}
        for category in self.categories:
            self._categories[_fold(category.code)] = category
            self._categories.setdefault(_fold(category.name), category)
            self._categories.setdefault(_fold(category.full_name), category)

    def place_named(self, name: str):
        return self._places.get(_fold(name))

    def category_for(self, text: str):
        return self._categories.get(_fold(text))


@dataclass
class Clean:
    occurred_on: date
    time_of_day: time | None
    time_band: str | None
    place_id: int | None
    lat: float
    lon: float
    area_id: int
    category_id: int
    extent: str
    count: int | None
    description: str
    reported_to_police: str
    sharing: str


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _parse_date(raw: str) -> date | None:
    text = raw.strip()
    return parse_day(text) if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text) else None


def validate(values: dict[str, str], context: Context) -> tuple[Clean | None, dict[str, list[str]]]:
    """Check raw field values; return (clean data, {}) or (None, {field: [Swedish messages]})."""
    raw = {name: str(values.get(name) or "") for name in FIELDS}
    errors: dict[str, list[str]] = {}

    def fail(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    picked = {}
    for name, accepted in CHOICES.items():
        text = _fold(raw[name]) or DEFAULTS.get(name, "")
        if text and text not in accepted:
            fail(name, CHOICE_MESSAGES[name])
        picked[name] = accepted.get(text)

    occurred_on = _parse_date(raw["datum"])
    if not raw["datum"].strip():
        fail("datum", "Ange datum.")
    elif occurred_on is None:
        fail("datum", "Ange datum som ÅÅÅÅ-MM-DD, till exempel 2026-11-18.")
    elif occurred_on > context.today:
        fail("datum", "Datumet kan inte ligga i framtiden.")
    elif occurred_on < EARLIEST:
        fail("datum", "Datumet ligger för långt tillbaka (tidigast 2000-01-01).")

    time_of_day = None
    if raw["tid"].strip():
        time_of_day = parse_time(raw["tid"])
        if time_of_day is None:
            fail("tid", "Ange klockslag som TT:MM, till exempel 21:30.")
        elif picked["tidsband"] and picked["tidsband"] != time_band_for(time_of_day):
            fail("tidsband", "Klockslaget och tiden på dygnet stämmer inte överens. Välj ett av dem.")
    band = time_band_for(time_of_day) if time_of_day else picked["tidsband"]

    category = None
    if not raw["kategori"].strip():
        fail("kategori", "Välj kategori.")
    else:
        category = context.category_for(raw["kategori"])
        if category is None:
            fail("kategori", "Välj en kategori ur listan (underkategori, till exempel ”Klotter och tags”).")

    count = None
    if raw["antal"].strip():
        if not re.fullmatch(r"[0-9]{1,6}", raw["antal"].strip()) or not 1 <= int(raw["antal"]) <= MAX_COUNT:
            fail("antal", f"Ange antal som ett heltal från 1 till {MAX_COUNT:,}.".replace(",", " "))
        else:
            count = int(raw["antal"])

    description = raw["beskrivning"].replace("\r\n", "\n").strip()
    if not description:
        fail("beskrivning", "Skriv en kort beskrivning av vad du såg.")
    elif len(description) > DESCRIPTION_MAX:
        fail("beskrivning", f"Beskrivningen får vara högst {DESCRIPTION_MAX} tecken (nu {len(description)}).")
    elif message := check_text(description, "Beskrivningen"):
        fail("beskrivning", message)

    place, lat, lon, area_id = resolve_place(raw, context, fail)
    if errors:
        return None, errors
    return Clean(
        occurred_on=occurred_on,
        time_of_day=time_of_day,
        time_band=band,
        place_id=place.id if place else None,
        lat=lat,
        lon=lon,
        area_id=area_id,
        category_id=category.id,
        extent=picked["omfattning"],
        count=count,
        description=description,
        reported_to_police=picked["polis"],
        sharing=picked["delning"],
    ), {}


def resolve_place(raw, context: Context, fail):
    """Resolve the place: a named place wins; otherwise the point, assigned to an area."""
    name = raw["plats"].strip()
    if name:
        if len(name) > PLACE_MAX:
            fail("plats", f"Platsnamnet får vara högst {PLACE_MAX} tecken.")
            return None, None, None, None
        place = context.place_named(name)
        if place is None:
            fail("plats", "Okänd plats. Välj en plats ur listan eller klicka i kartan.")
            return None, None, None, None
        return place, place.lat, place.lon, place.area_id
    if not raw["lat"].strip() and not raw["lon"].strip():
        fail("plats", "Välj en plats ur listan, klicka i kartan eller använd din position.")
        return None, None, None, None
    lat, lon = decimal_number(raw["lat"]), decimal_number(raw["lon"])
    if lat is None or lon is None:
        fail("plats", "Punkten saknar giltig latitud och longitud. Klicka i kartan igen.")
        return None, None, None, None
    south, north, west, east = context.bounds
    if not (south <= lat <= north and west <= lon <= east):
        fail("plats", "Punkten ligger utanför kommunen. Välj en plats i kommunen.")
        return None, None, None, None
    from .geo import assign_area  # shapely and pyproj (with numpy): loaded by the first post, not at start

    area_id = assign_area(lat, lon, context.areas, context.places)
    if area_id is None:
        fail("plats", "Det finns inga områden att placera punkten i. Kontakta samordnaren.")
    return None, round(lat, 6), round(lon, 6), area_id

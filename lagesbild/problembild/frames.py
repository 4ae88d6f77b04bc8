"""Pure pandas: the grouped counts from queries.py turned into the report's numeric tables.

Week rule: observations are dated by the local (Europe/Stockholm) day they occurred on
(`occurred_on`). Weeks are ISO 8601 weeks labelled with their ISO week-year; a week in the series
counts only the days of that week that lie inside the period, so the first and last week may be
partial. Months are calendar months, likewise cut at the period's ends.
"""

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from lagesbild.models.enums import TimeBand
from lagesbild.periods import SWEDISH_MONTHS_SHORT, SWEDISH_WEEKDAYS
from lagesbild.text import swedish_key

# Night first: the day read from midnight. Labels are TimeBand's own; "" is an observation without a time.
BANDS = (
    *((band.value, band.label) for band in (TimeBand.NATT, TimeBand.DAG, TimeBand.KVALL)),
    ("", "Tid ej angiven"),
)


@dataclass
class Loaded:
    """What the SQL queries returned (all grouped counts, plus the small reference tables)."""

    cur: pd.DataFrame  # month (index into the period's months), area_id, category_id, place_id, n
    prev: pd.DataFrame  # the same for the previous period (place_id empty)
    days: pd.DataFrame  # occurred_on, time_band, organisation_id (internal variant only), n
    areas: pd.DataFrame
    categories: pd.DataFrame
    places: pd.DataFrame
    organisations: pd.DataFrame
    internal: bool = True  # places and organisations are read for the internal variant only


@dataclass
class AreaCategory:
    """The part of Numbers that area × category counts of both periods give (the Underlag ranking,
    the categories table): what the analysis and the åtgärdsplan show, without the rest."""

    top: pd.DataFrame  # code, name, is_activity (one row per top category, in display order)
    subs: pd.DataFrame  # top, code, name, is_activity, n, prev
    area_cat: pd.DataFrame  # area name × top code
    area_cat_prev: pd.DataFrame

    @property
    def top_names(self) -> dict[str, str]:
        """Each top category's name by its code, as the tables label their columns and rows."""
        return dict(zip(self.top["code"], self.top["name"], strict=True))


@dataclass
class Numbers(AreaCategory):
    """The report's figures, unsuppressed. Index/columns carry names users see."""

    month_cat: pd.DataFrame  # month key ("2026-01") × top code
    month_prev: pd.Series  # previous period's month totals, in order
    week: pd.Series  # ISO week key ("2026-W05") → n
    weekday_band: pd.DataFrame  # weekday name × band value
    areas: pd.DataFrame
    hotspots: pd.DataFrame = field(default_factory=pd.DataFrame)
    heat: pd.DataFrame = field(default_factory=pd.DataFrame)
    coverage: pd.DataFrame = field(default_factory=pd.DataFrame)


def month_keys(start: date, end: date) -> list[str]:
    return [str(p) for p in pd.period_range(start, end, freq="M")]


def month_label(key: str) -> str:
    year, month = key.split("-")
    return f"{SWEDISH_MONTHS_SHORT[int(month) - 1]} {year}"


def week_keys(start: date, end: date) -> list[str]:
    days = pd.date_range(start, end, freq="D")
    iso = days.isocalendar()
    return list(dict.fromkeys(f"{y}-W{w:02d}" for y, w in zip(iso["year"], iso["week"], strict=True)))


def week_label(key: str) -> str:
    year, week = key.split("-W")
    return f"v. {int(week)} {year}"


def _week_key(days: pd.Series) -> pd.Series:
    iso = days.dt.isocalendar()
    return iso["year"].astype(str) + "-W" + iso["week"].astype(int).map("{:02d}".format)


def _with_top(frame: pd.DataFrame, categories: pd.DataFrame) -> pd.DataFrame:
    """Add each row's category code and top-category code (mapped per category, not per row)."""
    codes = categories.set_index("category_id")["code"]
    tops = codes.str.split(".").str[0]
    return frame.assign(code=frame["category_id"].map(codes), top=frame["category_id"].map(tops))


def _pivot(frame: pd.DataFrame, index: str, columns: str, rows: list, cols: list) -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame(
            0, index=pd.Index(rows, name=index), columns=pd.Index(cols, name=columns), dtype="int64"
        )
    table = frame.pivot_table(index=index, columns=columns, values="n", aggfunc="sum", fill_value=0)
    return table.reindex(index=rows, columns=cols, fill_value=0).astype("int64")


def ordered_areas(areas: pd.DataFrame) -> pd.DataFrame:
    keys = [
        (order, swedish_key(name)) for order, name in zip(areas["sort_order"], areas["area"], strict=True)
    ]
    return areas.assign(_key=keys).sort_values("_key").drop(columns="_key").reset_index(drop=True)


def _top_categories(cats: pd.DataFrame) -> pd.DataFrame:
    return cats[cats["parent_id"].isna()][["code", "name", "is_activity"]].reset_index(drop=True)


def _area_pivot(frame: pd.DataFrame, cats: pd.DataFrame, areas: pd.DataFrame, top_codes: list):
    area_names = dict(zip(areas["area_id"], areas["area"], strict=True))
    frame = _with_top(frame, cats).assign(area=lambda f: f["area_id"].map(area_names))
    return _pivot(frame, "area", "top", list(areas["area"]), top_codes)


def area_category(
    cur: pd.DataFrame, prev: pd.DataFrame, categories: pd.DataFrame, areas: pd.DataFrame
) -> AreaCategory:
    """From counts by area_id × category_id (cur, prev): the same top, subs and area pivots as numbers()."""
    cats = categories.sort_values(["sort_order", "code"])
    top = _top_categories(cats)
    areas = ordered_areas(areas)
    return AreaCategory(
        top=top,
        subs=_subcategories(cats, cur, prev),
        area_cat=_area_pivot(cur, cats, areas, list(top["code"])),
        area_cat_prev=_area_pivot(prev, cats, areas, list(top["code"])),
    )


def numbers(loaded: Loaded, start: date, end: date, prev_start: date, prev_end: date) -> Numbers:
    cats = loaded.categories.sort_values(["sort_order", "code"])
    top = _top_categories(cats)
    top_codes = list(top["code"])
    areas = ordered_areas(loaded.areas)
    area_names = dict(zip(areas["area_id"], areas["area"], strict=True))
    months, prev_months = month_keys(start, end), month_keys(prev_start, prev_end)

    def area_pivot(frame):
        return _area_pivot(frame, cats, areas, top_codes)

    cur = loaded.cur.assign(month=loaded.cur["month"].map(dict(enumerate(months))))
    prev = loaded.prev.assign(month=loaded.prev["month"].map(dict(enumerate(prev_months))))
    month_cat = _pivot(_with_top(cur, cats), "month", "top", months, top_codes)
    month_prev = prev.groupby("month")["n"].sum().reindex(prev_months, fill_value=0)
    weeks = week_keys(start, end)
    days = loaded.days
    week = days.assign(week=_week_key(days["occurred_on"])).groupby("week")["n"].sum()
    band = days.assign(weekday=days["occurred_on"].dt.day_of_week.map(SWEDISH_WEEKDAYS.__getitem__))
    weekday_band = _pivot(band, "weekday", "time_band", list(SWEDISH_WEEKDAYS), [b for b, _ in BANDS])
    place_cat = cur[cur["place_id"].notna()] if loaded.internal else None
    return Numbers(
        top=top,
        subs=_subcategories(cats, cur, prev),
        area_cat=area_pivot(cur),
        area_cat_prev=area_pivot(prev),
        month_cat=month_cat,
        month_prev=month_prev.astype("int64"),
        week=week.reindex(weeks, fill_value=0).astype("int64"),
        weekday_band=weekday_band,
        areas=areas,
        hotspots=_hotspots(place_cat, loaded.places, cats, area_names),
        heat=_heat(place_cat, loaded.places),
        coverage=_coverage(loaded, weeks),
    )


def _subcategories(cats: pd.DataFrame, cur: pd.DataFrame, prev: pd.DataFrame) -> pd.DataFrame:
    """Every category row (subcategories and observations filed directly on a top category)."""
    n = cur.groupby("category_id")["n"].sum()
    p = prev.groupby("category_id")["n"].sum()
    subs = cats.assign(
        top=cats["code"].str.split(".").str[0],
        n=cats["category_id"].map(n).fillna(0).astype("int64"),
        prev=cats["category_id"].map(p).fillna(0).astype("int64"),
    )
    # Top categories appear only when something was filed on them directly.
    direct = subs["parent_id"].isna()
    subs = subs[~direct | (subs["n"] > 0) | (subs["prev"] > 0)]
    order = {code: i for i, code in enumerate(cats[cats["parent_id"].isna()]["code"])}
    subs = subs.assign(_o=subs["top"].map(order), _d=~subs["parent_id"].isna())
    subs = subs.sort_values(["_o", "_d", "sort_order", "code"])
    return subs[["top", "code", "name", "is_activity", "n", "prev"]].reset_index(drop=True)


# lat/lon place the hot spots in the GeoJSON export (export.py), beside the area shapes.
HOTSPOT_COLUMNS = ["place", "area", "n", "what", "lat", "lon"]


def _hotspots(place_cat, places, cats: pd.DataFrame, area_names: dict, limit: int = 10) -> pd.DataFrame:
    """Top places by problem observations (activities left out) and their three largest subcategories."""
    if place_cat is None or place_cat.empty:
        return pd.DataFrame(columns=HOTSPOT_COLUMNS)
    place_cat = place_cat.groupby(["place_id", "category_id"], as_index=False)["n"].sum()
    frame = place_cat.merge(cats[["category_id", "name", "is_activity"]], on="category_id")
    frame = frame[~frame["is_activity"].astype(bool)]
    totals = frame.groupby("place_id")["n"].sum().sort_values(ascending=False, kind="stable").head(limit)
    places = places.set_index("place_id")
    rows = []
    for place_id, n in totals.items():
        here = (
            frame[frame["place_id"] == place_id].sort_values(["n", "name"], ascending=[False, True]).head(3)
        )
        what = ", ".join(f"{name} ({count})" for name, count in zip(here["name"], here["n"], strict=True))
        place = places.loc[place_id]
        rows.append(
            {
                "place": place["place"],
                "area": area_names.get(place["place_area_id"], ""),
                "n": int(n),
                "what": what,
                "lat": float(place["lat"]),
                "lon": float(place["lon"]),
            }
        )
    return pd.DataFrame(rows, columns=HOTSPOT_COLUMNS)


def _heat(place_cat, places: pd.DataFrame) -> pd.DataFrame:
    """Heat points: place coordinates weighted by their counts (internal variant only)."""
    if place_cat is None or place_cat.empty:
        return pd.DataFrame(columns=["lat", "lon", "n"])
    per_place = place_cat.groupby("place_id")["n"].sum().rename("n").reset_index()
    return per_place.merge(places, on="place_id")[["lat", "lon", "n"]]


def _coverage(loaded: Loaded, weeks: list[str]) -> pd.DataFrame:
    """Organisations × ISO weeks: observations per week by reporting organisation (internal only)."""
    if not loaded.internal:  # the public variant names no organisations
        return pd.DataFrame()
    frame = loaded.days.assign(week=_week_key(loaded.days["occurred_on"]))
    orgs = loaded.organisations
    reporting = set(frame["organisation_id"])
    shown = orgs[orgs["is_active"].astype(bool) | orgs["organisation_id"].isin(reporting)]
    names = dict(zip(shown["organisation_id"], shown["organisation"], strict=True))
    frame = frame.assign(organisation=frame["organisation_id"].map(names))
    rows = sorted(names.values(), key=swedish_key)
    return _pivot(frame, "organisation", "week", rows, weeks)

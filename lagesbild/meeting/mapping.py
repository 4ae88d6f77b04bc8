"""The week map: one clustered point layer per category, a heat layer and labelled area totals.

HTML stays small however much the database holds: the points are capped by the caller, and each
category's points travel as one compact array inside one cluster layer instead of one folium Marker
(with its own popup object and script) per observation. Member text reaches the map only through
escaping.for_map, placed inside JavaScript template literals, as folium does for its own popups.
"""

import math

import folium
from folium.plugins import HeatMap, MarkerCluster
from folium.template import Template

from lagesbild import maps
from lagesbild.escaping import for_map
from lagesbild.periods import format_date

from .aggregate import WeekFigures
from .queries import Reference

POPUP_TEXT_MAX = 160


class PointCluster(MarkerCluster):
    """A clustered layer of circle markers built in the browser from one array of rows.

    Each row is [lat, lon, `title`, `text`]; title and text are HTML that went through for_map.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.markerClusterGroup({{ this.options|tojavascript }});
            (function (group) {
                var rows = [{{ this.rows }}];
                var style = {{ this.style|tojson }};
                for (var i = 0; i < rows.length; i++) {
                    var r = rows[i];
                    L.circleMarker([r[0], r[1]], style)
                        .bindPopup("<strong>" + r[2] + "</strong><br>" + r[3], {maxWidth: 320})
                        .addTo(group);
                }
            })({{ this.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, rows: list[str], colour: str, name: str, dashed: bool = False, show: bool = True):
        super().__init__(name=name, show=show, options={"showCoverageOnHover": False, "maxClusterRadius": 40})
        self._name = "PointCluster"
        self.rows = ",".join(rows)
        self.style = {"radius": 7, "color": "#222222", "weight": 2, "fillColor": colour, "fillOpacity": 0.85}
        if dashed:
            self.style["dashArray"] = "3 3"


def point_row(point) -> str:
    """One point as JavaScript source: numbers, and member text as escaped template literals."""
    text = point.description
    if len(text) > POPUP_TEXT_MAX:
        text = text[: POPUP_TEXT_MAX - 1] + "…"
    title = f"{point.category}, {format_date(point.occurred_on)}"
    where = point.place or point.area
    return f"[{point.lat:.5f},{point.lon:.5f},`{for_map(title)}`,`{for_map(f'{text} ({where})')}`]"


def area_radius(count: int, largest: int) -> float:
    """Circle radius in pixels: area grows with the count, so the eye compares counts fairly."""
    return 10 + 26 * math.sqrt(count / max(largest, 1))


def build_week_map(figures: WeekFigures, ref: Reference, points, late, zoom_start: int = 12) -> maps.MapParts:
    """Return the rendered map; `points` and `late` are capped rows from queries.period_points()."""
    fmap = maps.new_map(zoom_start=zoom_start)
    by_category: dict[int, list[str]] = {}
    for point in points:
        by_category.setdefault(point.top_category_id, []).append(point_row(point))
    for category_id, category in ref.categories.items():
        rows = by_category.get(category_id)
        if rows:
            PointCluster(rows, category.colour, name=f"{category.name} ({len(rows)})").add_to(fmap)
    if late:
        PointCluster(
            [point_row(p) for p in late], "#ffffff", name=f"Sent inrapporterat ({len(late)})", dashed=True
        ).add_to(fmap)
    if points:
        HeatMap(
            [[round(p.lat, 5), round(p.lon, 5)] for p in points],
            name="Värmekarta",
            show=False,
            radius=18,
            blur=14,
        ).add_to(fmap)

    totals = folium.FeatureGroup(name="Områdestotaler")
    largest = max((row.total for row in figures.rows), default=0)
    for row in figures.rows:
        area = ref.areas.get(row.area_id)
        if area is None or row.total == 0:
            continue
        folium.CircleMarker(
            location=(area.centre_lat, area.centre_lon),
            radius=area_radius(row.total, largest),
            color="#1b3a5c",
            weight=2,
            fill=True,
            fill_color="#1b3a5c",
            fill_opacity=0.25,
            tooltip=folium.Tooltip(
                f'<span data-area-id="{row.area_id}" data-count="{row.total}">'
                f"{for_map(row.name)}: {row.total}</span>",
                permanent=True,
                direction="center",
                class_name="area-total",
            ),
        ).add_to(totals)
    totals.add_to(fmap)
    folium.LayerControl(collapsed=False).add_to(fmap)
    return maps.render(fmap)

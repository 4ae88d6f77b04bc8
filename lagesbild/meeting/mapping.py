"""The week map: one clustered point layer per category, a heat layer and labelled area totals.

HTML stays small however much the database holds: the caller caps the points, each category's points
travel as one compact array inside one cluster layer (instead of one folium Marker with its own popup
object and script per observation), names and dates are sent once in lookup arrays, and the heat layer
reuses the clusters' points. Member text reaches the map only through escaping.for_map, inside
JavaScript template literals, as folium does for its own popups.
"""

import math

import folium
from folium.elements import MacroElement
from folium.plugins import HeatMap, MarkerCluster
from folium.template import Template

from lagesbild import maps
from lagesbild.escaping import for_map
from lagesbild.periods import SWEDISH_MONTHS_SHORT

from .aggregate import WeekFigures
from .queries import Reference

POPUP_TEXT_MAX = 80


def template_literals(texts) -> str:
    """A JavaScript array of template literals, each text through escaping.for_map."""
    return "[" + ",".join(f"`{for_map(text)}`" for text in texts) + "]"


class Lookups(MacroElement):
    """Names and dates the point rows refer to by index, and the one function that draws the rows."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = {n: {{ this.names }}, p: {{ this.places }}, d: {{ this.days }}};
            {{ this.get_name() }}.fill = function (group, rows, style) {
                var t = {{ this.get_name() }};
                for (var i = 0; i < rows.length; i++) {
                    var r = rows[i];
                    var html = "<strong>" + t.n[r[2]] + "</strong><br>" + t.p[r[3]] + ", " + t.d[r[4]];
                    L.circleMarker([r[0], r[1]], style)
                        .bindPopup(html + "<br>" + r[5], {maxWidth: 320}).addTo(group);
                }
            };
        {% endmacro %}
        """
    )

    def __init__(self):
        super().__init__()
        self._name = "Lookups"
        self.index: dict[tuple[str, str], int] = {}
        self._lists: dict[str, list[str]] = {"n": [], "p": [], "d": []}

    def ref(self, kind: str, text: str) -> int:
        key = (kind, text)
        if key not in self.index:
            self.index[key] = len(self._lists[kind])
            self._lists[kind].append(text)
        return self.index[key]

    def render(self, **kwargs):
        self.names = template_literals(self._lists["n"])
        self.places = template_literals(self._lists["p"])
        self.days = template_literals(self._lists["d"])
        return super().render(**kwargs)


class PointCluster(MarkerCluster):
    """A clustered layer of circle markers built in the browser from compact rows.

    A row is [lat, lon, name index, place index, day index, `text`]; `text` went through for_map.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.markerClusterGroup({{ this.options|tojavascript }});
            {{ this.lookups.get_name() }}.fill(
                {{ this.get_name() }}, [{{ this.rows }}], {{ this.style|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, rows: list[str], lookups: Lookups, colour: str, name: str, dashed: bool = False):
        super().__init__(name=name, options={"showCoverageOnHover": False, "maxClusterRadius": 40})
        self._name = "PointCluster"
        self.rows = ",".join(rows)
        self.lookups = lookups
        self.style = {"radius": 7, "color": "#222222", "weight": 2, "fillColor": colour, "fillOpacity": 0.85}
        if dashed:
            self.style["dashArray"] = "3 3"


class HeatOfLayers(HeatMap):
    """A heat layer over the points already in the given cluster layers (no second copy of the data)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.heatLayer(
                [{% for layer in this.layers %}{{ layer.get_name() }}.getLayers(),{% endfor %}]
                    .reduce(function (all, markers) {
                        return all.concat(markers.map(function (m) { return m.getLatLng(); }));
                    }, []),
                {{ this.options|tojavascript }}
            );
        {% endmacro %}
        """
    )

    def __init__(self, layers: list[PointCluster], **kwargs):
        super().__init__([], **kwargs)
        self._name = "HeatOfLayers"
        self.layers = layers


class AreaTotals(folium.FeatureGroup):
    """Labelled circles at the area centres, sized by count; labels carry data-area-id and data-count."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.featureGroup();
            (function (group) {
                var rows = [{{ this.rows }}];
                for (var i = 0; i < rows.length; i++) {
                    var r = rows[i];
                    var style = {radius: r[2], color: "#1b3a5c", weight: 2,
                                 fillColor: "#1b3a5c", fillOpacity: 0.25};
                    var label = '<span data-area-id="' + r[3] + '" data-count="' + r[4] + '">';
                    L.circleMarker([r[0], r[1]], style)
                        .bindTooltip(label + r[5] + ": " + r[4] + "</span>",
                                     {permanent: true, direction: "center", className: "area-total"})
                        .addTo(group);
                }
            })({{ this.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, rows: list[str]):
        super().__init__(name="Områdestotaler")
        self._name = "AreaTotals"
        self.rows = ",".join(rows)


def short_date(day) -> str:
    return f"{day.day} {SWEDISH_MONTHS_SHORT[day.month - 1]}"


def point_row(point, lookups: Lookups) -> str:
    """One point as JavaScript source: numbers, indexes, and member text as an escaped template literal."""
    text = point.description
    if len(text) > POPUP_TEXT_MAX:
        text = text[: POPUP_TEXT_MAX - 1] + "…"
    name = lookups.ref("n", point.category)
    place = lookups.ref("p", point.place or point.area)
    day = lookups.ref("d", short_date(point.occurred_on))
    return f"[{point.lat:.5f},{point.lon:.5f},{name},{place},{day},`{for_map(text)} #{point.id}`]"


def area_radius(count: int, largest: int) -> float:
    """Circle radius in pixels: the circle's area grows with the count, so the eye compares fairly."""
    return 10 + 26 * math.sqrt(count / max(largest, 1))


def build_week_map(figures: WeekFigures, ref: Reference, points, late, zoom_start: int = 12) -> maps.MapParts:
    """Return the rendered map; `points` and `late` are capped rows from queries.period_points()."""
    fmap = maps.new_map(zoom_start=zoom_start)
    lookups = Lookups()
    lookups.add_to(fmap)
    by_category: dict[int, list[str]] = {}
    for point in points:
        by_category.setdefault(point.top_category_id, []).append(point_row(point, lookups))
    clusters = []
    for category_id, category in ref.categories.items():
        rows = by_category.get(category_id)
        if rows:
            clusters.append(
                PointCluster(rows, lookups, category.colour, name=f"{category.name} ({len(rows)})")
            )
    if late:
        rows = [point_row(p, lookups) for p in late]
        clusters.append(
            PointCluster(rows, lookups, "#ffffff", name=f"Sent inrapporterat ({len(rows)})", dashed=True)
        )
    for cluster in clusters:
        cluster.add_to(fmap)
    if clusters:
        HeatOfLayers(clusters, name="Värmekarta", show=False, radius=18, blur=14).add_to(fmap)

    largest = max((row.total for row in figures.rows), default=0)
    rows = []
    for row in figures.rows:
        area = ref.areas.get(row.area_id)
        if area is not None and row.total:
            radius = area_radius(row.total, largest)
            rows.append(
                f"[{area.centre_lat:.5f},{area.centre_lon:.5f},{radius:.1f},{row.area_id},{row.total},"
                f"`{for_map(row.name)}`]"
            )
    AreaTotals(rows).add_to(fmap)
    folium.LayerControl(collapsed=False).add_to(fmap)
    return maps.render(fmap)

"""The week map: one clustered point layer per category, a heat layer and labelled area totals.

The page's HTML carries only the map's skeleton (empty layers, area totals, the layer control), so it
stays small however much the database holds. The points come in a second request, as a small script
(`/vecka/<slug>/karta.js`, see map_data_script) that static/js/meeting-map.js turns into circle markers:
capped rows with names and dates sent once in lookup arrays. Member text reaches the map only through
escaping.for_map, inside JavaScript template literals, as folium does for its own popups.
"""

import dataclasses
import math
import re

from flask import url_for
from folium.elements import JSCSSMixin, MacroElement
from folium.plugins import HeatMap, MarkerCluster
from folium.template import Template

from lagesbild import maps
from lagesbild.escaping import for_map
from lagesbild.periods import SWEDISH_MONTHS_SHORT

from .aggregate import WeekFigures
from .queries import Reference

POPUP_TEXT_MAX = 80
LATE_LAYER = "late"


def template_literals(texts) -> str:
    """A JavaScript array of template literals, each text through escaping.for_map."""
    return "[" + ",".join(f"`{for_map(text)}`" for text in texts) + "]"


class WeekLayers(JSCSSMixin, MacroElement):
    """All the week's overlays in one call to meeting-map.js: a clustered layer per category (and one for
    late reports), a heat layer, labelled area totals and Leaflet's layer control to toggle them.

    Layers are [key, colour, `name`, dashed]; areas are [lat, lon, radius, area id, count, `name`].
    Built in the browser so that the page's HTML holds one line per layer instead of folium's several.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            lagesbildWeekMap.build({{ this._parent.get_name() }}, [{{ this.layers }}], [{{ this.areas }}]);
        {% endmacro %}
        """
    )
    default_js = [*MarkerCluster.default_js, *HeatMap.default_js]
    default_css = MarkerCluster.default_css

    def __init__(self, layers: list[str], areas: list[str]):
        super().__init__()
        self._name = "WeekLayers"
        self.layers = ",".join(layers)
        self.areas = ",".join(areas)


def area_radius(count: int, largest: int) -> float:
    """Circle radius in pixels: the circle's area grows with the count, so the eye compares fairly."""
    return 10 + 26 * math.sqrt(count / max(largest, 1))


def build_week_map(
    figures: WeekFigures, ref: Reference, late_total: int, zoom_start: int = 12
) -> maps.MapParts:
    """Return the map skeleton: a layer per category with observations, late reports, heat, area totals."""
    fmap = maps.new_map(zoom_start=zoom_start)
    layers = []
    for index, column in enumerate(figures.columns):
        if figures.column_totals[index]:
            category = ref.categories[column["id"]]
            layers.append(f'["{category.id}","{category.colour}",`{for_map(category.name)}`,0]')
    if late_total:
        layers.append(f'["{LATE_LAYER}","#ffffff",`Sent inrapporterat`,1]')
    largest = max((row.total for row in figures.rows), default=0)
    areas = []
    for row in figures.rows:
        area = ref.areas.get(row.area_id)
        if area is not None and row.total:
            radius = area_radius(row.total, largest)
            areas.append(
                f"[{area.centre_lat:.5f},{area.centre_lon:.5f},{radius:.1f},{row.area_id},{row.total},"
                f"`{for_map(row.name)}`]"
            )
    WeekLayers(layers, areas).add_to(fmap)
    parts = maps.render(fmap)
    # folium indents generously; the skeleton holds no member text with line breaks.
    script = re.sub(r"\n\s+", "\n", parts.script)
    # meeting-map.js must run before the map's own script, which calls it.
    return dataclasses.replace(
        parts, script=script, js=[*parts.js, url_for("static", filename="js/meeting-map.js")]
    )


class Lookups:
    """Names, places and dates sent once; point rows refer to them by index."""

    def __init__(self):
        self.lists: dict[str, list[str]] = {"n": [], "p": [], "d": []}
        self.index: dict[tuple[str, str], int] = {}

    def ref(self, kind: str, text: str) -> int:
        if (kind, text) not in self.index:
            self.index[(kind, text)] = len(self.lists[kind])
            self.lists[kind].append(text)
        return self.index[(kind, text)]

    def script(self) -> str:
        return (
            "{" + ",".join(f"{kind}:{template_literals(texts)}" for kind, texts in self.lists.items()) + "}"
        )


def point_row(point, lookups: Lookups) -> str:
    """One point as JavaScript source: numbers, indexes, and member text as an escaped template literal."""
    text = point.description
    if len(text) > POPUP_TEXT_MAX:
        text = text[: POPUP_TEXT_MAX - 1] + "…"
    name = lookups.ref("n", point.category)
    place = lookups.ref("p", point.place or point.area)
    day = lookups.ref("d", f"{point.occurred_on.day} {SWEDISH_MONTHS_SHORT[point.occurred_on.month - 1]}")
    return f"[{point.lat:.5f},{point.lon:.5f},{name},{place},{day},`{for_map(text)} #{point.id}`]"


def map_data_script(points, late) -> str:
    """The points the viewer may see, as `lagesbildWeekMap.load({...})` for meeting-map.js."""
    lookups = Lookups()
    layers: dict[str, list[str]] = {}
    for point in points:
        layers.setdefault(str(point.top_category_id), []).append(point_row(point, lookups))
    if late:
        layers[LATE_LAYER] = [point_row(point, lookups) for point in late]
    body = ",".join(f'"{key}":[{",".join(rows)}]' for key, rows in layers.items())
    return f"lagesbildWeekMap.load({{t:{lookups.script()},layers:{{{body}}}}});\n"

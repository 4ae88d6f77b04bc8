"""The on-screen map: each area's boundary shaded by its total (a choropleth), and, internally, a heat layer.

An area without a stored boundary is drawn as a circle at its centre sized by its total; a bundled
approximate boundary says "ungefärlig gräns" in its tooltip. The table beside the map carries the same
figures. The public variant shows area circles only (no heat layer:
place-level geography never leaves the group).
"""

import math

import folium
from folium.plugins import HeatMap

from lagesbild import maps
from lagesbild.escaping import for_map

from .report import Report


def report_map(report: Report) -> maps.MapParts:
    fmap = maps.new_map(zoom_start=11)
    areas = report.numbers.areas.set_index("area")
    totals = report.tables["omraden"].frame.iloc[:-1].set_index("Område")["Totalt"]
    numeric = [v for v in totals if not isinstance(v, str)]
    largest = max(numeric + [1])
    for area, value in totals.items():
        size = 0 if isinstance(value, str) else value
        boundary = maps.area_geometry(areas.at[area, "geojson"])
        if boundary is not None:
            # A choropleth: the area's own shape, darker the more was reported there.
            approximate = " (ungefärlig gräns)" if bool(areas.at[area, "boundary_is_approximate"]) else ""
            shade = 0.1 + 0.6 * size / largest
            folium.GeoJson(
                boundary,
                style_function=lambda _f, shade=shade: {
                    "color": "#083a66",
                    "weight": 1,
                    "fillColor": "#0072B2",
                    "fillOpacity": shade,
                },
                tooltip=folium.Tooltip(for_map(f"{area}: {value}{approximate}")),
            ).add_to(fmap)
            continue
        label = for_map(f"{area}: {value}")
        folium.CircleMarker(
            [float(areas.at[area, "lat"]), float(areas.at[area, "lon"])],
            radius=6 + 30 * math.sqrt(size / largest),
            color="#083a66",
            weight=2,
            fill=True,
            fill_color="#0072B2",
            fill_opacity=0.35,
            # Labels stay open on the larger circles only: the centres of the town's areas lie close.
            tooltip=folium.Tooltip(label, permanent=size >= largest * 0.3),
        ).add_to(fmap)
    fmap.fit_bounds([[float(areas["lat"].min()), float(areas["lon"].min())],
                     [float(areas["lat"].max()), float(areas["lon"].max())]])  # fmt: skip
    heat = report.numbers.heat
    if not report.public and len(heat):
        points = [[float(lat), float(lon), float(n)] for lat, lon, n in heat.itertuples(index=False)]
        HeatMap(points, name="Värmekarta", radius=18, max_zoom=15).add_to(fmap)
    return maps.render(fmap)

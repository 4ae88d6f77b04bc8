"""Build the approximate area polygons of the bundled Eslöv set (lagesbild/reference/areas.geojson).

Until the municipality uploads surveyed boundaries, each area gets a polygon drawn from the sourced
centres, in SWEREF 99 TM metres:

- the five sub-areas of Eslöv's town (centrum, Berga, Rönneberga, Sallerup, tätort övrigt) split a disc
  of TOWN_RADIUS around the town centre between them: each point of the disc goes to the area of the
  nearest of their centres and of the named places listed in them in places.csv (Voronoi cells), so
  every named place lies inside the area the gazetteer puts it in;
- each other locality is a disc of LOCALITY_RADIUS around its centre, cut where it is nearer another
  locality's centre, so two neighbours (Örtofta and Väggarp lie 1 km apart) never overlap;
- Landsbygden is the rest of the box around all localities with RURAL_MARGIN.

Run `python -m lagesbild.reference_admin.approximate lagesbild/reference` to rebuild areas.geojson
from the centres and sources in it and the places in places.csv.
"""

import csv
import json
import sys
from pathlib import Path

import shapely
from shapely.geometry import MultiPoint, Point, box, mapping
from shapely.ops import unary_union, voronoi_diagram

from .geometry import reproject, to_metres, to_wgs84

TOWN = ("Eslövs centrum", "Berga", "Rönneberga", "Sallerup", "Eslövs tätort (övrigt)")
TOWN_CENTRE = (13.303626, 55.837495)  # Eslöv tätort (gazetteer: svenska-stader)
TOWN_RADIUS = 2_600
LOCALITY_RADIUS = 1_200
RURAL_MARGIN = 4_000
RURAL = "Landsbygden"
METHOD = (
    "ungefärlig gräns: {how} (lagesbild/reference_admin/approximate.py), till dess kommunen laddar upp sina"
)


def build(features: list[dict], places: list[dict]) -> list[dict]:
    """Return the features with approximate polygons (see the module docstring)."""
    to_m = to_metres().transform
    centres = {
        f["properties"]["name"]: Point(to_m(f["properties"]["centre_lon"], f["properties"]["centre_lat"]))
        for f in features
    }
    town = Point(to_m(*TOWN_CENTRE))
    town_disc = town.buffer(TOWN_RADIUS, 64)
    shapes = {}
    seeds = [(centres[name], name) for name in TOWN] + [
        (Point(to_m(float(place["lon"]), float(place["lat"]))), place["area"])
        for place in places
        if place["area"] in TOWN
    ]
    town_cells = voronoi_diagram(MultiPoint([point for point, _ in seeds]), envelope=town_disc.envelope)
    for name in TOWN:
        mine = [c for c in town_cells.geoms if any(c.contains(p) for p, area in seeds if area == name)]
        shapes[name] = unary_union(mine).intersection(town_disc)
    localities = [name for name in centres if name not in TOWN and name != RURAL]
    seeds = [town] + [centres[name] for name in localities]
    everything = box(*MultiPoint(seeds).buffer(RURAL_MARGIN + LOCALITY_RADIUS).bounds)
    cells = voronoi_diagram(MultiPoint(seeds), envelope=everything)
    for name in localities:
        cell = next(c for c in cells.geoms if c.contains(centres[name]))
        shapes[name] = cell.intersection(centres[name].buffer(LOCALITY_RADIUS, 32)).difference(town_disc)
    shapes[RURAL] = everything.difference(unary_union(list(shapes.values())))
    result, taken = [], Point()
    for feature in features:
        name = feature["properties"]["name"]
        # Rounded to about 10 cm; what an earlier area took (rounding may shift an edge) is cut away.
        geometry = shapely.set_precision(reproject(shapes[name], to_wgs84("EPSG:3006")), 1e-6)
        geometry = shapely.set_precision(geometry.difference(taken), 1e-6)
        taken = taken.union(geometry)
        how = (
            "del av en cirkel med radie 2,6 km kring tätortens mitt, närmast detta områdes mittpunkt"
            if name in TOWN
            else "resten av kommunens omgivande rektangel"
            if name == RURAL
            else "cirkel med radie 1,2 km kring orten, delad mot grannorter"
        )
        source = feature["properties"]["source"].split(" | ungefärlig gräns")[0]
        properties = {
            **feature["properties"],
            "approximate_boundary": True,
            "source": f"{source} | {METHOD.format(how=how)}"[:400],
        }
        result.append({"type": "Feature", "properties": properties, "geometry": mapping(geometry)})
    return result


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    path = folder / "areas.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    with (folder / "places.csv").open(encoding="utf-8") as places:
        collection["features"] = build(collection["features"], list(csv.DictReader(places)))
    path.write_text(json.dumps(collection, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

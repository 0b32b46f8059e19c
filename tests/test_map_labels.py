"""Map labels never overlap: each map's SVG, as the build renders it with vl-convert, is laid out
by Chromium with the chart font, and the boxes of its label texts (county names and values, zone
numbers, a station's name, the key under the map) are measured. No two texts overlap, and no text
covers a zone's or a station's marker. On the sample and on the real 2019 build (where 开发区,
云台山景区 and 徐圩新区 crowd 连云区, and a station's name once sat over two county names)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from generator.pages.shared.map_layout import Box, Frame, Label, place_labels

MEASURE = """() => {
  const box = (e) => { const r = e.getBoundingClientRect();
    return {text: e.textContent, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom}; };
  const all = (sel) => [...document.querySelectorAll(sel)].map(box).filter((b) => b.x1 > b.x0);
  return {texts: all("g.mark-text.role-mark text").filter((b) => b.text.trim()),
          marks: all("g.mark-symbol.role-mark path")};
}"""
SLACK = 0.5  # px: boxes touching within antialiasing are not an overlap


def overlaps(a: dict, b: dict) -> bool:
    return (
        min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > SLACK
        and min(a["y1"], b["y1"]) - max(a["y0"], b["y0"]) > SLACK
    )


def measure(page, svg: str) -> dict:
    page.set_content(f'<html><body style="margin:0">{svg}</body></html>')
    return page.evaluate(MEASURE)


def collisions(boxes: dict) -> list[tuple[str, str]]:
    texts, marks = boxes["texts"], boxes["marks"]
    found = [(a["text"], b["text"]) for i, a in enumerate(texts) for b in texts[i + 1 :] if overlaps(a, b)]
    found += [(t["text"], "marker") for t in texts for m in marks if overlaps(t, m)]
    return found


def map_svgs(site) -> dict[str, str]:
    folders = sorted((site / "charts").glob("map-*"))
    return {
        f.name: (f / "chart.svg").read_text(encoding="utf-8") for f in folders if (f / "chart.svg").is_file()
    }


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 900, "height": 900})
    yield context.new_page()
    context.close()


def assert_no_label_overlaps(page, site):
    svgs = map_svgs(site)
    assert {"map-latest-composite", "map-latest-aqi", "map-stations"} <= set(svgs)
    bad = {}
    for chart_id, svg in svgs.items():
        boxes = measure(page, svg)
        assert len(boxes["texts"]) >= 6, chart_id  # the county names at least were measured
        if found := collisions(boxes):
            bad[chart_id] = found
    assert not bad, bad


@pytest.mark.browser
def test_no_label_overlaps_on_any_map_of_the_sample(page, sample_site):
    assert_no_label_overlaps(page, sample_site)


@pytest.mark.browser
def test_no_label_overlaps_on_any_map_of_the_real_2019_build(page, real_2019_site):
    assert_no_label_overlaps(page, real_2019_site)


@pytest.mark.browser
def test_the_measure_sees_an_overlap_when_there_is_one(page):
    """The check itself: two labels drawn at the same place are caught."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">'
        '<g class="mark-text role-mark"><text x="20" y="40" font-size="12">连云区</text>'
        '<text x="30" y="44" font-size="12">海州区</text></g></svg>'
    )
    assert collisions(measure(page, svg)) == [("连云区", "海州区")]


def test_labels_crowded_on_one_point_are_spread_without_overlap():
    """Four zones 4 km apart (a few pixels on the map): each number finds its own free place."""
    labels = [Label(180.0, 150.0 + i, ((str(i + 1), 12),), clear=6.5) for i in range(4)]
    markers = [(lb.x, lb.y, 6.5) for lb in labels]
    centres = place_labels(labels, markers, 360, 380)
    boxes = [Box.around(*c, *lb.size) for lb, c in zip(labels, centres, strict=True)]
    assert not any(a.meets(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    marker_boxes = [Box(x - r, y - r, x + r, y + r) for x, y, r in markers]
    assert not any(b.meets(m) for b in boxes for m in marker_boxes)


def test_the_projection_frame_fits_the_outline_and_inverts():
    lons, lats = np.array([118.6, 119.9]), np.array([34.0, 35.1])
    frame = Frame.fit(lons, lats, 360, 380)
    xs, ys = frame.to_px(lons, lats)
    # Fitted: the outline touches two opposite sides of the plot and is centred on the other axis.
    assert math.isclose(xs.min() + xs.max(), 360) and math.isclose(ys.min() + ys.max(), 380)
    assert math.isclose(xs.max() - xs.min(), 360) or math.isclose(ys.max() - ys.min(), 380)
    assert ys[1] < ys[0]  # north is up
    back = frame.to_lonlat(xs, ys)
    assert np.allclose(back[0], lons) and np.allclose(back[1], lats)

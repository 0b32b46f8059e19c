"""Maps drawn at build time from the real county boundaries: in the registry, on the pages, as PNG."""

from __future__ import annotations

import json

import lxml.html
import numpy as np
import pytest
from charts_live import ask_for_charts
from pngpixels import decode

from generator.config.boundaries import ring_area

COUNTIES = ("连云区", "海州区", "赣榆区", "东海县", "灌云县", "灌南县")
ZONES = ("连云港经济技术开发区", "徐圩新区", "高新区", "云台山景区")


def _page(site, url):
    return lxml.html.parse(str(site / url / "index.html")).getroot()


def _spec(site, chart_id):
    return json.loads((site / "charts" / chart_id / "chart.vl.json").read_text(encoding="utf-8"))


def _geoshape_features(spec) -> list[dict]:
    for layer in spec["layer"]:
        if layer.get("mark", {}).get("type") == "geoshape":
            return layer["data"]["values"]
    raise AssertionError("no geoshape layer")


def _colours(png: bytes) -> set[tuple[int, int, int]]:
    pixels = decode(png)[..., :3].reshape(-1, 3)
    return {tuple(int(v) for v in p) for p in np.unique(pixels, axis=0)}


def test_composite_map_is_on_the_ranking_page_and_the_home_page_with_its_table(sample_site):
    for url in ("rankings", ""):
        root = _page(sample_site, url)
        figure = root.xpath('//figure[@id="chart-map-2026-w47-composite"]')
        assert figure, url
        table = root.xpath(
            '//div[@class="lyg-map"][.//figure[@id="chart-map-2026-w47-composite"]]'
            '//table[@class="lyg-map-table"]'
        )[0]
        names = [r.xpath("./td")[0].text_content() for r in table.xpath("./tbody/tr")]
        assert sorted(names) == sorted(COUNTIES + ZONES)
    # The moving alias always names the newest week's map.
    assert (sample_site / "charts" / "map-latest-composite" / "chart.png").is_file()


def test_composite_map_draws_every_county_from_its_boundary_with_a_sequential_legend(sample_site):
    spec = _spec(sample_site, "map-2026-w47-composite")
    features = _geoshape_features(spec)
    assert sorted(f["name"] for f in features) == sorted(COUNTIES)
    for f in features:
        ring = np.array(f["geometry"]["coordinates"][0][0])
        assert len(ring) > 100  # a real outline, not a box
        assert ring_area(ring) < 0  # clockwise, as d3-geo needs (else it fills the globe)
    colour = next(
        layer["encoding"]["color"]
        for layer in spec["layer"]
        if layer.get("mark", {}).get("type") == "geoshape"
    )
    assert colour["condition"]["scale"]["scheme"] == "orangered"
    assert "综合指数" in colour["condition"]["legend"]["title"]
    assert spec["config"]["legend"]["orient"] == "bottom"  # below the map: room on a phone


def test_aqi_map_uses_the_official_palette_in_the_png(sample_site):
    spec = _spec(sample_site, "map-latest-aqi")
    colour = next(
        layer["encoding"]["color"]
        for layer in spec["layer"]
        if layer.get("mark", {}).get("type") == "geoshape"
    )
    assert colour["scale"]["range"][:6] == ["#00E400", "#FFFF00", "#FF7E00", "#FF0000", "#99004C", "#7E0023"]
    png = (sample_site / "charts" / "map-latest-aqi" / "chart.png").read_bytes()
    # The sample's last day is 优 everywhere: the map is painted in the official green.
    assert (0, 228, 0) in _colours(png)


def test_map_images_carry_chinese_labels(sample_site):
    for chart_id in ("map-latest-composite", "map-latest-aqi", "map-stations"):
        svg = (sample_site / "charts" / chart_id / "chart.svg").read_text(encoding="utf-8")
        assert "Noto Sans CJK SC" in svg
        for name in ("赣榆区", "东海县", "灌南县"):
            assert f">{name}<" in svg, (chart_id, name)
    # Zones (no boundary) are labelled points.
    svg = (sample_site / "charts" / "map-latest-composite" / "chart.svg").read_text(encoding="utf-8")
    assert "徐圩新区" in svg and "云台山景区" in svg


def test_stations_map_on_the_stations_page_lists_every_station_with_data(sample_site):
    root = _page(sample_site, "stations")
    assert root.xpath('//figure[@id="chart-map-stations"]')
    rows = root.xpath('//table[@class="lyg-map-table"]/tbody/tr')
    codes = {r.xpath("./td")[0].text_content() for r in rows}
    assert {"1173A", "3007A", "DH01", "GN02", "YT01"} <= codes and len(codes) == 16


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}])
def test_maps_render_in_the_browser(visit, sample_server, viewport, tmp_path):
    v = visit(viewport)
    for url in ("", "rankings/"):
        v.goto(sample_server.url + url)
        figure = v.page.locator("#chart-map-2026-w47-composite .lyg-chart")
        ask_for_charts(v.page, "#chart-map-2026-w47-composite .lyg-chart")  # the reader taps the map
        v.page.wait_for_selector(
            "#chart-map-2026-w47-composite .lyg-chart[data-state='interactive'] svg", timeout=15000
        )
        box = figure.bounding_box()
        assert box["width"] <= viewport["width"]  # never wider than the screen
        v.page.screenshot(
            path=str(tmp_path / f"map-{url.strip('/') or 'home'}-{viewport['width']}.png"), full_page=False
        )
    v.assert_clean()

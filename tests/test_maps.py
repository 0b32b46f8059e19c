"""Maps drawn at build time from the real county boundaries: in the registry, on the pages, as PNG."""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path

import lxml.html
import numpy as np
import pytest
from charts_live import ask_for_charts
from pngpixels import decode

from generator.config.boundaries import ring_area

COUNTIES = ("连云区", "海州区", "赣榆区", "东海县", "灌云县", "灌南县")
ZONES = ("连云港经济技术开发区", "徐圩新区", "高新区", "云台山景区")
RULES = Path(__file__).resolve().parent.parent / "generator" / "standards" / "tables"


def _page(site, url):
    return lxml.html.parse(str(site / url / "index.html")).getroot()


def _spec(site, chart_id):
    return json.loads((site / "charts" / chart_id / "chart.vl.json").read_text(encoding="utf-8"))


def _layers(spec) -> list[dict]:
    """Every single-view layer of a (nested) layered spec."""
    if "layer" not in spec:
        return [spec]
    return [leaf for layer in spec["layer"] for leaf in _layers(layer)]


def _rows(spec, layer) -> list[dict]:
    data = layer.get("data", {})
    return data["values"] if "values" in data else spec.get("datasets", {}).get(data.get("name"), [])


def _geoshape_features(spec) -> list[dict]:
    """The features of every geoshape layer (areas with and without data are separate layers)."""
    features = [
        f
        for layer in _layers(spec)
        if layer.get("mark", {}).get("type") == "geoshape"
        for f in _rows(spec, layer)
    ]
    assert features, "no geoshape layer"
    return features


def _zone_markers(spec) -> list[dict]:
    return [
        r
        for layer in _layers(spec)
        if layer.get("mark", {}).get("type") == "circle"
        for r in _rows(spec, layer)
    ]


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
        for layer in _layers(spec)
        if layer.get("mark", {}).get("type") == "geoshape" and "field" in layer["encoding"]["color"]
    )
    assert colour["scale"]["scheme"]["name"] == "blues"  # neutral: no AQI level is blue
    assert "综合指数" in colour["legend"]["title"]
    assert spec["config"]["legend"]["orient"] == "bottom"  # below the map: room on a phone


def test_aqi_map_uses_the_official_palette_in_the_png(sample_site):
    spec = _spec(sample_site, "map-latest-aqi")
    colour = next(
        layer["encoding"]["color"]
        for layer in _layers(spec)
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
    # Zones (no boundary) are numbered points, named in the key under the map.
    svg = (sample_site / "charts" / "map-latest-composite" / "chart.svg").read_text(encoding="utf-8")
    assert "① 连云港经济技术开发区" in svg and "④ 云台山景区" in svg


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


# --- Every area on every map; a relative index in neutral colours -------------------------------

NO_DATA_GREY = (224, 224, 224)
# The official AQI colours (levels.csv), which a relative index must never borrow.
AQI_COLOURS = {(0, 228, 0), (255, 255, 0), (255, 126, 0), (255, 0, 0), (153, 0, 76), (126, 0, 35)}


def assert_every_area_is_drawn(site, chart_id):
    spec = _spec(site, chart_id)
    assert sorted(f["name"] for f in _geoshape_features(spec)) == sorted(COUNTIES)
    assert sorted(r["name"] for r in _zone_markers(spec)) == sorted(ZONES)
    svg = (site / "charts" / chart_id / "chart.svg").read_text(encoding="utf-8")
    for name in COUNTIES:
        assert f">{name}<" in svg, (chart_id, name)
    for name in ZONES:  # in the key under the map
        assert name in svg, (chart_id, name)
    return spec, svg


@pytest.mark.parametrize("chart_id", ["map-latest-composite", "map-latest-aqi"])
def test_every_map_of_the_sample_draws_all_ten_areas(sample_site, chart_id):
    assert_every_area_is_drawn(sample_site, chart_id)


def test_the_composite_index_is_drawn_in_a_neutral_ramp_in_a_week_of_good_days(sample_site):
    """W47 of the sample has only 优 and 良 days: the map must not look polluted."""
    png = (sample_site / "charts" / "map-2026-w47-composite" / "chart.png").read_bytes()
    pixels = decode(png)[..., :3].reshape(-1, 3).astype(int)
    colours = _colours(png)
    assert not colours & AQI_COLOURS
    red, green, blue = pixels[:, 0], pixels[:, 1], pixels[:, 2]
    reddish = (red > green + 60) & (red > blue + 60)
    assert reddish.sum() == 0  # no red, orange or dark red anywhere on the map
    assert (blue > red + 60).sum() > 1000  # the counties are in blues


def test_real_2019_composite_map_draws_the_areas_without_data_grey_with_the_reason(real_2019_site):
    """Real 2019, week 52: 赣榆, 东海, 灌云, 灌南 have no data. They are outlined and grey, not
    dropped; the key under the map (in the SVG and PNG) and the table beside it say why."""
    spec, svg = assert_every_area_is_drawn(real_2019_site, "map-2019-w52-composite")
    grey = [
        layer
        for layer in _layers(spec)
        if layer.get("mark", {}).get("type") == "geoshape"
        and layer["encoding"]["color"].get("value") == "#e0e0e0"
    ]
    assert sorted(f["name"] for f in _rows(spec, grey[0])) == sorted(("赣榆区", "东海县", "灌云县", "灌南县"))
    assert "该周无监测数据" in svg
    png = (real_2019_site / "charts" / "map-2019-w52-composite" / "chart.png").read_bytes()
    assert (decode(png)[..., :3].reshape(-1, 3) == NO_DATA_GREY).all(axis=1).sum() > 5000
    root = _page(real_2019_site, "rankings")
    rows = root.xpath('//div[@class="lyg-map"][.//figure[@id="chart-map-2019-w52-composite"]]//tbody/tr')
    cells = {r.xpath("./td")[0].text_content(): [td.text_content() for td in r.xpath("./td")] for r in rows}
    assert sorted(cells) == sorted(COUNTIES + ZONES)
    assert "该周无监测数据" in cells["东海县"][-1]


def test_real_2019_aqi_map_draws_every_area(real_2019_site):
    _, svg = assert_every_area_is_drawn(real_2019_site, "map-latest-aqi")
    assert "当日无数据" in svg


def test_station_maps_state_their_period_and_rules(sample_site):
    """The sample runs from 2025 into 2026: both rule versions, each with its dates."""
    versions = list(csv.DictReader((RULES / "versions.csv").open(encoding="utf-8")))
    for url, chart_id in (("stations", "map-stations"), ("stations/3000A", "map-station-3000a")):
        caption = _page(sample_site, url).xpath(f'//figure[@id="chart-{chart_id}"]//figcaption')[0]
        text = caption.text_content()
        assert "时段：—" not in text and "规则：—" not in text
        assert re.search(r"时段：\d{4}-\d\d-\d\d 至 \d{4}-\d\d-\d\d", text), text
        for v in versions:
            assert f"{v['version']}年版标准" in text, text
        start = date.fromisoformat(versions[1]["effective_from"])
        assert f"{start.year}年{start.month}月{start.day}日起" in text

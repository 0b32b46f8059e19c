"""A reporter opens a chart page, downloads its files and embeds it in their own site."""

from __future__ import annotations

import csv
import io
import json

import pytest
from a11y import assert_accessible
from chart_demo import DEMO_ALIAS, DEMO_COLUMNS, DEMO_ID, build_demo_site
from charts_live import ask_for_charts
from conftest import PageVisit, StaticServer
from pngpixels import decode

from generator.charts.export import png_size

pytestmark = pytest.mark.browser

LIVE_CHART = ".lyg-chart[data-state='interactive'] svg"


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    return build_demo_site(tmp_path_factory.mktemp("chart-site"))


@pytest.fixture(scope="module")
def site_server(demo_site):
    server = StaticServer(demo_site)
    yield server
    server.close()


@pytest.fixture
def open_page(browser, site_server):
    contexts = []

    def make(extra_origins=(), **options):
        options = {"viewport": {"width": 1280, "height": 900}, **options}
        context = browser.new_context(locale="zh-CN", **options)
        contexts.append(context)
        return PageVisit(context.new_page(), {site_server.url.rstrip("/"), *extra_origins})

    yield make
    for context in contexts:
        context.close()


def test_chart_page_draws_the_interactive_chart_from_the_sites_own_bundle(open_page, site_server):
    v = open_page()
    requests = []
    v.page.on("request", lambda r: requests.append(r.url))
    v.goto(f"{site_server.url}charts/{DEMO_ID}/")
    # The page loads with the chart's image and without the bundle; the reader taps the chart.
    assert f"{site_server.url}assets/vega/vega-bundle.js" not in requests
    assert v.page.locator(".lyg-chart img").is_visible()
    v.page.locator(".lyg-chart").click()
    v.page.wait_for_selector(LIVE_CHART, timeout=15000)
    assert v.page.locator(".lyg-chart img").count() == 0  # the SVG fallback made way
    assert f"{site_server.url}assets/vega/vega-bundle.js" in requests
    assert v.page.locator("h1").first.inner_text() == "各县区环境空气质量综合指数"
    v.assert_clean()


def test_downloads_resolve_and_parse(open_page, site_server):
    v = open_page()
    v.goto(f"{site_server.url}charts/{DEMO_ID}/")
    links = v.page.locator(".lyg-downloads a")
    urls = {
        links.nth(i).get_attribute("href"): links.nth(i).evaluate("a => a.href") for i in range(links.count())
    }
    assert set(urls) == {"chart.png", "chart.svg", "data.csv", "chart.vl.json"}
    index = json.loads(v.page.request.get(f"{site_server.url}data/index.json").body())
    expected = next(c for c in index["charts"] if c["id"] == DEMO_ID)["files"]["png"]
    png = v.page.request.get(urls["chart.png"]).body()
    assert png_size(png) == (expected["width"], expected["height"])
    assert decode(png).shape[:2] == (expected["height"], expected["width"])
    rows = list(csv.reader(io.StringIO(v.page.request.get(urls["data.csv"]).body().decode("utf-8-sig"))))
    assert rows[0] == list(DEMO_COLUMNS.values()) and len(rows) == 5
    assert json.loads(v.page.request.get(urls["chart.vl.json"]).body())["$schema"].startswith(
        "https://vega.github.io/"
    )
    assert v.page.request.get(urls["chart.svg"]).body().startswith(b"<svg")
    v.assert_clean()


def test_without_javascript_the_svg_still_shows(open_page, site_server):
    v = open_page(java_script_enabled=False)
    v.goto(f"{site_server.url}charts/{DEMO_ID}/")
    img = v.page.locator(".lyg-chart img")
    assert img.is_visible()
    assert img.evaluate("i => i.complete && i.naturalWidth") > 0
    v.assert_clean()


@pytest.fixture
def newsroom(tmp_path, site_server):
    """Another site (another port = another origin) that embeds the chart in a narrow column."""
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>报道</title>'
        '<link rel="icon" href="data:,"></head><body>'
        f'<main><h1>报道</h1><iframe src="{site_server.url}embed/{DEMO_ID}/" title="图表" '
        'width="360" height="330" style="border:0"></iframe></main></body></html>',
        encoding="utf-8",
    )
    server = StaticServer(tmp_path)
    yield server
    server.close()


def test_embed_page_renders_in_an_iframe_on_another_site_and_fits_its_width(open_page, site_server, newsroom):
    v = open_page(extra_origins={newsroom.url.rstrip("/")})
    v.goto(newsroom.url)
    frame = v.page.frame_locator("iframe")
    ask_for_charts(frame)
    frame.locator(LIVE_CHART).wait_for(timeout=15000)
    width = frame.locator(LIVE_CHART).evaluate("s => s.getBoundingClientRect().width")
    assert 0 < width <= 360
    assert "数据截至" in frame.locator("figcaption").inner_text()
    v.assert_clean()


def test_latest_alias_leads_to_the_current_chart(open_page, site_server):
    v = open_page()
    v.goto(f"{site_server.url}charts/{DEMO_ALIAS}/")
    v.page.wait_for_url(f"{site_server.url}charts/{DEMO_ID}/")
    v.assert_clean()


@pytest.mark.parametrize("path", ["", f"charts/{DEMO_ID}/", "data/", f"embed/{DEMO_ID}/"])
def test_pages_have_no_serious_accessibility_issue(open_page, site_server, path):
    v = open_page()
    v.goto(site_server.url + path)
    if path.startswith(("charts/", "embed/")):
        ask_for_charts(v.page)
        v.page.wait_for_selector(LIVE_CHART, timeout=15000)
    assert_accessible(v.page)
    v.assert_clean()


def test_every_chart_the_sample_site_registers_has_a_working_page(visit, sample_server):
    """Site level: the charts the real pages register (rankings, warnings...) all export."""
    v = visit()
    index = json.loads(v.page.request.get(f"{sample_server.url}data/index.json").body())
    assert index["charts"], "the sample site registers no chart"
    for chart in index["charts"]:
        for item in chart["files"].values():
            assert v.page.request.get(sample_server.url + item["path"]).ok, item["path"]
    first = index["charts"][0]
    v.goto(f"{sample_server.url}charts/{first['id']}/")
    ask_for_charts(v.page)
    v.page.wait_for_selector(LIVE_CHART, timeout=15000)
    assert_accessible(v.page)
    v.goto(sample_server.url)
    assert_accessible(v.page)
    v.assert_clean()

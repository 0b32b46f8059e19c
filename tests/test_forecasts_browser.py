"""The forecast pages in a browser, wide and narrow: readable, clean and accessible (axe)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from charts_live import ask_for_charts

from tests.a11y import assert_accessible

pytestmark = pytest.mark.browser
PAGES = ["forecast/", "forecast/archive/", "forecast/2026-01-12/", "forecast/check/"]


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    """Where the screenshots go: LYG_SCREENSHOTS=<dir> keeps them for a person to look at."""
    folder = Path(os.environ.get("LYG_SCREENSHOTS") or tmp_path_factory.mktemp("forecast-shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("path", PAGES)
def test_forecast_pages_are_accessible_at_each_width(visit, sample_server, shots, path, width):
    v = visit(viewport={"width": width, "height": 900})
    v.goto(sample_server.url + path)
    assert_accessible(v.page)
    # Nothing sticks out sideways on a phone: wide tables scroll inside their own box.
    overflow = v.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1
    v.page.screenshot(path=str(shots / f"{path.strip('/').replace('/', '_')}-{width}.png"), full_page=True)
    v.assert_clean()


def test_the_seven_days_read_in_order_with_their_levels(visit, sample_server):
    v = visit()
    v.goto(sample_server.url + "forecast/")
    rows = v.page.locator("table.lyg-forecast-table").first.locator("tbody tr")
    assert rows.count() == 7
    assert rows.nth(0).locator("th").inner_text().startswith("2026-11-23")
    assert rows.nth(6).locator("th").inner_text().startswith("2026-11-29")
    assert v.page.locator("#chart-forecast-hit-rate").count() == 1
    v.assert_clean()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_home_page_forecast_is_accessible(visit, sample_server, shots, width):
    v = visit(viewport={"width": width, "height": 900})
    v.goto(sample_server.url)
    block = v.page.locator(".lyg-home-forecast")
    assert block.locator("li").count() == 4
    assert_accessible(v.page, {"include": [[".lyg-home-forecast"]]})
    block.screenshot(path=str(shots / f"home-forecast-{width}.png"))
    v.assert_clean()


def test_the_hit_rate_chart_page_draws_the_chart_and_is_accessible(visit, sample_server, shots):
    v = visit()
    v.goto(sample_server.url + "charts/forecast-hit-rate/")
    ask_for_charts(v.page)
    v.page.wait_for_selector(".lyg-chart[data-state='interactive'] svg", timeout=15000)
    assert_accessible(v.page)
    v.page.screenshot(path=str(shots / "chart-forecast-hit-rate-1280.png"), full_page=True)
    v.assert_clean()

"""A reader opens the latest monthly and year-to-date rankings and the city's year, on a desktop
(1280 px) and a phone (390 px): tables and charts render, the page itself never scrolls sideways
(wide tables scroll inside their frame), nothing outside the site is requested."""

from __future__ import annotations

import pytest
from charts_live import ask_for_charts

pytestmark = pytest.mark.browser

PAGES = {
    "rankings/monthly/latest/": "月排名",
    "rankings/ytd/latest/": "年初至今累计排名",
    "rankings/city/2026/": "逐月空气质量与排名",
}


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("path", list(PAGES))
def test_period_pages_render_at_desktop_and_phone_widths(visit, sample_server, path, width):
    v = visit(viewport={"width": width, "height": 900})
    v.goto(sample_server.url + path)
    assert PAGES[path] in v.page.locator("h1").first.inner_text()
    assert v.page.locator(".lyg-table-wrap table tbody tr").count() >= 1
    overflow = v.page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{path} scrolls sideways by {overflow} px at {width} px"
    if path != "rankings/ytd/latest/":  # the month's ranking and the city's rank by month
        ask_for_charts(v.page)
        v.page.wait_for_selector(
            '.lyg-figure .lyg-chart[data-state="interactive"] .lyg-chart-live svg', timeout=30000
        )
    v.assert_clean()

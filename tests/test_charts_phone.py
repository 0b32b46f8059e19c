"""Charts made for phones: at 390 px wide, chart text is drawn large enough to read.

A chart drawn for a 640 px column and scaled down to a phone had labels 8 px tall. The page now
redraws the interactive chart for the phone's width; the exported PNG is the same as before.
"""

from __future__ import annotations

import pytest
from charts_live import ask_for_charts

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PAGES = [
    "rankings/latest/",  # a ranking
    "areas/haizhou/",  # an area (rank history, weekly and daily charts)
    "science/aqi/",  # a science page
    "charts/area-haizhou-daily-aqi/",  # a chart page
    "",  # the home page (maps)
]
LIVE = ".lyg-chart[data-state='interactive'] svg"
MIN_HEIGHT = 11
SHARE = 0.9

LABEL_HEIGHTS = """() => Array.from(document.querySelectorAll(
    ".lyg-chart[data-state='interactive'] svg text"))
  .filter(t => t.textContent.trim() && getComputedStyle(t).visibility !== 'hidden')
  .map(t => t.getBoundingClientRect())
  .filter(r => r.width > 0)
  .map(r => r.height)"""


@pytest.mark.parametrize("path", PAGES)
def test_chart_labels_are_at_least_11_px_at_phone_width(visit, sample_server, path):
    v = visit(PHONE)
    v.goto(sample_server.url + path)
    charts = v.page.locator(".lyg-chart[data-spec]")
    n = charts.count()
    assert n > 0, f"{path} has no chart"
    ask_for_charts(v.page)
    v.page.wait_for_function(
        "n => document.querySelectorAll(\".lyg-chart[data-state='interactive'] svg\").length >= n",
        arg=n,
        timeout=30000,
    )
    heights = v.page.evaluate(LABEL_HEIGHTS)
    assert len(heights) >= 10, f"{path}: only {len(heights)} labels measured"
    readable = sum(h >= MIN_HEIGHT for h in heights) / len(heights)
    assert readable >= SHARE, (
        f"{path}: {readable:.0%} of {len(heights)} labels ≥ {MIN_HEIGHT} px; {sorted(heights)[:10]}"
    )
    # No chart is wider than the phone's screen.
    widths = v.page.evaluate(
        "() => Array.from(document.querySelectorAll('.lyg-chart svg'))"
        ".map(s => s.getBoundingClientRect().right)"
    )
    assert max(widths) <= PHONE["width"] + 1
    v.assert_clean()

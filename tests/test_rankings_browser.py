"""A reader opens the latest weekly ranking: table and charts render, nothing outside the site is
requested, and the week's CSV downloads and parses."""

from __future__ import annotations

import csv
import io
import urllib.request

import pytest
from charts_live import ask_for_charts

pytestmark = pytest.mark.browser


def test_latest_ranking_page_renders_table_and_chart_and_its_csv_parses(visit, sample_server):
    v = visit()
    v.goto(sample_server.url + "rankings/latest/")
    assert "周排名" in v.page.locator("h1").first.inner_text()
    table = v.page.locator("table.lyg-ranking")
    assert table.count() == 1 and table.locator("tbody tr").count() >= 1
    # The SVG image is in the page without JavaScript; site.js redraws it interactively when asked.
    ask_for_charts(v.page)
    v.page.wait_for_selector(
        '.lyg-figure .lyg-chart[data-state="interactive"] .lyg-chart-live svg', timeout=30000
    )
    assert v.page.locator(".lyg-chart-live svg .mark-rect path").count() >= 1  # the bars
    v.assert_clean()

    link = v.page.locator("a", has_text="CSV（Excel 可直接打开）").first
    href = link.evaluate("a => a.href")
    with urllib.request.urlopen(href) as response:  # the static server on 127.0.0.1
        raw = response.read()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows and {"week", "rank", "composite", "name"} <= set(rows[0])

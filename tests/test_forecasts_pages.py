"""The forecast pages of the sample site: the latest 7 days with their age, the archive, the hit
rates as a table and a registry chart, the feed, the downloads, and the home page's next 3 days."""

from __future__ import annotations

import csv
import html
import io
import json

import pytest
from lxml import etree

pytestmark = pytest.mark.slow
ATOM = "{http://www.w3.org/2005/Atom}"


def page(site, path: str) -> str:
    return html.unescape((site / path / "index.html").read_text(encoding="utf-8"))


def test_the_forecast_page_shows_the_latest_issue_with_seven_days(sample_site):
    text = page(sample_site, "forecast")
    assert "发布时间：2026-11-22 16:00" in text
    # The tests build at 2026-11-23 08:00: the forecast is 16 hours old, not out of date (36 hours).
    assert "16 小时前发布" in text and "预报已过时" not in text
    table = text.split("## 全市未来 7 天")[-1] if "## 全市" in text else text
    for day in range(23, 30):
        assert f"2026-11-{day}" in table
    assert text.count('class="lyg-band"') >= 7 + 9  # 7 city days + 3 areas x 3 days
    assert "海州区" in text and 'href="../science/health/"' in text


def test_the_hit_rate_table_and_chart_are_published(sample_site):
    text = page(sample_site, "forecast")
    assert "最近 90 天" in text
    for lead in range(1, 8):
        assert f"第 {lead} 天" in text
    assert "2026 年" in text
    assert 'id="chart-forecast-hit-rate"' in text
    chart = sample_site / "charts" / "forecast-hit-rate"
    for name in ("chart.svg", "chart.png", "data.csv", "chart.vl.json"):
        assert (chart / name).stat().st_size > 0
    rows = list(csv.DictReader(io.StringIO((chart / "data.csv").read_text(encoding="utf-8-sig"))))
    assert {r["指标"] for r in rows} == {"级别正确", "相差不超过一级"} and len(rows) == 14
    assert all(0 <= float(r["命中率（%）"]) <= 100 for r in rows)


def test_each_issue_has_a_page_with_the_observed_aqi_beside_the_range(sample_site):
    text = page(sample_site, "forecast/2026-11-01")
    assert "较早的一次预报" in text and "实测日 AQI" in text
    assert "级别正确" in text or "相差一级" in text
    episode = page(sample_site, "forecast/2026-01-12")
    assert "250–290" in episode and "重度污染" in episode
    latest = page(sample_site, "forecast/2026-11-22")
    assert "尚无实测" in latest


def test_the_archive_lists_every_issue_by_month_and_stays_out_of_the_nav(sample_site):
    text = page(sample_site, "forecast/archive")
    assert "共 50 次预报" in text and "2026年11月" in text and "2026年01月" in text
    assert 'href="../2026-01-12/"' in text
    nav = page(sample_site, "forecast")
    assert 'href="archive/"' in nav  # linked from the page ...
    assert "md-nav__link" not in nav.split('href="archive/"')[0][-300:]  # ... not from the nav


def test_the_check_page_is_for_editors_only(sample_site):
    text = page(sample_site, "forecast/check")
    assert '<meta name="robots" content="noindex, nofollow">' in text
    assert "没有未被预警覆盖的预警条件" in text and "2026-002（橙色）" in text
    index = json.loads((sample_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not any(d["location"].startswith("forecast/check/") for d in index["docs"])
    assert any(d["location"].startswith("forecast/") for d in index["docs"])


def test_warning_notices_link_the_forecast_they_rest_on(sample_site):
    assert 'href="../../forecast/2026-01-11/"' in page(sample_site, "warnings/2026-001")
    assert 'href="../../forecast/2026-01-12/"' in page(sample_site, "warnings/2026-002")


def test_the_feed_and_downloads(sample_site):
    feed = etree.parse(str(sample_site / "forecast" / "feed.xml")).getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 50
    assert entries[0].find(f"{ATOM}id").text.endswith("forecast/2026-11-22/")
    rows = list(
        csv.DictReader(io.StringIO((sample_site / "forecast" / "forecasts.csv").read_text("utf-8-sig")))
    )
    city = [r for r in rows if r["预报编号"] == "2026-11-01" and r["区域"] == "全市"]
    assert len(city) == 7 and city[0]["实测日AQI"] != ""
    data = json.loads((sample_site / "forecast" / "forecasts.json").read_text(encoding="utf-8"))
    assert len(data["rows"]) == len(rows)
    index = json.loads((sample_site / "data" / "index.json").read_text(encoding="utf-8"))
    ids = {d["id"] for d in index["datasets"]}
    assert {"forecasts-csv", "forecasts-json", "forecasts-atom"} <= ids


def test_the_home_page_shows_the_next_three_days_beside_the_latest_observed_day(sample_site):
    text = page(sample_site, "")
    block = text.split('class="lyg-home-forecast"')[1].split("</ul>")[0]
    assert "2026-11-22 周日（实测）" in block
    assert [d for d in ("2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26") if d in block] == [
        "2026-11-23",
        "2026-11-24",
        "2026-11-25",
    ]

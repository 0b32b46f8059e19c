"""Every station of the city with data has a page: /stations/<code>/."""

from __future__ import annotations

import csv
import io

import lxml.html
import pytest

SAMPLE_STATIONS = {
    "1173A",
    "3000A",
    "3007A",
    "3008A",
    "3009A",
    "3434A",
    "3664A",
    "DH01",
    "DH02",
    "GN01",
    "GN02",
    "GX01",
    "GY01",
    "GY02",
    "XW01",
    "YT01",
}


def _page(site, url):
    return lxml.html.parse(str(site / url / "index.html")).getroot()


def _station_pages(site) -> set[str]:
    return {p.parent.name for p in (site / "stations").glob("*/index.html")}


def test_every_station_with_data_has_a_page_listed_on_the_index(sample_site):
    assert _station_pages(sample_site) == SAMPLE_STATIONS
    index = _page(sample_site, "stations")
    linked = {a.get("href").strip("/") for a in index.xpath("//article//table[1]//a")}
    assert linked == SAMPLE_STATIONS
    assert index.xpath('//figure[@id="chart-map-stations"]')


def test_a_station_page_says_what_where_and_how_complete(sample_site):
    root = _page(sample_site, "stations/DH01")
    text = root.xpath("//article")[0].text_content()
    assert root.xpath("//h1")[0].text_content() == "东海县环境监测站（DH01）"
    assert "省控站" in text and "东海县" in text
    assert root.xpath('//a[@href="../../areas/donghai/"]')
    # Location on the map (the station drawn large), the latest day's values, the daily AQI chart.
    assert root.xpath('//figure[@id="chart-map-station-dh01"]')
    assert "2026年11月22日的监测值" in text and "PM2.5 日均浓度" in text
    assert root.xpath('//figure[@id="chart-station-dh01-daily-aqi"]')
    spec = (sample_site / "charts" / "station-dh01-daily-aqi" / "chart.vl.json").read_text(encoding="utf-8")
    assert '"#00E400"' in spec and '"#7E0023"' in spec  # official level colours
    # Monthly completeness: one row per month of the data (2025-01 .. 2026-11).
    months = root.xpath('//h2[text()="每月数据完整率"]/following::table[1]/tbody/tr')
    assert len(months) == 23
    assert months[0].xpath("./td")[0].text_content() == "2025年1月"
    national = _page(sample_site, "stations/1173A").xpath("//article")[0].text_content()
    assert "国控站" in national


def test_a_station_csv_holds_its_daily_values(sample_site):
    raw = (sample_site / "stations" / "DH01" / "daily.csv").read_bytes()
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:2] == ["日期", "PM2.5（µg/m³）"] and "日 AQI" in rows[0]
    assert rows[1][0] == "2025-01-01" and rows[-1][0] == "2026-11-22"
    aqi = rows[0].index("日 AQI")
    assert all(r[aqi] == "" or r[aqi].isdigit() for r in rows[1:])
    # Listed among the downloads.
    assert "stations/DH01/daily.csv" in (sample_site / "data" / "index.json").read_text(encoding="utf-8")


def test_area_pages_link_their_stations(sample_site):
    root = _page(sample_site, "areas/haizhou")
    hrefs = {a.get("href") for a in root.xpath("//article//a")}
    assert {"../../stations/1173A/", "../../stations/3009A/", "../../stations/3434A/"} <= hrefs


@pytest.mark.slow
def test_real_2019_every_city_station_with_data_has_a_page(real_2019_build):
    _, site = real_2019_build
    # 2019's reporting stations of 连云港 (shared/data README).
    assert _station_pages(site) == {"1173A", "3000A", "3008A", "3009A"}
    root = _page(site, "stations/3008A")
    assert root.xpath('//figure[@id="chart-station-3008a-daily-aqi"]')
    assert "2019年12月31日的监测值" in root.xpath("//article")[0].text_content()

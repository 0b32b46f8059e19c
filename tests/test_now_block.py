"""How is the air right now? The latest hour's real-time AQI, the warning status and today's
forecast, at the top of the home page and of every area page; a day still in progress is a
real-time value only, never a daily figure."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

import lxml.html
import pandas as pd
import pytest

from generator.clock import BEIJING
from generator.pages.shared.now_block import NO_WARNING, age_text, hourly_primary_words, warning_line
from generator.standards.aqi import hourly_aqi
from generator.statistics.latest_hour import latest_hour_reports
from generator.tables.dataset import split_day_in_progress

POLLUTANTS = ["pm25", "pm10", "so2", "no2", "o3", "co"]


def _hours(station: str, first: str, n: int, **conc) -> pd.DataFrame:
    times = pd.date_range(first, periods=n, freq="h", tz="Asia/Shanghai")
    values = {p: conc.get(p, 10.0) for p in POLLUTANTS}
    return pd.DataFrame({"station": station, "time": times, **values})


# --- the day in progress -------------------------------------------------------------------------


def test_the_hours_of_a_day_still_in_progress_are_kept_apart_from_the_complete_days():
    hourly = pd.concat([_hours("1001A", "2026-11-22 00:00", 24), _hours("1001A", "2026-11-23 00:00", 8)])
    complete, in_progress = split_day_in_progress(hourly.reset_index(drop=True))
    assert complete["time"].max() == pd.Timestamp("2026-11-22 23:00", tz="Asia/Shanghai")
    assert len(complete) == 24
    assert list(in_progress["time"].dt.hour) == list(range(8))


def test_a_day_whose_last_hour_is_in_is_complete_and_nothing_is_in_progress():
    hourly = _hours("1001A", "2026-11-22 00:00", 24)
    complete, in_progress = split_day_in_progress(hourly)
    assert len(complete) == 24 and in_progress.empty


def test_a_partial_day_never_enters_the_daily_figures_even_with_enough_hours_for_a_valid_day(tmp_path):
    """22 hours would make a valid daily mean (HJ 663 asks for 20): still not a daily figure while
    the day runs."""
    from generator.statistics.daily import station_daily
    from generator.tables.dataset import Dataset

    hourly = pd.concat([_hours("1001A", "2026-11-22 00:00", 24), _hours("1001A", "2026-11-23 00:00", 22)])
    complete, in_progress = split_day_in_progress(hourly.reset_index(drop=True))
    dataset = Dataset(
        tmp_path, False, "测试", complete, pd.DataFrame(), pd.DataFrame(), day_in_progress=in_progress
    )
    ctx = SimpleNamespace(dataset=dataset, products={})
    days = station_daily(ctx)["date"].dt.strftime("%Y-%m-%d").unique().tolist()
    assert days == ["2026-11-22"]
    assert dataset.latest_hour == pd.Timestamp("2026-11-23 21:00", tz="Asia/Shanghai")
    assert dataset.as_of == pd.Timestamp("2026-11-22 23:00", tz="Asia/Shanghai")


# --- the real-time report of a group of stations ---------------------------------------------------


def test_an_areas_hour_is_the_mean_of_its_stations_reported_by_the_engine():
    hourly = pd.concat(
        [
            _hours("A1", "2026-11-23 00:00", 9, pm25=40.0, pm10=60.0),
            _hours("A2", "2026-11-23 00:00", 9, pm25=80.0, pm10=100.0),
            _hours("B1", "2026-11-23 00:00", 6, pm25=300.0),  # another area, silent after 05:00
        ],
        ignore_index=True,
    )
    report = latest_hour_reports(hourly, {"a": ("A1", "A2"), "b": ("B1",)}).set_index("group")
    assert report.loc["a", "time"] == pd.Timestamp("2026-11-23 08:00", tz="Asia/Shanghai")
    assert report.loc["b", "time"] == pd.Timestamp("2026-11-23 05:00", tz="Asia/Shanghai")
    assert report.loc["a", "n_stations"] == 2
    mean_hour = _hours("a", "2026-11-23 08:00", 1, pm25=60.0, pm10=80.0)
    expected = hourly_aqi(mean_hour).iloc[0]
    assert report.loc["a", "aqi"] == expected["aqi"]
    assert report.loc["a", "category"] == expected["category"]
    assert report.loc["b", "aqi"] > report.loc["a", "aqi"]


@pytest.mark.parametrize(("hour", "rules"), [("2026-02-28 23:00", "2012"), ("2026-03-01 00:00", "2026")])
def test_the_rules_are_chosen_by_the_hours_date(hour, rules):
    report = latest_hour_reports(_hours("A1", hour, 1, pm25=50.0), {"a": ("A1",)})
    assert report.loc[0, "rules"] == rules


def test_a_group_without_data_has_no_report():
    report = latest_hour_reports(_hours("A1", "2026-11-23 00:00", 3), {"a": ("A1",), "z": ("Z9",)})
    assert report["group"].tolist() == ["a"]
    assert latest_hour_reports(_hours("A1", "2026-11-23 00:00", 3).iloc[:0], {"a": ("A1",)}).empty


def test_the_real_time_primary_pollutant_is_named_in_chinese_moving_averages_included():
    """Real 2019 data: the city's 2019-12-31 23:00 report names PM10_24h (2012 rules)."""
    assert hourly_primary_words("PM10_24h") == "可吸入颗粒物（PM10，24小时滑动平均）"
    assert hourly_primary_words("O3,PM2.5") == "臭氧（1小时）、细颗粒物（PM2.5）"
    assert hourly_primary_words(None) == "无（AQI ≤ 50）"


# --- how old, and the warning line ----------------------------------------------------------------


def test_a_value_older_than_three_hours_says_how_old_it_is():
    at = datetime(2026, 11, 23, 8, 35, tzinfo=BEIJING)
    assert age_text(datetime(2026, 11, 23, 5, 0, tzinfo=BEIJING), at) is None  # 3 h 35 min: 3 whole hours
    assert age_text(datetime(2026, 11, 23, 4, 0, tzinfo=BEIJING), at) == "这是 4 小时前的数据"
    assert age_text(datetime(2026, 11, 21, 6, 0, tzinfo=BEIJING), at) == "这是 2 天前的数据"


def test_the_warning_line_is_always_there_and_says_when_there_is_none():
    ctx = SimpleNamespace(products={}, built_at=datetime(2026, 11, 23, 8, tzinfo=BEIJING))
    assert warning_line(ctx, None) == {"active": False, "text": NO_WARNING}
    assert NO_WARNING == "当前无重污染天气预警"


def test_the_warning_line_names_the_level_in_force_and_links_its_measures():
    """The sample register: a yellow warning from 2026-01-12, upgraded to orange at 13 Jan 12:00."""
    from generator.config import load_config
    from generator.sources.registers.warnings import load_register
    from tests.conftest import SAMPLE_DATA

    config = load_config()
    register = load_register(SAMPLE_DATA / "warnings", config)
    at = datetime(2026, 1, 13, 8, tzinfo=BEIJING)
    line = warning_line(SimpleNamespace(products={"warning_register": register}, built_at=at), "haizhou")
    assert line["active"] and line["text"] == "黄色预警生效中" and line["url"].startswith("warnings/")
    later = SimpleNamespace(products={"warning_register": register}, built_at=at.replace(hour=13))
    assert warning_line(later, None)["text"] == "橙色预警生效中"
    after = SimpleNamespace(
        products={"warning_register": register}, built_at=datetime(2026, 2, 1, tzinfo=BEIJING)
    )
    assert warning_line(after, None)["text"] == NO_WARNING


# --- the pages ------------------------------------------------------------------------------------


def _now(site, url):
    root = lxml.html.parse(str(site / url / "index.html")).getroot()
    article = root.xpath("//article")[0]
    blocks = article.xpath('.//div[@class="lyg-now"]')
    assert len(blocks) == 1
    return article, blocks[0]


@pytest.mark.parametrize(("url", "place"), [("", "连云港市"), ("areas/haizhou", "海州区")])
def test_home_and_area_pages_open_with_the_latest_hour_the_warning_status_and_todays_forecast(
    sample_site, url, place
):
    """The test build runs at 08:00 on the Monday after the sample data ends (Sunday 23:00)."""
    article, block = _now(sample_site, url)
    # The block comes right after the page heading, before any section.
    assert block.getprevious().tag == "h1"
    text = " ".join(block.text_content().split())
    assert f"{place} · 11月22日 23时实时空气质量" in text
    assert "这是 9 小时前的数据" in text
    aqi = block.xpath('.//p[contains(@class, "lyg-now-aqi")]')[0]
    assert aqi.get("class").split()[1].startswith("aqi-") and "AQI " in aqi.text_content()
    assert block.xpath('.//p[contains(@class, "lyg-now-warning")]')[0].text_content() == NO_WARNING
    forecast = [li.text_content() for li in block.xpath('.//ul[@class="lyg-now-forecast"]/li')]
    assert forecast[0].startswith("今天预报") and forecast[1].startswith("明天预报")
    assert "首要污染物" in text and "更新于 08:00（北京时间）" in text


def test_the_home_page_heading_does_not_repeat_the_sites_name(sample_site):
    article, _ = _now(sample_site, "")
    assert article.xpath(".//h1")[0].text_content() == "连云港市现在的空气质量"


# True when an element's box is one line of its text high (padding and borders aside).
ONE_LINE = """el => {
  const s = getComputedStyle(el);
  const size = parseFloat(s.fontSize);
  const line = s.lineHeight === "normal" ? size * 1.3 : parseFloat(s.lineHeight);
  const frame = ["paddingTop", "paddingBottom", "borderTopWidth", "borderBottomWidth"]
    .reduce((sum, k) => sum + parseFloat(s[k]), 0);
  return el.getBoundingClientRect().height - frame < 1.5 * line;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("url", ["", "areas/haizhou/"])
def test_the_now_block_fits_the_first_phone_screen_with_the_banners(visit, sample_server, url, tmp_path):
    v = visit(viewport={"width": 390, "height": 844})
    v.goto(sample_server.url + url)
    for selector in (".lyg-sample-banner", ".lyg-stale-banner"):
        banner = v.page.locator(selector)
        if banner.count():
            assert v.page.evaluate(ONE_LINE, banner.first.element_handle()), f"{selector} wraps on a phone"
    for selector in (".lyg-now-aqi", ".lyg-now-warning", ".lyg-now-forecast", ".lyg-now-updated"):
        box = v.page.locator(f".lyg-now {selector}").first.bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 844, selector
    v.page.screenshot(path=str(tmp_path / "now.png"))
    v.assert_clean()

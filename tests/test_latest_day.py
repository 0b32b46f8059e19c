"""The home page and every area page open with the latest complete day: how is the air where I live?"""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import lxml.html
import pandas as pd
import pytest

from generator.pages.shared.latest_day import NO_PRIMARY, latest_complete_day, primary_words

BEIJING = ZoneInfo("Asia/Shanghai")


def _ctx_with_as_of(ts: str):
    hourly = pd.DataFrame({"time": [pd.Timestamp(ts, tz="Asia/Shanghai")]})
    return SimpleNamespace(dataset=SimpleNamespace(as_of=hourly["time"].max()))


def test_a_day_is_complete_when_its_last_hour_is_in():
    assert str(latest_complete_day(_ctx_with_as_of("2019-12-31 23:00"))) == "2019-12-31"
    # Data up to 15:00 today: today is not complete, yesterday is the latest complete day.
    assert str(latest_complete_day(_ctx_with_as_of("2020-01-05 15:00"))) == "2020-01-04"


def test_primary_pollutant_in_words_and_none_when_aqi_is_at_most_50():
    assert primary_words(None) == NO_PRIMARY == "无（AQI ≤ 50）"
    assert primary_words(float("nan")) == NO_PRIMARY
    assert primary_words("PM2.5,PM10") == "细颗粒物（PM2.5）、可吸入颗粒物（PM10）"


def _page(site, url):
    return lxml.html.parse(str(site / url / "index.html")).getroot()


def _latest_cards(root):
    return root.xpath('//ul[@class="lyg-latest-cards"]/li')


def test_home_page_opens_with_the_latest_day_for_the_city_and_every_area(sample_site):
    root = _page(sample_site, "")
    content = root.xpath("//article")[0]
    # The first section after the h1 and the "now" block is the latest day: 昨日, with its date.
    first_h2 = content.xpath(".//h2")[0]
    assert first_h2.get("id") == "latest-day"
    assert first_h2.text_content().startswith("昨日（11月22日，星期日）")
    # The test build runs the Monday after the data ends: yesterday is not stale, never "today".
    assert not root.xpath('//p[@class="lyg-latest-stale"]')
    assert "今天" not in content.xpath('//div[@class="lyg-latest"]')[0].text_content()
    cards = _latest_cards(root)
    names = [c.xpath('.//p[@class="lyg-latest-name"]')[0].text_content() for c in cards]
    assert names[0] == "连云港市（全市国控站）"
    assert names[1:] == [
        "海州区",
        "连云区",
        "赣榆区",
        "东海县",
        "灌云县",
        "灌南县",
        "连云港经济技术开发区",
        "徐圩新区",
        "高新区",
        "云台山景区",
    ]
    for card in cards:
        aqi = card.xpath('.//p[contains(@class,"lyg-latest-aqi")]')[0]
        level = [c for c in aqi.get("class").split() if c.startswith("aqi-")][0]
        assert aqi.text_content().startswith("AQI ")
        category = aqi.xpath('.//span[@class="lyg-latest-category"]')[0].text_content()
        assert category in {"优", "良", "轻度污染", "中度污染", "重度污染", "严重污染"}
        assert "首要污染物：" in card.text_content()
        link = card.xpath('.//a[contains(@href,"science/health/#aqi-level-")]')[0]
        assert link.get("href").endswith(level.replace("aqi-", "aqi-level-"))
    # The advice anchors exist on the health page.
    health = _page(sample_site, "science/health")
    assert len(health.xpath('//tr[starts-with(@id,"aqi-level-")]')) == 6


def test_seven_day_strip_is_readable_without_colour(sample_site):
    root = _page(sample_site, "")
    strip = root.xpath('//table[@class="lyg-strip"]')[0]
    header = strip.xpath(".//thead/tr/th")
    # Newest first: on a phone the strip scrolls sideways and the latest day is the one on screen.
    assert len(header) == 8 and header[1].text_content().startswith("11/22")
    assert header[-1].text_content().startswith("11/16")
    rows = strip.xpath(".//tbody/tr")
    assert len(rows) == len(_latest_cards(root))
    for row in rows:
        cells = row.xpath("./td")
        assert len(cells) == 7
        for cell in cells:
            number, category = cell.text_content()[:-1], cell.xpath("./small")[0].text_content()
            # The number and the level in words: nothing depends on telling colours apart.
            assert cell.text_content() == number + category
            assert number.isdigit() or number == "—"


def test_every_area_page_opens_the_same_way(sample_site):
    for slug, name in (("haizhou", "海州区"), ("yuntaishan", "云台山景区")):
        root = _page(sample_site, f"areas/{slug}")
        assert root.xpath("//article//h2")[0].get("id") == "latest-day"
        names = [c.xpath('.//p[@class="lyg-latest-name"]')[0].text_content() for c in _latest_cards(root)]
        # The area first, the city beside it for comparison.
        assert names == [name, "连云港市（全市国控站）"]
        assert len(root.xpath('//table[@class="lyg-strip"]/tbody/tr')) == 2


def test_stale_data_is_labelled_with_its_date():
    from generator.pages.shared.latest_day import latest_day

    ctx = SimpleNamespace(
        dataset=SimpleNamespace(as_of=pd.Timestamp("2019-12-31 23:00", tz="Asia/Shanghai")),
        built_at=datetime(2020, 1, 10, 8, tzinfo=BEIJING),
        config=SimpleNamespace(site={"city": "连云港"}, areas=()),
        products={
            "statistics": {
                "city_daily": pd.DataFrame(
                    {
                        "area": ["连云港"],
                        "date": [pd.Timestamp("2019-12-31")],
                        "aqi": [120.0],
                        "level": [3],
                        "category": ["轻度污染"],
                        "colour": ["#FF7E00"],
                        "primary": ["PM2.5"],
                    }
                ),
                "area_daily": pd.DataFrame(columns=["area", "date", "aqi"]).astype(
                    {"date": "datetime64[ns]"}
                ),
            }
        },
    )
    model = latest_day(ctx)
    assert model["stale"] and model["age_days"] == 10
    assert str(model["day"]) == "2019-12-31"
    city = model["places"][0]["latest"]
    assert (city["aqi"], city["category"], city["primary"]) == (120, "轻度污染", "细颗粒物（PM2.5）")
    assert city["health_url"] == "science/health/#aqi-level-3"


@pytest.mark.slow
def test_real_2019_home_shows_the_last_day_of_2019_for_the_city_and_areas_with_data(real_2019_build):
    _, site = real_2019_build
    root = _page(site, "")
    assert root.xpath('//h2[@id="latest-day"]')[0].text_content().startswith("2019年12月31日")
    names = [c.xpath('.//p[@class="lyg-latest-name"]')[0].text_content() for c in _latest_cards(root)]
    # 2019's reporting national stations: 1173A/3009A (海州区), 3008A (连云区), 3000A (开发区).
    assert names == ["连云港市（全市国控站）", "海州区", "连云区", "连云港经济技术开发区"]
    for card in _latest_cards(root):
        assert card.xpath('.//p[contains(@class,"lyg-latest-aqi")]/span[@class="lyg-latest-number"]')

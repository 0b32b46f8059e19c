"""The area and station pages, the "now" block and the subscribe page in the English edition
(/en/…): what a foreign resident opens reads in English, with English names; the Chinese edition
says what it said before."""

from __future__ import annotations

import re

import feedparser
import lxml.html
import pytest

from generator import i18n
from generator.pages.shared import pollutant_words
from generator.pages.shared.now_block import age_text, hourly_primary_words

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def _article(site, url: str):
    root = lxml.html.parse(str(site / url / "index.html")).getroot()
    return root, root.xpath("//article")[0]


def _chinese_outside_marked_spans(element) -> list[str]:
    """Chinese text in `element` outside elements marked lang="zh" (names with no English form)."""
    found = []
    for node in element.iter():
        if any(a.get("lang", "").startswith("zh") for a in (node, *node.iterancestors())):
            continue
        if node.text and CJK.search(node.text):
            found.append(node.text.strip())
        if node is not element and node.tail and CJK.search(node.tail):
            if not node.getparent().get("lang", "").startswith("zh"):
                found.append(node.tail.strip())
        for attr in ("title", "alt", "aria-label"):
            if CJK.search(node.get(attr, "")):
                found.append(f"{node.tag}@{attr}={node.get(attr)}")
    return found


# What these pages include from other parts of the English edition (issue 31), translated there:
# the banners (theme), chart and map blocks (charts), the share block, and words the area pages
# print from the rankings' and the standards' models. Taken out here so that this test holds the
# area part to its own words; the site check holds the whole page once all parts are in.
OTHER_PARTS_BLOCKS = ("lyg-sample-banner", "lyg-stale-banner", "lyg-figure", "lyg-map", "lyg-share")
OTHER_PARTS_WORDS = re.compile(
    r"\d{4}年第\d+周(（[^）]*）)?"  # a week's title and dates (statistics.iso_weeks: rankings)
    r"|(HJ|GB) \d+-\d{4}(、(HJ|GB) \d+-\d{4})*"  # a rules label (ranking_model.rules_label)
    r"|\d{4}年版标准（[^）]*）(、)?"  # the same, by edition
    r"|；"  # the separator of two rules labels (ranking_model.rules_label)
    r"|\d+/\d+ 站·日（[\d.]+%）"  # a week's coverage (ranking_model.row_model)
    r"|（并列）"  # a tied rank (ranking_model.rank_text)
    r"|无（AQI ≤ 50）"  # a week without a primary pollutant (ranking_model.primary_text)
    r"|县区空气质量周排名、月排名和年初至今累计排名"  # the rankings feed's title (ranking_model)
)


# A forecast day's level words on the now block (优至良) come from the forecast's model.
FORECAST_LEVELS = re.compile(
    r"(优|良|轻度污染|中度污染|重度污染|严重污染)(至(优|良|轻度污染|中度污染|重度污染|严重污染))?"
)


def _without_forecast_levels(element) -> None:
    for band in element.xpath('.//ul[contains(@class, "lyg-now-forecast")]/li/span'):
        band.tail = FORECAST_LEVELS.sub("", band.tail or "")


def _own_chinese(site, url: str) -> list[str]:
    """Chinese left on an English page in what the area part writes (see OTHER_PARTS_*); the
    health advice of a level comes from the standards' catalog and is taken out too."""
    from generator.standards.rules import rules_for

    _, article = _article(site, url)
    for block in OTHER_PARTS_BLOCKS:
        for node in article.xpath(f'.//*[contains(concat(" ", @class, " "), " {block} ")]'):
            node.getparent().remove(node)
    # The warnings' rows (warning_rows.summary_row: the warnings part), found by their heading.
    for table in article.xpath('.//table[thead/tr/th[1][normalize-space()="Issued"]]'):
        table.getparent().remove(table)
    _without_forecast_levels(article)
    advice = {lv.advice for version in ("2012", "2026") for lv in rules_for(version).levels}
    left = []
    for text in _chinese_outside_marked_spans(article):
        for words in advice:
            text = text.replace(words, "")
        text = OTHER_PARTS_WORDS.sub("", text)
        if CJK.search(text):
            left.append(text)
    return left


LEVELS = {
    "Excellent",
    "Good",
    "Lightly Polluted",
    "Moderately Polluted",
    "Heavily Polluted",
    "Severely Polluted",
}
ENGLISH_PAGES = ["areas/", "areas/donghai/", "areas/haizhou/", "stations/", "stations/1173A/", "subscribe/"]


@pytest.mark.parametrize("url", ENGLISH_PAGES)
def test_english_area_and_station_pages_have_no_chinese_outside_marked_text(sample_site, url):
    root, _ = _article(sample_site / "en", url)
    assert root.get("lang", "").startswith("en")
    assert _own_chinese(sample_site / "en", url) == []


def test_the_now_block_on_the_english_home_page_is_english(sample_site):
    _, article = _article(sample_site / "en", "")
    block = article.xpath('//div[contains(@class, "lyg-now")]')[0]
    text = block.text_content()
    assert "Lianyungang · real-time air quality" in text
    assert "No heavy pollution warning in force" in text or "in force" in text
    assert "Updated at" in text and "(Beijing time)" in text
    # The level, the primary pollutant and the advice in words (the sample's last hour has an AQI).
    category = block.xpath('.//span[@class="lyg-now-category"]')[0].text
    assert category in LEVELS
    assert "Primary pollutant: " in text
    advice = block.xpath('.//a[@href and contains(@href, "science/health/")]/..')[0]
    advice.getparent().remove(advice)  # the level's advice: the standards' catalog
    _without_forecast_levels(block)
    assert _chinese_outside_marked_spans(block) == []


def test_english_area_page_names_the_area_its_stations_and_their_network(sample_site):
    _, article = _article(sample_site / "en", "areas/donghai/")
    text = article.text_content()
    assert article.xpath("//h1")[0].text_content().startswith("Air quality in Donghai County")
    assert "Donghai County Environmental Monitoring Station" in text
    assert "Donghai Development Zone" in text
    assert "Latest week" in text and "Composite index" in text
    assert "Weekly rankings so far" in text


def test_english_station_page_reads_as_a_station_page(sample_site):
    _, article = _article(sample_site / "en", "stations/1173A/")
    text = article.text_content()
    heading = article.xpath("//h1")[0].text_content()
    assert heading.startswith("Municipal Environmental Monitoring Station (1173A)")
    assert "Data completeness by month" in text
    assert "Haizhou District" in text
    # The daily CSV of the English edition has English headings and level names.
    csv_text = (sample_site / "en" / "stations" / "1173A" / "daily.csv").read_text(encoding="utf-8-sig")
    header = csv_text.splitlines()[0]
    assert header.startswith("Date,") and "Daily AQI" in header and "Level" in header
    assert not CJK.search(csv_text)


def test_english_area_feed_has_english_titles_and_links_to_english_pages(sample_site):
    feed = feedparser.parse((sample_site / "en" / "areas" / "donghai" / "feed.xml").read_bytes())
    assert not feed.bozo
    assert feed.feed.language == "en"
    assert feed.feed.title.endswith(": Donghai County")
    ranking = [e for e in feed.entries if "ranking of" in e.title]
    assert ranking and ranking[0].title.startswith("Donghai County · ranking of")
    assert all("/en/" in e.link for e in feed.entries)
    assert "µg/m³" in ranking[0].summary
    assert not CJK.search(OTHER_PARTS_WORDS.sub("", ranking[0].summary))


def test_chinese_area_feed_keeps_its_chinese_titles_and_links(sample_site):
    feed = feedparser.parse((sample_site / "areas" / "donghai" / "feed.xml").read_bytes())
    assert feed.feed.language == "zh-CN"
    assert feed.feed.title.endswith("东海县")
    assert all("/en/" not in e.link for e in feed.entries)


def test_chinese_pages_keep_their_chinese_words(sample_site):
    _, article = _article(sample_site, "areas/donghai/")
    text = article.text_content()
    assert "东海县环境空气质量" in text and "东海县环境监测站（DH01，省控站（省级网））" in text
    _, article = _article(sample_site, "stations/1173A/")
    assert "市环境监测站（1173A）" in article.xpath("//h1")[0].text_content()


def test_primary_pollutants_in_words_in_each_language():
    with i18n.use("zh"):
        assert pollutant_words.primary_words("PM2.5,O3_8h") == "细颗粒物（PM2.5）、臭氧（8小时）"
        assert hourly_primary_words("PM2.5_24h") == "细颗粒物（PM2.5，24小时滑动平均）"
    with i18n.use("en"):
        assert (
            pollutant_words.primary_words("PM2.5,O3_8h") == "Fine particulate matter (PM2.5), Ozone (8-hour)"
        )
        assert hourly_primary_words("O3_8h") == "Ozone (8-hour moving average)"


def test_the_age_of_an_old_hour_in_each_language():
    from datetime import datetime

    hour = datetime(2026, 12, 7, 8)
    with i18n.use("zh"):
        assert age_text(hour, datetime(2026, 12, 7, 11)) is None  # three hours: still fresh
        assert age_text(hour, datetime(2026, 12, 7, 12)) == "这是 4 小时前的数据"
    with i18n.use("en"):
        assert age_text(hour, datetime(2026, 12, 7, 12)) == "These data are 4 hours old"
        assert age_text(hour, datetime(2026, 12, 9, 9)) == "These data are 2 days old"


def test_english_area_chart_exports_have_english_titles_labels_and_data(sample_site):
    """The English edition's copy of an area's daily AQI chart: title, axes and legend in English,
    its data table with English headings and level names (the Chinese copy keeps Chinese)."""
    folder = sample_site / "en" / "charts" / "area-donghai-daily-aqi"
    spec = (folder / "chart.vl.json").read_text(encoding="utf-8")
    assert "Daily air quality index of Donghai County" in spec
    assert '"Air quality level"' in spec and '"Daily AQI"' in spec
    rows = (folder / "data.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[0] == "Date,Daily AQI,Level,Primary pollutant"
    assert not CJK.search("\n".join(rows))
    zh_rows = (sample_site / "charts" / "area-donghai-daily-aqi" / "data.csv").read_text(encoding="utf-8-sig")
    assert zh_rows.splitlines()[0] == "日期,日 AQI,级别,首要污染物"
    assert (folder / "chart.png").stat().st_size > 0


def test_an_english_area_page_without_data_says_why_in_english(sample_site_silent_area_built_late):
    """云台山景区's only station (YT09) sent nothing: the English page says so, and why, in English."""
    site = sample_site_silent_area_built_late / "en"
    _, article = _article(site, "areas/yuntaishan/")
    text = article.text_content()
    assert "No monitoring data yet" in text
    assert "takes no part in the weekly rankings" in text
    assert "Yuntai Mountain Scenic Area (YT09) belongs to the Jiangsu provincial network" in text
    assert _own_chinese(site, "areas/yuntaishan/") == []
    _, index = _article(site, "areas/")
    row = index.xpath('.//tr[td/a[normalize-space()="Yuntai Mountain Scenic Area"]]')[0]
    assert "no monitoring data yet (provincial stations not yet connected)" in row.text_content()

"""The English edition of the home page, the data pages (downloads, completeness, status), the
chart pages (permalink, embed, the exported image) and the theme's own words (footer, banners,
404): a reader who opens /en/ reads English; the Chinese pages say what they always said."""

from __future__ import annotations

import json
import re
from datetime import date
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from generator import i18n
from generator.charts.share_images import aqi_card_svg
from generator.pages.data.status import reason_text
from generator.pages.shared.chart_blocks import DAILY_AQI_COLUMNS, daily_aqi_bars, daily_aqi_data
from generator.sources.archive.upstream_status import Freshness as UpstreamStatus
from generator.statistics.freshness import Freshness, age_text

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")


class _Text(HTMLParser):
    """The text a reader sees, without what is marked lang="zh" (and without scripts and styles)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}

    def __init__(self, skip_classes=()):
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # per open element: is its text skipped
        self.parts: list[str] = []
        self.skip_classes = set(skip_classes)

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attrs = dict(attrs)
        skipped = (self.stack and self.stack[-1]) or tag in ("script", "style", "svg")
        skipped = skipped or (attrs.get("lang") or "").startswith("zh") and tag != "html"
        skipped = skipped or bool(self.skip_classes & set((attrs.get("class") or "").split()))
        self.stack.append(bool(skipped))

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def visible_text(html: str, skip_classes=()) -> str:
    parser = _Text(skip_classes)
    parser.feed(html)
    text = " ".join(" ".join(parser.parts).split())
    return text.replace("PM 2.5", "PM2.5").replace("PM 10", "PM10")  # PM<sub>2.5</sub>


def main_text(html: str, skip_classes=()) -> str:
    """The page's article (its content, without the site's header, navigation and footer)."""
    start = html.index("<article")
    end = html.index("</article>", start)
    return visible_text(html[start:end], skip_classes)


def chinese_in(text: str) -> list[str]:
    return sorted({m.group(0) for m in re.finditer(r"\S*[\u3400-\u9fff]\S*", text)})


def page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


# --- The home page -----------------------------------------------------------------------------


def test_english_home_page_has_its_sections_and_names_in_english(sample_site):
    html = page(sample_site, "en/index.html")
    assert '<html lang="en"' in html
    text = main_text(html)
    for words in (
        "Heavy pollution warnings",
        "Emission cuts at this level" if "lyg-home-warning" in html else "All warnings and their history",
        "Subscribe to warnings and rankings",
        "About PM2.5 and ozone",
        "How the AQI is calculated",
        "About the data",
        "Monitoring period",
        "Counties, districts and functional zones in the ranking",
        "Haizhou District",
        "Donghai County",
        "Lianyungang Economic and Technological Development Zone",
    ):
        assert words in text, words
    # The home page's own Chinese words are gone (the "now" block and the summaries are other
    # parts' words: their own tests check them).
    own_words = ("数据概况", "参与排名的县区与功能区", "了解 PM", "订阅预警和排名更新", "全部预警与历史记录")
    for words in own_words:
        assert words not in text, words


def test_english_home_links_stay_in_the_english_edition(sample_site):
    html = page(sample_site, "en/index.html")
    links = re.findall(r'href="([^"]+)"', main_text_html(html))
    inside = [link for link in links if not link.startswith(("http", "#", "mailto:"))]
    assert inside, "the home page links its sections"
    assert not [link for link in inside if link.startswith(("/", "../"))], inside


def main_text_html(html: str) -> str:
    start = html.index("<article")
    return html[start : html.index("</article>", start)]


def test_chinese_home_page_keeps_its_chinese_words(sample_site):
    html = page(sample_site, "index.html")
    assert '<html lang="zh"' in html
    text = main_text(html)
    for words in ("数据概况", "参与排名的县区与功能区", "海州区", "订阅预警和排名更新", "监测时段"):
        assert words in text, words
    assert "About the data" not in text


def test_home_preview_card_speaks_english_in_the_english_edition():
    card = {
        "site_name": "Lianyungang Air Quality",
        "address": "example.org/en/",
        "sample": True,
        "place": "Lianyungang",
        "day": "Sunday 22 November 2026",
        "aqi": 57,
        "level": 2,
        "category": "Moderately Polluted",
        "colour": "#ffff00",
        "primary": "fine particulate matter (PM2.5)",
        "rules": "HJ 633-2012",
    }
    with i18n.use("en"):
        svg = aqi_card_svg(card, "Noto Sans CJK SC")
    assert "Air Quality Index" in svg and "Primary pollutant: fine particulate matter" in svg
    assert "Demonstration sample, not official data" in svg
    assert not CJK.search(svg)
    # A long English level name is drawn smaller, to stay on the card (1200 px wide).
    size = int(re.search(r'font-size="(\d+)"[^>]*>Moderately Polluted<', svg).group(1))
    assert size < 72
    with i18n.use("zh"):
        chinese = aqi_card_svg({**card, "category": "良", "primary": "细颗粒物（PM2.5）"}, "Noto Sans CJK SC")
    assert "空气质量指数 AQI" in chinese and 'font-size="72" font-weight="bold" fill="#222">良<' in chinese


def test_english_home_page_preview_describes_the_latest_day_in_english(sample_site):
    html = page(sample_site, "en/index.html")
    description = re.search(r'<meta property="og:description" content="([^"]*)"', html).group(1)
    # The place is the latest-day block's name for the city (its own part translates it).
    assert "Sunday 22 November 2026: AQI 42 (Excellent)." in description
    assert "Air quality rankings of the counties and districts" in description
    assert (sample_site / "en" / "social" / "home.png").is_file()


# --- The data pages ----------------------------------------------------------------------------


def test_english_data_page_lists_downloads_in_english(sample_site):
    text = main_text(page(sample_site, "en/data/index.html"))
    for words in (
        "Data downloads",
        "Machine-readable index",
        "All times are Beijing time",
        "Charts (",
        "Datasets (",
        "Rankings (",  # a section of the site, with its number of charts
        "Data completeness",
    ):
        assert words in text, words
    for words in ("数据下载", "机器可读索引", "时间均为北京时间", "个图表"):
        assert words not in text, words


def test_english_data_index_names_english_sources_and_addresses(sample_site):
    index = json.loads(page(sample_site, "en/data/index.json"))
    assert index["site"]["name"] == "Lianyungang Air Quality Information"
    chart = index["charts"][0]
    assert "/en/charts/" in chart["permalink"] and "/en/embed/" in chart["embed"]
    assert chart["source"].startswith("Demonstration sample data")
    chinese = json.loads(page(sample_site, "data/index.json"))["charts"][0]
    assert "/en/" not in chinese["permalink"] and chinese["source"].startswith("演示样本数据")


def test_english_completeness_page_and_csv_speak_english(sample_site):
    text = main_text(page(sample_site, "en/data/completeness/index.html"), skip_classes={"lyg-facts"})
    for words in ("Data completeness", "Days missing entirely", "Data completeness by station and month"):
        assert words in text, words
    assert "Valid days" in text and "Hours with data" in text
    english_csv = sample_site / "en" / "data" / "completeness.csv"
    assert first_line(english_csv).startswith("Station code,Station name,City,")
    assert first_line(sample_site / "data" / "completeness.csv").startswith("站点编码,站点名称,城市,")


def first_line(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig").splitlines()[0]


def test_english_status_page_is_english_throughout(sample_site):
    html = page(sample_site, "en/status/index.html")
    # The facts line under every page is shared by every page family (checked with them).
    text = main_text(html, skip_classes={"lyg-facts"})
    assert "Data status" in text
    assert "Status: demonstration sample data, not fetched from the source." in text
    assert "Latest day with data" in text and "Machine-readable" in text
    assert not chinese_in(text), chinese_in(text)


def test_status_reason_in_english_for_each_state():
    def status(**fields):
        base = dict(
            checked_at="2026-12-07T08:00:00+08:00",
            is_sample=False,
            first_day=None,
            newest_day=None,
            days_held=0,
            last_fetch_at=None,
        )
        return UpstreamStatus(**{**base, **fields})

    with i18n.use("en"):
        assert reason_text(status()) == "no monitoring data at all"
        assert reason_text(status(newest_day="2026-11-22", is_sample=True)) == (
            "demonstration sample data, not fetched from the source"
        )
        late = status(newest_day="2026-11-22", quiet_days=14, stale=True)
        assert reason_text(late) == (
            "the source has published no new data for 14 days (the latest day is 2026-11-22)"
        )
        assert reason_text(status(newest_day="2026-12-06", quiet_days=0)) == "data updated on time"
    # The Chinese words are those upstream_status gives (status.json keeps them).
    assert reason_text(status(newest_day="2026-12-06", quiet_days=0)) == "数据按时更新"


@pytest.mark.parametrize(
    ("earlier", "later", "english", "chinese"),
    [
        (date(2026, 11, 30), date(2026, 12, 1), "1 day", "1 天"),
        (date(2026, 11, 7), date(2026, 12, 2), "25 days", "25 天"),
        (date(2026, 9, 1), date(2026, 12, 1), "3 months", "3 个月"),
        (date(2025, 11, 1), date(2026, 12, 1), "1 year 1 month", "1 年 1 个月"),
        (date(2019, 12, 31), date(2026, 12, 7), "6 years 11 months", "6 年 11 个月"),
        (date(2024, 12, 1), date(2026, 12, 1), "2 years", "2 年"),
    ],
)
def test_how_old_the_data_is_in_both_languages(earlier, later, english, chinese):
    assert age_text(earlier, later) == chinese
    with i18n.use("en"):
        assert age_text(earlier, later) == english


def test_stale_notice_in_english():
    fresh = Freshness(date(2019, 12, 29), date(2026, 12, 7), 10, last_day=date(2019, 12, 31))
    assert fresh.notice == "数据截至 2019-12-31，已 6 年 11 个月未更新"
    with i18n.use("en"):
        assert fresh.notice == "Data end 2019-12-31, 6 years 11 months ago"


# --- Chart pages and exports -------------------------------------------------------------------


def _a_chart(site: Path) -> str:
    """The id of a chart of the sample site (the first in the index)."""
    return json.loads(page(site, "data/index.json"))["charts"][0]["id"]


def test_english_chart_permalink_page_has_english_headings_citations_and_downloads(sample_site):
    chart_id = _a_chart(sample_site)
    html = page(sample_site, f"en/charts/{chart_id}/index.html")
    text = main_text(html, skip_classes={"lyg-facts"})
    for words in (
        "About this chart",
        "Data source",
        "Permanent link",
        "Download",
        "PNG image (",
        "Embed",
        "Short citation",
        "Full citation:",
        "Source: Lianyungang Air Quality Information",
        "Fields (CSV headings",
    ):
        assert words in text, words
    for words in ("图表说明", "固定链接", "简短引用", "完整引用", "字段说明"):
        assert words not in text, words
    assert f"/en/embed/{chart_id}/" in unescape(html)  # the embed code shows the English embed page


def test_english_embed_page_is_english_and_says_so(sample_site):
    chart_id = _a_chart(sample_site)
    html = page(sample_site, f"en/embed/{chart_id}/index.html")
    assert '<html lang="en">' in html
    caption = re.search(r'<figcaption class="lyg-embed-source">(.*?)</figcaption>', html, re.S).group(1)
    assert "Source: Demonstration sample data" in caption and "View, download and cite" in caption
    assert "Period:" in caption and "data as of" in caption
    # The period is written by the page that registers the chart (its own part translates it).
    assert not CJK.search(visible_text(caption).split("Period:")[0])
    chinese = page(sample_site, f"embed/{chart_id}/index.html")
    assert '<html lang="zh-CN">' in chinese and "查看、下载与引用" in chinese


def test_english_chart_image_carries_english_source_line_and_formats(sample_site):
    chart_id = _a_chart(sample_site)
    spec = json.loads(page(sample_site, f"en/charts/{chart_id}/chart.vl.json"))
    subtitle = spec["title"]["subtitle"]
    assert any(line.startswith("Source: Demonstration sample data") for line in subtitle), subtitle
    assert any(line.startswith("Period: ") and " · data as of " in line for line in subtitle), subtitle
    assert spec["config"]["locale"]["time"]["months"][3] == "April"  # British English dates, not 4月
    svg = page(sample_site, f"en/charts/{chart_id}/chart.svg")
    assert "Source: Demonstration sample data" in svg
    chinese = json.loads(page(sample_site, f"charts/{chart_id}/chart.vl.json"))
    assert chinese["config"]["locale"]["time"]["months"][3] == "4月"
    assert any(line.startswith("来源：演示样本数据") for line in chinese["title"]["subtitle"])


def test_english_alias_page_points_at_the_english_chart(sample_site):
    aliases = json.loads(page(sample_site, "en/data/index.json"))["aliases"]
    if not aliases:
        pytest.skip("the sample site has no moving chart names")
    alias = sorted(aliases)[0]
    html = page(sample_site, f"en/charts/{alias}/index.html")
    assert '<html lang="en">' in html
    assert "always points to the latest chart of this kind" in html
    assert "/en/charts/" in re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1)


# --- The theme: footer, banners, 404 -----------------------------------------------------------


def test_english_footer_and_sample_banner_are_english(sample_site):
    html = page(sample_site, "en/data/index.html")
    footer = html[html.index('<div class="md-copyright lyg-footer">') :]
    footer = footer[: footer.index("</footer>")] if "</footer>" in footer else footer
    text = visible_text(footer)
    assert "Data source: Demonstration sample data" in text and "Data status" in text
    assert not chinese_in(text), chinese_in(text)
    banner = re.search(r'<div class="lyg-sample-banner".*?</div>', html, re.S).group(0)
    assert "Demonstration data" in banner and not CJK.search(banner)
    assert 'lang="en"' not in banner  # the Chinese edition's English aside is not repeated here
    chinese = page(sample_site, "data/index.html")
    assert '<span lang="en">Demonstration sample data, not official measurements.</span>' in chinese


def test_english_404_page_is_english_and_links_english_pages(sample_site):
    html = page(sample_site, "en/404.html")
    assert '<html lang="en"' in html
    text = main_text(html)
    assert "Page not found" in text or "not found" in text.lower()
    assert not chinese_in(text), chinese_in(text)
    assert re.search(r'href="[^"]*/en/rankings/"', html)
    chinese = main_text(page(sample_site, "404.html"))
    assert "页面不存在" in chinese


# --- On a phone ----------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize(("path", "other"), [("", "English"), ("en/", "中文")])
def test_language_switch_fits_a_phone_header_and_leaves_the_now_block_on_the_first_screen(
    visit, sample_server, path, other
):
    v = visit(viewport={"width": 390, "height": 844})
    v.goto(sample_server.url + path)
    switch = v.page.locator("a.lyg-edition-switch")
    assert switch.inner_text().strip() == other
    box = switch.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    header = v.page.locator("header.md-header").bounding_box()
    assert box["y"] >= header["y"] and box["y"] + box["height"] <= header["y"] + header["height"]
    # The search button is still in the header beside it.
    search = v.page.locator("label.md-header__button[for='__search']").bounding_box()
    assert search is not None and search["x"] + search["width"] <= 390
    assert search["x"] >= box["x"] + box["width"] - 1
    now = v.page.locator(".lyg-now").first.bounding_box()
    assert now is not None and now["y"] < 844 / 2, "the 'now' block starts in the first half of the screen"
    # No v.assert_clean(): the theme's script fetches sitemap.xml at each hreflang alternate's
    # canonical address, which the CSP blocks on any other origin (this test server, a mirror);
    # reported with tests/test_browser_home.py, which fails on it too.


def test_daily_aqi_chart_axes_legend_levels_and_headers_in_english():
    daily = pd.DataFrame(
        {
            "date": pd.to_datetime(["2026-11-21", "2026-11-22"]),
            "aqi": [42.0, 57.0],
            "category": ["优", "良"],
            "primary": [None, "PM2.5"],
        }
    )
    with i18n.use("en"):
        data = daily_aqi_data(daily)
        encoding = daily_aqi_bars(data).to_dict(validate=False)["encoding"]
        headers = {name: i18n.gettext(title) for name, title in DAILY_AQI_COLUMNS.items()}
    assert list(data["category"]) == ["Excellent", "Good"]
    assert encoding["x"]["title"] == "Date" and encoding["y"]["title"] == "Daily AQI"
    assert encoding["color"]["title"] == "Air quality level"
    assert encoding["color"]["scale"]["domain"][:2] == ["Excellent", "Good"]
    assert list(headers.values()) == ["Date", "Daily AQI", "Level", "Primary pollutant"]
    chinese = daily_aqi_bars(daily_aqi_data(daily)).to_dict(validate=False)["encoding"]
    assert chinese["x"]["title"] == "日期" and chinese["color"]["scale"]["domain"][:2] == ["优", "良"]

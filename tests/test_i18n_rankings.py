"""The rankings in English: the weekly, monthly and year-to-date rankings, the city's year and the
ranking charts say their words from the catalog (generator/i18n/en/rankings.po) and the names
from the names table, and the Chinese pages say exactly what they said before.

The first tests need no build (the page models' words in each language); the others read the
sample site, which the shared `sample_site` fixture builds once with both editions.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest

from generator import i18n
from generator.pages.rankings.exports import feed_bytes
from generator.pages.rankings.periods import reword
from generator.pages.rankings.weekly import not_this_week
from generator.pages.shared.area_absence import coverage_first
from generator.pages.shared.ranking_model import (
    AREAS,
    CITIES,
    rank_change_text,
    reason_text,
    rules_label,
    scope_words,
)
from generator.statistics.iso_weeks import WeekInfo
from generator.statistics.periods import Period, method_note

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")


# --- The words of the page models, in each language (no build) ---------------------------------


def test_a_week_is_named_and_dated_in_the_edition_language():
    week = WeekInfo.from_id("2026-W47")
    with i18n.use("zh"):
        assert week.title == "2026年第47周"
        assert week.label == "2026年第47周（2026年11月16日至11月22日）"
    with i18n.use("en"):
        assert week.title == "Week 47, 2026"
        assert week.label == "Week 47, 2026 (16 November to 22 November 2026)"


def test_a_week_across_new_year_gives_both_years():
    week = WeekInfo.from_id("2025-W01")  # Monday 30 December 2024 to Sunday 5 January 2025
    with i18n.use("zh"):
        assert week.label == "2025年第1周（2024年12月30日至2025年1月5日）"
    with i18n.use("en"):
        assert week.label == "Week 1, 2025 (30 December 2024 to 5 January 2025)"


@pytest.mark.parametrize(
    ("kind", "month", "zh", "en"),
    [
        ("month", 5, "2026年5月", "May 2026"),
        ("ytd", 1, "2026年1月", "January 2026"),
        ("ytd", 10, "2026年1—10月", "January–October 2026"),
    ],
)
def test_a_month_and_a_year_to_date_are_named_in_the_edition_language(kind, month, zh, en):
    period = Period(kind, 2026, month)
    with i18n.use("zh"):
        assert period.title == zh
    with i18n.use("en"):
        assert period.title == en
        assert period.label.startswith(f"{en} (2026-")
        assert " to 2026-" in period.label


def test_rank_changes_and_reasons_read_as_english_sentences():
    with i18n.use("zh"):
        assert rank_change_text(2, 5) == "名次↑3（原第5）"
        assert reason_text("PM2.5有效天数3天，少于5天；O3有效天数4天，少于5天") == (
            "PM2.5有效天数3天，少于5天；O3有效天数4天，少于5天"
        )
    with i18n.use("en"):
        assert rank_change_text(2, 5) == "rank ↑3 (was 5)"
        assert rank_change_text(4, 4) == "rank unchanged (4)"
        assert reason_text("PM2.5有效天数3天，少于5天；O3有效天数4天，少于5天") == (
            "PM2.5: 3 valid days, fewer than 5; O3: 4 valid days, fewer than 5"
        )
        assert reason_text("综合指数缺少数据") == "data missing for the composite index"


def test_the_words_for_what_is_ranked_differ_in_a_sentence_and_in_a_column():
    with i18n.use("zh"):
        assert scope_words(AREAS) == {"group": "县区", "header": "县区", "scope": "各县区", "title": "各县区"}
    with i18n.use("en"):
        assert scope_words(AREAS)["group"] == "areas"
        assert scope_words(AREAS)["header"] == "Area"
        assert scope_words(CITIES)["header"] == "City"
        assert scope_words(AREAS)["title"] == "counties and districts"


def test_the_rules_and_the_method_note_are_english_in_the_english_edition():
    with i18n.use("en"):
        assert (
            rules_label("2012+2026")
            == "HJ 633-2012, HJ 663-2013, GB 3095-2012; HJ 633-2026, HJ 663-2026, GB 3095-2026"
        )
        assert not CJK.search(method_note("2012", "2012"))
        assert not CJK.search(method_note("2012+2026", "2026"))
    with i18n.use("zh"):
        assert method_note("2012", "2012").startswith("日 AQI、天数统计和综合指数均按2012年版标准")


def test_a_stale_week_says_that_week_and_a_period_says_period_in_english_too():
    with i18n.use("en"):
        model = {"a": "No areas had enough valid data to be ranked this week.", "b": ["This week: 3"]}
        assert not_this_week(model) == {
            "a": "No areas had enough valid data to be ranked that week.",
            "b": ["That week: 3"],
        }
        assert reword({"t": "vs the same week last year; both weeks; last week"}) == {
            "t": "vs the same period last year; both periods; the previous period"
        }
    with i18n.use("zh"):
        assert not_this_week({"a": "本周没有"}) == {"a": "该周没有"}
        assert reword({"t": "较去年同周"}) == {"t": "较去年同期"}


# --- The English pages of the sample site -----------------------------------------------------


def _article(page: Path) -> str:
    """The page's article as text, without the parts in Chinese on purpose (lang="zh") and the
    parts other sections of the site translate (the site-wide sample and stale-data banners, the
    facts line and the chart captions' source line: _facts.md.j2, _chart.md.j2)."""
    html = page.read_text(encoding="utf-8")
    html = html[html.index("<article") : html.index("</article>")]
    html = re.sub(r'<div class="lyg-(sample|stale)-banner".*?</div>', "", html, flags=re.S)
    html = re.sub(r'<(\w+)[^>]*\blang="zh"[^>]*>.*?</\1>', "", html, flags=re.S)
    html = re.sub(r'<p class="lyg-facts">.*?</p>', "", html, flags=re.S)
    html = re.sub(r"<figcaption>.*?</figcaption>", "", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html)
    return unescape(html)


def _latest_week(site: Path) -> str:
    return sorted(p.name for p in (site / "rankings").glob("20??-W??") if p.is_dir())[-1]


def _english_pages(site: Path) -> dict[str, Path]:
    week = _latest_week(site)
    city_year = sorted((site / "en" / "rankings" / "city").iterdir())[-1].name
    return {
        "index": site / "en/rankings/index.html",
        "latest": site / "en/rankings/latest/index.html",
        "week": site / f"en/rankings/{week}/index.html",
        "year": site / f"en/rankings/{week[:4]}/index.html",
        "month": site / "en/rankings/monthly/latest/index.html",
        "ytd": site / "en/rankings/ytd/latest/index.html",
        "city_year": site / f"en/rankings/city/{city_year}/index.html",
    }


@pytest.mark.parametrize("which", ["index", "latest", "week", "year", "month", "ytd", "city_year"])
def test_an_english_ranking_page_has_no_chinese_outside_marked_spans(sample_site, which):
    text = _article(_english_pages(sample_site)[which])
    chinese = sorted(
        {m.group(0) for m in re.finditer(r"\S*[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]\S*", text)}
    )
    assert not chinese, f"Chinese on the English {which} page: {chinese[:20]}"


def test_the_english_weekly_ranking_names_areas_in_english_and_explains_the_columns(sample_site):
    text = _article(_english_pages(sample_site)["week"])
    assert "Weekly air quality ranking of counties and districts · Week" in text
    assert "Composite index rank" in text
    assert "Haizhou District" in text
    assert "Share of good days" in text
    assert "Ranking by PM2.5 concentration" in text
    assert "Monday 00:00 to Sunday 24:00, Beijing time" in text


def test_the_english_monthly_and_year_to_date_rankings_say_period_not_week(sample_site):
    pages = _english_pages(sample_site)
    month, ytd = _article(pages["month"]), _article(pages["ytd"])
    assert "Monthly air quality ranking of counties and districts" in month
    assert "Year-to-date air quality ranking of counties and districts · January–" in ytd
    for text in (month, ytd):
        assert "vs the same period last year" in text
        assert "week" not in text.lower().replace("weekly", "")


def test_the_english_city_year_page_names_the_city_and_the_months(sample_site):
    text = _article(_english_pages(sample_site)["city_year"])
    assert "Lianyungang: air quality and rank by month" in text
    assert "January" in text


def test_the_chinese_ranking_pages_keep_their_chinese_words(sample_site):
    week = _latest_week(sample_site)
    page = (sample_site / f"rankings/{week}/index.html").read_text(encoding="utf-8")
    assert f"各县区环境空气质量周排名 · {week[:4]}年第{int(week[-2:])}周" in page
    assert '<th scope="col">排名</th><th scope="col">县区</th><th scope="col">综合指数</th>' in page
    assert "海州区" in page


def test_the_english_ranking_chart_exports_have_english_labels(sample_site):
    chart = sample_site / "en/charts/ranking-latest-composite"
    spec = json.loads((chart / "chart.vl.json").read_text(encoding="utf-8"))
    text = json.dumps(spec, ensure_ascii=False)
    assert "Composite index (lower is better)" in text
    assert "Haizhou District" in text
    svg = (chart / "chart.svg").read_text(encoding="utf-8")
    assert "Haizhou District" in svg
    assert "Weekly air quality ranking of counties and districts" in svg
    # Every text of the chart is English but the source lines under the title, which the chart
    # export adds (generator/charts/export.py, translated with the charts' part of the site).
    texts = [t for t in re.sub(r"<[^>]+>", "\n", svg).split("\n") if CJK.search(t)]
    assert all(t.startswith(("来源：", "时段：")) for t in texts), texts
    assert (chart / "chart.png").stat().st_size > 1000
    zh_svg = (sample_site / "charts/ranking-latest-composite/chart.svg").read_text(encoding="utf-8")
    assert "海州区" in zh_svg and "综合指数（越小越好）" in zh_svg


def test_the_english_rankings_feed_has_an_english_title_and_links_to_the_english_pages():
    site = {"url": "https://example.org/lyg-air/", "short_name": "连云港空气质量", "publisher": "P"}
    with i18n.use("en"):
        feed = feed_bytes(site, []).decode("utf-8")
    assert "<title>Lianyungang Air Quality: Weekly, monthly and year-to-date air quality rankings" in feed
    assert 'href="https://example.org/lyg-air/en/rankings/feed.xml"' in feed
    with i18n.use("zh"):
        feed = feed_bytes(site, []).decode("utf-8")
    assert "<title>连云港空气质量：县区空气质量周排名、月排名和年初至今累计排名</title>" in feed
    assert 'href="https://example.org/lyg-air/rankings/feed.xml"' in feed


def test_the_note_on_areas_without_data_reads_in_english():
    model = {
        "rows": [{"name": "Haizhou District"}],
        "unranked": [
            {"key": "donghai", "name": "Donghai County"},
            {"key": "ganyu", "name": "Ganyu District"},
        ],
        "group_label": "areas",
    }
    with i18n.use("en"):
        note = coverage_first(model, {"donghai": "no provincial data"}, "this week")
    assert note == (
        "Ranked this week: 1 of 3 areas; 2 not ranked: Donghai County — no data yet: no provincial data; "
        "Ganyu District — too little data (see the table of those not ranked for why)."
    )
    assert model["unranked"][0]["no_days_text"] == "no data (no provincial data)"

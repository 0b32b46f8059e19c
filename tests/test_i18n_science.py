"""The science pages and the targets page in English (/en/science/…, /en/targets/): the same
figures, breakpoints and levels as the Chinese pages, in English words, with no Chinese left
outside what is marked lang="zh"; and the Chinese pages as they were.

The site is the shared sample build (both editions); the model-level tests need no build.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import lxml.html
import pytest

from generator import i18n
from generator.pages.science import aqi as science_aqi
from generator.pages.shared import annual_figures as sd
from generator.pages.shared.rule_changes import aqi_change, change_note
from generator.standards.assessment import _annual_gaps
from generator.standards.dust import labels
from generator.standards.rules import rules_for

PAGES = [
    "science/",
    "science/pm/",
    "science/ozone/",
    "science/aqi/",
    "science/health/",
    "science/dustfall/",
    "science/actions/",
    "science/faq/",
    "targets/",
]
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
LEVELS_EN = [
    "Excellent",
    "Good",
    "Lightly Polluted",
    "Moderately Polluted",
    "Heavily Polluted",
    "Severely Polluted",
]
# Figures whose text is words (a level, a pollutant, a verdict, a list of months), not a number.
WORDED = re.compile(r"^(example_category|example_primary|.*_status_.*|pm25_gaps_.*|o3_cycle_.*_hour_.*)$")
# The pages that quote figures (the actions page quotes none).
FIGURE_PAGES = [p for p in PAGES if p != "science/actions/"]


def page(site: Path, path: str, lang: str = "zh") -> lxml.html.HtmlElement:
    folder = site / "en" / path if lang == "en" else site / path
    return lxml.html.parse(str(folder / "index.html")).getroot()


def article(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    return root.xpath("//article")[0]


def figures(root: lxml.html.HtmlElement) -> dict[str, str]:
    return {e.get("data-figure"): e.text_content().strip() for e in root.xpath("//*[@data-figure]")}


# The shared blocks every page carries (the theme's sample and stale-data banners, the facts line
# and a chart's caption of _facts.md.j2 and _chart.md.j2) are other parts' messages; the site
# check reads them on every page.
SHARED_BLOCKS = (
    "ancestor-or-self::*[@lang='zh' or self::figcaption or contains(@class, 'lyg-facts')"
    " or contains(@class, 'lyg-sample-banner') or contains(@class, 'lyg-stale-banner')]"
)


def chinese_outside_marked_spans(element: lxml.html.HtmlElement) -> list[str]:
    """Runs of Chinese text in `element` that are not inside an element with lang="zh" (nor in
    the shared blocks)."""
    found = []
    for node in element.iter():
        if not isinstance(node.tag, str) or node.xpath(SHARED_BLOCKS):
            continue
        for text in (node.text, node.tail if not node.xpath("parent::*[@lang='zh']") else None):
            if text and CJK.search(text):
                found.append(text.strip()[:80])
    return found


# --- the built pages ------------------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES)
def test_an_english_science_or_targets_page_has_no_chinese_outside_marked_text(sample_site, path):
    root = page(sample_site, path, "en")
    assert root.get("lang") == "en"
    left = chinese_outside_marked_spans(article(root))
    assert not left, f"/en/{path}: Chinese text on the English page: {left[:5]}"
    title = root.xpath("//title")[0].text_content()
    assert not CJK.search(title), title


@pytest.mark.parametrize("path", FIGURE_PAGES)
def test_the_english_page_quotes_the_same_figures_as_the_chinese_page(sample_site, path):
    zh, en = figures(page(sample_site, path)), figures(page(sample_site, path, "en"))
    assert zh.keys() == en.keys()
    ties = [k for k in zh if re.match(r"o3_cycle_.*_hour_", k)]
    assert [en[k] for k in ties] == [zh[k].replace("、", ", ") for k in ties]
    numbers = {k for k in zh if not WORDED.match(k)}
    assert numbers, f"{path}: no figures to compare"
    assert {k: en[k] for k in numbers} == {k: zh[k] for k in numbers}


def test_the_english_aqi_page_names_the_six_levels_with_the_chinese_pages_breakpoints(sample_site):
    zh, en = page(sample_site, "science/aqi/"), page(sample_site, "science/aqi/", "en")

    def level_rows(root):
        table = root.xpath("//table[thead/tr/th[contains(., 'AQI') and contains(., '2026')]]")[0]
        return [[td.text_content().strip() for td in tr.xpath("td")] for tr in table.xpath("tbody/tr")]

    zh_rows, en_rows = level_rows(zh), level_rows(en)
    assert [row[3] for row in zh_rows] == ["优", "良", "轻度污染", "中度污染", "重度污染", "严重污染"]
    assert [row[3] for row in en_rows] == LEVELS_EN
    assert [row[2] for row in en_rows] == [f"Level {n}" for n in range(1, 7)]
    # The AQI ranges are the same numbers; the open top range is put in words.
    assert [row[:2] for row in en_rows[:5]] == [row[:2] for row in zh_rows[:5]]
    assert zh_rows[5][:2] == ["大于300", "大于300"] and en_rows[5][:2] == ["above 300", "above 300"]
    assert en_rows[5][4].startswith("maroon #7E0023")

    def breakpoints(root):
        return [
            [[c.text_content() for c in tr.xpath("th|td")] for tr in table.xpath("tbody/tr")]
            for table in root.xpath("//table[contains(@class, 'lyg-iaqi-table')]")
        ]

    assert breakpoints(en) == breakpoints(zh)
    assert len(breakpoints(en)) == 2  # HJ 633-2012 and HJ 633-2026
    heads = [th.text_content() for th in en.xpath("//table[contains(@class, 'lyg-iaqi-table')]//thead//th")]
    assert "Fine particulate matter (PM2.5)24-hour mean(µg/m³)" in heads
    assert "Carbon monoxide (CO)1-hour mean(mg/m³)" in heads


def test_the_english_worked_example_reaches_the_same_aqi_with_an_english_level(sample_site):
    zh, en = figures(page(sample_site, "science/aqi/")), figures(page(sample_site, "science/aqi/", "en"))
    assert en["example_aqi"] == zh["example_aqi"]
    level = {"优": 0, "良": 1, "轻度污染": 2, "中度污染": 3, "重度污染": 4, "严重污染": 5}[
        zh["example_category"]
    ]
    assert en["example_category"] == LEVELS_EN[level]
    assert not CJK.search(en["example_primary"])
    text = article(page(sample_site, "science/aqi/", "en")).text_content()
    assert "rounded up" in text and "So on this day AQI =" in text


def test_the_english_health_page_gives_the_standards_advice_in_english(sample_site):
    en = page(sample_site, "science/health/", "en")
    rows = en.xpath("//table[contains(@class, 'lyg-health')]/tbody/tr")
    assert [r.xpath("td[1]/span")[0].text_content() for r in rows] == LEVELS_EN
    first = rows[0].xpath("td[2]")[0].text_content()
    assert first.startswith("Air quality is satisfactory")
    # Level 3's advice changed in 2026: both wordings are shown, the old one labelled.
    advice = rows[2].xpath("td[3]")[0].text_content()
    assert "Children and adolescents" in advice and "2012 version: Children, the elderly" in advice


def test_the_english_targets_page_assesses_in_english_words(sample_site):
    zh, en = figures(page(sample_site, "targets/")), figures(page(sample_site, "targets/", "en"))
    words = {
        "达到目标": "Target met",
        "未达到目标": "Target not met",
        "年度未结束，仅供参考": "Year not over, for reference only",
        "数据不足，不作年度评价": "Too little data, not assessed",
    }
    statuses = [k for k in zh if "_status_" in k]
    assert statuses
    for key in statuses:
        assert en[key] == words[zh[key]], key
    text = article(page(sample_site, "targets/", "en")).text_content()
    assert "dust deducted" in text and "as measured" in text


def test_the_english_editions_charts_have_english_titles_and_labels(sample_site):
    for chart in ("science-aqi-level-scale", "targets-pm25-annual", "science-aqi-days-per-level"):
        spec = json.loads(
            (sample_site / "en" / "charts" / chart / "chart.vl.json").read_text(encoding="utf-8")
        )
        zh_spec = json.loads((sample_site / "charts" / chart / "chart.vl.json").read_text(encoding="utf-8"))
        assert CJK.search(zh_spec["title"]["text"])
        # The chart's own words: everything but Vega's locale (config) and the source, period and
        # as-of lines the chart registry adds under the subtitle (another part's messages).
        own = {k: v for k, v in spec.items() if k not in ("config", "title")}
        own["title"] = [spec["title"]["text"], spec["title"]["subtitle"][0]]
        words = json.dumps(own, ensure_ascii=False)
        assert not CJK.search(words), (chart, CJK.findall(words)[:10])
        csv = (sample_site / "en" / "charts" / chart / "data.csv").read_text(encoding="utf-8-sig")
        assert not CJK.search(csv.splitlines()[0]), csv.splitlines()[0]
    assert "Severely Polluted" in (
        sample_site / "en" / "charts" / "science-aqi-level-scale" / "chart.vl.json"
    ).read_text(encoding="utf-8")


# --- the page models, in each language --------------------------------------------------------


def test_the_level_rows_name_levels_grades_and_colours_in_the_language_rendered():
    with i18n.use("en"):
        rows = science_aqi.level_rows()
    assert [r["category"] for r in rows] == LEVELS_EN
    assert rows[0]["colour_name"] == "green" and rows[5]["range_2026"] == "above 300"
    assert rows[2]["effect_2026"].startswith("Symptoms of susceptible people are slightly aggravated")
    zh_rows = science_aqi.level_rows()
    assert [r["category"] for r in zh_rows][0] == "优" and zh_rows[5]["range_2026"] == "大于300"


def test_the_primary_pollutant_reads_in_words_in_both_languages():
    assert science_aqi.primary_text("PM2.5,O3_8h") == "细颗粒物（PM2.5）、臭氧（8小时）"
    assert science_aqi.primary_text(None) == "无"
    with i18n.use("en"):
        assert science_aqi.primary_text("PM2.5,O3_8h") == "Fine particulate matter (PM2.5), Ozone (8-hour)"
        assert science_aqi.primary_text("") == "none"


def test_a_year_to_date_and_a_season_are_labelled_in_the_language_rendered():
    assert (
        sd.rules_text("2012+2026")
        == "HJ 633-2012、HJ 663-2013（2026年3月1日前）；HJ 633-2026、HJ 663-2026（此后）"
    )
    with i18n.use("en"):
        assert sd.rules_text("2012+2026") == (
            "HJ 633-2012, HJ 663-2013 (before 1 March 2026); HJ 633-2026, HJ 663-2026 (from then on)"
        )
        assert sd.span_text(date(2025, 1, 1), date(2025, 12, 31)) == "2025-01-01 to 2025-12-31"


def test_the_months_short_of_valid_days_are_named_in_the_language_rendered():
    import numpy as np
    import pandas as pd

    ruleset = rules_for("2026")
    needed = np.array([27] * 12)
    needed[1] = 25
    per_month = pd.DataFrame(
        [[31, 28, 31, 30, 31, 30, 31, 20, 30, 31, 30, 31]], index=["city"], columns=range(1, 13)
    )
    assert _annual_gaps(per_month, needed, ruleset)["city"] == "8月20天（每月至少27天，二月25天）"
    with i18n.use("en"):
        assert _annual_gaps(per_month, needed, ruleset)["city"] == (
            "month 8: 20 days (at least 27 days each month, 25 in February)"
        )


def test_the_dust_labels_and_a_change_of_rules_are_said_in_english():
    with i18n.use("en"):
        assert labels() == {"deducted": "dust deducted", "undeducted": "as measured"}
        note = change_note(date(2026, 1, 1), date(2026, 6, 30), aqi_change)
    assert note.startswith("from 1 March 2026, 2026 standards (HJ 633-2026")
    assert "PM2.5 daily mean" in note and not CJK.search(note)
    assert labels() == {"deducted": "扣沙", "undeducted": "不扣沙"}

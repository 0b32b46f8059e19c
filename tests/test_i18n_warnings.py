"""The English edition of the warnings and the forecast: notices, the warnings index, the forecast
and its archive read in English; an editor's English fields (title_en, cause_en, description_en,
measures_en on a notice; text_en on a forecast) are used when written and checked like every
other field; without them the English page shows the structured facts in English and the
notice's Chinese text marked lang="zh"; the Chinese pages do not change."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pandas as pd
import pytest
from lxml import etree

from generator import i18n
from generator.config import load_config
from generator.errors import InputError
from generator.site.render import make_env
from generator.sources.registers.forecasts import read_forecast
from generator.sources.registers.warnings import load_register
from generator.standards.warning_levels import assess_warning
from tests.conftest import ROOT
from tests.test_warnings_register import LIFT, WARNING, write

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
ATOM = "{http://www.w3.org/2005/Atom}"
# Blocks other parts of the English edition translate (the facts line: _facts.md.j2; a figure's
# frame: _chart.md.j2; the AQI levels' health words: the standards' table; the theme's sample,
# stale-data and share blocks). Left out here so these tests speak for the warnings' and the
# forecast's own words; the site check covers every word of every English page.
OTHER_PARTS = {
    "lyg-facts",
    "lyg-figure",
    "lyg-health-advice",
    "lyg-sample-banner",
    "lyg-stale-banner",
    "lyg-share",
}
VOID = {"br", "img", "meta", "link", "input", "hr", "source", "wbr", "col"}

ENGLISH = {
    "title_en": "Lianyungang issues a yellow heavy pollution warning",
    "cause_en": "Stagnant, humid air lets PM2.5 build up.",
    "description_en": "Residents are advised to stay indoors.",
    "measures_en": ["Construction sites stop earthworks."],
}


@pytest.fixture(scope="module")
def config():
    return load_config(ROOT / "data" / "site.toml")


def notice_error(tmp_path, config, **change) -> InputError:
    write(tmp_path / "w", {**WARNING, **change})
    with pytest.raises(InputError) as info:
        load_register(tmp_path / "w", config)
    return info.value


class _Text(HTMLParser):
    """The text of a page's article that is not marked lang="zh" (nor another part's block)."""

    def __init__(self):
        super().__init__()
        self.stack: list[bool] = []  # per open element: inside a skipped block
        self.text: list[str] = []
        self.in_article = 0

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        a = dict(attrs)
        if tag == "article":
            self.in_article += 1
        skipped = (
            (self.stack and self.stack[-1])
            or a.get("lang") == "zh"
            or tag in ("script", "style")
            or bool(OTHER_PARTS & set((a.get("class") or "").split()))
        )
        self.stack.append(bool(skipped))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if tag == "article":
            self.in_article -= 1
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.in_article and not (self.stack and self.stack[-1]):
            self.text.append(data)


def english_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.text).split())


def page(site, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


# --- The editor's English fields -----------------------------------------------------------------


def test_a_notice_with_english_fields_keeps_them_beside_the_chinese(tmp_path, config):
    write(tmp_path / "w", {**WARNING, **ENGLISH})
    notice = load_register(tmp_path / "w", config).by_id["2026-010"]
    assert notice.title_en == ENGLISH["title_en"]
    assert notice.cause_en == ENGLISH["cause_en"]
    assert notice.description_en == ENGLISH["description_en"]
    assert notice.measures_en == ("Construction sites stop earthworks.",)
    assert notice.cause == "PM2.5 累积" and notice.measures == ("工地停止土石方作业",)


def test_a_notice_without_english_fields_reads_as_before(tmp_path, config):
    write(tmp_path / "w", WARNING)
    notice = load_register(tmp_path / "w", config).by_id["2026-010"]
    assert (notice.title_en, notice.cause_en, notice.description_en, notice.measures_en) == ("", "", "", ())


def test_english_measures_must_match_the_chinese_ones_line_for_line(tmp_path, config):
    error = notice_error(tmp_path, config, measures_en=["Stop earthworks.", "And something else."])
    assert error.field == "measures_en" and "2" in str(error) and "1" in str(error)


@pytest.mark.parametrize(
    ("field", "value", "where"),
    [
        ("title_en", "Lianyungang 发布 a warning", "title_en"),
        ("cause_en", "PM2.5，rising", "cause_en"),
        ("measures_en", ["Stop 土石方 work."], "measures_en[1]"),
    ],
)
def test_chinese_in_an_english_field_is_refused(tmp_path, config, field, value, where):
    error = notice_error(tmp_path, config, **{field: value})
    assert error.field == where and "汉字" in str(error)


@pytest.mark.parametrize(
    ("field", "value", "where"),
    [
        (
            "title_en",
            "Yellow \u202ewarning",
            "title_en",
        ),  # a direction override: the text would read backwards
        ("measures_en", ["Stop\x07 work."], "measures_en[1]"),
        ("description_en", ["a list"], "description_en"),
        ("measures_en", "Stop earthworks.", "measures_en"),
    ],
)
def test_a_hostile_or_malformed_english_field_names_its_field(tmp_path, config, field, value, where):
    error = notice_error(tmp_path, config, **{field: value})
    assert error.field == where


def test_a_lift_takes_no_english_measures(tmp_path, config):
    write(tmp_path / "w", WARNING)
    write(tmp_path / "w", {**LIFT, "measures_en": ["Stop."]})
    with pytest.raises(InputError) as info:
        load_register(tmp_path / "w", config)
    assert info.value.field == "measures_en"


def test_markup_in_an_english_title_is_printed_as_text(tmp_path, config):
    hostile = "<script>alert(1)</script> [click](javascript:alert(2)) **bold**"
    write(tmp_path / "w", {**WARNING, "title_en": hostile})
    notice = load_register(tmp_path / "w", config).by_id["2026-010"]
    assert notice.title_en == hostile  # kept as written: it is text, escaped where printed
    template = make_env().from_string(
        '{% from "_warning_list.md.j2" import warning_table with context %}{{ warning_table(rows) }}'
    )
    row = {
        "level": "yellow", "url": "warnings/2026-010/", "title": notice.title_en,
        "issued_at": notice.issued_at, "level_label": "Yellow alert", "kind": "发布",
        "kind_text": "issued", "areas": "Haizhou District", "effective_from": notice.effective_from,
        "end": notice.expected_end, "status": "In force",
    }  # fmt: skip
    with i18n.use("en"):
        html = template.render(rows=[row], page_url="warnings/")
    assert "<script>" not in html and "[click]" not in html and "**bold**" not in html
    assert "&#60;script&#62;alert&#40;1&#41;" in html


FORECAST = """issued_at: 2026-11-22T16:00:00+08:00
text: 23日可能出现轻度污染。
{extra}days:
""" + "".join(
    f"  - {{area: 全市, date: 2026-11-{d}, aqi_min: 60, aqi_max: 90, level: 良, primary: PM2.5}}\n"
    for d in range(23, 30)
)


def test_a_forecast_may_carry_its_note_in_english(tmp_path, config):
    path = tmp_path / "2026-11-22.yaml"
    path.write_text(
        FORECAST.replace("{extra}", "text_en: Light pollution is possible on the 23rd.\n"), encoding="utf-8"
    )
    forecast = read_forecast(path, config)
    assert forecast.text == "23日可能出现轻度污染。"
    assert forecast.text_en == "Light pollution is possible on the 23rd."


def test_chinese_in_a_forecast_english_note_is_refused(tmp_path, config):
    path = tmp_path / "2026-11-22.yaml"
    path.write_text(FORECAST.replace("{extra}", "text_en: 轻度污染 possible\n"), encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_forecast(path, config)
    assert info.value.field == "text_en"


def test_the_english_forecast_page_shows_the_english_note_or_the_chinese_one_marked(tmp_path, config):
    from generator.pages.forecast.model import forecast_text

    path = tmp_path / "2026-11-22.yaml"
    path.write_text(FORECAST.replace("{extra}", "text_en: Light pollution is possible.\n"), encoding="utf-8")
    with_english = read_forecast(path, config)
    path.write_text(FORECAST.replace("{extra}", ""), encoding="utf-8")
    chinese_only = read_forecast(path, config)
    assert forecast_text(with_english) == {"text": "23日可能出现轻度污染。", "text_chinese": False}
    with i18n.use("en"):
        assert forecast_text(with_english) == {"text": "Light pollution is possible.", "text_chinese": False}
        assert forecast_text(chinese_only) == {"text": "23日可能出现轻度污染。", "text_chinese": True}


# --- The grading explanation ---------------------------------------------------------------------


def test_the_grading_explanation_is_english_in_the_english_edition_and_unchanged_in_chinese():
    series = pd.Series({pd.Timestamp("2026-01-13"): 240, pd.Timestamp("2026-01-14"): 280})
    chinese = assess_warning(series, rules="2024").explanation
    assert (
        chinese
        == "按环大气〔2024〕6号：1月13日至1月14日共2天AQI>200，满足橙色预警条件（AQI>200持续2天及以上）。"
    )
    with i18n.use("en"):
        english = assess_warning(series, rules="2024").explanation
    assert not CJK.search(english), english
    assert (
        "13 January to 14 January, 2 days with AQI>200" in english and "orange warning condition" in english
    )


# --- The built site: both editions -------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["en/warnings", "en/warnings/2026-001", "en/warnings/2026-002", "en/warnings/2026-003", "en/forecast",
     "en/forecast/archive", "en/forecast/2026-01-11"],
)  # fmt: skip
def test_english_warning_and_forecast_pages_have_no_chinese_outside_marked_text(sample_site, path):
    text = english_text(page(sample_site, path))
    assert text, f"/{path}/ has no article text"
    found = CJK.findall(text)
    assert not found, f"/{path}/ shows Chinese outside lang=zh: {''.join(found)[:80]} in {text[:400]}"


def test_the_english_warnings_index_reads_in_english(sample_site):
    text = english_text(page(sample_site, "en/warnings"))
    for words in (
        "Heavy pollution warnings",
        "Earlier notices",
        "Lianyungang issues a yellow heavy pollution warning",
        "Lianyungang lifts its orange heavy pollution warning",
        "Yellow alert",
        "Orange alert (upgraded)",
        "Emission cuts by warning level",
        "Observed heavy pollution episodes",
    ):
        assert words in text, words


def test_a_notice_without_english_shows_its_facts_in_english_and_its_words_marked_chinese(sample_site):
    html = page(sample_site, "en/warnings/2026-001")
    text = english_text(html)
    assert "Lianyungang issues a yellow heavy pollution warning" in text
    assert "Whole city (Haizhou District, Lianyun District" in text
    assert "Lianyungang Heavy Pollution Weather Emergency Command" in text
    assert "What the emergency plan requires during every warning" in text
    assert "The specific measures this notice lists are published in Chinese only" in text
    # The notice's own measures and cause, in Chinese, marked as such.
    measures = re.search(r'<div class="lyg-warning-measures" lang="zh" markdown="0">(.*?)</div>', html, re.S)
    assert measures and "禁止露天烧烤和秸秆、垃圾露天焚烧。" in measures.group(1)
    assert '<span lang="zh">受静稳、高湿等不利气象条件影响' in html


def test_a_notice_with_english_fields_shows_the_editors_english(sample_site):
    html = page(sample_site, "en/warnings/2026-002")
    text = english_text(html)
    assert "Lianyungang upgrades its yellow heavy pollution warning to orange" in text
    assert "Dispersion conditions are worse than forecast" in text
    assert "Bulk cargo yards at the port and wharves stop loading" in text
    assert "published in Chinese only" not in text
    assert "港口、码头散货堆场" not in html


def test_the_chinese_notice_page_keeps_the_notices_own_words(sample_site):
    html = page(sample_site, "warnings/2026-002")
    assert "连云港市重污染天气黄色预警升级为橙色预警" in html
    assert "港口、码头散货堆场停止装卸作业，加强苫盖。" in html
    assert "Bulk cargo" not in html and 'lang="zh"' not in html.split("<article", 1)[1]


def test_the_english_forecast_reads_in_english(sample_site):
    text = english_text(page(sample_site, "en/forecast"))
    for words in ("7-day air quality forecast", "The city, next 7 days", "How accurate are the forecasts?",
                  "Lianyungang Environmental Monitoring Centre", "Lead time"):  # fmt: skip
        assert words in text, words
    archive = english_text(page(sample_site, "en/forecast/archive"))
    assert "Air quality forecast archive" in archive and "November 2026" in archive


def test_the_english_warnings_feed_has_english_titles_and_links_to_english_pages(sample_site):
    feed = etree.parse(str(sample_site / "en" / "warnings" / "feed.xml")).getroot()
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") in (None, "en")
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert "Lianyungang upgrades its yellow heavy pollution warning to orange" in titles
    assert not any(CJK.search(t) for t in titles), titles
    assert not CJK.search(feed.findtext(f"{ATOM}title"))
    summaries = " ".join(e.findtext(f"{ATOM}summary") for e in feed.iter(f"{ATOM}entry"))
    assert "Cause: Dispersion conditions are worse than forecast" in summaries  # 2026-002's cause_en
    assert "受静稳" not in summaries  # 2026-001 has no English cause: its Chinese one stays on its page
    links = [link.get("href") for link in feed.iter(f"{ATOM}link") if link.get("rel") == "alternate"]
    assert links and all("/en/warnings/" in href for href in links), links
    chinese = etree.parse(str(sample_site / "warnings" / "feed.xml")).getroot()
    assert "连云港市重污染天气黄色预警升级为橙色预警" in [
        e.findtext(f"{ATOM}title") for e in chinese.iter(f"{ATOM}entry")
    ]


def test_each_edition_publishes_the_same_cap_file_beside_its_notice(sample_site):
    for notice in ("2026-001", "2026-002", "2026-003"):
        english = (sample_site / "en" / "warnings" / notice / "cap.xml").read_bytes()
        assert english == (sample_site / "warnings" / notice / "cap.xml").read_bytes()

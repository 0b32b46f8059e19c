"""Public pages speak to the public: `check-site` finds a repository path, a project file, a code
identifier, an untranslated English sentence or ASCII quotes in Chinese prose on a public page,
each shown on a small hand-made page; the methodology pages may cite code by path as links, the
editors' pages may say anything. Both real builds come out clean (tests/test_site_check.py runs
the whole check on them; here the public-words findings are counted on their own)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from generator.sitecheck import check_site
from generator.sitecheck.words import public_words

SITE_URL = "https://lyg-air.github.io/lyg-air/"


def findings(body: str, path: str = "areas/donghai/index.html") -> list[str]:
    page = f'<!DOCTYPE html><html lang="zh-CN"><head><title>东海县</title></head><body>{body}</body></html>'
    doc = etree.fromstring(page.encode("utf-8"), etree.HTMLParser(encoding="utf-8"))
    return [f"{what}: {where}" for what, where in public_words(doc, path)]


@pytest.mark.parametrize(
    ("text", "what"),
    [
        # The real defect: the area pages of real 2019 told readers to edit the repository.
        ("按项目文档 docs/data-sources.md 一节保存", "repository path"),
        ("放进 data/provincial/donghai.csv，然后重新生成网站", "repository path"),
        ("预报文件的格式见编辑说明（data/forecasts/README.md）", "repository path"),
        ("这个基准值是网站配置中的默认值（site.toml）", "project file name"),
        ("首要污染物：O3_8h", "code identifier"),
        ("数据由 generator.sample 生成", "code identifier"),
        ("在 provincial_stations 中登记", "code identifier"),
        ("需要用 python -m generator fetch 获取", "code identifier"),
        ("整洁长表格式（station, time, pollutant, value）", "untranslated English sentence"),
        ('第三十五条"每周公布县、区环境空气质量排名"', "ASCII quotation mark in Chinese prose"),
        ("数据截至：2026-11-22T23:00:00+08:00", "ISO timestamp"),
    ],
)
def test_a_developers_word_on_a_public_page_is_found(text, what):
    found = findings(f"<h1>东海县</h1><p>{text}</p>")
    assert found and all(f.startswith(what) for f in found), found


@pytest.mark.parametrize(
    "body",
    [
        "<p>首要污染物：臭氧（8小时）。东海县暂无数据：省控站数据未接入。</p>",
        "<p>“较上周”中，名次上升记为“↑”。PM2.5 周均浓度 35 µg/m³，CAP 1.2 预警文件，Atom 订阅源。</p>",
        # A web address, a download's name and the marked English of the sample banner.
        "<p>订阅地址 https://lyg-air.github.io/lyg-air/areas/donghai/feed.xml 与 2026-W47.csv</p>"
        '<p lang="en">Demonstration sample data, not official measurements.</p>',
        # Code a reader copies, and a CSV's field names marked as code.
        '<pre><code>&lt;iframe src="https://x/embed/a/" title="chart_id"&gt;</code></pre>'
        "<table><tr><td>PM2.5 日均浓度</td><td><code>pm25_mean</code></td></tr></table>",
    ],
)
def test_public_words_and_marked_code_or_english_are_not_findings(body):
    assert findings(f"<h1>东海县</h1>{body}") == []


def test_a_repository_path_in_code_is_still_a_developers_word():
    assert findings("<p>见 <code>docs/data-sources.md</code></p>") == [
        "repository path on a public page: 'docs/data-sources.md' in …docs/data-sources.md…"
    ]


def test_methodology_may_cite_code_by_path_only_as_a_link_and_use_archive_field_names():
    linked = '<p>见 <a href="https://github.com/lyg-air/lyg-air/blob/main/docs/data-sources.md">docs/data-sources.md</a></p>'
    assert findings(linked, "methodology/index.html") == []
    assert findings("<p>23 时的 PM2.5_24h 与 O3_8h_24h</p>", "methodology/validity/index.html") == []
    assert findings("<p>见 docs/data-sources.md</p>", "methodology/index.html") != []


def test_the_editors_pages_are_for_editors():
    text = "<p>放进 data/provincial/donghai.csv，在 data/site.toml 的 provincial_stations 中登记</p>"
    assert findings(text, "editors/index.html") == []
    assert findings(text, "forecast/check/index.html") == []


def test_a_tooltip_or_description_is_read_too():
    assert findings('<h1>东海县</h1><img src="a.png" alt="O3_8h 日变化">') != []


def public_word_problems(site: Path) -> list[str]:
    kinds = ("repository path", "project file", "code identifier", "English", "ASCII quotation", "ISO")
    report = check_site(site, SITE_URL)
    return [str(p) for p in report.problems if any(k in p.what for k in kinds)]


@pytest.mark.slow
def test_the_sample_build_speaks_only_public_words(sample_site):
    assert public_word_problems(sample_site) == []


@pytest.mark.slow
@pytest.mark.shared_data
def test_the_real_2019_build_speaks_only_public_words(real_2019_site):
    assert public_word_problems(real_2019_site) == []
    # The instructions moved to the editors' page: what each area without data needs.
    editors = (real_2019_site / "editors" / "index.html").read_text(encoding="utf-8")
    assert "data/provincial/donghai.csv" in editors and "docs/data-sources.md" in editors
    area = (real_2019_site / "areas" / "donghai" / "index.html").read_text(encoding="utf-8")
    assert "省控站" in area and "provincial/" not in area

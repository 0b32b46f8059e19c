"""The small things a reader notices (issue 27, list 9), each as a rule over the built sample:
/subscribe/ is linked from the home, warnings and area pages; a page's source line says the demo
note once and one time format; /data/ names each chart for its subject, section by section;
/status/ counts the data's age as the banner does; the coverage note of a ranking comes before
its chart."""

from __future__ import annotations

import re

import lxml.html
import pytest


def parse(site, url: str) -> lxml.html.HtmlElement:
    return lxml.html.parse(str(site / url / "index.html")).getroot()


def article_text(page) -> str:
    return " ".join(page.xpath("string(//article)").split())


@pytest.mark.slow
def test_subscribe_is_linked_from_the_home_warnings_and_every_area_page(sample_site):
    areas = [p.parent.name for p in (sample_site / "areas").glob("*/index.html")]
    assert len(areas) == 10
    for url in ("", "warnings", *(f"areas/{slug}" for slug in areas)):
        hrefs = parse(sample_site, url).xpath("//article//a/@href")
        assert any(h.rstrip("/").endswith("subscribe") for h in hrefs), f"/{url} does not link /subscribe/"


@pytest.mark.slow
def test_a_source_line_says_the_demo_note_once_in_the_pages_time_format(sample_site):
    for url in ("", "rankings/latest", "areas/haizhou", "warnings", "status"):
        page = parse(sample_site, url)
        facts = [" ".join(p.text_content().split()) for p in page.xpath("//p[@class='lyg-facts']")]
        footer = " ".join(page.xpath("string(//div[contains(@class, 'lyg-footer')])").split())
        for line in [*facts, footer]:
            assert line.count("非官方") <= 1 and "generator" not in line, line
            assert not re.search(r"\d{4}-\d\d-\d\dT\d\d", line), line
        assert len([f for f in facts if f.startswith("数据来源")]) <= 1, url


@pytest.mark.slow
def test_the_data_index_groups_charts_by_section_each_named_for_its_subject(sample_site):
    page = parse(sample_site, "data")
    sections = page.xpath("//details[@class='lyg-data-section']")
    names = [s.xpath("string(./summary)") for s in sections]
    assert [n.split("（")[0] for n in names][:3] == ["首页", "排名", "县区"]
    titles = [a.text_content() for a in page.xpath("//details//tr/td[1]/a")]
    assert len(titles) > 200
    enterprise = [t for t in titles if "日均值与标准限值" in t]
    assert enterprise and all(not t.startswith(("颗粒物", "二氧化硫", "氮氧化物")) for t in enterprise)
    assert len(set(enterprise)) == len(enterprise)  # one chart, one name


@pytest.mark.slow
def test_status_gives_the_banners_age_of_the_data(sample_site_silent_area_built_late):
    page = parse(sample_site_silent_area_built_late, "status")
    text = article_text(page)
    assert "数据截至 2026-11-22，已 3 个月未更新" in text  # the banner's own words
    assert "2026-11-23 至 2027-02-28 的日数据尚未发布" in text


@pytest.mark.slow
@pytest.mark.shared_data
def test_a_ranking_says_which_areas_cannot_rank_and_why_before_its_chart(real_2019_site):
    for url in ("rankings/2019-W52", "rankings/monthly/latest", "rankings/ytd/latest"):
        page = parse(real_2019_site, url)
        text = article_text(page)
        note = page.xpath("string(//p[@class='lyg-coverage-first'])")
        # Before the chart and the tables.
        assert not page.xpath("//p[@class='lyg-coverage-first']/preceding::figure"), url
        assert not page.xpath("//p[@class='lyg-coverage-first']/preceding::table"), url
        absent = note.split("暂无数据：省控站数据未接入")[0].split("不参与：")[1]
        provincial = {"东海县", "灌云县", "灌南县", "徐圩新区", "高新区", "云台山景区"}
        assert set(absent.split("、")) == provincial, url
        assert "赣榆区暂无数据：国控站本时段未发布数据" in note, url
        assert re.search(r"10 个县区中 \d+ 个参与排名，\d+ 个不参与", note), url
        assert "O3_8h" not in text, url

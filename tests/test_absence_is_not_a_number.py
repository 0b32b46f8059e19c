"""Absence is never a number: where a count or a statistic has no data under it, the cell says
无数据 with the reason, never 0 (a 0 reads as "clean"). Checked over every table of every page
of the real 2019 build, where 7 of the 10 areas have no station data at all; and the rule itself
on the helper the tables use."""

from __future__ import annotations

import re

import lxml.html
import pytest

from generator.pages.shared.area_absence import count_or_absence

# The areas without any station data in the real 2019 archive (their stations are provincial, or
# the national 3007A, silent in 2019).
ABSENT_2019 = ("东海县", "灌云县", "灌南县", "赣榆区", "徐圩新区", "高新区", "云台山景区")
# Columns that count the data itself (how many days or stations had data): 0 is their honest value.
COVERAGE_HEADERS = ("站点", "有日 AQI", "覆盖", "计入", "有数据", "有效", "天数统计", "类型", "年份", "年度")
NUMBER = re.compile(r"^[−-]?\d+(\.\d+)?%?$")


def test_a_count_over_no_data_says_no_data_with_its_reason():
    assert count_or_absence(0, 0, "省控站数据未接入") == "无数据（省控站数据未接入）"
    assert count_or_absence(0, 0, None) == "无数据（该时段没有有效的日数据）"
    assert count_or_absence(0, 365, None) == "0"  # a year of data and no heavy day: a real 0
    assert count_or_absence(3, 12, "省控站数据未接入") == "3"


def numbers_for_absent_areas(page: lxml.html.HtmlElement) -> list[str]:
    found = []
    for table in page.iter("table"):
        headers = [" ".join(th.text_content().split()) for th in table.xpath(".//thead//th")]
        for row in table.xpath(".//tbody/tr"):
            cells = []  # one entry per column: a cell spanning columns fills each of them
            for td in row.xpath("./td|./th"):
                cells += [" ".join(td.text_content().split())] * int(td.get("colspan", "1"))
            area = next((name for name in ABSENT_2019 if any(c.startswith(name) for c in cells[:2])), None)
            if area is None:
                continue
            for header, cell in zip(headers, cells, strict=False):
                if NUMBER.match(cell) and not any(word in header for word in COVERAGE_HEADERS):
                    found.append(f"{area}: {header} = {cell}")
    return found


@pytest.mark.slow
@pytest.mark.shared_data
def test_no_table_of_the_real_2019_build_shows_a_number_for_an_area_without_data(real_2019_site):
    problems = {}
    for path in sorted(real_2019_site.rglob("*.html")):
        page = lxml.html.parse(str(path)).getroot()
        if page is None:
            continue
        found = numbers_for_absent_areas(page)
        if found:
            problems[str(path.relative_to(real_2019_site))] = found[:5]
    assert problems == {}
    # The defect of the issue: seven areas with 0 heavy days over 0 days of data.
    warnings = lxml.html.parse(str(real_2019_site / "warnings" / "index.html")).getroot()
    (table,) = warnings.xpath('//table[@class="lyg-heavy-days"]')
    rows = {
        r[1]: r for r in ([td.text_content() for td in tr.xpath("./td")] for tr in table.xpath(".//tbody/tr"))
    }
    assert rows["东海县"][2] == "无数据（省控站数据未接入）" and rows["东海县"][3] == "0"
    assert rows["赣榆区"][2] == "无数据（国控站本时段未发布数据）"
    assert NUMBER.match(rows["海州区"][2])

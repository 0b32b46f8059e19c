"""The enterprise pages in a browser: hostile names stay text, search finds units, filters work."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import CHINESE_ONLY, SAMPLE_DATA, PageVisit, StaticServer, build_site_into

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]
CODES = ["91320700MA1XHH001", "91320700MA1XHH002"]  # 17 characters; check characters added below


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """The sample plus a disclosure file whose unit names (and outlet) are HTML."""
    from generator.enterprises.credit_code import check_character

    work = tmp_path_factory.mktemp("hostile")
    data = work / "data"
    shutil.copytree(SAMPLE_DATA, data)
    codes = [c[:17] + check_character(c[:17]) for c in CODES]
    lines = ["企业名称,统一社会信用代码,县区,行业,排放口,监测项目,监测时间,监测值,单位,标准限值"]
    for name, code in zip(HOSTILE, codes, strict=True):
        quoted = '"' + name.replace('"', '""') + '"'
        lines += [
            f"{quoted},{code},海州区,{quoted},{quoted},SO2,2026-11-0{d},{v},mg/m3,35"
            for d, v in ((1, 20), (2, 50))
        ]
    (data / "enterprises" / "hostile.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    site = build_site_into(data, work, languages=CHINESE_ONLY)  # its tests read the zh pages
    server = StaticServer(site)
    yield server, codes
    server.close()


def search(page, query: str) -> None:
    """Type into the Material search box. The search runs on key-up: `fill` alone inserts Chinese
    text without one, so a key press follows."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")


def _open(browser, server):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    return context, PageVisit(page, {server.url.rstrip("/")}), dialogs


def test_hostile_names_are_shown_as_text_and_never_run(browser, hostile_site):
    server, codes = hostile_site
    context, visit, dialogs = _open(browser, server)
    try:
        for url in [
            "enterprises/",
            "enterprises/area/haizhou/",
            *[f"enterprises/{c}/" for c in codes],
            "enterprises/validation/",
        ]:
            visit.goto(server.url + url)
            visit.page.wait_for_timeout(300)
            assert visit.page.locator("img[src='x']").count() == 0, url
            assert visit.page.locator("article script").count() == 0, url
        for name, code in zip(HOSTILE, codes, strict=True):
            visit.goto(server.url + f"enterprises/{code}/")
            assert visit.page.locator("h1").first.inner_text() == name
            visit.goto(server.url + "enterprises/")
            assert visit.page.get_by_role("link", name=name, exact=True).count() == 1
        # The search index holds the names as text; the result list must show them as text too.
        search(visit.page, "alert")
        visit.page.locator(".md-search-result__item").first.wait_for(timeout=15000)
        visit.page.wait_for_timeout(500)
        assert visit.page.locator(".md-search-result img[src='x'], .md-search-result script").count() == 0
        assert dialogs == []
        visit.assert_clean()
    finally:
        context.close()


def test_search_finds_a_unit_by_part_of_its_name(visit, sample_server):
    v = visit()
    v.goto(sample_server.url + "enterprises/")
    search(v.page, "云岭")
    # Results show jieba's word breaks (zero-width spaces), so find the unit's page by its link.
    result = v.page.locator(".md-search-result__item a[href*='91320700MA1YL0R7TB']")
    result.first.wait_for(timeout=15000)
    assert "云岭" in result.first.inner_text()
    v.assert_clean()


def test_filters_and_sorting(visit, sample_server):
    v = visit()
    v.goto(sample_server.url + "enterprises/")
    rows = v.page.locator("table.lyg-enterprises tbody tr")
    total = rows.count()
    assert total >= 4
    form = v.page.locator("form.lyg-filter")
    assert form.is_visible()
    form.locator("select[name=county]").select_option("guannan")
    visible = v.page.locator("table.lyg-enterprises tbody tr:visible")
    assert visible.count() == 1
    assert "灌南瑞衡化工有限公司" in visible.first.inner_text()
    form.locator("select[name=county]").select_option("")
    form.locator("input[name=exceed]").check()
    assert 0 < visible.count() < total or visible.count() == total
    assert all(r.get_attribute("data-exceed") == "yes" for r in visible.all())
    form.locator("input[name=exceed]").uncheck()
    v.page.locator("table.lyg-enterprises th button", has_text="超标记录").click()
    v.page.locator("table.lyg-enterprises th button", has_text="超标记录").click()  # descending
    counts = [int(r.locator("td").nth(4).get_attribute("data-value")) for r in visible.all()]
    assert counts == sorted(counts, reverse=True)
    v.assert_clean()


def test_without_javascript_the_full_table_and_area_links_remain(browser, sample_server):
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(sample_server.url + "enterprises/")
        assert page.locator("table.lyg-enterprises tbody tr:visible").count() >= 4
        assert not page.locator("form.lyg-filter").is_visible()
        page.locator("ul.lyg-area-links a", has_text="灌南县").click()
        assert "灌南瑞衡化工有限公司" in page.locator("article").inner_text()
    finally:
        context.close()

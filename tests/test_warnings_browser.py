"""A person visits the site while a heavy-pollution warning is in force, and after it has ended.

The site is built at the fixed test time (conftest.TEST_EPOCH, 2026-11-23 08:00 Beijing time) from
a copy of the sample data plus one red warning in force at that time, whose texts carry HTML and
script. The browser's clock is set to a moment inside or after the warning.
"""

from __future__ import annotations

import shutil
from datetime import datetime

import pytest
from lxml import etree

from generator.formats.warnings_cap import cap_problems, schema_errors
from tests.conftest import CHINESE_ONLY, SAMPLE_DATA, PageVisit, StaticServer, build_site_into

pytestmark = [pytest.mark.browser, pytest.mark.slow]  # builds a second whole site

NOTICE_ID = "2026-900"
HOSTILE = '<script>window.__pwned = 1</script><img src="x" onerror="window.__pwned = 2">'
ACTIVE_NOTICE = f"""
id: "{NOTICE_ID}"
level: 红色
title: '测试红色预警 {HOSTILE}'
issued_at: 2026-11-22T16:00:00+08:00
effective_from: 2026-11-23T00:00:00+08:00
expected_end: 2026-11-24T00:00:00+08:00
areas: [海州区, 连云区]
cause: '{HOSTILE} 不利气象条件'
forecast_aqi:
  - {{date: 2026-11-23, aqi: 320}}
  - {{date: 2026-11-24, aqi: 310}}
  - {{date: 2026-11-25, aqi: 230}}
measures:
  - '{HOSTILE} 工地停工'
document_number: '测试〔2026〕900号'
"""
INSIDE = datetime.fromisoformat("2026-11-23T10:00:00+08:00")
EXPIRES = datetime.fromisoformat("2026-11-24T00:00:00+08:00")


@pytest.fixture(scope="module")
def active_site(tmp_path_factory):
    work = tmp_path_factory.mktemp("warning-site")
    data = shutil.copytree(SAMPLE_DATA, work / "data")
    (data / "warnings" / f"{NOTICE_ID}.yaml").write_text(ACTIVE_NOTICE, encoding="utf-8")
    return build_site_into(data, work, languages=CHINESE_ONLY)  # its tests read the zh pages


@pytest.fixture(scope="module")
def active_server(active_site):
    server = StaticServer(active_site)
    yield server
    server.close()


@pytest.fixture
def open_page(browser, active_server):
    contexts = []

    def make(clock: datetime | None = None) -> PageVisit:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        contexts.append(context)
        visit = PageVisit(context.new_page(), {active_server.url.rstrip("/")})
        if clock is not None:
            visit.page.clock.install(time=clock)
        return visit

    yield make
    for context in contexts:
        context.close()


def banner(visit: PageVisit):
    return visit.page.locator(".lyg-warning-banner")


def test_the_banner_is_on_every_page_while_the_warning_is_in_force(open_page, active_server):
    v = open_page(INSIDE)
    for path in ("", "warnings/", "methodology/"):
        v.goto(active_server.url + path)
        assert banner(v).count() == 1 and banner(v).is_visible(), path
        assert "测试红色预警" in banner(v).inner_text()
    banner(v).locator("a").click()
    v.page.wait_for_load_state("networkidle")
    assert v.page.url.endswith(f"/warnings/{NOTICE_ID}/")
    v.assert_clean()


def test_the_banner_is_gone_once_the_end_time_has_passed(open_page, active_server):
    v = open_page(EXPIRES)
    v.goto(active_server.url)
    assert banner(v).count() == 1  # still in the static page...
    assert not banner(v).is_visible()  # ...but hidden by the browser
    assert not v.page.locator(".md-banner").is_visible()
    v.assert_clean()


def test_an_open_page_hides_the_banner_when_the_warning_ends(open_page, active_server):
    v = open_page(INSIDE)
    v.goto(active_server.url)
    assert banner(v).is_visible()
    v.page.clock.fast_forward("14:05:00")  # past midnight, the warning's end
    v.page.wait_for_function("document.querySelector('.lyg-warning-banner').hidden")
    assert not banner(v).is_visible()


def test_notice_text_with_html_and_script_is_shown_as_text_and_never_run(open_page, active_server):
    v = open_page(INSIDE)
    for path in (f"warnings/{NOTICE_ID}/", "warnings/", ""):
        v.goto(active_server.url + path)
        assert v.page.evaluate("window.__pwned") is None, path
        assert v.page.locator("img[src='x']").count() == 0, path
    v.goto(active_server.url + f"warnings/{NOTICE_ID}/")
    text = v.page.locator("article").inner_text()
    assert "<script>window.__pwned = 1</script>" in text  # the cause and the measure, as text
    assert "工地停工" in text and "不利气象条件" in text
    assert "<script>window.__pwned = 1</script>" in banner(v).inner_text()
    v.assert_clean()


def test_the_notice_page_shows_level_period_measures_and_health_advice(open_page, active_server):
    v = open_page(INSIDE)
    v.goto(active_server.url + f"warnings/{NOTICE_ID}/")
    text = v.page.locator("article").inner_text()
    for words in (
        "红色预警",
        "生效中",
        "2026-11-23 00:00 至 2026-11-24 00:00",
        "海州区、连云区",
        "测试〔2026〕900号",
        "50%",
        "严重污染",
        "一般人群",
    ):
        assert words in text, words
    head = v.page.locator(".lyg-warning-head")
    assert head.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(208, 0, 0)"
    cap = v.page.locator("a[href$='cap.xml']")
    response = v.page.request.get(active_server.url + f"warnings/{NOTICE_ID}/" + cap.get_attribute("href"))
    assert response.ok
    xml = response.body()
    assert schema_errors(xml) == [] and cap_problems(xml) == []
    assert etree.fromstring(xml).findtext("{urn:oasis:names:tc:emergency:cap:1.2}msgType") == "Alert"
    v.assert_clean()


def test_the_sample_site_lists_the_sample_chain_with_no_banner(visit, sample_server):
    v = visit()
    v.goto(sample_server.url + "warnings/")
    assert v.page.locator(".lyg-warning-banner").count() == 0  # built before the sample's warnings
    assert not v.page.locator(".md-banner").is_visible()  # and no empty banner bar
    links = v.page.locator(".lyg-warning-list a").all_inner_texts()
    assert any("升级为橙色预警" in t for t in links) and any("解除" in t for t in links)
    v.goto(sample_server.url + "warnings/emergency-plan/")
    assert "一厂一策" in v.page.locator("article").inner_text()
    v.assert_clean()

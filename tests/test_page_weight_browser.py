"""A phone reader opens pages and never pays for what they do not ask for: the search index loads
when the search is opened, the Vega bundle when a chart is reached or tapped; before that a
chart is its image. The sample site is served as a static host serves precompressed files."""

from __future__ import annotations

import re

import pytest
from charts_live import ask_for_charts
from conftest import PageVisit

from generator.bench.static_host import StaticHost

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
INDEX = "search/search_index.json"
BUNDLE = "assets/vega/vega-bundle.js"
LIVE = ".lyg-chart[data-state='interactive'] svg"
HOME_BUDGET = 250 * 1024  # bytes transferred (compressed) before any interaction


@pytest.fixture(scope="module")
def host(sample_site):
    with StaticHost(sample_site) as server:
        yield server


@pytest.fixture
def open_page(browser, host):
    contexts = []

    def make(viewport=PHONE):
        context = browser.new_context(viewport=viewport, locale="zh-CN", is_mobile=viewport == PHONE)
        contexts.append(context)
        visit = PageVisit(context.new_page(), {host.url.rstrip("/")})
        visit.requests = []
        visit.page.on("request", lambda r: visit.requests.append(r.url))
        return visit

    yield make
    for context in contexts:
        context.close()


def first_page(site, pattern: str) -> str:
    """The first page matching `pattern` that shows a chart, else the first."""
    pages = sorted(site.glob(pattern))
    page = next((p for p in pages if b'class="lyg-chart"' in p.read_bytes()), pages[0])
    return page.parent.relative_to(site).as_posix() + "/"


def page_types(site) -> dict[str, str]:
    return {
        "home": "",
        "area": "areas/donghai/",
        "latest ranking": "rankings/latest/",
        "warning notice": first_page(site, "warnings/[0-9]*/index.html"),
        "chart permalink": first_page(site, "charts/*/index.html"),
        "embed": first_page(site, "embed/*/index.html"),
        "science": "science/pm/",
    }


def english_page_types(site) -> dict[str, str]:
    """The same page types in the English edition (issue 31: the same budgets)."""
    return {f"{kind} (en)": f"en/{path}" for kind, path in page_types(site / "en").items()}


def asked_for(requests: list[str]) -> list[str]:
    return [url for url in requests if url.endswith((INDEX, BUNDLE))]


def test_no_page_loads_the_search_index_or_the_chart_bundle_before_the_reader_asks(
    open_page, host, sample_site
):
    v = open_page()
    charted = []
    for kind, path in (page_types(sample_site) | english_page_types(sample_site)).items():
        v.requests.clear()
        v.goto(host.url + path)
        v.page.wait_for_timeout(500)  # anything scheduled after load
        assert asked_for(v.requests) == [], f"{kind} (/{path}) loaded {asked_for(v.requests)} unasked"
        charts = v.page.locator(".lyg-chart[data-spec]")
        if charts.count():
            charted.append(kind)
            # Until asked, every chart is its image (loaded when near the screen).
            assert charts.locator("img").count() == charts.count()
            assert v.page.locator(".lyg-chart[data-state]").count() == 0
    assert {"home", "area", "latest ranking", "chart permalink", "embed"} <= set(charted), charted
    assert {"home (en)", "area (en)", "chart permalink (en)", "embed (en)"} <= set(charted), charted
    v.assert_clean()


def test_a_chart_turns_interactive_when_tapped(open_page, host, tmp_path):
    v = open_page()
    v.goto(host.url + "areas/donghai/")
    # A screen tall enough for the whole page: the charts' images load, nothing scrolls.
    v.page.set_viewport_size({"width": PHONE["width"], "height": 6000})
    v.page.wait_for_load_state("networkidle")
    chart = v.page.locator(".lyg-chart[data-spec]").first
    assert chart.locator("img").evaluate("i => i.complete && i.naturalWidth > 0")
    chart.screenshot(path=str(tmp_path / "area-chart-before-390.png"))
    assert asked_for(v.requests) == []
    chart.click()
    v.page.wait_for_selector(LIVE, timeout=30000)
    assert chart.locator("img").count() == 0
    assert [url for url in v.requests if url.endswith(BUNDLE)] == [host.url + BUNDLE]
    chart.screenshot(path=str(tmp_path / "area-chart-after-390.png"))
    v.assert_clean()


def test_scrolling_down_the_page_draws_the_charts_as_they_come_into_view(open_page, host):
    v = open_page()
    v.goto(host.url + "rankings/latest/")
    assert asked_for(v.requests) == []
    # The reader scrolls (as a finger does) until the first chart is on the screen.
    v.page.locator(".lyg-chart[data-spec]").first.evaluate(
        "el => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 200)"
    )
    v.page.wait_for_selector(LIVE, timeout=30000)
    v.assert_clean()


def test_the_embed_page_follows_the_same_rule(open_page, host, sample_site):
    v = open_page({"width": 360, "height": 330})
    v.goto(host.url + page_types(sample_site)["embed"])
    assert asked_for(v.requests) == []
    assert ask_for_charts(v.page) == 1
    v.page.wait_for_selector(LIVE, timeout=30000)
    v.assert_clean()


@pytest.mark.parametrize("home", ["", "en/"])
def test_the_home_page_transfers_under_the_budget_before_any_interaction(open_page, host, home):
    v = open_page()
    v.goto(host.url + home)
    v.page.wait_for_timeout(500)
    transferred = v.page.evaluate(
        """() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
        .reduce((sum, e) => sum + e.transferSize, 0)"""
    )
    encodings = v.page.evaluate(
        "() => performance.getEntriesByType('navigation')[0].encodedBodySize"
        " < performance.getEntriesByType('navigation')[0].decodedBodySize"
    )
    assert encodings, "the page itself was not served compressed"
    assert 0 < transferred <= HOME_BUDGET, f"home page transferred {transferred / 1024:.0f} KB"


def search(page, query: str) -> list[str]:
    """The paths of the pages the site search lists for `query`, best first."""
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")  # the theme searches on key events
    page.wait_for_function(
        "q => document.querySelector('.md-search-result__meta').textContent.includes('结果')"
        " && document.querySelector('input.md-search__input').value === q",
        arg=query,
        timeout=30000,
    )
    page.wait_for_timeout(1000)  # the theme renders results in batches, after each key
    hrefs = page.locator(".md-search-result__list > li > a:first-child").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname)"
    )
    return [re.sub(r"^/", "", h) for h in hrefs]


def test_search_loads_its_index_when_opened_and_finds_the_pages_people_look_for(open_page, host):
    v = open_page({"width": 1280, "height": 900})
    v.goto(host.url + "science/")
    assert asked_for(v.requests) == []
    v.page.locator("input.md-search__input").click()
    v.page.wait_for_function(
        "() => !document.querySelector('.md-search-result__meta').textContent.includes('初始化')",
        timeout=30000,
    )
    assert [u for u in v.requests if u.endswith(INDEX)], "opening the search did not load its index"
    assert search(v.page, "东海")[0] == "areas/donghai/"
    assert "science/pm/" in search(v.page, "PM2.5")[:3]
    assert "science/ozone/" in search(v.page, "臭氧")[:3]
    v.assert_clean()


def test_on_a_phone_the_search_button_opens_the_search_and_it_answers(open_page, host):
    v = open_page()
    v.goto(host.url)
    assert asked_for(v.requests) == []
    v.page.locator("label.md-header__button[for='__search']").click()
    assert search(v.page, "东海")[0] == "areas/donghai/"
    v.assert_clean()

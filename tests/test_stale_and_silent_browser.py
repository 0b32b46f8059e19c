"""In a browser, at desktop and phone width: the stale-data banner and notices, the area without
data and the completeness page of the sample built three months late with one silent area."""

from __future__ import annotations

import pytest

from tests.a11y import assert_accessible
from tests.conftest import PageVisit, StaticServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def late_server(sample_site_silent_area_built_late):
    server = StaticServer(sample_site_silent_area_built_late)
    yield server
    server.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_stale_banner_no_data_notice_and_completeness_tables_fit_the_screen(browser, late_server, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    try:
        v = PageVisit(context.new_page(), {late_server.url.rstrip("/")})
        for path in ("", "rankings/latest/", "areas/yuntaishan/", "data/completeness/"):
            v.goto(late_server.url + path)
            banner = v.page.locator(".lyg-stale-banner")
            assert banner.is_visible() and "已 3 个月未更新" in banner.inner_text()
            # Nothing wider than the screen: wide tables scroll inside their own wrapper.
            overflow = v.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"/{path} is {overflow}px wider than a {width}px screen"
            assert_accessible(v.page)
        v.goto(late_server.url + "areas/yuntaishan/")
        notice = v.page.locator(".admonition.warning")
        assert notice.is_visible() and "YT09" in notice.inner_text()
        v.goto(late_server.url + "data/completeness/")
        details = v.page.locator("details.lyg-completeness").first
        details.locator("summary").click()
        assert details.locator("table").is_visible()
        v.assert_clean()
    finally:
        context.close()

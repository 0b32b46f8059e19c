"""A person opens the home page on a desktop and on a phone."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}])
def test_home_page_renders_chinese_with_no_errors_or_outside_requests(
    visit, sample_server, viewport, tmp_path
):
    v = visit(viewport=viewport)
    v.goto(sample_server.url)
    heading = v.page.locator("h1").first.inner_text()
    assert "连云港" in heading
    assert v.page.locator(".lyg-sample-banner").first.is_visible()
    v.page.screenshot(path=str(tmp_path / f"home-{viewport['width']}.png"), full_page=True)
    v.assert_clean()

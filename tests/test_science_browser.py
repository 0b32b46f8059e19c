"""A person opens each science page and the targets page on a phone (390 px wide)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

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
PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("page", PAGES)
def test_page_reads_on_a_phone_with_no_errors_or_outside_requests(visit, sample_server, page, tmp_path):
    v = visit(viewport=PHONE)
    v.goto(sample_server.url + page)
    assert v.page.locator("h1").first.inner_text().strip()
    # Nothing wider than the screen except inside the scrollable table wrappers.
    overflow = v.page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"{page} scrolls sideways by {overflow}px on a phone"
    # LYG_SCREENSHOTS=<dir> keeps the screenshots for a person to look at.
    folder = Path(os.environ.get("LYG_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    v.page.screenshot(path=str(folder / f"{page.strip('/').replace('/', '-')}-390.png"), full_page=True)
    v.assert_clean()

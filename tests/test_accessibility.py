"""Pages a person opens most pass the axe-core check: no serious or critical issue.

The chart pages are checked in test_charts_browser.py; these are the section pages the public,
reporters and editors read: home, rankings, an area, warnings, enterprises, targets, science.
"""

from __future__ import annotations

import pytest

from tests.a11y import assert_accessible

pytestmark = pytest.mark.browser

PAGES = [
    "",
    "rankings/",
    "rankings/latest/",
    "areas/haizhou/",
    "stations/",
    "stations/DH01/",
    "subscribe/",
    "warnings/",
    "warnings/2026-002/",
    "warnings/emergency-plan/",
    "enterprises/",
    "enterprises/91320700MA1JC4D6NR/",
    "targets/",
    "science/aqi/",
    "methodology/",
    "methodology/validity/",
    "data/",
    "data/completeness/",
    # The English edition (issue 31: the same budgets).
    "en/",
    "en/rankings/latest/",
    "en/areas/haizhou/",
    "en/warnings/2026-002/",
    "en/enterprises/91320700MA1JC4D6NR/",
    "en/science/aqi/",
    "en/methodology/",
]


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_serious_or_critical_accessibility_issue(visit, sample_server, path):
    v = visit()
    v.goto(sample_server.url + path)
    assert_accessible(v.page)
    v.assert_clean()

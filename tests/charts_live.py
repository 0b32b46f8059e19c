"""A reader asking for the interactive charts: site.js draws a chart's Vega version only when the
reader points at, taps or focuses it, or scrolls it into view (never at page load). Pointing at
each chart in turn (hover scrolls it into view first) is what these tests do."""

from __future__ import annotations


def ask_for_charts(page, selector: str = ".lyg-chart[data-spec]") -> int:
    """Point at every chart of `page` (a Page or a FrameLocator); returns how many."""
    charts = page.locator(selector)
    n = charts.count()
    for i in range(n):
        charts.nth(i).hover()
    return n

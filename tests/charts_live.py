"""A reader asking for the interactive charts: site.js draws a chart's Vega version only when the
reader points at, taps or focuses it, or scrolls it into view (never at page load). These tests
bring each chart on screen and tap it, as a reader would. (A chart whose image has not loaded yet,
far down a page, has no height, so the tap is dispatched rather than aimed at a point.)"""

from __future__ import annotations


def ask_for_charts(page, selector: str = ".lyg-chart[data-spec]") -> int:
    """Bring on screen and tap every chart of `page` (a Page or a FrameLocator); returns how many."""
    charts = page.locator(selector)
    n = charts.count()
    for i in range(n):
        chart = charts.nth(i)
        chart.evaluate("el => el.scrollIntoView({block: 'center'})")
        chart.dispatch_event("click")
    return n

"""Accessibility check for browser tests: axe-core in the page, no serious or critical issue.

    from tests.a11y import assert_accessible   (or `from a11y import ...` inside tests/)
    v = visit(); v.goto(url); assert_accessible(v.page)

axe-core comes from the axe-playwright-python package (its bundled axe.min.js), injected into the
page: nothing is fetched from outside the site.
"""

from __future__ import annotations

import json
from pathlib import Path

import axe_playwright_python

AXE_JS = Path(axe_playwright_python.__file__).with_name("axe.min.js")
BLOCKING = ("serious", "critical")


# The page as a reader meets it: the theme's script has wrapped every content table in its
# scrolling frame and made scrolling code blocks focusable (under load it can still be at work
# when the network is idle, and axe would then judge a half-set-up page).
THEME_READY = """() => [...document.querySelectorAll('article table:not([class])')].every(
  t => t.closest('.md-typeset__scrollwrap, .lyg-table-wrap'))"""


def axe_violations(page, context=None) -> list[dict]:
    page.wait_for_function(THEME_READY, timeout=15_000)
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    target = json.dumps(context) if context is not None else "document"
    return page.evaluate(f"axe.run({target}, {{resultTypes: ['violations']}}).then(r => r.violations)")


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        nodes = "; ".join(" ".join(n.get("target", [])) for n in v.get("nodes", [])[:5])
        lines.append(f"[{v.get('impact')}] {v.get('id')}: {v.get('help')} -> {nodes}")
    return "\n".join(lines)


def assert_accessible(page, context=None) -> None:
    """Fail with a readable list when axe finds a serious or critical issue on the page."""
    blocking = [v for v in axe_violations(page, context) if v.get("impact") in BLOCKING]
    assert not blocking, "accessibility issues:\n" + describe(blocking)

"""Every page type carries a Content-Security-Policy that the browser enforces without a violation.

One page of each type of the sample site is opened in headless Chromium: no `securitypolicyviolation`
event, no CSP message in the console, the interactive chart still draws and search still works.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path

import lxml.html
import pytest
from charts_live import ask_for_charts

from generator.site import csp

pytestmark = pytest.mark.browser

LIVE_CHART = ".lyg-chart[data-state='interactive'] svg"
# Recorded before any page script runs (an init script is not subject to the page's policy).
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sample || ""));
});
"""


def _first(site: Path, pattern: str) -> str:
    found = sorted(site.glob(pattern))
    assert found, f"no page matches {pattern}"
    return found[0].parent.relative_to(site).as_posix() + "/"


def page_of_every_type(site: Path) -> dict[str, str]:
    chart = _first(site, "charts/area-*-daily-aqi/index.html")
    return {
        "home": "",
        "ranking week": _first(site, "rankings/20??-W??/index.html"),
        "rankings index": "rankings/",
        "area": _first(site, "areas/*/index.html"),
        "warning": "warnings/2026-001/",
        "warnings index": "warnings/",
        "enterprise": _first(site, "enterprises/9*/index.html"),
        "enterprises index": "enterprises/",
        "science": "science/pm/",
        "targets": "targets/",
        "methodology": "methodology/",
        "chart permalink": chart,
        "embed": chart.replace("charts/", "embed/", 1),
        "data index": "data/",
        "not found": "404.html",
    }


def policy_of(html_path: Path) -> str:
    tree = lxml.html.fromstring(html_path.read_bytes())
    (meta,) = tree.xpath("//head/meta[@http-equiv='Content-Security-Policy']")
    return meta.get("content")


def test_every_page_type_has_a_strict_policy_with_hashes_for_its_own_inline_scripts(sample_site):
    for kind, url in page_of_every_type(sample_site).items():
        path = sample_site / (url if url.endswith(".html") else url + "index.html")
        policy = policy_of(path)
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["default-src"] == "'self'", kind
        assert "'unsafe-inline'" not in directives["script-src"] and "unsafe-eval" not in policy, kind
        assert directives["object-src"] == "'none'", kind
        hashes = re.findall(r"'sha256-[A-Za-z0-9+/=]+'", directives["script-src"])
        assert hashes == csp.inline_script_hashes(path.read_text(encoding="utf-8")), kind


def test_every_html_file_of_the_site_carries_a_filled_in_policy(sample_site):
    pages = sorted(sample_site.rglob("*.html"))
    assert len(pages) > 100
    without = [
        p.relative_to(sample_site).as_posix() for p in pages if "default-src 'self'" not in policy_of(p)
    ]
    assert without == []


def test_the_built_site_is_readable_by_a_web_server_running_as_another_user(sample_site):
    assert stat.S_IMODE(sample_site.stat().st_mode) == 0o755
    assert (sample_site / ".lyg-site").is_file()
    modes = {stat.S_IMODE(p.stat().st_mode) for p in sample_site.rglob("*")}
    assert modes == {0o755, 0o644}


def test_no_page_type_violates_its_policy_and_charts_and_search_still_work(
    browser, sample_site, sample_server
):
    origin = sample_server.url.rstrip("/")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.add_init_script(RECORD_VIOLATIONS)
    console: list[str] = []
    try:
        page = context.new_page()
        page.on("console", lambda msg: console.append(msg.text))
        drawn = []
        for kind, url in page_of_every_type(sample_site).items():
            response = page.goto(f"{origin}/{url}", wait_until="networkidle")
            assert response is not None and (response.ok or kind == "not found"), kind
            if ask_for_charts(page):
                page.wait_for_selector(LIVE_CHART, timeout=30000)
                drawn.append(kind)
            violations = page.evaluate("window.__csp")
            assert violations == [], f"{kind} ({url}): {violations}"
        assert {"ranking week", "area", "chart permalink", "embed"} <= set(drawn), drawn

        page.goto(f"{origin}/science/", wait_until="networkidle")
        box = page.locator("input.md-search__input")
        box.click()
        box.fill("臭氧")
        box.press("End")
        page.locator(".md-search-result__item").first.wait_for(timeout=15000)
        assert page.evaluate("window.__csp") == []

        # The policy is enforced: a script injected into the page (as an XSS would) does not run.
        page.evaluate(
            "() => { const s = document.createElement('script');"
            " s.textContent = 'window.__injected = 1'; document.head.appendChild(s); }"
        )
        assert page.evaluate("window.__injected") is None
        assert [v for v in page.evaluate("window.__csp") if v.startswith("script-src")]
        console.clear()  # the blocked injection's own report, expected
    finally:
        context.close()
    csp_messages = [m for m in console if "Content Security Policy" in m or "Content-Security-Policy" in m]
    assert csp_messages == []

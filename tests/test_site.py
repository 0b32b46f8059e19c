"""The whole site, built from the bundled sample: complete, honest, self-contained, reproducible."""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path

import lxml.html
import pytest

from tests.conftest import SAMPLE_DATA, build_site_into

# Elements that make the browser load something. <link rel="canonical"> and <a href> only name
# an address; stylesheets, icons, scripts, images and frames fetch it.
LOADING_LINK_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch", "preconnect"}
CDN_OR_FONT_HOSTS = re.compile(
    r"fonts\.googleapis|fonts\.gstatic|cdn\.jsdelivr|unpkg\.com|cdnjs|bootcdn|googletagmanager", re.I
)


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_home_page_is_built_in_chinese(sample_site):
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in home
    assert "连云港市环境空气质量信息公开" in home


def test_every_page_built_from_sample_data_says_so(sample_site):
    for page in html_pages(sample_site):
        inner = page.relative_to(sample_site).parts
        inner = inner[1:] if inner[0] == "en" else inner  # the English edition's pages too
        if inner[0] == "embed":
            continue  # bare iframe pages carry the notice in their own caption
        if inner == ("404.html",):
            continue  # "page not found" shows no data
        text = page.read_text(encoding="utf-8")
        if "<body" not in text or 'http-equiv="refresh"' in text:
            continue
        assert "lyg-sample-banner" in text, f"{page} lacks the demonstration-data banner"


def test_footer_states_source_and_as_of_and_links_the_update_status(sample_site):
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    assert "数据来源" in home and "数据截至" in home and "数据更新状态" in home


def test_the_build_time_is_printed_only_where_it_means_something(sample_site):
    """A page changes only when what it says changes: the build time (the test build's fixed clock,
    2026-11-23 08:00) is on /status/ and in the "now" block's 更新于 line, never on the other pages,
    so an hourly rebuild with nothing new for a page leaves it byte for byte as it was."""
    stamps = ("2026-11-23 08:00", "2026-11-23T08:00", "08:00（北京时间）", "08:00 (Beijing time)")
    carrying = set()
    for page in html_pages(sample_site):
        text = html.unescape(page.read_text(encoding="utf-8"))
        if any(s in text for s in stamps):
            carrying.add(page.parent.relative_to(sample_site).as_posix())
    areas = {f"areas/{a}" for a in ("haizhou", "lianyun", "ganyu", "donghai", "guanyun", "guannan")}
    areas |= {f"areas/{a}" for a in ("kaifaqu", "xuwei", "gaoxin", "yuntaishan")}
    chinese = {".", "status"} | areas
    assert carrying == chinese | {f"en/{page}".removesuffix("/.") for page in chinese}  # and the English


def external_loads(html_text: str) -> list[str]:
    doc = lxml.html.fromstring(html_text)
    urls = [el.get("src") for el in doc.iter("script", "img", "iframe", "source", "audio", "video")]
    urls += [
        el.get("href")
        for el in doc.iter("link")
        if LOADING_LINK_RELS & set((el.get("rel") or "").lower().split())
    ]
    return [u for u in urls if u and re.match(r"(?:https?:)?//", u)]


def test_no_page_loads_anything_from_another_host(sample_site):
    for page in html_pages(sample_site):
        text = page.read_text(encoding="utf-8")
        assert not external_loads(text), f"{page} loads from another host: {external_loads(text)}"
        assert not CDN_OR_FONT_HOSTS.search(text), f"{page} references a CDN or font host"
    for asset in [*sample_site.rglob("*.css")]:
        assert not CDN_OR_FONT_HOSTS.search(asset.read_text(encoding="utf-8", errors="replace")), asset


def tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.mark.slow
def test_builds_are_reproducible(sample_site, tmp_path):
    """Same inputs and SOURCE_DATE_EPOCH: a byte-identical site."""
    again = build_site_into(SAMPLE_DATA, tmp_path)
    first, second = tree_digest(sample_site), tree_digest(again)
    assert first.keys() == second.keys()
    differing = [name for name in first if first[name] != second[name]]
    assert not differing, f"files differ between two builds: {differing[:10]}"


def test_an_area_page_names_its_assessment_stations(sample_site):
    import lxml.html

    def text(url):
        return lxml.html.parse(str(sample_site / url / "index.html")).getroot().text_content()

    page = text("areas/haizhou")
    assert "市环境监测站（1173A，国控站（国家网））" in page
    donghai = text("areas/donghai")
    assert "东海县环境监测站（DH01，省控站（省级网））" in donghai
    # Each name links the station's own page.
    html = (sample_site / "areas" / "donghai" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../../stations/DH01/">东海县环境监测站</a>（DH01' in html

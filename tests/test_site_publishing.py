"""What the built site says about where it lives (issue 30): one canonical address, the
government-site footer, a QR code on every area, chart and warning page, the home page's card."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.charts.export import png_size
from tests.conftest import ROOT, SAMPLE_DATA, build_site_into

FIRST = "https://lyg-air.github.io/lyg-air/"
SECOND = "https://air.lyg.example.cn/kongqi/"
MIRROR = "https://mirror.example.org/air/"


def site_text(site: Path):
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".csv", ".js", ".txt", ".svg", ".md"):
            yield path, path.read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="module")
def second_address_site(tmp_path_factory) -> Path:
    """The sample site built with another site.url, and a mirror."""
    work = tmp_path_factory.mktemp("second-address")
    text = (ROOT / "data" / "site.toml").read_text(encoding="utf-8")
    text = text.replace(f'url = "{FIRST}"', f'url = "{SECOND}"')
    text = text.replace("mirrors = []", f'mirrors = ["{MIRROR}"]')
    config = work / "site.toml"
    config.write_text(text, encoding="utf-8")
    return build_site_into(SAMPLE_DATA, work, config=config)


@pytest.mark.slow
def test_a_new_address_is_one_line_of_configuration_and_leaves_no_trace_of_the_old(
    sample_site, second_address_site
):
    assert FIRST in (sample_site / "sitemap.xml").read_text(encoding="utf-8")
    traces = [
        path.relative_to(second_address_site)
        for path, text in site_text(second_address_site)
        if "lyg-air.github.io" in text
    ]
    assert traces == []
    home = (second_address_site / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{SECOND}">' in home
    assert f'<meta property="og:url" content="{SECOND}">' in home
    assert f'<meta property="og:image" content="{SECOND}social/home.png">' in home
    sitemap = (second_address_site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{SECOND}areas/haizhou/</loc>" in sitemap
    feed = (second_address_site / "warnings" / "feed.xml").read_text(encoding="utf-8")
    assert SECOND + "warnings/" in feed
    cap = next((second_address_site / "warnings").glob("*/cap.xml")).read_text(encoding="utf-8")
    assert f"<web>{SECOND}warnings/" in cap


@pytest.mark.slow
def test_every_page_links_the_same_page_at_each_mirror(second_address_site):
    page = (second_address_site / "areas" / "haizhou" / "index.html").read_text(encoding="utf-8")
    assert f'<a href="{MIRROR}areas/haizhou/" rel="alternate">{MIRROR}</a>' in page
    index = json.loads((second_address_site / "data" / "index.json").read_text(encoding="utf-8"))
    assert index["site"]["url"] == SECOND and index["site"]["mirrors"] == [MIRROR]


@pytest.mark.slow
def test_the_footer_carries_the_government_site_fields_marked_as_placeholders(sample_site):
    page = (sample_site / "areas" / "haizhou" / "index.html").read_text(encoding="utf-8")
    footer = page[page.index('class="md-copyright lyg-footer"') :]
    assert "主办单位：连云港市生态环境局" in footer
    assert "网站标识码：3207000000" in footer
    assert (
        '<a href="https://beian.miit.gov.cn/" rel="noopener" target="_blank">苏ICP备00000000号</a>' in footer
    )
    assert "苏公网安备 32070000000000号" in footer
    assert "以上主办与备案信息为示例，非真实备案" in footer


@pytest.mark.slow
@pytest.mark.parametrize("page", ["areas/haizhou/", "charts/area-haizhou-daily-aqi/", "warnings/2026-001/"])
def test_area_chart_and_warning_pages_show_the_qr_code_of_their_own_address(sample_site, page):
    html = (sample_site / page / "index.html").read_text(encoding="utf-8")
    assert '<img src="qr.svg" width="148" height="148" alt="本页网址的二维码">' in html
    assert f'<span class="lyg-share-url">{FIRST}{page}</span>' in html
    svg = (sample_site / page / "qr.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and f"<title>{FIRST}{page}</title>" in svg
    assert "<script" not in svg and "http" not in svg.replace(FIRST + page, "").replace(
        "http://www.w3.org", ""
    )


@pytest.mark.slow
def test_the_qr_code_decodes_to_the_page_address(sample_site):
    """The drawn modules match the code segno makes of the address (what a phone reads)."""
    import segno

    page = "areas/lianyun/"
    svg = (sample_site / page / "qr.svg").read_text(encoding="utf-8")
    path = re.search(r' d="([^"]+)"', svg).group(1)
    expected = segno.make(FIRST + page, error="m", micro=False)
    assert expected.designator.endswith("M")
    assert path == re.search(r' d="([^"]+)"', _svg(expected)).group(1)


def _svg(code) -> str:
    import io

    out = io.BytesIO()
    code.save(out, kind="svg", scale=4, border=4, xmldecl=False, svgclass=None, lineclass=None)
    return out.getvalue().decode("utf-8")


@pytest.mark.slow
def test_other_pages_have_no_qr_code(sample_site):
    for page in ("", "rankings/", "science/"):
        html = (sample_site / page / "index.html").read_text(encoding="utf-8")
        assert "lyg-share" not in html


@pytest.mark.slow
def test_the_home_page_preview_is_a_card_with_the_latest_aqi(sample_site):
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    assert f'<meta property="og:image" content="{FIRST}social/home.png">' in home
    description = re.search(r'<meta property="og:description" content="([^"]+)"', home).group(1)
    assert re.search(r"空气质量指数 \d+（[优良轻中重严]", description), description
    png = (sample_site / "social" / "home.png").read_bytes()
    assert png_size(png) == (1200, 630)

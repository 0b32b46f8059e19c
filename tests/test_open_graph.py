"""A link shared from any page shows a title, a description and a picture: Open Graph tags on
every page of the sample build, a chart page's own chart as its picture, the site's generic image
elsewhere (the home page: its card with the latest AQI); and the 404 page speaks Chinese with full
addresses back into the site."""

from __future__ import annotations

import lxml.html
import pytest

SITE_URL = "https://lyg-air.github.io/lyg-air/"
REQUIRED = ("og:title", "og:description", "og:url", "og:image")


def og_tags(path) -> dict[str, str]:
    page = lxml.html.parse(str(path)).getroot()
    return {m.get("property"): m.get("content") for m in page.xpath("//head/meta[@property]")}


@pytest.mark.slow
def test_every_page_has_open_graph_tags_and_its_image_exists(sample_site):
    pages = [p for p in sample_site.rglob("*.html") if "embed" not in p.relative_to(sample_site).parts]
    assert len(pages) > 400
    missing = {}
    for path in pages:
        tags = og_tags(path)
        absent = [name for name in REQUIRED if not tags.get(name)]
        if absent:
            missing[str(path.relative_to(sample_site))] = absent
        image = tags.get("og:image", "")
        assert image.startswith(SITE_URL) and (sample_site / image.removeprefix(SITE_URL)).is_file(), path
    assert missing == {}
    home = og_tags(sample_site / "index.html")
    assert home["og:title"] == "连云港市环境空气质量信息公开" and home["og:url"] == SITE_URL
    # The home page's picture is its card with the latest AQI, drawn at build (issue 30); a page
    # with neither a chart nor a card of its own shows the site's generic image.
    assert home["og:image"] == SITE_URL + "social/home.png"
    status = og_tags(sample_site / "status" / "index.html")
    assert status["og:image"] == SITE_URL + "assets/og-site.png"
    chart = og_tags(sample_site / "charts" / "ranking-2026-w47-composite" / "index.html")
    assert chart["og:image"] == SITE_URL + "charts/ranking-2026-w47-composite/chart.png"
    areas = og_tags(sample_site / "areas" / "index.html")
    assert areas["og:url"] == SITE_URL + "areas/" and areas["og:title"] == "各县区空气质量"


@pytest.mark.slow
def test_the_404_page_is_in_chinese_and_links_home_by_full_address(sample_site):
    page = lxml.html.parse(str(sample_site / "404.html")).getroot()
    assert [h.text_content() for h in page.iter("h1")] == ["页面不存在"]
    assert "Not found" not in lxml.html.tostring(page, encoding="unicode")
    links = {a.text_content(): a.get("href") for a in page.xpath("//article//a")}
    assert links["返回首页"] == SITE_URL
    assert links["县区空气质量排名"] == SITE_URL + "rankings/"
    assert page.xpath("//label[@for='__search']")  # opens the theme's search

"""A resident on a phone (390 x 844): on every kind of ranking page the rank, area and value of
each ranking table are on screen without scrolling sideways, a table that does scroll says so
above it, and a warning notice's health advice reads as a list inside the screen. Also the small
things a reader meets: the 404 page in Chinese with a way home, the /data/ filter, copy buttons."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
RANKING_PAGES = (
    "rankings/latest/",
    "rankings/2026-W47/",
    "rankings/monthly/latest/",
    "rankings/ytd/latest/",
)
# In the page, for every table whose first columns are a ranking (排名, then the area or city,
# then a value): the right edge of its first three header and cell boxes, and the screen's width.
FIRST_COLUMNS = """() => {
  const out = [];
  for (const table of document.querySelectorAll("article table")) {
    const heads = [...table.querySelectorAll("thead th")].map(th => th.textContent.trim());
    if (heads[0] !== "排名" || heads.length < 3) continue;
    for (const row of table.querySelectorAll("tr")) {
      const cells = [...row.children].slice(0, 3);
      out.push({
        table: (table.querySelector("caption") || {textContent: heads.join(" ")}).textContent.trim(),
        right: Math.max(...cells.map(c => c.getBoundingClientRect().right)),
        left: Math.min(...cells.map(c => c.getBoundingClientRect().left)),
      });
    }
  }
  return {rows: out, width: document.documentElement.clientWidth};
}"""


@pytest.mark.parametrize("path", RANKING_PAGES)
def test_every_rankings_rank_area_and_value_are_on_a_phones_screen(visit, sample_server, path):
    v = visit(viewport=PHONE)
    v.goto(sample_server.url + path)
    found = v.page.evaluate(FIRST_COLUMNS)
    assert found["rows"], f"{path}: no ranking table"
    for row in found["rows"]:
        assert 0 <= row["left"] and row["right"] <= found["width"], f"{path}: {row['table']} {row}"
    # The page itself never scrolls sideways; a table frame that does shows the cue above it.
    assert v.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for wrap in v.page.locator(".lyg-table-wrap.lyg-scrolls").all():
        cue = wrap.evaluate("w => w.previousElementSibling && w.previousElementSibling.className")
        assert cue == "lyg-scroll-cue"
    assert v.page.locator(".lyg-scroll-cue").first.is_visible()
    v.assert_clean()


def test_a_warning_notices_health_advice_is_a_list_inside_the_screen(visit, sample_server):
    v = visit(viewport=PHONE)
    v.goto(sample_server.url + "warnings/2026-001/")
    items = v.page.locator("ul.lyg-health-advice > li")
    assert items.count() >= 1
    for item in items.all():
        box = item.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        assert "建议：" in item.inner_text()
    assert v.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    v.assert_clean()


def test_the_404_page_is_chinese_with_a_way_home_and_a_search(visit, sample_server):
    v = visit(viewport=PHONE)
    response = v.page.goto(sample_server.url + "404.html", wait_until="networkidle")
    assert response is not None and response.ok
    assert v.page.locator("h1").inner_text() == "页面不存在"
    assert "Not found" not in v.page.content()
    home = v.page.locator("article a", has_text="返回首页")
    assert home.get_attribute("href") == "https://lyg-air.github.io/lyg-air/"
    v.page.locator("label.lyg-404-search").click()
    assert v.page.locator("#__search").is_checked()  # the theme's search opens


def test_the_data_index_filters_its_charts_by_what_a_reader_types(visit, sample_server):
    v = visit(viewport=PHONE)
    v.goto(sample_server.url + "data/")
    sections = v.page.locator("details.lyg-data-section")
    assert sections.count() >= 5 and v.page.locator("details.lyg-data-section[open]").count() == 0
    box = v.page.locator("input[data-lyg-filter]")
    assert box.is_visible()
    box.fill("海州区")
    shown = v.page.locator("details.lyg-data-section tr[data-lyg-filter-item]:not([hidden])")
    assert shown.count() >= 1
    for text in shown.all_inner_texts():
        assert "海州区" in text
    assert "找到" in v.page.locator(".lyg-filter-count").inner_text()
    v.assert_clean()


def test_embed_code_and_citation_have_copy_buttons(visit, sample_server):
    v = visit(viewport=PHONE)
    v.goto(sample_server.url + "charts/ranking-2026-w47-composite/")
    blocks = v.page.locator("pre.lyg-code")
    assert blocks.count() == 3  # embed code, short and full citation
    # The theme's copy button (content.code.copy in mkdocs.yml), its own script, no outside one.
    assert v.page.locator("pre.lyg-code button[data-md-type='copy']").count() == 3
    v.assert_clean()

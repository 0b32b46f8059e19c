"""The language switch, followed in a browser (issue 31): from five kinds of page (home, an area,
the latest ranking, a warning notice, a science page) the switch in the header leads to the same
page under /en/, in English (<html lang="en">; the theme writes "zh" for Chinese), and its switch
back leads to the page it came from. On a phone (390×844) the switch is in the header, on screen."""

from __future__ import annotations

import pytest

PAGES = ["", "areas/donghai/", "rankings/latest/", "warnings/2026-001/", "science/ozone/"]
PHONE = {"width": 390, "height": 844}


def follow_switch(page):
    """Click the header's language switch; the page it leads to, loaded."""
    switch = page.locator("header a.lyg-edition-switch")
    assert switch.count() == 1
    with page.expect_navigation(wait_until="networkidle"):
        switch.click()


def shown_in_header(page) -> bool:
    """The switch is drawn, inside the header, within the screen's width."""
    box = page.locator("header a.lyg-edition-switch").bounding_box()
    header = page.locator("header").first.bounding_box()
    width = page.viewport_size["width"]
    return (
        box is not None
        and box["width"] > 0
        and box["height"] > 0
        and 0 <= box["x"]
        and box["x"] + box["width"] <= width
        and header["y"] <= box["y"]
        and box["y"] + box["height"] <= header["y"] + header["height"]
    )


@pytest.mark.parametrize("inner", PAGES)
def test_the_switch_leads_to_the_same_page_in_english_and_back(visit, sample_server, inner):
    v = visit(viewport=PHONE)
    v.goto(sample_server.url + inner)
    assert v.page.locator("html").get_attribute("lang") == "zh"
    assert shown_in_header(v.page)
    assert v.page.locator("header a.lyg-edition-switch").inner_text().strip() == "English"

    follow_switch(v.page)
    assert v.page.url == f"{sample_server.url}en/{inner}"
    assert v.page.locator("html").get_attribute("lang") == "en"
    assert shown_in_header(v.page)
    assert v.page.locator("header a.lyg-edition-switch").inner_text().strip() == "中文"

    follow_switch(v.page)
    assert v.page.url == sample_server.url + inner
    assert v.page.locator("html").get_attribute("lang") == "zh"
    v.assert_clean()

"""What tells browsers and search engines about the two editions (issue 31): each edition's
sitemap names every page in both editions and x-default, in full addresses (Google's sitemap form
of hreflang: the theme's script fetches a sitemap beside every <link rel=alternate> of a page, so
the pages carry none; the header's switch link carries hreflang); the English edition has its own search
index and sitemap, and sitemap-index.xml lists both sitemaps. `[site] languages` chooses the
editions: a Chinese-only build publishes no en/ and no language switch; a bad value is refused."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import etree

from generator.config import load_config
from generator.errors import InputError
from generator.sitecheck import check_site
from tests.conftest import ROOT, SAMPLE_DATA, build_site_into, built_once

SITE_URL = "https://lyg-air.github.io/lyg-air/"
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


XHTML = "http://www.w3.org/1999/xhtml"


def alternates(sitemap: Path, address: str) -> dict[str, str]:
    """The hreflang alternates a sitemap gives the page at `address`."""
    root = etree.parse(str(sitemap))
    (url,) = root.xpath("//s:url[s:loc/text()=$a]", a=address, namespaces=SITEMAP)
    return {link.get("hreflang"): link.get("href") for link in url.iter(f"{{{XHTML}}}link")}


@pytest.mark.parametrize("inner", ["", "areas/donghai/", "rankings/latest/", "science/"])
def test_a_page_is_named_in_both_editions_and_x_default_in_full_addresses(sample_site, inner):
    expected = {"zh-CN": SITE_URL + inner, "x-default": SITE_URL + inner, "en": f"{SITE_URL}en/{inner}"}
    assert alternates(sample_site / "sitemap.xml", SITE_URL + inner) == expected
    assert alternates(sample_site / "en" / "sitemap.xml", f"{SITE_URL}en/{inner}") == expected
    page = (sample_site / inner / "index.html").read_text(encoding="utf-8")
    assert 'rel="alternate" hreflang' not in page  # (the theme would fetch a sitemap beside it)
    assert 'hreflang="en" lang="en"' in page  # the switch


def sitemap_addresses(path: Path) -> list[str]:
    return etree.parse(str(path)).xpath("//s:loc/text()", namespaces=SITEMAP)


def test_each_edition_has_its_own_sitemap_and_the_index_lists_both(sample_site):
    chinese, english = (
        sitemap_addresses(sample_site / "sitemap.xml"),
        sitemap_addresses(sample_site / "en" / "sitemap.xml"),
    )
    assert english and all(a.startswith(f"{SITE_URL}en/") for a in english)
    assert not [a for a in chinese if a.startswith(f"{SITE_URL}en/")]
    assert sorted(a.replace(f"{SITE_URL}en/", SITE_URL) for a in english) == sorted(chinese)
    assert sitemap_addresses(sample_site / "sitemap-index.xml") == [
        f"{SITE_URL}sitemap.xml",
        f"{SITE_URL}en/sitemap.xml",
    ]


def test_the_english_edition_has_its_own_search_index_in_english(sample_site):
    index = json.loads((sample_site / "en" / "search" / "search_index.json").read_text(encoding="utf-8"))
    chinese = json.loads((sample_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["en"] and chinese["config"]["lang"] == ["zh"]
    # Read from the English pages: the home page's entry is the English home page's heading.
    home = etree.parse(str(sample_site / "en" / "index.html"), etree.HTMLParser(encoding="utf-8"))
    h1 = " ".join("".join(home.xpath("//h1")[0].itertext()).split())
    entry = next(doc for doc in index["docs"] if doc["location"] == "")
    assert " ".join(re.sub("\u200b", "", entry["title"]).split()) == h1
    pages = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert pages == {doc["location"].split("#")[0] for doc in chinese["docs"]}


# --- [site] languages -----------------------------------------------------------------------------


def config_with(tmp_path: Path, line: str) -> Path:
    text = (ROOT / "data" / "site.toml").read_text(encoding="utf-8")
    assert text.count("\n[sources.cnemc]") == 1
    config = tmp_path / "site.toml"
    config.write_text(text.replace("\n[sources.cnemc]", f"{line}\n\n[sources.cnemc]", 1), encoding="utf-8")
    return config


@pytest.fixture(scope="module")
def chinese_only_site(tmp_path_factory) -> Path:
    """The sample built with `languages = ["zh"]`."""

    def make(work: Path) -> Path:
        return build_site_into(SAMPLE_DATA, work, config=config_with(work, 'languages = ["zh"]'))

    return built_once(tmp_path_factory, "sample-chinese-only", make)


def test_the_default_is_both_editions_chinese_first(tmp_path):
    assert load_config(ROOT / "data" / "site.toml").languages == ("zh", "en")
    assert load_config(config_with(tmp_path, 'languages = ["zh"]')).languages == ("zh",)


@pytest.mark.parametrize("value", ['["zh", "fr"]', '["en", "zh"]', "[]", '"zh"'])
def test_a_bad_languages_value_is_refused_naming_the_file_and_the_field(tmp_path, value):
    config = config_with(tmp_path, f"languages = {value}")
    with pytest.raises(InputError) as refused:  # when the file is read, before any build work
        load_config(config)
    assert str(config) in str(refused.value) and "field 'site.languages'" in str(refused.value)


@pytest.mark.slow
def test_a_chinese_only_build_publishes_no_english_edition_and_no_switch(chinese_only_site):
    site = chinese_only_site
    assert (site / "index.html").is_file() and not (site / "en").exists()
    pages = list(site.rglob("*.html"))
    assert len(pages) > 400
    assert not [p for p in pages if "lyg-edition-switch" in p.read_text(encoding="utf-8")]
    assert not [p for p in pages if "hreflang=" in p.read_text(encoding="utf-8")]
    assert sitemap_addresses(site / "sitemap-index.xml") == [f"{SITE_URL}sitemap.xml"]
    report = check_site(site, SITE_URL)
    assert [str(p) for p in report.problems] == []

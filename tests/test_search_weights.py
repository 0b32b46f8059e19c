"""The site search ranks the pages people look for first: what a page's front matter tells the
search index (mkdocs-material's `search:` and `tags:`)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import yaml

from generator.pages.areas.builder import search_names
from generator.pages.shared.front_matter import SEARCH_FIRST, SEARCH_OUT, front_matter


def parsed(markup) -> dict:
    text = str(markup)
    assert text.startswith("---\n") and text.endswith("\n---\n")
    return yaml.safe_load(text[4:-5])


@pytest.mark.parametrize(
    ("name", "kind", "names"),
    [
        ("东海县", "县", ["东海县", "东海"]),
        ("海州区", "区", ["海州区", "海州"]),
        ("连云港经济技术开发区", "功能区", ["连云港经济技术开发区"]),
        ("徐圩新区", "功能区", ["徐圩新区"]),
    ],
)
def test_a_county_is_found_by_its_name_with_or_without_xian_or_qu(name, kind, names):
    assert search_names(SimpleNamespace(name=name, kind=kind)) == names


def test_an_area_page_is_weighted_first_and_tagged_with_its_names():
    meta = parsed(front_matter({"title": "东海县环境空气质量"}, search=SEARCH_FIRST, tags=["东海县", "东海"]))
    assert meta == {
        "title": "东海县环境空气质量",
        "search": {"boost": SEARCH_FIRST["boost"]},
        "tags": ["东海县", "东海"],
    }


def test_a_dated_page_is_left_out_of_the_index_and_keeps_its_layout():
    meta = parsed(front_matter({"title": "2026 年第 47 周"}, wide=True, search=SEARCH_OUT))
    assert meta["search"] == {"exclude": True}
    assert meta["hide"] == ["navigation"]


def test_a_tag_from_the_configuration_stays_one_string_of_escaped_text():
    """One YAML string per tag, whatever it holds; and HTML-escaped, because the theme's search
    results insert a tag as HTML (an area named <img onerror=…> once put an element there)."""
    tags = ['东海"\n- 注入: 1', "<img src=x onerror=alert(1)>", "东海"]
    meta = parsed(front_matter({"title": "x"}, tags=tags))
    assert meta["tags"] == ["东海&#34;\n- 注入: 1", "&lt;img src=x onerror=alert(1)&gt;", "东海"]

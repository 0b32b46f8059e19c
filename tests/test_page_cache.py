"""The Markdown conversion and search-index caches (generator/site/page_cache.py, search_cache.py):
a page whose inputs are unchanged is served from the cache, any change to them converts or indexes
it again, and the site is the same either way."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import markdown
import pytest

from generator.site import page_cache
from tests.conftest import ROOT, SAMPLE_DATA, build_site_into
from tests.test_site import tree_digest

HOOKS = [ROOT / "generator" / "site" / name for name in ("page_cache.py", "search_cache.py")]


def test_link_targets_are_the_relative_links_of_every_syntax():
    text = "\n".join(
        [
            "[a](one.md) ![b](img/two.png 'title') [c](<three/>)",
            "[ref]: four.md#part",
            "<a href=\"../five/\">x</a> <img src='six.svg'> <seven.md>",
            "[ext](https://example.org/x) [abs](/root/) [self](#anchor) <https://example.org>",
            # Attribute names in any case, spaces around "=", other attributes before; not a
            # name that merely ends in src.
            '<A HREF = \'eight.md\'> <a title="a=b" href="nine/"> <img data-xsrc="not.png">',
        ]
    )
    # <seven.md> is no link: Python-Markdown's autolinks need a scheme (http, ftp, mailto), and
    # without one it is raw HTML, which MkDocs leaves as it is.
    assert markdown.markdown("<seven.md>") == "<p><seven.md></p>"
    assert page_cache.link_targets(text) == [
        "../five/",
        "eight.md",
        "four.md",
        "img/two.png",
        "nine/",
        "one.md",
        "six.svg",
        "three/",
    ]


def _project(folder: Path, pages: dict[str, str]) -> Path:
    docs = folder / "docs"
    for name, text in pages.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    config = folder / "mkdocs.yml"
    config.write_text(
        "site_name: cache test\n"
        f"docs_dir: {docs}\n"
        "theme: {name: material, language: zh}\n"
        "plugins: [{search: {lang: zh}}]\n"
        "markdown_extensions: [toc, attr_list, md_in_html]\n"
        f"hooks: [{', '.join(map(str, HOOKS))}]\n",
        encoding="utf-8",
    )
    return config


def _build(config: Path, site: Path, cache: Path, monkeypatch) -> dict[str, str]:
    """Build with the page cache in `cache`: {page: its <div role="main"> HTML}."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setenv("LYG_PAGE_CACHE", str(cache))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764288000")  # the theme prints the build time
    build(load_config(str(config), site_dir=str(site)))
    pages = {}
    for path in sorted(site.rglob("index.html")):
        html = path.read_text(encoding="utf-8")
        main = html.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]
        pages[path.relative_to(site).parent.as_posix()] = main
    return pages


def _entries(cache: Path) -> list[Path]:
    """The Markdown conversions in the cache."""
    return sorted(p for p in cache.rglob("*.json") if "search" not in p.relative_to(cache).parts)


def _search_entries(cache: Path) -> list[Path]:
    # LYG_PAGE_CACHE holds one folder per edition (the language of the theme): zh here.
    return sorted((cache / "zh" / "search").rglob("*.json"))


def _search_index(site: Path) -> list[dict]:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


PAGES = {
    "index.md": "# 首页\n\n见[其他页](other.md)与[缺页](later.md)。\n\n## 小节 {#part}\n",
    "other.md": "# 其他\n\n<div markdown>\n[回首页](index.md#part)\n</div>\n",
}


def test_an_unchanged_page_is_served_from_the_cache(tmp_path, monkeypatch):
    config = _project(tmp_path, PAGES)
    cache = tmp_path / "cache"
    first = _build(config, tmp_path / "one", cache, monkeypatch)
    entries = _entries(cache)
    assert len(entries) == 2
    # Mark the cached HTML: a second build shows the mark, so it used the entry, not a conversion.
    for entry in entries:
        data = json.loads(entry.read_text(encoding="utf-8"))
        data["content"] = data["content"].replace("</h1>", "</h1><p>from-cache</p>", 1)
        entry.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    second = _build(config, tmp_path / "two", cache, monkeypatch)
    assert all("from-cache" in html for html in second.values())
    assert _entries(cache) == entries
    assert "from-cache" not in "".join(first.values())


def test_an_unchanged_page_is_indexed_from_the_cache(tmp_path, monkeypatch):
    config = _project(tmp_path, PAGES)
    cache = tmp_path / "cache"
    _build(config, tmp_path / "one", cache, monkeypatch)
    first = _search_index(tmp_path / "one")
    assert any("其他" in doc["title"] for doc in first)
    entries = _search_entries(cache)
    assert len(entries) == 2
    for entry in entries:
        data = json.loads(entry.read_text(encoding="utf-8"))
        data["entries"] = [{**doc, "text": "from-cache"} for doc in data["entries"]]
        entry.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    _build(config, tmp_path / "two", cache, monkeypatch)
    assert {doc["text"] for doc in _search_index(tmp_path / "two")} == {"from-cache"}
    assert _search_entries(cache) == entries


def test_a_changed_page_is_indexed_again(tmp_path, monkeypatch):
    config = _project(tmp_path, PAGES)
    cache = tmp_path / "cache"
    _build(config, tmp_path / "one", cache, monkeypatch)
    (tmp_path / "docs" / "other.md").write_text("# 其他\n\n改过的正文。\n", encoding="utf-8")
    _build(config, tmp_path / "two", cache, monkeypatch)
    assert any("改过" in doc["text"] for doc in _search_index(tmp_path / "two"))
    assert len(_search_entries(cache)) == 2


def test_a_site_built_from_the_cache_equals_one_built_without(tmp_path, monkeypatch):
    config = _project(tmp_path, PAGES)
    _build(config, tmp_path / "fill", tmp_path / "cache", monkeypatch)
    cached = _build(config, tmp_path / "cached", tmp_path / "cache", monkeypatch)
    fresh = _build(config, tmp_path / "fresh", tmp_path / "empty", monkeypatch)
    assert cached == fresh
    assert tree_digest(tmp_path / "cached") == tree_digest(tmp_path / "fresh")


def test_a_changed_page_is_converted_again(tmp_path, monkeypatch):
    config = _project(tmp_path, PAGES)
    cache = tmp_path / "cache"
    _build(config, tmp_path / "one", cache, monkeypatch)
    (tmp_path / "docs" / "other.md").write_text("# 其他\n\n改过的正文。\n", encoding="utf-8")
    pages = _build(config, tmp_path / "two", cache, monkeypatch)
    assert "改过的正文" in pages["other"]
    # The new version of other.md is stored, the old one (unused by this build) removed.
    assert len(_entries(cache)) == 2


def test_a_file_added_where_a_link_points_converts_the_linking_page_again(tmp_path, monkeypatch):
    config = _project(tmp_path, PAGES)
    cache = tmp_path / "cache"
    before = _build(config, tmp_path / "one", cache, monkeypatch)
    assert 'href="later.md"' in before["."]  # no such page yet: MkDocs leaves the link as written
    (tmp_path / "docs" / "later.md").write_text("# 后来\n", encoding="utf-8")
    after = _build(config, tmp_path / "two", cache, monkeypatch)
    assert 'href="later/"' in after["."]
    assert after["other"] == before["other"]


def test_a_corrupt_entry_is_converted_again(tmp_path, monkeypatch):
    config = _project(tmp_path, PAGES)
    cache = tmp_path / "cache"
    first = _build(config, tmp_path / "one", cache, monkeypatch)
    for entry in _entries(cache):
        entry.write_text("{not json", encoding="utf-8")
    assert _build(config, tmp_path / "two", cache, monkeypatch) == first


@pytest.mark.slow
def test_a_rebuild_after_a_new_warning_from_the_cache_equals_a_build_without(sample_site, tmp_path):
    """The sample site's cache, then one new warning notice: the pages served from the cache and
    the ones converted again give the site a build with an empty cache gives."""
    from generator.bench.rebuild import NEW_NOTICE

    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA, data, ignore=shutil.ignore_patterns("tidy"))
    (data / "warnings" / "2026-901.yaml").write_text(NEW_NOTICE, encoding="utf-8")
    cache = tmp_path / "pages"  # LYG_PAGE_CACHE: one folder per edition, as the build made them
    shutil.copytree(sample_site.parent / "build" / "cache" / "pages", cache / "zh")
    shutil.copytree(sample_site.parent / "build" / "en" / "cache" / "pages", cache / "en")
    before = set(_entries(cache))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LYG_PAGE_CACHE", str(cache))
        cached = build_site_into(data, tmp_path / "cached")
    converted = len(set(_entries(cache)) - before)
    fresh = build_site_into(data, tmp_path / "fresh")  # its own, empty, cache
    assert 0 < converted < len(before) / 2, "most pages came from the cache, the changed ones did not"
    first, second = tree_digest(cached), tree_digest(fresh)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []

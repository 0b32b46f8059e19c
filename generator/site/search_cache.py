"""MkDocs hook: each page's search-index entries cached by a content hash of what they are made from.

mkdocs-material's search plugin parses every page's HTML and segments its Chinese into words with
jieba: a fifth of a warm rebuild, repeated for pages whose HTML did not change. A page's entries
depend only on its HTML, its table of contents, URL and title, its front matter (`search`, `tags`,
`title`), the plugin's settings and the versions of the plugin and jieba; the key is a SHA-256
of all of these, and an entry is the list of index entries the plugin made for the page.
The search index is the same either way (tests/test_page_cache.py compares whole sites).

The entries live beside the Markdown conversion cache (generator/site/page_cache.py), under
search/ in its folder, and as there the entries a build did not use are removed after it.
"""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import version
from pathlib import Path

from generator.site.output import atomic_write_bytes
from generator.site.page_cache import cache_dir, load_entry, prune

PLUGIN = "material/search"
# The packages that make the entries (looked up once: importlib.metadata reads files every call).
INDEXERS = {name: version(name) for name in ("mkdocs-material", "jieba")}
FORMAT = "1"
# The entries this build read or wrote (reset when a build starts, pruned against when it ends).
_USED: set = set()


def _toc(items) -> list:
    return [[i.id, i.title, i.level, _toc(i.children)] for i in items]


def page_key(page, settings: dict) -> str:
    meta = page.meta
    parts = {
        "format": FORMAT,
        "versions": INDEXERS,
        "settings": settings,
        "content": page.content,
        "toc": _toc(page.toc),
        "url": page.url,
        "title": str(page.title),
        "meta": {name: meta.get(name) for name in ("search", "tags", "title")},
    }
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=repr)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class CachedIndexing:
    """Stands in for the search index's `add_entry_from_context`: the cached entries of a page
    whose key matches, else the plugin's own indexing, whose entries are then stored."""

    def __init__(self, index, settings: dict, folder: Path):
        self.index, self.settings = index, settings
        self.add = index.add_entry_from_context  # the bound method, before this replaces it
        self.folder = folder

    def __call__(self, page) -> None:
        key = page_key(page, self.settings)
        path = self.folder / key[:2] / f"{key}.json"
        _USED.add(path)
        data = load_entry(path, key)
        if data is not None:
            self.index.entries.extend(data["entries"])
            return
        start = len(self.index.entries)
        self.add(page)
        stored = {"key": key, "entries": self.index.entries[start:]}
        atomic_write_bytes(path, json.dumps(stored, ensure_ascii=False).encode("utf-8"))


def on_pre_build(config, **kwargs) -> None:
    _USED.clear()
    plugin = config.plugins.get(PLUGIN)
    index = getattr(plugin, "search_index", None)
    if index is None:  # search switched off
        return
    settings = json.loads(json.dumps(dict(plugin.config), default=repr))
    index.add_entry_from_context = CachedIndexing(index, settings, cache_dir(config) / "search")


def on_post_build(config, **kwargs) -> None:
    prune(cache_dir(config) / "search", _USED)

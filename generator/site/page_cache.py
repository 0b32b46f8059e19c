"""MkDocs hook: each page's Markdown-to-HTML conversion cached by a content hash of its inputs.

Converting the Markdown is a third of a warm rebuild, and a rebuild changes few pages' Markdown
(a new warning changes the banner on every page, but the banner is in the theme, not the page).
The conversion (MkDocs `Page.render`) depends on:

- the page's Markdown and its place in the site (source path and URL);
- the Markdown extensions and their settings, and the versions of MkDocs and Python-Markdown;
- for each relative link, which files of the site it could name exist (MkDocs rewrites a link to
  a file it finds, relative to the page, and leaves others as they are).

The key is a SHA-256 of all of these; the links are every URL-like string of the Markdown (link
and image syntax, href/src attributes), so a file added or removed that a link of the page could
name changes that page's key and no other. (Markdown autolinks, `<https://…>`, always carry a
scheme, so they never name a file of the site.) An entry holds what `render` produces:
the HTML, the table of contents, the title found in it, the anchors it has and the anchors it
links to. A hit is the same HTML as a conversion, so the cache never changes what is published
(tests/test_page_cache.py compares a site built with hits to one built without the cache).

The folder is LYG_PAGE_CACHE, else cache/pages beside the build's configuration (build/mkdocs.yml,
generator/site/mkdocs_config.py, lists this hook and search_cache.py; mkdocs.yml itself lists no hook).
The hooks only save time: the generated pages, site facts and page policy need none, and a build
without them (Zensical, which runs no hooks, or MkDocs on mkdocs.yml) publishes the same pages.
Entries are JSON, named by their key; a corrupt or unreadable entry is converted again. After a
build, the entries it did not use are removed, so the cache holds one site's pages, not every
version of them since the cache was made.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
from importlib.metadata import version
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mkdocs.structure.pages import Page, _RelativePathTreeprocessor
from mkdocs.structure.toc import get_toc

from generator.site.output import atomic_write_bytes

# The packages that convert Markdown to HTML: a new version of any may convert differently.
# (Looked up once: importlib.metadata reads the installed packages' files on every call.)
CONVERTERS = {name: version(name) for name in ("mkdocs", "markdown", "pymdown-extensions")}
FORMAT = "3"  # bump when the entry's layout or the key's parts change
# Strings of the Markdown that may be link targets: [text](url), ![alt](url), [ref]: url, and
# href="url" / src='url'. Over-matching only adds lookups to the key. (An alternative for <url>
# matched every <td> of the generated tables: a tenth of the MkDocs step for no link.)
# One pattern for each, each starting with a literal or a character class, which the regex engine
# scans for quickly: one pattern of alternatives, `\b(?:href|src)…` among them, was tried at every
# character and took four fifths of the MkDocs step's key making.
_INLINE_LINKS = re.compile(r"""\]\(\s*<?([^)\s>]+)""")
_REFERENCE_LINKS = re.compile(r"""^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)""", re.MULTILINE)
# An attribute value, found from the last letter of its name (href, src) and the "="; the value is
# read in a lookahead so that no match swallows the next one. _URL_ATTRIBUTE checks the name.
_ATTRIBUTE_VALUES = re.compile(r"""[fFcC]\s*=(?=\s*["']([^"']*)["'])""")
_URL_ATTRIBUTE = re.compile(r"""\b(?:href|src)""", re.IGNORECASE)


def cache_dir(config) -> Path:
    """LYG_PAGE_CACHE/<language>, else cache/pages in the folder of the MkDocs configuration being
    built (each edition has its own: build/, build/en/). An edition prunes what its build did not
    use, so two editions never share a folder."""
    override = os.environ.get("LYG_PAGE_CACHE")
    if override:
        return Path(override) / config["theme"]["language"]
    return Path(config.config_file_path).resolve().parent / "cache" / "pages"


def _names_url(text: str, value: re.Match) -> bool:
    """Whether the attribute value found by _ATTRIBUTE_VALUES is an href's or a src's."""
    name_end = value.start() + 1
    return any(_URL_ATTRIBUTE.fullmatch(text, name_end - n, name_end) for n in (3, 4) if name_end >= n)


def link_targets(markdown_text: str) -> list[str]:
    """Relative link paths of the Markdown (external and absolute links resolve to no file)."""
    urls = _INLINE_LINKS.findall(markdown_text)
    if "]:" in markdown_text:  # no reference definition without it; most pages have none
        urls += _REFERENCE_LINKS.findall(markdown_text)
    urls += [m[1] for m in _ATTRIBUTE_VALUES.finditer(markdown_text) if _names_url(markdown_text, m)]
    paths = set()
    for url in set(urls):
        scheme, netloc, path, _query, _anchor = urlsplit(url)
        if path and not (scheme or netloc or url.startswith(("/", "\\"))):
            paths.add(unquote(path))
    return sorted(paths)


# Link lookups of this build: pages in one folder share most links (reset when a build starts).
_LOOKUPS: dict[tuple, list] = {}


def _lookup(page: Page, path: str, files, use_directory_urls: bool) -> list:
    """Every file MkDocs would look for to resolve `path` on `page`, and whether it is there.

    MkDocs tries paths relative to the folders of the page's source and URL, and the page itself
    for "."; so the answer is the same for every page with the same two folders."""
    src, url = page.file.src_uri, page.file.url
    itself = src if posixpath.normpath(path) == "." else ""
    memo = (posixpath.dirname(src), posixpath.dirname(url), path, itself)
    if memo not in _LOOKUPS:
        guesses = _RelativePathTreeprocessor._possible_target_uris(page.file, path, use_directory_urls)
        _LOOKUPS[memo] = [(uri, files.get_file_from_path(uri) is not None) for uri in guesses]
    return _LOOKUPS[memo]


def _resolutions(page: Page, files, use_directory_urls: bool) -> list:
    """For each link of the page, every file MkDocs would look for and whether it is there."""
    return [[path, _lookup(page, path, files, use_directory_urls)] for path in link_targets(page.markdown)]


def page_key(page: Page, config, files) -> str:
    parts = {
        "format": FORMAT,
        "versions": CONVERTERS,
        "markdown": page.markdown,
        "src_uri": page.file.src_uri,
        "url": page.file.url,
        "extensions": repr(config["markdown_extensions"]),
        "extension_configs": repr(config["mdx_configs"]),
        "use_directory_urls": config["use_directory_urls"],
        "links": _resolutions(page, files, config["use_directory_urls"]),
    }
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=repr)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _toc_tokens(items) -> list[dict]:
    return [
        {"level": i.level, "id": i.id, "name": i.title, "children": _toc_tokens(i.children)} for i in items
    ]


def entry(page: Page) -> dict:
    """What `Page.render` left on the page, as JSON-able data."""
    links = page.links_to_anchors
    return {
        "content": page.content,
        "toc": _toc_tokens(page.toc),
        "title": page._title_from_render,
        "anchors": sorted(page.present_anchor_ids or ()),
        "links_to_anchors": None
        if links is None
        else {f.src_uri: dict(anchors) for f, anchors in links.items()},
    }


def restore(page: Page, data: dict, files) -> None:
    """Set on the page what `Page.render` would have set."""
    page.content = data["content"]
    page.toc = get_toc(data["toc"])
    page._title_from_render = data["title"]
    page.present_anchor_ids = set(data["anchors"])
    if data["links_to_anchors"] is not None:
        page.links_to_anchors = {
            files.get_file_from_path(uri): anchors for uri, anchors in data["links_to_anchors"].items()
        }


def load_entry(path: Path, key: str) -> dict | None:
    """The entry stored under `key`, or None when there is none or it is unreadable or corrupt."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("key") == key else None


def prune(folder: Path, used: set[Path]) -> None:
    """Remove the entries (two-letter subfolders of `folder`) that are not in `used`."""
    for path in folder.glob("??/*.json"):
        if path not in used:
            path.unlink(missing_ok=True)


# The entries this build read or wrote (reset when a build starts, pruned against when it ends).
_USED: set[Path] = set()


class CachedRender:
    """Stands in for `page.render`: the cached conversion when the key matches, else a conversion
    that is then stored."""

    def __init__(self, page: Page, folder: Path):
        self.page, self.folder = page, folder
        self.convert = page.render  # the bound method, before this replaces it

    def __call__(self, config, files) -> None:
        key = page_key(self.page, config, files)
        path = self.folder / key[:2] / f"{key}.json"
        _USED.add(path)
        data = load_entry(path, key)
        if data is not None:
            restore(self.page, data, files)
            return
        self.convert(config, files)
        stored = {"key": key, **entry(self.page)}
        atomic_write_bytes(path, json.dumps(stored, ensure_ascii=False).encode("utf-8"))


def on_pre_build(config, **kwargs) -> None:
    _USED.clear()
    _LOOKUPS.clear()


def on_page_markdown(markdown_text: str, page: Page, config, files, **kwargs) -> str:
    page.render = CachedRender(page, cache_dir(config))
    return markdown_text


def on_post_build(config, **kwargs) -> None:
    prune(cache_dir(config), _USED)

"""The objects of a built site as a deploy target stores them: key, body, headers, digest, stage.

Headers are decided here, once for every target (an rsync target ignores them: its web server
sets its own, docs/deploy.md):

- Content-Type with `charset=utf-8` for every text type;
- Cache-Control: a year (`immutable`) for fingerprinted assets (their name changes with their
  bytes), five minutes for pages, feeds, data and `status.json`, an hour for images and the rest;
- Content-Encoding for precompressed copies. An object store does not negotiate encodings, so
  with `precompressed = "gzip"` a file `x` whose `x.gz` copy is in the site (and decompresses to
  exactly `x`) is stored under the key `x` with the gzip bytes and `Content-Encoding: gzip` (every
  browser, WeChat's included, accepts gzip); `x.gz` itself stays a plain gzip download and `x.br`
  is left out (brotli cannot be negotiated without a server). With "none" every file is stored
  as it is.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

MANIFEST_KEY = ".deploy-manifest.json"

_TEXT_TYPES = {
    ".html": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".map": "application/json",
    ".geojson": "application/geo+json",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".csv": "text/csv",
    ".txt": "text/plain",
    ".md": "text/markdown",
}
_BINARY_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".pdf": "application/pdf",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".gz": "application/gzip",
    ".br": "application/x-brotli",
    ".parquet": "application/vnd.apache.parquet",
}
# Material's bundles carry a hash of their bytes in their name: main.57a0d79d.min.css.
_FINGERPRINT = re.compile(r"\.[0-9a-f]{8,}(?:\.min)?\.(?:js|css|js\.map|css\.map|woff2?)$")
_SHORT = "public, max-age=300"
_LONG = "public, max-age=31536000, immutable"
_DEFAULT = "public, max-age=3600"
_SHORT_SUFFIXES = (".html", ".xml", ".json", ".csv", ".txt", ".css", ".js", ".geojson", ".webmanifest")

# Upload stages, in order: nothing a page links to arrives after the page (docs/deploy.md).
ADDED_FILES, ADDED_PAGES, CHANGED_FILES, CHANGED_PAGES, ENTRANCES = range(5)
STAGE_NAMES = ("新增文件", "新增页面", "更新文件", "更新页面", "首页与订阅源")


def content_type(key: str) -> str:
    name = key.rsplit("/", 1)[-1]
    suffix = os.path.splitext(name)[1].lower()
    if suffix == ".xml" and (name == "feed.xml" or name.endswith("-feed.xml")):
        return "application/atom+xml; charset=utf-8"
    if suffix in _TEXT_TYPES:
        return f"{_TEXT_TYPES[suffix]}; charset=utf-8"
    return _BINARY_TYPES.get(suffix, "application/octet-stream")


def cache_control(key: str) -> str:
    if _FINGERPRINT.search(key):
        return _LONG
    return _SHORT if key.lower().endswith(_SHORT_SUFFIXES) else _DEFAULT


def is_page(key: str) -> bool:
    return key.endswith(".html")


# The English edition (en/) is a site of its own with its own home page and sitemap; the sitemap
# index at the root lists both editions' sitemaps (issue 31).
_ENTRANCES = ("index.html", "sitemap.xml", "sitemap.xml.gz")


def is_entrance(key: str) -> bool:
    """The home pages, the feeds and the sitemaps: what readers and crawlers start from."""
    name = key.rsplit("/", 1)[-1]
    inner = key.removeprefix("en/")
    return inner in _ENTRANCES or key == "sitemap-index.xml" or name == "feed.xml"


@dataclass(frozen=True)
class SiteObject:
    key: str  # site-relative POSIX path, also the object's name under the target's prefix
    source: Path  # the file whose bytes are the body
    content_type: str
    cache_control: str
    content_encoding: str | None
    size: int
    digest: str  # sha256 of the body and the headers: a changed header uploads the object again

    def body(self) -> bytes:
        return self.source.read_bytes()

    def headers(self) -> dict:
        return {
            "content_type": self.content_type,
            "cache_control": self.cache_control,
            "content_encoding": self.content_encoding,
        }


def _digest(body: bytes, *headers) -> str:
    h = hashlib.sha256(body)
    for value in headers:
        h.update(b"\0" + (value or "").encode("utf-8"))
    return h.hexdigest()


def site_files(site_dir: Path) -> dict[str, Path]:
    """Every file of the built site by key; hidden files (the build's `.lyg-site` mark) left out."""
    root = Path(site_dir)
    found = {}
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel = Path(folder).relative_to(root).as_posix()
        for name in sorted(names):
            if not name.startswith("."):
                found[name if rel == "." else f"{rel}/{name}"] = Path(folder) / name
    return found


def _gzip_copy_of(files: dict[str, Path], key: str, body: bytes) -> Path | None:
    """`key`.gz when it is in the site and decompresses to exactly `body` (a stale copy is ignored)."""
    copy = files.get(key + ".gz")
    if copy is None:
        return None
    try:
        return copy if gzip.decompress(copy.read_bytes()) == body else None
    except (OSError, EOFError, gzip.BadGzipFile):
        return None


def site_objects(site_dir: Path, precompressed: str = "none") -> dict[str, SiteObject]:
    """The objects to store for the built site at `site_dir`, by key."""
    files = site_files(site_dir)
    objects = {}
    for key, path in files.items():
        if precompressed == "gzip" and key.endswith(".br") and key[:-3] in files:
            continue
        body = path.read_bytes()
        ctype, cache, encoding, source = content_type(key), cache_control(key), None, path
        if precompressed == "gzip":
            copy = _gzip_copy_of(files, key, body)
            if copy is not None:
                source, encoding, body = copy, "gzip", copy.read_bytes()
        objects[key] = SiteObject(
            key=key,
            source=source,
            content_type=ctype,
            cache_control=cache,
            content_encoding=encoding,
            size=len(body),
            digest=_digest(body, ctype, cache, encoding),
        )
    return objects

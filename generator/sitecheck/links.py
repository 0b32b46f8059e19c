"""Where a link in a built page points: a file of the site, another site, or nowhere.

The site's files are listed once (a set of paths); resolving a link is then string work only,
so 15,000 links cost no file-system access.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

# Schemes that name no file: an e-mail address, a phone number, inline data.
_NO_FILE_SCHEMES = frozenset({"mailto", "tel", "data", "sms", "geo"})


def site_files(site_dir) -> frozenset[str]:
    """Every file of the built site, as a site-relative POSIX path ('rankings/index.html')."""
    root = os.fspath(site_dir)
    found = []
    for folder, _dirs, names in os.walk(root):
        rel = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if rel == "." else f"{rel}/"
        found.extend(prefix + name for name in names)
    return frozenset(found)


@dataclass(frozen=True)
class SitePrefix:
    """Where the site is published: absolute links under this origin and path are internal."""

    origin: str  # 'https://lyg-air.github.io'
    path: str  # '/lyg-air/'

    @classmethod
    def from_url(cls, url: str) -> SitePrefix:
        parts = urlsplit(url)
        path = parts.path if parts.path.endswith("/") else parts.path + "/"
        return cls(origin=f"{parts.scheme}://{parts.netloc}".lower(), path=path)


@dataclass(frozen=True)
class Target:
    """What a link names: `path` inside the site, or `external` (another site), or `scheme`."""

    path: str | None = None
    external: bool = False
    scheme: str = ""
    outside_prefix: bool = False  # an absolute path that is not under the site's URL prefix


def resolve(link: str, page_path: str, prefix: SitePrefix) -> Target:
    """The target of `link` written in the page at `page_path` (site-relative file path)."""
    parts = urlsplit(link.strip())
    scheme = parts.scheme.lower()
    if scheme in ("http", "https") or (not scheme and parts.netloc):
        origin = f"{scheme or 'https'}://{parts.netloc}".lower()
        if origin != prefix.origin or not parts.path.startswith(prefix.path):
            # Another host, or this host outside the site's path: not a file of this site.
            return Target(external=True, scheme=scheme or "//")
        return _inside(unquote(parts.path[len(prefix.path) :]), "")
    if scheme:
        return Target(scheme=scheme)
    path = unquote(parts.path)
    if path.startswith("/"):
        if not path.startswith(prefix.path):
            return Target(outside_prefix=True, path=path)
        return _inside(path[len(prefix.path) :], "")
    if not path:  # '#fragment' or '?query': the page itself
        return Target(path=page_path)
    return _inside(path, posixpath.dirname(page_path))


def _inside(path: str, base: str) -> Target:
    """`path` relative to the site folder `base`, normalised; outside the site if it climbs out.
    An empty segment ('a//b') is a mistake a server may or may not forgive: never a file."""
    if "//" in path or path.startswith("/"):
        return Target(outside_prefix=True, path=path)
    normal = posixpath.normpath(posixpath.join(base, path)) if (base or path) else ""
    if normal == ".":
        normal = ""
    if normal == ".." or normal.startswith("../"):
        return Target(outside_prefix=True, path=path)
    if normal and (path.endswith("/") or path in (".", "") or path.endswith("/.")):
        normal += "/"
    return Target(path=normal)


def file_exists(path: str, files: frozenset[str]) -> bool:
    """A site path names a file, or a directory with an index.html (a directory URL)."""
    if path == "" or path.endswith("/"):
        return f"{path}index.html" in files
    return path in files or f"{path}/index.html" in files


def no_file_scheme(scheme: str) -> bool:
    return scheme in _NO_FILE_SCHEMES

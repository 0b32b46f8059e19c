"""sitemap-index.xml at the site's root: the sitemap of every edition (sitemaps.org 0.9).

Each edition is a MkDocs site of its own with its own sitemap (sitemap.xml, en/sitemap.xml). A
robots.txt could name both, but the site may be published below a path (…/lyg-air/), where a
crawler never reads a robots.txt; so one address lists both, to give a search engine's console.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from generator.files import atomic_write_bytes

FILE = "sitemap-index.xml"


def write(site_dir: Path, site_url: str, prefixes: list[str]) -> Path | None:
    """Write the index of the sitemaps found below `site_dir` at the edition folders `prefixes`
    ("" and "en/"), addressed from `site_url`; nothing without an address (a sitemap index needs
    full addresses). Returns the file written."""
    if not site_url:
        return None
    base = site_url if site_url.endswith("/") else site_url + "/"
    found = [prefix for prefix in prefixes if (Path(site_dir) / prefix / "sitemap.xml").is_file()]
    entries = "".join(
        f"  <sitemap><loc>{escape(base + prefix + 'sitemap.xml')}</loc></sitemap>\n" for prefix in found
    )
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}</sitemapindex>\n"
    )
    path = Path(site_dir) / FILE
    atomic_write_bytes(path, text.encode("utf-8"))
    return path

"""The Atom feed of warning notices (warnings/feed.xml), newest first.

Every timestamp comes from the notices themselves (never the clock), so the same register gives
the same bytes; an empty register takes the build time, which SOURCE_DATE_EPOCH fixes.
"""

from __future__ import annotations

from datetime import datetime

from feedgen.feed import FeedGenerator
from lxml import etree

ATOM_NS = "http://www.w3.org/2005/Atom"


def atom_feed(*, site_url: str, title: str, publisher: str, built_at: datetime, entries: list[dict]) -> bytes:
    """`entries`: one dict per notice (id, title, url, cap_url, summary, issued_at), any order.

    URLs are site-relative ('warnings/<id>/'); `site_url` is the site's absolute base URL.
    """
    base = site_url.rstrip("/") + "/"
    fg = FeedGenerator()
    fg.id(base + "warnings/")
    fg.title(title)
    fg.author({"name": publisher})
    fg.link(href=base + "warnings/", rel="alternate", type="text/html")
    fg.link(href=base + "warnings/feed.xml", rel="self", type="application/atom+xml")
    fg.language("zh-CN")
    fg.updated(max((e["issued_at"] for e in entries), default=built_at))
    link_attrs = {}
    for entry in sorted(entries, key=lambda e: (e["issued_at"], e["id"]), reverse=True):
        fe = fg.add_entry(order="append")
        fe.id(base + entry["url"])
        fe.title(entry["title"])
        link_attrs[base + entry["url"]] = {"rel": "alternate", "type": "text/html"}
        link_attrs[base + entry["cap_url"]] = {"rel": "related", "type": "application/cap+xml"}
        fe.link(href=base + entry["url"])
        fe.link(href=base + entry["cap_url"])
        fe.published(entry["issued_at"])
        fe.updated(entry["issued_at"])
        fe.summary(entry["summary"], type="text")
    return _with_link_attributes(fg.atom_str(pretty=True), link_attrs)


def _with_link_attributes(xml: bytes, link_attrs: dict[str, dict]) -> bytes:
    """feedgen 1.0 drops rel and type of entry links (it reads them from the element it has
    just created); set them here so the CAP link is `related`, not a second `alternate`."""
    root = etree.fromstring(xml)
    for link in root.iterfind(f"{{{ATOM_NS}}}entry/{{{ATOM_NS}}}link"):
        for key, value in link_attrs.get(link.get("href"), {}).items():
            link.set(key, value)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

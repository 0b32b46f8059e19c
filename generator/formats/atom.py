"""The site's Atom feeds (warnings, forecasts, rankings, each area's), written one way with feedgen.

Every timestamp comes from the entries themselves (never the clock), so the same data gives the
same bytes; an empty feed takes the time its caller names (the build time, fixed by
SOURCE_DATE_EPOCH). Links say what they lead to (rel and type): the page is `alternate`
text/html, the feed itself `self` application/atom+xml, a CAP file beside a warning `related`.
"""

from __future__ import annotations

from datetime import datetime

from feedgen.feed import FeedGenerator
from lxml import etree

from generator import i18n

ATOM_NS = "http://www.w3.org/2005/Atom"
PAGE = {"rel": "alternate", "type": "text/html"}


def newest_first(entries: list[dict], tiebreak: str) -> list[dict]:
    """Entries by `updated`, newest first; entries of the same time by `tiebreak`, last first."""
    return sorted(entries, key=lambda e: (e["updated"], e[tiebreak]), reverse=True)


def atom_feed(
    *,
    site_url: str,
    page: str,
    feed: str,
    title: str,
    publisher: str,
    entries: list[dict],
    updated_when_empty: datetime,
    subtitle: str | None = None,
) -> bytes:
    """The feed of `page` (site-relative; `feed` is the feed's own path), entries in the order given
    (newest first). An entry: url, title, summary, updated; optionally atom_id (site-relative, default
    its url), and related with related_type (a file beside the page, e.g. a CAP alert)."""
    base = site_url.rstrip("/") + "/"
    fg = FeedGenerator()
    fg.id(base + page)
    fg.title(title)
    if subtitle:
        fg.subtitle(subtitle)
    fg.author({"name": publisher})
    fg.link(href=base + page, **PAGE)
    fg.link(href=base + feed, rel="self", type="application/atom+xml")
    fg.language("zh-CN" if i18n.current() == i18n.SOURCE_LANGUAGE else i18n.current())  # the edition's
    fg.updated(max((e["updated"] for e in entries), default=updated_when_empty))
    link_attrs = {}
    for entry in entries:
        fe = fg.add_entry(order="append")
        fe.id(base + entry.get("atom_id", entry["url"]))
        fe.title(entry["title"])
        link_attrs[base + entry["url"]] = PAGE
        fe.link(href=base + entry["url"])
        if entry.get("related"):
            link_attrs[base + entry["related"]] = {"rel": "related", "type": entry["related_type"]}
            fe.link(href=base + entry["related"])
        fe.published(entry["updated"])
        fe.updated(entry["updated"])
        fe.summary(entry["summary"], type="text")
    return _with_link_attributes(fg.atom_str(pretty=True), link_attrs)


def _with_link_attributes(xml: bytes, link_attrs: dict[str, dict]) -> bytes:
    """feedgen 1.0 drops rel and type of entry links (it reads them from the element it has
    just created); set them here so a CAP link is `related`, not a second `alternate`."""
    root = etree.fromstring(xml)
    for link in root.iterfind(f"{{{ATOM_NS}}}entry/{{{ATOM_NS}}}link"):
        for key, value in link_attrs.get(link.get("href"), {}).items():
            link.set(key, value)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

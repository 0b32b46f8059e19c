"""The Atom feed of forecasts (forecast/feed.xml), newest issue first.

Like the warnings feed, every timestamp comes from the forecasts themselves, so the same files give
the same bytes; with no forecast the feed takes the build time (fixed by SOURCE_DATE_EPOCH).
"""

from __future__ import annotations

from datetime import datetime

from feedgen.feed import FeedGenerator

FEED_URL = "forecast/feed.xml"


def forecast_feed(
    *, site_url: str, title: str, publisher: str, built_at: datetime, entries: list[dict]
) -> bytes:
    """`entries`: one dict per issue (id, title, url, summary, issued_at); URLs site-relative."""
    base = site_url.rstrip("/") + "/"
    fg = FeedGenerator()
    fg.id(base + "forecast/")
    fg.title(title)
    fg.author({"name": publisher})
    fg.link(href=base + "forecast/", rel="alternate", type="text/html")
    fg.link(href=base + FEED_URL, rel="self", type="application/atom+xml")
    fg.language("zh-CN")
    fg.updated(max((e["issued_at"] for e in entries), default=built_at))
    for entry in sorted(entries, key=lambda e: (e["issued_at"], e["id"]), reverse=True):
        fe = fg.add_entry(order="append")
        fe.id(base + entry["url"])
        fe.title(entry["title"])
        fe.link(href=base + entry["url"], rel="alternate", type="text/html")
        fe.published(entry["issued_at"])
        fe.updated(entry["issued_at"])
        fe.summary(entry["summary"], type="text")
    return fg.atom_str(pretty=True)

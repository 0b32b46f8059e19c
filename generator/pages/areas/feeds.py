"""Feeds per area, their autodiscovery links, and the /subscribe/ page.

- areas/<slug>/feed.xml   Atom: the warnings that cover the area (or the whole city) and the area's
                          weekly ranking entries (the latest FEED_WEEKS weeks)
- site_meta["feeds"]      which feeds each page announces in its <head> (theme partial
                          partials/feeds.html): the city-wide feeds everywhere, an area's feed on
                          the area page and on its stations' pages
- /subscribe/             what a feed is and how to follow one, in plain Chinese

Every timestamp comes from the data (notice times, week ends), so the same inputs give the same
bytes; a feed with no entries takes the build time, which SOURCE_DATE_EPOCH fixes.
"""

from __future__ import annotations

from datetime import datetime, time

from generator import i18n, statistics
from generator.clock import BEIJING
from generator.formats.atom import atom_feed, newest_first
from generator.i18n import N_, _
from generator.pages.shared.front_matter import front_matter
from generator.pages.shared.ranking_model import AREAS, FEED_TITLE, fmt, rank_text
from generator.statistics import WeekInfo

FEED_WEEKS = 26
# The city-wide feeds: their titles are translated where they are listed (city_feeds()).
CITY_FEEDS = (
    {"url": "warnings/feed.xml", "title": N_("重污染天气预警")},
    {"url": "rankings/feed.xml", "title": FEED_TITLE},
    # A key polluting unit's permit execution report going past its due date (enterprise_registers.py).
    {"url": "enterprises/reports/feed.xml", "title": N_("排污许可执行报告逾期提醒")},
)


def city_feeds() -> list[dict]:
    """The city-wide feeds in the page's language: 重污染天气预警（全市）."""
    return [{**f, "title": _("%(feed)s（全市）", feed=_(f["title"]))} for f in CITY_FEEDS]


def feed_url(slug: str) -> str:
    return f"areas/{slug}/feed.xml"


def week_entries(ctx, area, weekly, decimals: int) -> list[dict]:
    rows = weekly[weekly["group"] == area.slug].sort_values("week").tail(FEED_WEEKS)
    entries = []
    for _index, r in rows.iterrows():
        week = WeekInfo.from_id(r["week"])
        name = i18n.name(area.name)
        if r["ranked"]:
            text = _(
                "%(area)s%(week)s排第 %(rank)s 名（共 %(n)s 个参与排名），综合指数 %(composite)s，"
                "PM2.5 周均浓度 %(pm25)s µg/m³。",
                area=name,
                week=week.title,
                rank=rank_text(r["rank"], bool(r["rank_tied"])),
                n=int(r["n_ranked"]),
                composite=fmt(r["composite"], decimals),
                pm25=fmt(r["pm25"], 0),
            )
        else:
            text = _(
                "%(area)s%(week)s不参与排名：%(reason)s。", area=name, week=week.title, reason=r["reason"]
            )
        entries.append(
            {
                "atom_id": f"{AREAS.week_url(week.id)}#{area.slug}",
                "url": AREAS.week_url(week.id),
                "title": _("%(area)s · %(week)s排名", area=name, week=week.title),
                "summary": text,
                # A week's ranking is published the Monday after it ends.
                "updated": datetime.combine(week.end, time(23, 59), tzinfo=BEIJING),
            }
        )
    return entries


def warning_entries(ctx, area) -> list[dict]:
    register = ctx.products.get("warning_register")
    if register is None:
        return []
    from generator.pages.shared.warning_rows import feed_entries

    covering = {n.id for n in register if n.whole_city or any(a.slug == area.slug for a in n.areas)}
    return [
        {
            "atom_id": e["url"],
            "url": e["url"],
            "title": e["title"],
            "summary": e["summary"],
            "updated": e["updated"],
        }
        for e in feed_entries(ctx, register)
        if e["id"] in covering
    ]


def feed_bytes(ctx, area, entries: list[dict]) -> bytes:
    site = ctx.config.site
    return atom_feed(
        site_url=site["url"].rstrip("/") + "/" + i18n.edition_prefix(),  # the edition's pages
        page=f"areas/{area.slug}/",
        feed=feed_url(area.slug),
        title=_("%(site)s：%(area)s", site=i18n.name(site.get("short_name", "")), area=i18n.name(area.name)),
        subtitle=_("%(area)s的重污染天气预警和每周空气质量排名", area=i18n.name(area.name)),
        publisher=i18n.name(site.get("publisher", "")),
        entries=newest_first(entries, "atom_id"),
        updated_when_empty=ctx.built_at,
    )


def build(ctx) -> None:
    from generator.standards.rules import rules_for

    decimals = int(rules_for("2026").param("composite_decimals"))
    weekly = statistics.weekly(ctx, "areas")
    if not weekly.empty:
        weekly = weekly.assign(n_ranked=weekly.groupby("week")["ranked"].transform("sum"))
    feeds: dict[str, list[dict]] = {"": city_feeds()}
    rows = []
    station_areas = ctx.products.get("station_areas", {})
    for area in ctx.config.areas:
        entries = warning_entries(ctx, area) + (
            week_entries(ctx, area, weekly, decimals) if not weekly.empty else []
        )
        ctx.out.write_bytes(feed_url(area.slug), feed_bytes(ctx, area, entries))
        own = {"url": feed_url(area.slug), "title": _("%(area)s：预警与周排名", area=i18n.name(area.name))}
        feeds[f"areas/{area.slug}/"] = [own]
        for code, slug in station_areas.items():
            if slug == area.slug:
                feeds[f"stations/{code}/"] = [own]
        rows.append(
            {
                "name": i18n.name(area.name),
                "kind": i18n.name(area.kind),
                "url": feed_url(area.slug),
                "entries": len(entries),
            }
        )
    # The theme reads this: every page gets the city feeds, and a page listed here its own too.
    ctx.site_meta["feeds"] = feeds
    ctx.render_page(
        "subscribe/",
        "subscribe.md.j2",
        feeds=rows,
        city_feeds=city_feeds(),
        front_matter=front_matter({"title": _("订阅更新")}),
    )

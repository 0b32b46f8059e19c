"""The latest complete day, up front: "how is the air where I live, lately?"

`latest_day(ctx, slugs)` is the page model of the `_latest_day.md.j2` partial, which the home page
(city and every area) and each area page (that area) include at the top: for the latest complete
day, each place's AQI, level, official colour, primary pollutant and a link to the health advice
for that level; then a strip of the last seven days per place.

Figures come from generator.statistics (area_daily, city_daily), the same daily AQI the area
charts show. A day is complete when the archive has its last hour (23:00); an older latest day
is labelled with its date and how old it is, never as "today".
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from generator import i18n, statistics
from generator.i18n import N_, _, pgettext
from generator.i18n.dates import day_text, short_day_text, weekday_text
from generator.pages.shared import pollutant_words
from generator.pages.shared.ranking_model import rules_label
from generator.standards.rules import rules_for, version_for_date

STRIP_DAYS = 7
# Health advice per level: the rows of /science/health/ carry these anchors.
HEALTH_URL = "science/health/"
NO_PRIMARY = N_("无（AQI ≤ 50）")
WEEKDAYS = "一二三四五六日"


def latest_complete_day(ctx) -> date | None:
    """The last day the data covers in full: the as-of day when its 23:00 hour is in, else the day before."""
    as_of = ctx.dataset.as_of
    if as_of is None:
        return None
    as_of = as_of.tz_convert("Asia/Shanghai") if as_of.tzinfo else as_of
    return as_of.date() if as_of.hour == 23 else as_of.date() - timedelta(days=1)


def _weekday(day: date) -> str:
    """The short weekday under a day in the strip: 周一 / Mon."""
    return f"周{WEEKDAYS[day.weekday()]}" if i18n.current() == i18n.SOURCE_LANGUAGE else f"{day:%a}"


def _strip_label(day: date) -> str:
    """A day's column head in the strip: 12/7 / 7 Dec (a British reader takes 12/7 for July)."""
    return f"{day.month}/{day.day}" if i18n.current() == i18n.SOURCE_LANGUAGE else f"{day.day} {day:%b}"


def health_anchor(level: int) -> str:
    return f"aqi-level-{level}"


def primary_words(primary) -> str:
    """The engine's primary pollutant(s) ("PM2.5,PM10") in words; none when AQI ≤ 50."""
    if primary is None or primary != primary or not str(primary):
        return _(NO_PRIMARY)
    return pollutant_words.primary_words(primary)


def _day_cell(row: pd.Series | None, day: date) -> dict:
    """One place on one day: AQI, level, colour and words, or that it has no AQI that day."""
    label = short_day_text(day)
    if row is None or row["aqi"] != row["aqi"]:
        return {"date": day, "label": label, "weekday": _weekday(day), "has_aqi": False}
    level = int(row["level"])
    return {
        "date": day,
        "label": label,
        "weekday": _weekday(day),
        "has_aqi": True,
        "aqi": int(row["aqi"]),
        "level": level,
        "category": i18n.name(row["category"]),
        "colour": row["colour"],
        "primary": primary_words(row["primary"]),
        "health_url": f"{HEALTH_URL}#{health_anchor(level)}",
    }


def _place(name: str, url: str | None, daily: pd.DataFrame, days: list[date], advice: dict) -> dict:
    by_day = {d.date(): r for d, (_index, r) in zip(daily["date"], daily.iterrows(), strict=True)}
    cells = [_day_cell(by_day.get(d), d) for d in days]
    latest = cells[0]  # the strip runs newest first
    if latest["has_aqi"]:
        latest = {**latest, "advice": _(advice[latest["level"]])}
    return {"name": i18n.name(name), "url": url, "latest": latest, "strip": cells}


def latest_day(ctx, slugs: list[str] | None = None, *, with_city: bool = True) -> dict | None:
    """The partial's model for the city (when `with_city`) and the areas `slugs` (None: all)."""
    day = latest_complete_day(ctx)
    if day is None:
        return None
    # Newest first: on a phone the strip scrolls sideways, and the days a reader came for must be
    # the ones on screen, not the week-old ones.
    days = [day - timedelta(days=n) for n in range(STRIP_DAYS)]
    window = pd.Timestamp(days[-1])
    version = version_for_date(day)
    rules = rules_for(version)
    advice = {lv.level: lv.advice for lv in rules.levels}
    places = []
    city = ctx.config.site.get("city", "")
    if with_city:
        cities = statistics.city_daily(ctx)
        mine = cities[(cities["area"] == city) & (cities["date"] >= window)]
        if not mine.empty:
            places.append(
                _place(_("%(city)s（全市国控站）", city=i18n.name(f"{city}市")), None, mine, days, advice)
            )
    areas = statistics.area_daily(ctx)
    recent = areas[areas["date"] >= window]
    by_area = dict(tuple(recent.groupby("area"))) if not recent.empty else {}
    for area in ctx.config.areas:
        if slugs is not None and area.slug not in slugs:
            continue
        rows = by_area.get(area.slug, recent.iloc[:0])
        if rows["aqi"].notna().any() or slugs is not None:
            places.append(_place(area.name, f"areas/{area.slug}/", rows, days, advice))
    if not places:
        return None
    if slugs is not None and with_city and len(places) > 1:
        places = places[1:] + places[:1]  # an area page leads with the area, the city beside it
    built = ctx.built_at.date()
    age = (built - day).days
    return {
        "day": day,
        "weekday": WEEKDAYS[day.weekday()],
        # 昨日 when the latest complete day is the day before the build (the usual case), else its date.
        "heading": _("昨日（%(day)s，%(weekday)s）", day=short_day_text(day), weekday=weekday_text(day))
        if age == 1
        # (in a heading: "Air quality on Sunday 22 November 2026")
        else pgettext(
            "latest day heading", "%(day)s（%(weekday)s）", day=day_text(day), weekday=weekday_text(day)
        ),
        "built_day": built,
        # Yesterday is the freshest complete day a morning build can have; older is stale.
        "stale": age > 1,
        "age_days": age,
        "places": places,
        "days": [{"date": d, "label": _strip_label(d), "weekday": _weekday(d)} for d in days],
        "health_url": HEALTH_URL,
        "rules": rules_label(version),
    }

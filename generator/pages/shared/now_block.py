"""The "now" block at the top of the home page and of each area page: how is the air right now?

One answer on the first phone screen: the latest hour's real-time AQI (statistics.latest_hour), its
level in words and colour, the primary pollutant, one line of health advice, when the site was
updated and, when the hour is more than three hours old, how old it is; whether a heavy-pollution
warning is in force (always said, also when none is); today's and tomorrow's forecast when the
latest forecast covers them. Yesterday's daily AQI follows in the latest-day block (latest_day.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd

from generator import i18n
from generator.i18n import N_, _
from generator.i18n.dates import short_day_text
from generator.pages.shared.latest_day import HEALTH_URL, health_anchor, primary_words
from generator.pages.shared.notice_addresses import notice_url
from generator.pages.shared.pollutant_words import PRIMARY_NAMES
from generator.pages.shared.warning_rows import level_label
from generator.site.context import BuildContext
from generator.standards.rules import level_info, rules_for
from generator.statistics.latest_hour import area_latest_hour, city_latest_hour

# An hour older than this is labelled with its age (the national platform publishes each hour about
# half an hour after it ends, and the site rebuilds every hour).
FRESH_HOURS = 3
LEVEL_ORDER = {"yellow": 1, "orange": 2, "red": 3}
NO_WARNING = N_("当前无重污染天气预警")
FORECAST_DAYS = {0: N_("今天"), 1: N_("明天")}
# The real-time report's indicators (standards.aqi.HOURLY_LABELS) by name: the 2012 report also
# grades the moving averages, which the daily report's names do not cover.
HOURLY_PRIMARY_NAMES = {
    **PRIMARY_NAMES,
    "O3": N_("臭氧（1小时）"),
    "O3_8h": N_("臭氧（8小时滑动平均）"),
    "PM2.5_24h": N_("细颗粒物（PM2.5，24小时滑动平均）"),
    "PM10_24h": N_("可吸入颗粒物（PM10，24小时滑动平均）"),
}


def hourly_primary_words(primary) -> str:
    """The real-time report's primary pollutant(s) in words; none when AQI ≤ 50."""
    words = primary_words(primary)
    if primary is None or primary != primary or not str(primary):
        return words
    codes = str(primary).split(",")
    return _("、").join(_(HOURLY_PRIMARY_NAMES[c]) if c in HOURLY_PRIMARY_NAMES else c for c in codes)


def age_text(hour: datetime, at: datetime) -> str | None:
    """How old an hour's value is at `at`, in words; None while it is at most FRESH_HOURS old."""
    hours = int((at - hour) / timedelta(hours=1))
    if hours <= FRESH_HOURS:
        return None
    if hours < 48:
        return i18n.ngettext("这是 %(num)s 小时前的数据", "这是 %(num)s 小时前的数据", hours)
    return i18n.ngettext("这是 %(num)s 天前的数据", "这是 %(num)s 天前的数据", hours // 24)


def _reading(row: pd.Series | None, at: datetime) -> dict | None:
    """One group's latest-hour report as the block shows it; None when it has no AQI."""
    if row is None or row["aqi"] != row["aqi"]:
        return None
    hour = row["time"].to_pydatetime()
    level = int(row["level"])
    info = level_info(level, rules_for(row["rules"]))
    return {
        "hour": hour,
        "hour_text": _("%(day)s %(hour)s时", day=short_day_text(hour), hour=hour.hour),
        "aqi": int(row["aqi"]),
        "level": level,
        "category": i18n.name(row["category"]),
        "colour": row["colour"],
        "primary": hourly_primary_words(row["primary"]),
        "advice": _(info.advice),
        "health_url": f"{HEALTH_URL}#{health_anchor(level)}",
        "age": age_text(hour, at),
        "rules": rules_for(row["rules"]).aqi_standard,
    }


def warning_line(ctx: BuildContext, slug: str | None) -> dict:
    """The warning in force for the city (slug None) or an area, or that there is none."""
    register = ctx.products.get("warning_register")
    active = register.active(ctx.built_at) if register is not None else []
    if slug is not None:
        active = [n for n in active if n.whole_city or any(a.slug == slug for a in n.areas)]
    if not active:
        return {"active": False, "text": _(NO_WARNING)}
    notice = max(active, key=lambda n: (LEVEL_ORDER.get(n.level, 0), n.effective_from))
    return {
        "active": True,
        "text": _("%(level)s生效中", level=level_label(notice)),
        "level": notice.level,
        "url": notice_url(notice),
    }


def forecast_days(ctx: BuildContext, slug: str | None) -> list[dict]:
    """Today's and tomorrow's days of the latest forecast (city, or the area's own when it has them)."""
    latest = ctx.products.get("forecast")
    if not latest:
        return []
    days = latest["days"]
    if slug is not None:
        own = [a["days"] for a in latest["areas"] if a["slug"] == slug and a["days"]]
        days = own[0] if own else days
    today = ctx.built_at.date()
    out = []
    for d in days:
        offset = (d["date"] - today).days
        if offset in FORECAST_DAYS:
            out.append({**d, "label": _(FORECAST_DAYS[offset])})
    return out


def now_block(ctx: BuildContext, slug: str | None = None) -> dict:
    """The block's model for the city (slug None) or an area."""
    if slug is None:
        reports, group = city_latest_hour(ctx), ctx.config.site.get("city", "")
        place = i18n.name(f"{group}市")
    else:
        reports, group = area_latest_hour(ctx), slug
        place = i18n.name(next(a.name for a in ctx.config.areas if a.slug == slug))
    rows = reports[reports["group"] == group]
    return {
        "place": place,
        "reading": _reading(rows.iloc[0] if len(rows) else None, ctx.built_at),
        "updated_at": ctx.built_at.strftime("%H:%M"),
        "warning": warning_line(ctx, slug),
        "forecast": forecast_days(ctx, slug),
        "forecast_url": "forecast/",
    }

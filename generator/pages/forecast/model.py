"""Page models of the forecast pages: a forecast's days, its age, the archive, the hit rates and the
editors' check. Everything shown is computed here; the templates only lay it out.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from generator import i18n
from generator.i18n import _
from generator.i18n.dates import month_text, weekday_text
from generator.pages.shared.notice_addresses import notice_url
from generator.pages.shared.pollutant_words import SEPARATORS
from generator.pages.shared.warning_rows import name_list
from generator.sources.registers.forecast_rows import CITY
from generator.sources.registers.forecasts import Forecast
from generator.standards.aqi import aqi_levels
from generator.standards.rules import level_info, rules_for
from generator.statistics.forecast_alarm import Finding

WEEKDAYS = "一二三四五六日"
HEALTH_URL = "science/health/"
DEFAULT_STALE_HOURS = 36
LEVEL_NAMES_ZH = {"yellow": "黄色", "orange": "橙色", "red": "红色"}


def primary_list(primary) -> str:
    """The forecast's primary pollutants as the editor wrote them ("PM2.5、PM10"), joined in the
    language rendered; "—" when none."""
    if not primary:
        return "—"
    return _("、").join(p.strip() for p in SEPARATORS.split(str(primary)) if p.strip())


def weekday(day) -> str:
    """周一 / Monday."""
    return f"周{WEEKDAYS[day.weekday()]}" if i18n.current() == i18n.SOURCE_LANGUAGE else weekday_text(day)


def level_words(low: int, high: int, version: str, chinese: str) -> str:
    """良至轻度污染 (the forecast's own words, `chinese`) / Good to Lightly Polluted."""
    if i18n.current() == i18n.SOURCE_LANGUAGE:
        return chinese
    first = i18n.name(level_info(low, version).category)
    return (
        first
        if low == high
        else _("%(low)s至%(high)s", low=first, high=i18n.name(level_info(high, version).category))
    )


def issue_url(forecast: Forecast) -> str:
    return f"forecast/{forecast.id}/"


def stale_after_hours(config) -> float:
    return float(config.raw.get("forecasts", {}).get("stale_after_hours", DEFAULT_STALE_HOURS))


def age(issued_at: datetime, at: datetime, stale_hours: float) -> dict:
    """How old a forecast is at `at`, in words, and whether it is past the stale limit."""
    hours = (at - issued_at).total_seconds() / 3600
    if hours < 48:
        text = i18n.ngettext("%(num)s 小时前发布", "%(num)s 小时前发布", int(hours))
    else:
        text = i18n.ngettext("%(num)s 天前发布", "%(num)s 天前发布", int(hours // 24))
    return {"hours": hours, "text": text, "stale": hours > stale_hours, "limit_hours": stale_hours}


# (issue id, area) -> that forecast's days for that area, by date (see issue_days).
IssueDays = dict[tuple[str, str], list[dict]]


def issue_days(verified: pd.DataFrame) -> IssueDays:
    """Every issue's days per area, each with the observed AQI beside it when there is one.

    Built in one pass over the verified table for all the issue pages: filtering the table once per
    issue and area cost O(issues × areas × rows). An issue has each area and date once
    (sources/registers/forecasts.py), so a stable sort by date gives each area's days in date order.
    """
    out: IssueDays = {}
    for r in verified.sort_values("date", kind="stable").itertuples(index=False):
        out.setdefault((r.issue, r.area), []).append(_day_row(r))
    return out


def _day_row(r) -> dict:
    """One forecast day (a row of the verified table) as the pages show it."""
    low, high = level_info(r.level_min, r.rules), level_info(r.level_max, r.rules)
    observed = None
    if r.observed_level > 0:
        info = level_info(int(r.observed_level), r.rules)
        observed = {
            "aqi": int(r.observed_aqi),
            "level": int(r.observed_level),
            "category": i18n.name(info.category),
            "hit": bool(r.level_hit),
            "within_one": bool(r.within_one),
        }
    return {
        "date": r.date.date(),
        "weekday": weekday(r.date),
        "lead": int(r.lead),
        "aqi_min": int(r.aqi_min),
        "aqi_max": int(r.aqi_max),
        "range": f"{r.aqi_min}–{r.aqi_max}",
        "level_text": level_words(int(r.level_min), int(r.level_max), r.rules, r.level_text),
        "level_min": int(r.level_min),
        "level_max": int(r.level_max),
        # The colour band of the range: one level's colour, or a blend from the lower to the upper.
        "band": low.colour_hex
        if low.level == high.level
        else f"linear-gradient(90deg, {low.colour_hex}, {high.colour_hex})",
        "primary": primary_list(r.primary),
        "text": r.text,
        # The editor's note of the day has no English form: marked as Chinese in another edition.
        "text_chinese": i18n.current() != i18n.SOURCE_LANGUAGE,
        "observed": observed,
        "advice": high.advice,
    }


def forecast_model(forecast: Forecast, days_of: IssueDays, at: datetime, stale_hours: float, config) -> dict:
    """One issue: its city days, its area days (`days_of`: issue_days of the verified table), its
    age and where it stands."""
    names = {a.slug: a.name for a in config.areas}
    areas = [
        {"slug": a, "name": names[a], "days": days_of.get((forecast.id, a), [])}
        for a in forecast.areas
        if a != CITY
    ]
    days = days_of.get((forecast.id, CITY), [])
    versions = sorted({d.rules for d in forecast.days})
    return {
        "id": forecast.id,
        "url": issue_url(forecast),
        "issued_at": forecast.issued_at,
        "authority": i18n.name(forecast.authority),
        **forecast_text(forecast),
        "days": days,
        "areas": areas,
        "age": age(forecast.issued_at, at, stale_hours),
        "period": _("%(start)s 至 %(end)s", start=days[0]["date"], end=days[-1]["date"]),
        "rules": name_list([rules_for(v).aqi_standard for v in versions]),
        "observed_days": sum(d["observed"] is not None for d in days),
        "health_url": HEALTH_URL,
    }


def archive_model(forecasts: list[Forecast], verified: pd.DataFrame) -> list[dict]:
    """Earlier issues by month, newest first, with how many of their city days came true."""
    city = verified[verified["area"] == CITY]
    scored = city[city["observed_level"] > 0].groupby("issue")
    hits, counted = scored["level_hit"].sum(), scored.size()
    months: dict[str, list[dict]] = {}
    for forecast in sorted(forecasts, key=lambda f: f.issued_at, reverse=True):
        first = next(d for d in forecast.city_days if d.lead == 1)
        months.setdefault(_month(forecast.issued_at), []).append(
            {
                "id": forecast.id,
                "url": issue_url(forecast),
                "issued_at": forecast.issued_at,
                "tomorrow": _(
                    "%(low)s–%(high)s（%(level)s）",
                    low=first.aqi_min,
                    high=first.aqi_max,
                    level=level_words(first.level_min, first.level_max, first.rules, first.level_text),
                ),
                "hits": int(hits.get(forecast.id, 0)),
                "scored": int(counted.get(forecast.id, 0)),
            }
        )
    return [{"month": m, "issues": issues} for m, issues in months.items()]


def rates_rows(frame: pd.DataFrame | None) -> list[dict]:
    if frame is None or frame.empty:
        return []
    return [
        {
            "lead": int(r.lead),
            "days": int(r.days),
            "level_hit": float(r.level_hit),
            "within_one": float(r.within_one),
            "in_range": float(r.in_range),
        }
        for r in frame.itertuples(index=False)
    ]


def hit_rate_model(rates: dict) -> dict:
    years = rates["years"]
    return {
        "window": rates_rows(rates["window"]),
        "window_period": (
            _("%(start)s 至 %(end)s", start=rates["window_period"][0], end=rates["window_period"][1])
            if rates["window_period"]
            else None
        ),
        "years": [{"year": int(y), "rows": rates_rows(g)} for y, g in years.groupby("year")][::-1]
        if not years.empty
        else [],
    }


def finding_row(finding: Finding) -> dict:
    return {
        "forecast_id": finding.forecast.id,
        "forecast_url": issue_url(finding.forecast),
        "issued_at": finding.forecast.issued_at,
        "area": i18n.name(finding.area_name),
        "level": finding.level,
        "level_zh": i18n.name(finding.level_zh),
        "days": [d.isoformat() for d in finding.days],
        "days_text": _("、").join(d.isoformat() for d in finding.days),
        "explanation": finding.explanation,
        "covered": finding.covered,
        "notices": [
            {"id": n.id, "url": notice_url(n), "level": i18n.name(LEVEL_NAMES_ZH[n.level])}
            for n in finding.covered_by
        ],
    }


HOME_DAYS = 3


def _month(at: datetime) -> str:
    """2026年01月 (as the archive always said) / January 2026."""
    return f"{at:%Y年%m月}" if i18n.current() == i18n.SOURCE_LANGUAGE else month_text(at.date())


def forecast_text(forecast: Forecast) -> dict:
    """The forecast's note: the editor's English (text_en) in the English edition when written,
    else the Chinese note, flagged so the page marks it as Chinese."""
    if i18n.current() == i18n.SOURCE_LANGUAGE or not forecast.text:
        return {"text": forecast.text, "text_chinese": False}
    if forecast.text_en:
        return {"text": forecast.text_en, "text_chinese": False}
    return {"text": forecast.text, "text_chinese": True}


def latest_observed_day(observed: pd.DataFrame) -> dict | None:
    """The city's latest day with a daily AQI: date, AQI, level, category, colour band."""
    city = observed[(observed["area"] == CITY) & observed["aqi"].notna()]
    if city.empty:
        return None
    last = city.loc[pd.to_datetime(city["date"]).idxmax()]
    info = level_info(int(aqi_levels([last["aqi"]], last["rules"])[0]), last["rules"])
    day = pd.Timestamp(last["date"])
    return {
        "date": day.date(),
        "weekday": weekday(day),
        "aqi": int(last["aqi"]),
        "category": i18n.name(info.category),
        "band": info.colour_hex,
        "primary": primary_list(last["primary"]),
    }


def home_model(latest: dict, observed: pd.DataFrame) -> dict:
    """The home page's forecast: the next days of the latest issue beside the latest observed day."""
    return {
        "days": latest["days"][:HOME_DAYS],
        "issued_at": latest["issued_at"],
        "age": latest["age"],
        "observed": latest_observed_day(observed),
        "url": "forecast/",
    }
